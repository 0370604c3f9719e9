/// Checks for header inputs.
enum HeaderText {
    /// Refuses CR, LF and NUL: one of them in a subject or name would let a caller end the
    /// header and start another (header injection; RFC 5322 §2.2 allows neither in a field body).
    static func requireSingleLine(_ text: String, field: String) throws(MailError) {
        if text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) {
            throw MailError(.headerInjection, "\(field) contains a line break or nul")
        }
    }

    /// True when the text can go out as is: printable ASCII and spaces, nothing that a reader
    /// would take for an encoded word (RFC 2047 §5 lets `=?` start one anywhere).
    static func isPlainASCII(_ text: String) -> Bool {
        !text.contains("=?") && text.utf8.allSatisfy { $0 == 0x20 || (0x21...0x7E).contains($0) }
    }
}
