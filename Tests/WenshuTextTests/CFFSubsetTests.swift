import CFreeType
import Testing
@testable import WenshuText

/// Checks Wenshu's own CID-keyed CFF subsets with FreeType, an independent CFF reader: every glyph of
/// the subset, selected by its CID, must have exactly the original glyph's outline and advance.
@Suite struct CFFSubsetTests {
    static var cffFaces: [Font] { Fonts.book.faces.filter { $0.outlines == .cff } }

    /// The cases above come from the font book: with no CFF face they would run nothing and pass.
    @Test func theFontBookHasCFFFaces() {
        #expect(Self.cffFaces.count >= 4, "CFF faces: \(Self.cffFaces)")
    }

    @Test(arguments: cffFaces)
    func subsetOutlinesMatchTheOriginal(font: Font) throws {
        // Glyphs spread over the whole face (every Font DICT and many subroutines), plus common text.
        var rng = SplitMix(seed: UInt64(font.index) + 7)
        let glyphCount = font.withFileBytes { bytes in FreeType.glyphCount(bytes, faceIndex: font.faceIndex) }
        #expect(glyphCount > 60_000)
        var glyphs = Set((0..<500).map { _ in UInt32(rng.next() % UInt64(glyphCount)) })
        for scalar in "电子保单 Electronic Policy 王䶮，。０１２３ ABCDEFGHIJ fi ffl".unicodeScalars {
            if let g = font.glyph(for: scalar) { glyphs.insert(g) }
        }
        // A second, overlapping set is assembled partly from charstrings flattened for the first.
        let overlapping = Set(glyphs.sorted().enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
            .union((0..<200).map { _ in UInt32(rng.next() % UInt64(glyphCount)) })
        for set in [glyphs, overlapping] { try checkOutlines(font: font, glyphs: set) }
    }

    func checkOutlines(font: Font, glyphs: Set<UInt32>) throws {
        let subset = try font.subset(glyphs: glyphs)
        guard case .cidKeyedCFF(let program) = subset.program else { Issue.record("expected a CID-keyed CFF"); return }
        #expect(Self.globalSubroutineCount(program) == 0, "Wenshu's subsetter flattens subroutines; HarfBuzz's keeps them")

        try font.withFileBytes { original in
            try FreeType.withFace(original, faceIndex: font.faceIndex) { source in
                try program.withUnsafeBytes { subsetBytes in
                    try FreeType.withFace(subsetBytes, faceIndex: 0) { target in
                        for glyph in glyphs.sorted() {
                            let cid = try #require(subset.codes[glyph])
                            let expected = try FreeType.outline(source, glyph: UInt32(glyph))
                            let actual = try FreeType.outline(target, glyph: UInt32(cid))
                            #expect(actual == expected, "glyph \(glyph) (CID \(cid)) of \(font)")
                        }
                    }
                }
            }
        }
    }

    /// The HarfBuzz path, kept for charstrings the flattener does not follow, must agree too: same
    /// outlines and advances by CID (it keeps original CIDs and hints, which do not change outlines).
    @Test func harfBuzzFallbackSubsetAgrees() throws {
        let font = try #require(Fonts.book.font(family: "sans", weight: 400))
        let glyphs = Set("保险单 Policy 王䶮，。".unicodeScalars.compactMap { font.glyph(for: $0) } + [0, 1234, 40_000])
        let subset = try font.harfBuzzSubset(Font.sortedUnique(glyphs))
        guard case .cidKeyedCFF(let program) = subset.program else { Issue.record("expected a CID-keyed CFF"); return }
        try font.withFileBytes { original in
            try FreeType.withFace(original, faceIndex: font.faceIndex) { source in
                try program.withUnsafeBytes { subsetBytes in
                    try FreeType.withFace(subsetBytes, faceIndex: 0) { target in
                        for glyph in glyphs {
                            let cid = try #require(subset.codes[glyph])
                            #expect(try FreeType.outline(target, glyph: UInt32(cid)) == FreeType.outline(source, glyph: glyph), "glyph \(glyph)")
                        }
                    }
                }
            }
        }
    }

    @Test func subsetIsSmallerThanAHundredBytesPerCJKGlyph() throws {
        let font = try #require(Fonts.book.font(family: "sans", weight: 400))
        let text = "中华人民共和国境内投保人被保险人受益人保险金额保险期间自年月日零时起至年月日二十四时止保险费合计人民币大写"
        let glyphs = text.unicodeScalars.compactMap { font.glyph(for: $0) }
        let subset = try font.subset(glyphs: glyphs)
        // Noto Sans CJK's Han glyphs average ~190 bytes of charstring once flattened.
        #expect(subset.program.bytes.count < 1_500 + Set(glyphs).count * 300, "\(subset.program.bytes.count) bytes")
    }

    /// Count of the Global Subr INDEX (the fifth structure of a CFF table, TN #5176 §2).
    static func globalSubroutineCount(_ cff: [UInt8]) -> Int {
        var p = Int(cff[2])
        func skipIndex() {
            let count = Int(cff[p]) << 8 | Int(cff[p + 1])
            guard count > 0 else { p += 2; return }
            let size = Int(cff[p + 2])
            var last = 0
            for k in 0..<size { last = last << 8 | Int(cff[p + 3 + count * size + k]) }
            p += 3 + (count + 1) * size + last - 1
        }
        for _ in 0..<3 { skipIndex() }  // Name, Top DICT, String
        return Int(cff[p]) << 8 | Int(cff[p + 1])
    }
}

/// A glyph's unscaled, unhinted outline and advance as FreeType reads it.
struct GlyphOutline: Equatable {
    var advance: Int
    var points: [Int]
    var tags: [UInt8]
    var contourEnds: [Int]
}

enum FreeType {
    struct Failure: Error { var code: Int32 }

