/// A CID-keyed CFF table (the outlines of Noto Sans/Serif CJK), read once per face so that each
/// document's subset only copies the charstrings it needs.
///
/// HarfBuzz subsets such a face in ~7 ms, or in ~0.6 ms after `hb_subset_preprocess`, which takes
/// ~0.7 s and holds ~200 MB per face. Reading the table in place costs a few hundred kilobytes
/// (glyph → CID and glyph → Font DICT maps) and no preparation. Structure: Adobe TN #5176, §§ 5–19
/// (header, INDEXes, Top DICT with ROS, charset, FDSelect, FDArray of Font DICTs with their Private
/// DICTs and local subroutines).
struct CIDKeyedCFF {
    /// One Font DICT of the FDArray: the glyphs it selects share its hints and local subroutines.
    struct FontDict {
        /// The Font DICT's entries but `Private`, copied into a subset as they are.
        let entries: [Range<Int>]
        /// The Private DICT's entries but `Subrs` (a flattened subset has no subroutines).
        let privateEntries: [Range<Int>]
        let localSubrs: CFFIndex?
    }

    let bytes: UnsafeRawBufferPointer
    let name: Range<Int>
    /// Top DICT entries kept in a subset: all but offsets (rewritten) and unique IDs (a subset is
    /// another font, TN #5176 §18).
    let topEntries: [Range<Int>]
    /// The String INDEX, copied whole: kept Top and Font DICT entries refer to it by SID.
    let strings: Range<Int>
    let globalSubrs: CFFIndex
    let charStrings: CFFIndex
    let cidOfGlyph: [UInt16]
    let fontDictOfGlyph: [UInt8]
    let fontDicts: [FontDict]
    /// Charstrings already flattened, kept for the next subsets.
    let flattened: FlattenedGlyphs

    /// Reads `bytes`, or returns nil when the table is a name-keyed CFF (no ROS in its Top DICT).
    init?(_ bytes: UnsafeRawBufferPointer) throws(CFFMalformed) {
        guard bytes.count > 4, bytes[0] == 1 else { throw CFFMalformed(message: "not a CFF version 1 table") }
        let names = try CFFIndex(bytes, at: Int(bytes[2]))
        let tops = try CFFIndex(bytes, at: names.end)
        let strings = try CFFIndex(bytes, at: tops.end)
        let global = try CFFIndex(bytes, at: strings.end)
        guard names.count == 1, tops.count == 1 else { throw CFFMalformed(message: "a CFF table with \(names.count) fonts") }
        let top = try CFFDictEntry.parse(bytes, tops.range(0))
        guard top.contains(where: { $0.op == CFFDictEntry.ros }) else { return nil }
        func offset(_ op: Int) throws(CFFMalformed) -> Int {
            guard let entry = top.last(where: { $0.op == op }), let value = entry.operands.last,
                  value > 0, value < bytes.count else { throw CFFMalformed(message: "Top DICT lacks operator \(op)") }
            return value
        }
        let charStrings = try CFFIndex(bytes, at: offset(CFFDictEntry.charStrings))
        let glyphCount = charStrings.count
        guard glyphCount > 0 else { throw CFFMalformed(message: "no glyphs") }

        self.bytes = bytes
        self.name = try names.range(0)
        self.strings = tops.end..<strings.end
        self.globalSubrs = global
        self.charStrings = charStrings
        let dropped: Set<Int> = [CFFDictEntry.charset, CFFDictEntry.charStrings, CFFDictEntry.encoding, CFFDictEntry.privateDict,
                                 CFFDictEntry.fdArray, CFFDictEntry.fdSelect, CFFDictEntry.uniqueID, CFFDictEntry.xuid, CFFDictEntry.uidBase]
        topEntries = top.filter { !dropped.contains($0.op) }.map(\.bytes)
        // Offsets 0–2 name the predefined charsets, which a CID-keyed font may not use (§13).
        let charsetOffset = try offset(CFFDictEntry.charset)
        guard charsetOffset > 2 else { throw CFFMalformed(message: "CID-keyed font with a predefined charset") }
        cidOfGlyph = try CIDKeyedCFF.readCharset(bytes, at: charsetOffset, glyphCount: glyphCount)
        let fdArray = try CFFIndex(bytes, at: offset(CFFDictEntry.fdArray))
        guard (1...255).contains(fdArray.count) else { throw CFFMalformed(message: "FDArray with \(fdArray.count) Font DICTs") }
        fontDictOfGlyph = try CIDKeyedCFF.readFDSelect(bytes, at: offset(CFFDictEntry.fdSelect), glyphCount: glyphCount, fontDicts: fdArray.count)
        var dicts: [FontDict] = []
        for k in 0..<fdArray.count {
            let entries = try CFFDictEntry.parse(bytes, fdArray.range(k))
            guard let priv = entries.last(where: { $0.op == CFFDictEntry.privateDict }), priv.operands.count == 2 else {
                throw CFFMalformed(message: "Font DICT \(k) has no Private DICT")
            }
            let size = priv.operands[0], start = priv.operands[1]
            guard size >= 0, start > 0, start + size <= bytes.count else { throw CFFMalformed(message: "Font DICT \(k): Private DICT outside the table") }
            let privateEntries = try CFFDictEntry.parse(bytes, start..<start + size)
            var subrs: CFFIndex?
            if let entry = privateEntries.last(where: { $0.op == CFFDictEntry.subrs }), let relative = entry.operands.last {
                subrs = try CFFIndex(bytes, at: start + relative)  // Subrs is relative to its Private DICT
            }
            dicts.append(FontDict(entries: entries.filter { $0.op != CFFDictEntry.privateDict }.map(\.bytes),
                                  privateEntries: privateEntries.filter { $0.op != CFFDictEntry.subrs }.map(\.bytes),
                                  localSubrs: subrs))
        }
        fontDicts = dicts
        flattened = FlattenedGlyphs(glyphCount: glyphCount)
    }

