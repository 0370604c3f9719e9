/// Prepares message bytes for the DATA command (RFC 5321 §4.5.2): every line break becomes
/// CRLF, a line that starts with "." gets a second ".", and the end-of-data line ".\r\n"
/// follows a final CRLF.
///
/// Example: `"a\n.b\r\n"` → `"a\r\n..b\r\n.\r\n"`.
enum DotStuffing {
    static func encode(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 64 + 8)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            if byte == 0x0D || byte == 0x0A {
                output.append(0x0D)
                output.append(0x0A)
                if byte == 0x0D, index + 1 < message.count, message[index + 1] == 0x0A { index += 1 }
                atLineStart = true
            } else {
                if atLineStart, byte == UInt8(ascii: ".") { output.append(byte) }
                output.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { output += [0x0D, 0x0A] }
        output += [UInt8(ascii: "."), 0x0D, 0x0A]
        return output
    }
}
