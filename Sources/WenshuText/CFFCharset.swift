/// Reads, from a CFF font program, whether it is CID-keyed and which CID each glyph has.
///
/// A PDF CIDFontType0 with a CID-keyed CFF selects glyphs by CID through the font's charset
/// (ISO 32000-1 §9.7.4.2), and the subsetter keeps each glyph's original CID, so content streams must
/// write CIDs, not the subset's glyph IDs. Layout of the table: Adobe TN #5176 (CFF), §§ 5–13:
/// header, Name INDEX, Top DICT INDEX (ROS operator 12 30 marks a CID font; charset is operator 15,
/// CharStrings operator 17), charset formats 0, 1 and 2.
struct CFFCharset {
    struct Malformed: Error { var message: String }

    let isCIDKeyed: Bool
    /// CID (or SID for a name-keyed font) of each glyph, glyph 0 first.
    let glyphToCID: [UInt16]

    init(_ cff: [UInt8]) throws(Malformed) {
        var reader = Reader(bytes: cff)
        guard cff.count > 4 else { throw Malformed(message: "CFF table too short") }
        reader.position = Int(cff[2])  // header size
        _ = try reader.index()  // Name INDEX
        let topDicts = try reader.index()
        guard let top = topDicts.first else { throw Malformed(message: "CFF has no Top DICT") }
        let dict = try Reader.dict(Array(cff[top]))
        isCIDKeyed = dict[0x0C1E] != nil
        guard let charStringsOffset = dict[17]?.first else { throw Malformed(message: "CFF has no CharStrings") }
        var charStrings = Reader(bytes: cff)
        charStrings.position = Int(charStringsOffset)
        let glyphCount = try charStrings.count16()
        let charsetOffset = Int(dict[15]?.first ?? 0)
        var map = [UInt16](repeating: 0, count: glyphCount)
        if charsetOffset > 2 {
            var r = Reader(bytes: cff)
            r.position = charsetOffset
            let format = try r.u8()
            var gid = 1
            switch format {
            case 0:
                while gid < glyphCount { map[gid] = try r.u16(); gid += 1 }
            case 1, 2:
                while gid < glyphCount {
                    let first = try r.u16()
                    let left = format == 1 ? Int(try r.u8()) : Int(try r.u16())
                    for k in 0...left where gid < glyphCount {
                        map[gid] = first &+ UInt16(k)
                        gid += 1
                    }
                }
            default:
                throw Malformed(message: "unknown CFF charset format \(format)")
            }
        } else {
            // Predefined charsets (ISOAdobe, Expert): only name-keyed fonts; glyph order stands.
            for gid in 0..<glyphCount { map[gid] = UInt16(gid) }
        }
        glyphToCID = map
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0

        mutating func u8() throws(Malformed) -> UInt8 {
            guard position < bytes.count else { throw Malformed(message: "CFF table truncated") }
            defer { position += 1 }
            return bytes[position]
        }
        mutating func u16() throws(Malformed) -> UInt16 { UInt16(try u8()) << 8 | UInt16(try u8()) }
        mutating func offset(size: Int) throws(Malformed) -> Int {
            var value = 0
            for _ in 0..<size { value = value << 8 | Int(try u8()) }
            return value
        }
        mutating func count16() throws(Malformed) -> Int { Int(try u16()) }

        /// An INDEX: the byte ranges of its objects; leaves `position` after it.
        mutating func index() throws(Malformed) -> [Range<Int>] {
            let count = Int(try u16())
            guard count > 0 else { return [] }
            let offSize = Int(try u8())
            guard (1...4).contains(offSize) else { throw Malformed(message: "bad CFF INDEX offset size") }
            var offsets: [Int] = []
            for _ in 0...count { offsets.append(try offset(size: offSize)) }
            let base = position - 1
            var ranges: [Range<Int>] = []
            for k in 0..<count {
                let lower = base + offsets[k], upper = base + offsets[k + 1]
                guard lower <= upper, upper <= bytes.count else { throw Malformed(message: "bad CFF INDEX offsets") }
                ranges.append(lower..<upper)
            }
            position = base + offsets[count]
            return ranges
        }

        /// DICT operators (two-byte ones as 0x0C00 | b1) to their operands.
        static func dict(_ data: [UInt8]) throws(Malformed) -> [Int: [Int]] {
            var result: [Int: [Int]] = [:]
            var operands: [Int] = []
            var i = 0
            func byte(_ k: Int) throws(Malformed) -> Int {
                guard k < data.count else { throw Malformed(message: "CFF DICT truncated") }
                return Int(data[k])
            }
            while i < data.count {
                let b0 = Int(data[i])
                switch b0 {
                case 0...21:
                    var op = b0
                    if b0 == 12 { op = 0x0C00 | (try byte(i + 1)); i += 1 }
                    result[op] = operands
                    operands.removeAll()
                    i += 1
                case 28:
                    operands.append(Int(Int16(bitPattern: UInt16(try byte(i + 1) << 8 | (try byte(i + 2))))))
                    i += 3
                case 29:
                    let v = (try byte(i + 1)) << 24 | (try byte(i + 2)) << 16 | (try byte(i + 3)) << 8 | (try byte(i + 4))
                    operands.append(Int(Int32(bitPattern: UInt32(v))))
                    i += 5
                case 30:  // real: nibbles up to 0xf; its value is not needed here
                    i += 1
                    while i < data.count {
                        let b = data[i]; i += 1
                        if b & 0x0F == 0x0F || b >> 4 == 0x0F { break }
                    }
                    operands.append(0)
                case 32...246: operands.append(b0 - 139); i += 1
                case 247...250: operands.append((b0 - 247) * 256 + (try byte(i + 1)) + 108); i += 2
                case 251...254: operands.append(-(b0 - 251) * 256 - (try byte(i + 1)) - 108); i += 2
                default: i += 1
                }
            }
            return result
        }
    }
}
