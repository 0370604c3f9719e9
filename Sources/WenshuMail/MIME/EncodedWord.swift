/// RFC 2047 encoded words: `=?UTF-8?B?<base64>?=`.
enum EncodedWord {
    static let prefix = "=?UTF-8?B?"
    static let suffix = "?="

    /// Takes as many whole characters from `text` as fit in one encoded word of at most
    /// `maximumLength` characters (RFC 2047 §2: 75) and returns the word and the rest.
    ///
    /// A word never ends inside a character (RFC 2047 §5: each word must be self-contained);
    /// a grapheme too big for one word is split between Unicode scalars instead, and always
    /// makes progress. Example: with 75 characters there is room for 60 base64 characters,
    /// which is 45 bytes, which is 15 CJK characters of 3 UTF-8 bytes.
    static func take(from text: Substring, maximumLength: Int) -> (word: String, rest: Substring) {
        let payloadBytes = max(3, (maximumLength - prefix.count - suffix.count) / 4 * 3)
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let utf8 = Array(String(character).utf8)
            if bytes.count + utf8.count > payloadBytes {
                if bytes.isEmpty {
                    // One oversized grapheme: fall back to scalars.
                    for scalar in character.unicodeScalars {
                        let scalarBytes = Array(String(scalar).utf8)
                        if !bytes.isEmpty, bytes.count + scalarBytes.count > payloadBytes { break }
                        bytes += scalarBytes
                    }
                    let taken = String(decoding: bytes, as: UTF8.self)
                    let rest = String(character.unicodeScalars.dropFirst(taken.unicodeScalars.count))
                    return (word(for: bytes), Substring(rest + text[text.index(after: index)...]))
                }
                break
            }
            bytes += utf8
            index = text.index(after: index)
        }
        return (word(for: bytes), text[index...])
    }

    private static func word(for bytes: [UInt8]) -> String {
        prefix + Base64.encode(bytes) + suffix
    }
}
