/// A PDF object value (ISO 32000-1 §7.3), serialised deterministically.
///
/// Dictionaries keep the order their keys were given in, so the same input always gives the same bytes.
enum PDFValue {
    case null
    case bool(Bool)
    case int(Int)
    case real(Double)
    case name(String)
    /// A byte string written as a literal `( … )` with escapes.
    case literal([UInt8])
    /// A byte string written as hex `< … >`.
    case hex([UInt8])
    case array([PDFValue])
    case dict([(String, PDFValue)])
    case ref(Int)
    /// Bytes already in PDF syntax (a long number array built directly).
    case raw([UInt8])

    /// A text string (§7.9.2.2): ASCII as a literal, anything else as UTF-16BE with a byte order mark,
    /// also written as a literal (§7.3.4.2: any byte may stand in one, `(`, `)`, `\`, CR and LF escaped),
    /// which takes about half the bytes of hex.
    static func text(_ s: String) -> PDFValue {
        if s.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return .literal(Array(s.utf8)) }
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in s.utf16 { bytes.append(UInt8(unit >> 8)); bytes.append(UInt8(unit & 0xFF)) }
        return .literal(bytes)
    }

    static func rect(_ values: [Double]) -> PDFValue { .array(values.map { .real($0) }) }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i):
            if i >= 0 { PDFNumber.appendDigits(i, to: &out) } else { out.append(contentsOf: String(i).utf8) }
        case .real(let r): PDFNumber.append(r, to: &out)
        case .name(let n):
            out.append(UInt8(ascii: "/"))
            for byte in n.utf8 {
                // §7.3.5: regular characters as they are, others as #xx.
                if byte > 0x20 && byte < 0x7F && !PDFValue.isDelimiter(byte) {
                    out.append(byte)
                } else {
                    out.append(UInt8(ascii: "#"))
                    out.append(contentsOf: PDFNumber.hexByte(byte))
                }
            }
        case .literal(let bytes):
            out.append(UInt8(ascii: "("))
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"):
                    out.append(UInt8(ascii: "\\")); out.append(byte)
                case 0x0D: out.append(contentsOf: "\\r".utf8)
                case 0x0A: out.append(contentsOf: "\\n".utf8)
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: ")"))
        case .hex(let bytes):
            out.append(UInt8(ascii: "<"))
            for byte in bytes { out.append(contentsOf: PDFNumber.hexByte(byte)) }
            out.append(UInt8(ascii: ">"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(UInt8(ascii: " ")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .dict(let entries):
            out.append(contentsOf: "<<".utf8)
            for (key, value) in entries {
                PDFValue.name(key).write(to: &out)
                out.append(UInt8(ascii: " "))
                value.write(to: &out)
            }
            out.append(contentsOf: ">>".utf8)
        case .raw(let bytes):
            out.append(contentsOf: bytes)
        case .ref(let n):
            PDFNumber.appendDigits(n, to: &out)
            out.append(contentsOf: " 0 R".utf8)
        }
    }

    /// §7.2.2 delimiters, which a name must escape.
    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"), UInt8(ascii: "#"): true
        default: false
        }
    }
}

/// Number formatting that never depends on locale: at most three decimals, no trailing zeros.
enum PDFNumber {
    /// Magnitude written at most: the integer limit of ISO 32000-1 Annex C (Table C.1, 2³¹ − 1), which
    /// no page coordinate reaches after the template's checks.
    static let maximumMagnitude = 2_147_483_647.0

    /// Room ``write(_:to:)`` needs: a sign, ten digits, a point and three decimals, and one more
    /// (it stores the digits of a part four bytes at a time).
    static let maximumLength = 16

