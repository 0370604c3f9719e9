/// One complete reply: a code and its text lines (RFC 5321 §4.2).
struct SMTPReply: Sendable, Hashable {
    var code: Int
    var lines: [String]

    /// 2xx.
    var isPositive: Bool { (200..<300).contains(code) }

    /// The lines on one line for reports: control characters become spaces, addresses are
    /// masked, and the result is cut at 512 characters.
    var summary: String {
        var text = ""
        for character in lines.joined(separator: " ").unicodeScalars {
            text.unicodeScalars.append(character.properties.generalCategory == .control ? " " : character)
        }
        text = AddressMask.maskAddresses(inText: text)
        return text.count > 512 ? String(text.prefix(509)) + "..." : text
    }
}
