/// Builds one header field, folding between words so that no line exceeds 78 characters
/// (RFC 5322 §2.1.1) unless a single unbreakable word is longer.
///
/// Example: `Subject: ` followed by a long Chinese subject becomes
///
///     Subject: =?UTF-8?B?5Lit5paH...?=
///      =?UTF-8?B?...?=
///
/// where the first encoded word is sized to fit after `Subject: ` and every later one is at
/// most 75 characters (RFC 2047 §2), each after a fold of CRLF and one space.
struct HeaderFolder {
    static let lineLimit = 78
    private(set) var text: String
    private var lineLength: Int
    private var needsSpace = false

    init(name: String) {
        text = name + ":"
        lineLength = text.utf8.count
        needsSpace = true
    }

    /// Appends a word that must not be split, preceded by a space or a fold.
    mutating func append(word: String) {
        let length = word.utf8.count
        if needsSpace {
            if lineLength + 1 + length > Self.lineLimit, lineLength > 1 {
                text += "\r\n "
                lineLength = 1
            } else {
                text += " "
                lineLength += 1
            }
        }
        text += word
        lineLength += length
        needsSpace = true
    }

    /// Appends text glued to the previous word (for `,` after an address).
    mutating func appendGlued(_ suffix: String) {
        text += suffix
        lineLength += suffix.utf8.count
    }

    /// Appends arbitrary text as plain words when it is plain ASCII, else as RFC 2047 B-encoded
    /// UTF-8 words, split on character boundaries and sized to the space left on each line.
    mutating func append(text phrase: String, quoteIfNeeded: Bool = false) {
        if HeaderText.isPlainASCII(phrase), !phrase.isEmpty, !phrase.hasPrefix(" "), !phrase.hasSuffix(" "),
           !phrase.contains("  "), phrase.split(separator: " ").allSatisfy({ $0.utf8.count <= 900 })
        {
            if quoteIfNeeded, phrase.utf8.contains(where: { Self.phraseSpecials.contains($0) }) {
                // A quoted string is one word that cannot fold: only when it fits on a line of its
                // own; a longer one is written as encoded words below (RFC 2047 §5 (3) allows them in
                // a phrase). Quoting it whatever its length made a 1300-octet line (found by FuzzMIME).
                let quoted = Self.quoted(phrase)
                if quoted.utf8.count < Self.lineLimit {
                    append(word: quoted)
                    return
                }
            } else {
                for word in phrase.split(separator: " ") { append(word: String(word)) }
                return
            }
        }
        var characters = Substring(phrase)
        while !characters.isEmpty {
            let room = Self.lineLimit - lineLength - 1
            let capacity = room >= 16 ? min(75, room) : 75
            let (word, rest) = EncodedWord.take(from: characters, maximumLength: capacity)
            append(word: word)
            characters = rest
        }
    }

    /// RFC 5322 §3.2.3 specials that force a quoted display name.
    private static let phraseSpecials = Set("()<>[]:;@\\,.\"".utf8)

    private static func quoted(_ phrase: String) -> String {
        var result = "\""
        for character in phrase {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result + "\""
    }

    /// The finished field with its CRLF.
    var line: String { text + "\r\n" }
}
