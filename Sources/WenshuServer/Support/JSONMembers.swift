import WenshuDiagnostics
/// Splits a JSON object into its members' raw bytes without building a tree, so that `data` reaches
/// the template engine byte for byte (its parser checks depth, duplicates and numbers) and nothing
/// here recurses on attacker-chosen nesting.
enum JSONMembers {
    struct Failure: DiagnosticConvertible { var message: String }

    /// Members of the top-level object, key → the raw bytes of its value.
    static func split(_ bytes: [UInt8]) throws(Failure) -> [String: ArraySlice<UInt8>] {
        var i = 0
        func skipSpace() { while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
        func fail(_ message: String) -> Failure { Failure(message: "invalid json at byte \(i): \(message)") }
        /// Skips a string starting at `i` (a quote); returns its raw contents.
        func string() throws(Failure) -> ArraySlice<UInt8> {
            let start = i + 1
            i += 1
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\\"): i += 2
                case UInt8(ascii: "\""): i += 1; return bytes[start..<(i - 1)]
                case 0..<0x20: throw fail("control character in a string")
                default: i += 1
                }
            }
            throw fail("unterminated string")
        }
        /// Skips one value of any kind, counting brackets instead of recursing.
        func value() throws(Failure) -> ArraySlice<UInt8> {
            skipSpace()
            let start = i
            var depth = 0
            repeat {
                guard i < bytes.count else { throw fail("unexpected end of data") }
                switch bytes[i] {
                case UInt8(ascii: "\""): _ = try string()
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1; i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard depth > 0 else { throw fail("unexpected bracket") }
                    depth -= 1; i += 1
                case UInt8(ascii: ","), UInt8(ascii: ":"):
                    guard depth > 0 else { throw fail("unexpected character") }
                    i += 1
                default:
                    if depth == 0 {
                        while i < bytes.count, !(bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: "}") || bytes[i] == UInt8(ascii: "]")
                                                 || [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i])) { i += 1 }
                    } else { i += 1 }
                }
            } while depth > 0
            guard i > start else { throw fail("expected a value") }
            return bytes[start..<i]
        }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { throw fail("expected an object") }
        i += 1
        var members: [String: ArraySlice<UInt8>] = [:]
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1 } else {
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let raw = try string()
                guard !raw.contains(UInt8(ascii: "\\")), let key = String(validating: raw, as: UTF8.self) else {
                    throw fail("unsupported key")
                }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                guard members.updateValue(try value(), forKey: key) == nil else { throw fail("duplicate key '\(key.prefix(40))'") }
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of data") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                throw fail("expected ',' or '}'")
            }
        }
        skipSpace()
        guard i == bytes.count else { throw fail("unexpected data after the object") }
        return members
    }
}