    /// Charset formats 0, 1 and 2 (TN #5176 §13); in a CID-keyed font they give each glyph's CID.
    private static func readCharset(_ bytes: UnsafeRawBufferPointer, at position: Int, glyphCount: Int) throws(CFFMalformed) -> [UInt16] {
        var map = [UInt16](repeating: 0, count: glyphCount)
        var p = position
        func u8() throws(CFFMalformed) -> Int {
            guard p < bytes.count else { throw CFFMalformed(message: "charset truncated") }
            defer { p += 1 }
            return Int(bytes[p])
        }
        func u16() throws(CFFMalformed) -> Int { (try u8()) << 8 | (try u8()) }
        let format = try u8()
        var gid = 1
        switch format {
        case 0:
            while gid < glyphCount { map[gid] = UInt16(try u16()); gid += 1 }
        case 1, 2:
            while gid < glyphCount {
                let first = try u16()
                let left = format == 1 ? try u8() : try u16()
                for k in 0...left where gid < glyphCount {
                    map[gid] = UInt16(truncatingIfNeeded: first + k)
                    gid += 1
                }
            }
        default: throw CFFMalformed(message: "charset format \(format)")
        }
        return map
    }

    /// FDSelect formats 0 and 3 (TN #5176 §19).
    private static func readFDSelect(_ bytes: UnsafeRawBufferPointer, at position: Int, glyphCount: Int, fontDicts: Int) throws(CFFMalformed) -> [UInt8] {
        guard position < bytes.count else { throw CFFMalformed(message: "FDSelect outside the table") }
        var map = [UInt8](repeating: 0, count: glyphCount)
        switch bytes[position] {
        case 0:
            guard position + 1 + glyphCount <= bytes.count else { throw CFFMalformed(message: "FDSelect truncated") }
            for g in 0..<glyphCount { map[g] = bytes[position + 1 + g] }
        case 3:
            guard position + 3 <= bytes.count else { throw CFFMalformed(message: "FDSelect truncated") }
            let ranges = Int(bytes[position + 1]) << 8 | Int(bytes[position + 2])
            let sentinelAt = position + 3 + ranges * 3
            guard ranges > 0, sentinelAt + 2 <= bytes.count else { throw CFFMalformed(message: "FDSelect truncated") }
            // Ranges must cover every glyph: the first starts at glyph 0, the sentinel is the count.
            guard bytes[position + 3] == 0, bytes[position + 4] == 0,
                  Int(bytes[sentinelAt]) << 8 | Int(bytes[sentinelAt + 1]) == glyphCount else {
                throw CFFMalformed(message: "FDSelect ranges do not cover the glyphs")
            }
            for r in 0..<ranges {
                let at = position + 3 + r * 3
                let first = Int(bytes[at]) << 8 | Int(bytes[at + 1])
                let next = Int(bytes[at + 3]) << 8 | Int(bytes[at + 4])  // next range's first, or the sentinel
                let fd = bytes[at + 2]
                guard first <= next, next <= glyphCount else { throw CFFMalformed(message: "FDSelect ranges out of order") }
                for g in first..<next { map[g] = fd }
            }
        default: throw CFFMalformed(message: "FDSelect format \(bytes[position])")
        }
        guard map.allSatisfy({ Int($0) < fontDicts }) else { throw CFFMalformed(message: "FDSelect names a missing Font DICT") }
        return map
    }
}
