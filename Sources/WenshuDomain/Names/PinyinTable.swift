/// Lookup of the tone-less Mandarin readings of a character, from the generated Unihan table
/// (`PinyinTable.generated.swift`, domain.md §2.4).
///
/// Readings are lowercase ASCII, `v` standing for ü (`lv`, `nve`); common reading first.
enum PinyinTable {
    /// Parsed once, lazily and thread-safely (Swift global/static `let` initialisation).
    static let readingsByScalar: [UInt32: [String]] = parse(pinyinTableSource)

    /// Readings of `scalar`, or nil when Unihan 15.0 gives it no Mandarin reading (e.g. 𠇔 U+201D4).
    static func readings(of scalar: Unicode.Scalar) -> [String]? {
        readingsByScalar[scalar.value]
    }

    /// Parses `HEX:reading,reading;` entries; newlines are ignored.
    static func parse(_ source: String) -> [UInt32: [String]] {
        var table: [UInt32: [String]] = [:]
        table.reserveCapacity(42_000)
        var codePoint: UInt32 = 0
        var readings: [String] = []
        var current: [UInt8] = []
        var inReadings = false
        for byte in source.utf8 {
            switch byte {
            case UInt8(ascii: "\n"):
                continue
            case UInt8(ascii: ":"):
                inReadings = true
            case UInt8(ascii: ","):
                readings.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            case UInt8(ascii: ";"):
                readings.append(String(decoding: current, as: UTF8.self))
                table[codePoint] = readings
                current.removeAll(keepingCapacity: true)
                readings = []
                codePoint = 0
                inReadings = false
            default:
                if inReadings {
                    current.append(byte)
                } else {
                    let nibble = byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : byte - UInt8(ascii: "A") + 10
                    codePoint = codePoint << 4 | UInt32(nibble)
                }
            }
        }
        return table
    }
}
