internal import WenshuDiagnostics
/// The JSON Canonicalization Scheme (RFC 8785): the one byte sequence of a JSON value that hashes
/// and signatures are computed over.
///
/// - Objects: members sorted by their names' UTF-16 code units (§3.2.3), no whitespace anywhere.
/// - Strings: `"` and `\` escaped, control characters as `\b \t \n \f \r` or `\u00xx` (lowercase
///   hex); everything else as UTF-8, unescaped (§3.2.2.2).
/// - Numbers: parsed as IEEE 754 doubles and printed as ECMAScript's Number.prototype.toString
///   does (§3.2.2.3): `60.0` → `60`, `65.20` → `65.2`, `1e-7` → `1e-7`, `1E21` → `1e+21`, `-0` → `0`.
///
/// Example: `{ "y": 100.0, "x": 60 ,"t":0 }` → `{"t":0,"x":60,"y":100}`.
enum CanonicalJSON {
    struct Failure: DiagnosticConvertible { var message: String }

    static func encode(_ value: JSONValue) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        try write(value, to: &out)
        return out
    }

    static func write(_ value: JSONValue, to out: inout [UInt8]) throws(Failure) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .number(let text):
            guard let v = Double(text), v.isFinite else { throw Failure(message: "number \(text) is outside the range of an IEEE 754 double") }
            out += Array(ecmaScriptString(v).utf8)
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            let sorted = pairs.sorted { Array($0.key.utf16).lexicographicallyPrecedes(Array($1.key.utf16)) }
            for (k, pair) in sorted.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                writeString(pair.key, to: &out)
                out.append(UInt8(ascii: ":"))
                try write(pair.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += Array("\\b".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0C: out += Array("\\f".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// ECMA-262 Number::toString(x) for a finite double, from the shortest digits that round-trip
    /// (Swift's `description` gives those digits; only their layout differs).
    static func ecmaScriptString(_ v: Double) -> String {
        if v == 0 { return "0" }
        var text = v.magnitude.description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(parts[0] + (parts.count > 1 ? parts[1] : ""))
        var n = parts[0].count + exponent  // value = 0.digits × 10^n
        while digits.first == "0" { digits.removeFirst(); n -= 1 }
        while digits.last == "0" { digits.removeLast() }
        let k = digits.count
        let d = String(digits)
        var result: String
        if k <= n && n <= 21 {
            result = d + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            result = String(digits[0..<n]) + "." + String(digits[n...])
        } else if -6 < n && n <= 0 {
            result = "0." + String(repeating: "0", count: -n) + d
        } else {
            let e = n - 1
            result = String(digits[0]) + (k > 1 ? "." + String(digits[1...]) : "") + "e" + (e < 0 ? "-" : "+") + String(abs(e))
        }
        if v < 0 { result = "-" + result }
        return result
    }
}