    /// At most three decimals, no exponent, no trailing zeros, "-0" as "0" (§7.3.3). Never traps: a
    /// non-finite value is written as 0 and a larger one as ±``maximumMagnitude``, since a PDF
    /// number has no syntax for either.
    static func append(_ value: Double, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { buffer in
            let n = write(value, to: buffer.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    /// ``append(_:to:)``'s bytes written at `p` (room for ``maximumLength``); returns their count.
    /// Content streams write thousands of numbers a page through it, into room made once a number:
    /// a byte-at-a-time `Array.append` checked uniqueness and capacity for every digit.
    static func write(_ value: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        guard value.isFinite else { p[0] = UInt8(ascii: "0"); return 1 }
        let t = min(max(value, -maximumMagnitude), maximumMagnitude) * 1000
        // Half away from zero, as `rounded()`, without its libm call: t minus its integer part is
        // exact below 2⁵², and |t| stays below 2.2 × 10¹².
        var thousandths = Int(t)
        let rest = t - Double(thousandths)
        if rest >= 0.5 { thousandths += 1 } else if rest <= -0.5 { thousandths -= 1 }
        if thousandths == 0 { p[0] = UInt8(ascii: "0"); return 1 }  // also turns -0 into 0
        var n = 0
        if thousandths < 0 { p[0] = UInt8(ascii: "-"); n = 1; thousandths = -thousandths }
        let whole = thousandths / 1000, fraction = thousandths % 1000
        // Below 1,000 (every page coordinate) the digits come from a table, four bytes stored at once:
        // a digit at a time, each a division in one dependent chain, was 2.7 % of a render.
        if whole < 1000 {
            let entry = wholeDigits[whole]
            UnsafeMutableRawPointer(p + n).storeBytes(of: UInt32(truncatingIfNeeded: entry), as: UInt32.self)
            n += Int(entry >> 32)
        } else {
            n += writeDigits(whole, to: p + n)
        }
        if fraction > 0 {
            let entry = fractionDigits[fraction]
            UnsafeMutableRawPointer(p + n).storeBytes(of: UInt32(truncatingIfNeeded: entry), as: UInt32.self)
            n += Int(entry >> 32)
        }
        return n
    }

    /// For 0...999: the digits as bytes (little-endian) in the low 32 bits, their count above.
    private static let wholeDigits: [UInt64] = (0..<1000).map { packed(Array(String($0).utf8)) }
    /// For 1...999 thousandths: "." and the digits without trailing zeros (".5", ".05", ".125").
    private static let fractionDigits: [UInt64] = (0..<1000).map { f in
        var digits = Array(String(1000 + f).utf8.dropFirst())  // three digits, leading zeros kept
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return packed([UInt8(ascii: ".")] + digits)
    }

    private static func packed(_ bytes: [UInt8]) -> UInt64 {
        var word: UInt64 = 0
        for (k, b) in bytes.enumerated() { word |= UInt64(b) << (8 * k) }
        return word | UInt64(bytes.count) << 32
    }

    /// Decimal digits of a non-negative integer at `p`; returns their count.
    @inline(__always)
    static func writeDigits(_ value: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 1, rest = value
        while rest >= 10 { rest /= 10; count += 1 }
        var v = value
        for k in stride(from: count - 1, through: 0, by: -1) { p[k] = UInt8(ascii: "0") &+ UInt8(v % 10); v /= 10 }
        return count
    }

    /// Decimal digits of a non-negative integer, without going through `String`: ``writeDigits(_:to:)``'s.
    static func appendDigits(_ value: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in  // Int.max has 19 digits
            let n = writeDigits(value, to: buffer.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    static func string(_ value: Double) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The upper-case hex digit of `v` (0...15), by arithmetic: a table in a global costs an
    /// initialization check on every read, and the ToUnicode CMap reads four per glyph.
    @inline(__always)
    static func hexDigit(_ v: UInt16) -> UInt8 {
        UInt8(truncatingIfNeeded: v < 10 ? 0x30 + v : 0x37 + v)
    }

    static func hexByte(_ b: UInt8) -> [UInt8] { [hexDigit(UInt16(b >> 4)), hexDigit(UInt16(b & 0x0F))] }
}