    static func glyphCount(_ bytes: UnsafeRawBufferPointer, faceIndex: Int) -> Int {
        (try? withFace(bytes, faceIndex: faceIndex) { Int($0.pointee.num_glyphs) }) ?? 0
    }

    static func withFace<R>(_ bytes: UnsafeRawBufferPointer, faceIndex: Int, _ body: (FT_Face) throws -> R) throws -> R {
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else { throw Failure(code: -1) }
        defer { FT_Done_FreeType(library) }
        var face: FT_Face?
        let error = FT_New_Memory_Face(library, bytes.baseAddress?.assumingMemoryBound(to: FT_Byte.self),
                                       FT_Long(bytes.count), FT_Long(faceIndex), &face)
        guard error == 0, let face else { throw Failure(code: error) }
        defer { FT_Done_Face(face) }
        return try body(face)
    }

    static func outline(_ face: FT_Face, glyph: UInt32) throws -> GlyphOutline {
        let error = FT_Load_Glyph(face, glyph, Int32(FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING))
        guard error == 0 else { throw Failure(code: error) }
        let slot = face.pointee.glyph.pointee
        let outline = slot.outline
        var points: [Int] = []
        var tags: [UInt8] = []
        for k in 0..<Int(outline.n_points) {
            points.append(Int(outline.points[k].x)); points.append(Int(outline.points[k].y))
            tags.append(UInt8(bitPattern: outline.tags[k]))
        }
        let ends = (0..<Int(outline.n_contours)).map { Int(outline.contours[$0]) }
        return GlyphOutline(advance: Int(slot.metrics.horiAdvance), points: points, tags: tags, contourEnds: ends)
    }
}

/// A small seeded generator, so the glyph sample is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A crafted font must not make the flattener expand without bound: nine global subroutines, each
/// calling the next six times, turn a 3-byte charstring into 6⁸ line segments (5 MB).
@Suite struct CharstringBombTests {
    @Test func deeplyRepeatedSubroutinesAreRefused() throws {
        var data: [UInt8] = []
        for k in 0..<8 {
            let operand = UInt8(k + 1 - 107 + 139)  // subroutine k + 1, biased by 107 (fewer than 1,240)
            data += (0..<6).flatMap { _ in [operand, 29] } + [11]  // six callgsubr, return
        }
        data += [139, 139, 5, 11]  // 0 0 rlineto return
        var index: [UInt8] = [0, 9, 1]
        var offset = 1
        index.append(UInt8(offset))
        for k in 0..<9 { offset += k < 8 ? 13 : 4; index.append(UInt8(offset)) }
        let charstring: [UInt8] = [32, 29, 14]  // -107 callgsubr endchar: calls subroutine 0
        let table = index + data + charstring
        try table.withUnsafeBytes { bytes in
            let subrs = try CFFIndex(bytes, at: 0)
            #expect(subrs.count == 9)
            var flattener = CharstringFlattener(bytes: bytes, globalSubrs: subrs)
            defer { flattener.release() }
            var out = ByteBuffer(capacity: 256)
            #expect(throws: CharstringFlattener.Unsupported.self) {
                try flattener.flatten(table.count - 3..<table.count, localSubrs: nil, into: &out)
            }
            #expect(out.count < 70_000)
        }
    }
}
