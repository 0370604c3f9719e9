import Foundation
import Testing
@testable import WenshuText

/// A CID-keyed subset's compressed program is assembled from glyph bits coded once per process
/// (``FixedLiteralCode``). libdeflate, an independent inflater that rejects bad codes and checksums,
/// must give back the subset's exact bytes, and the bytes must not depend on what the process
/// subset before.
@Suite struct FixedCodeProgramTests {
    static func glyphSets(_ font: Font, seed: UInt64) -> [[UInt32]] {
        var rng = seed
        func next() -> UInt32 { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return UInt32(truncatingIfNeeded: rng) }
        let text = "电子保单 Electronic Policy 王䶮，。０１２３ ABCDEFGHIJ fi ffl 保险期间自二〇二六年"
        let textGlyphs = text.unicodeScalars.compactMap { font.glyph(for: $0) }
        let spread = (0..<600).map { _ in next() % 60_000 }
        return [[0], textGlyphs, spread, textGlyphs + spread, Array(Set(spread.prefix(97) + textGlyphs.prefix(3)))]
    }

    @Test func compressedProgramInflatesToTheSubset() throws {
        for font in Support.fonts.faces where font.outlines == .cff {
            for glyphs in Self.glyphSets(font, seed: UInt64(font.index) &+ 0x9E37) {
                let subset = try font.subset(glyphs: glyphs)
                let compressed = try #require(subset.compressedProgram, "\(font): no compressed program")
                let inflated = LiteralDeflateTests.inflate(compressed, size: subset.program.bytes.count)
                #expect(inflated == subset.program.bytes, "\(font), \(glyphs.count) glyphs: does not inflate to the subset")
                // Literal coding never beats the bytes by much, and never loses much to them either.
                #expect(compressed.count < subset.program.bytes.count + 400, "\(font): \(compressed.count) for \(subset.program.bytes.count)")
            }
        }
    }

    /// A fresh font book (nothing flattened, no code made) gives the same bytes as one that has
    /// subset other glyph sets first, in another order.
    @Test func sameGlyphsSameBytesWhateverCameBefore() throws {
        let fresh = try FontBook(directory: Support.repository + "/Fonts")
        let used = Support.fonts
        for family in ["sans", "serif"] {
            let a = try #require(fresh.font(family: family, weight: 400)), b = try #require(used.font(family: family, weight: 400))
            let sets = Self.glyphSets(a, seed: 42)
            for glyphs in sets.reversed() { _ = try b.subset(glyphs: glyphs.map { $0 &+ 1 }) }
            for glyphs in sets {
                #expect(try a.subset(glyphs: glyphs).compressedProgram == b.subset(glyphs: glyphs).compressedProgram, "\(family): \(glyphs.count) glyphs")
            }
        }
    }
}

/// Bit strings joined at every offset against one written bit by bit.
@Suite struct BitStringTests {
    @Test func appendingAtEveryOffsetMatchesBitByBit() {
        var rng: UInt64 = 0x2545F4914F6CDD1D
        func next() -> UInt64 { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng }
        for offset in 0..<130 {
            for length in [0, 1, 7, 63, 64, 65, 127, 128, 200] {
                var prefix = BitString(), reference = BitString(), piece = BitString()
                for _ in 0..<offset { let bit = next() & 1; prefix.put(bit, 1); reference.put(bit, 1) }
                for _ in 0..<length { let bit = next() & 1; piece.put(bit, 1); reference.put(bit, 1) }
                prefix.append(piece)
                #expect(prefix.count == reference.count)
                #expect(prefix.bytes() == reference.bytes(), "offset \(offset), length \(length)")
            }
        }
    }
}
