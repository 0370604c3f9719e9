import Foundation

/// Flattened charstrings of the glyphs a face has subset so far, shared by every document of the
/// process: names and numbers change from one document to the next, but the characters they are
/// written with mostly repeat, so after a few documents a subset is only copies.
///
/// Each glyph is kept twice: its bytes, and the same bytes coded with the face's
/// ``FixedLiteralCode``, so a subset's compressed program is copied too rather than coded again.
///
/// One arena per face, with each glyph's place in it; bounded (cleared past `limit` bytes, about
/// three times what every glyph of a CJK face takes).
final class FlattenedGlyphs: @unchecked Sendable {
    private let lock = NSLock()
    private var arena = ByteBuffer(capacity: 1 << 16)
    /// Per glyph: start in the arena and length + 1 (0 = not flattened yet).
    private var places: [(start: Int32, lengthPlusOne: Int32)]
    /// The coded glyphs, word-aligned, and per glyph its first word and its length in bits.
    private var codedArena: [UInt64] = []
    private var codedPlaces: [(start: Int32, bits: Int32)] = []
    private var code: FixedLiteralCode?
    private let glyphCount: Int
    private let limit = 32 << 20

    /// The per-glyph tables (16 bytes a glyph) are allocated on first use.
    init(glyphCount: Int) {
        places = []
        self.glyphCount = glyphCount
    }

    /// Appends each glyph's flattened charstring to `out`, and its coded bits to `coded`,
    /// flattening (and keeping) those not seen before; `ends` receives the end offset of each in
    /// `out`. The face's code is made on first use by `makeCode`. Returns the code.
    func append(_ glyphs: [UInt32], to out: inout ByteBuffer, ends: inout [Int], coded: inout BitString,
                makeCode: () -> FixedLiteralCode,
                flatten: (UInt32, inout ByteBuffer) throws(CharstringFlattener.Unsupported) -> Void) throws(CharstringFlattener.Unsupported) -> FixedLiteralCode {
        lock.lock()
        defer { lock.unlock() }
        if places.isEmpty {
            places = Array(repeating: (0, 0), count: glyphCount)
            codedPlaces = Array(repeating: (0, 0), count: glyphCount)
        }
        let code: FixedLiteralCode
        if let made = self.code { code = made } else { code = makeCode(); self.code = code }
        for glyph in glyphs {
            var place = places[Int(glyph)]
            if place.lengthPlusOne == 0 {
                if arena.count > limit {
                    arena.truncate(to: 0)
                    codedArena.removeAll(keepingCapacity: true)
                    for k in places.indices { places[k] = (0, 0) }
                }
                let start = arena.count
                try flatten(glyph, &arena)
                // The flattener caps a glyph at 64 KB and the arena is cleared past 32 MB: both fit.
                place = (Int32(start), Int32(arena.count - start + 1))
                places[Int(glyph)] = place
                var bits = BitString(capacityBits: (arena.count - start) * 8)
                code.code(UnsafeBufferPointer(start: arena.base + start, count: arena.count - start), into: &bits)
                codedPlaces[Int(glyph)] = (Int32(codedArena.count), Int32(bits.count))
                codedArena.append(contentsOf: bits.words)
                codedArena.append(bits.tail)  // so the last partial word is read from the arena too
            }
            out.append(arena.base + Int(place.start), count: Int(place.lengthPlusOne) - 1)
            ends.append(out.count)
            let codedPlace = codedPlaces[Int(glyph)]
            codedArena.withUnsafeBufferPointer { words in
                coded.append(words: UnsafeBufferPointer(rebasing: words[Int(codedPlace.start)...]), count: Int(codedPlace.bits))
            }
        }
        return code
    }
}
