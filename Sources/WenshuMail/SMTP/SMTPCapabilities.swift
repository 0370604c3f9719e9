/// The extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1).
struct SMTPCapabilities: Sendable, Hashable {
    var keywords: Set<String> = []
    var authMechanisms: Set<String> = []

    /// Skips the first line (the server's name); each later line is a keyword and parameters.
    /// `AUTH=PLAIN LOGIN` is the pre-standard form some servers still send.
    init(ehloReply reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" })
            guard let keyword = words.first else { continue }
            keywords.insert(String(keyword))
            if keyword == "AUTH" { authMechanisms.formUnion(words.dropFirst().map(String.init)) }
        }
    }

    init() {}

    var startTLS: Bool { keywords.contains("STARTTLS") }
}
