/// Passwords for "a password per document, sent through another channel".
public enum PDFPassword {
    /// Lower-case Crockford base32 (no i, l, o, u): nothing that reads as another character.
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// A random password a person can read off one message and type into a PDF reader: four groups
    /// of five characters from a 32-character alphabet, joined by hyphens (`7k2mq-x9fh3-…`). The
    /// hyphens belong to the password. 20 characters × 5 bits = 100 bits of entropy from the system's
    /// cryptographic generator: beyond guessing even at the cost algorithm 2.B puts on each try.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let text = base32(PDFEncryption.randomBytes(20, using: &generator))
        var groups: [Substring] = []
        var rest = Substring(text)
        while !rest.isEmpty { groups.append(rest.prefix(5)); rest = rest.dropFirst(5) }
        return groups.joined(separator: "-")
    }

    /// One character per byte, from its low five bits (uniform, as 32 divides 256): 5 bits each.
    static func base32(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.map { alphabet[Int($0 & 31)] }, as: UTF8.self)
    }
}
