/// Quoted-printable (RFC 2045 §6.7) for text bodies that are mostly ASCII.
enum QuotedPrintable {
    private static let hex = Array("0123456789ABCDEF".utf8)

    /// Encodes text whose line breaks are already CRLF. CRLF stays a hard line break (rule 4);
    /// every other byte outside 33–126 except inner space and tab, and `=`, becomes `=XX`
    /// (rules 1–3); lines are broken with a soft `=` so that none exceeds 76 characters (rule 5).
    /// The output never contains `=_`, which keeps the MIME boundaries safe.
    static func encode(crlfText bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var lineLength = 0
        var index = 0
        func put(_ chunk: [UInt8]) {
            if lineLength + chunk.count > 75 {
                output += [UInt8(ascii: "="), 0x0D, 0x0A]
                lineLength = 0
            }
            output += chunk
            lineLength += chunk.count
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                output += [0x0D, 0x0A]
                lineLength = 0
                index += 2
                continue
            }
            let atLineEnd = index + 1 == bytes.count || (bytes[index + 1] == 0x0D && index + 2 < bytes.count && bytes[index + 2] == 0x0A)
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !atLineEnd)
            put(literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            index += 1
        }
        return output
    }
}
