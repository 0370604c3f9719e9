/// A mailbox: an ASCII address and an optional display name in any script.
///
/// The initializer validates; the properties stay mutable for convenience, so `MIMEWriter`
/// validates again when rendering.
public struct MailAddress: Sendable, Hashable {
    /// `local@domain`, ASCII only (no SMTPUTF8 support): at most 64 characters before the `@`
    /// and 254 in all (RFC 5321 §4.5.3.1).
    public var address: String
    /// Shown by mail clients, e.g. "张三"; encoded as RFC 2047 words when not plain ASCII.
    public var displayName: String?

    /// Throws `MailError.invalidAddress` for anything but a plain `local@domain`, and
    /// `MailError.headerInjection` for CR, LF or NUL in the display name.
    public init(_ address: String, displayName: String? = nil) throws(MailError) {
        try Self.validate(address: address)
        if let displayName { try HeaderText.requireSingleLine(displayName, field: "display name") }
        self.address = address
        self.displayName = displayName
    }

    /// Checks the restricted grammar WenshuMail sends: a dot-atom local part (RFC 5322 §3.4.1,
    /// no quoted strings) and a host name or address literal. Anything else is refused rather
    /// than quoted, so an address can never carry SMTP or header syntax.
    static func validate(address: String) throws(MailError) {
        let bytes = Array(address.utf8)
        guard !bytes.isEmpty, bytes.count <= 254 else {
            throw MailError(.invalidAddress, "address must have 1 to 254 characters")
        }
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), bytes.lastIndex(of: UInt8(ascii: "@")) == at else {
            throw MailError(.invalidAddress, "address must contain exactly one '@'")
        }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        guard !local.isEmpty, local.count <= 64, isDotAtom(local, allowed: isAtext) else {
            throw MailError(.invalidAddress, "local part must be 1 to 64 ascii atom characters")
        }
        if domain.first == UInt8(ascii: "["), domain.last == UInt8(ascii: "]") {
            let literal = domain.dropFirst().dropLast()
            guard !literal.isEmpty, literal.allSatisfy({ isHostCharacter($0) || $0 == UInt8(ascii: ":") }) else {
                throw MailError(.invalidAddress, "invalid address literal")
            }
        } else {
            guard !domain.isEmpty, isDotAtom(domain, allowed: isHostCharacter) else {
                throw MailError(.invalidAddress, "domain must be an ascii host name")
            }
        }
    }

    private static func isDotAtom(_ part: ArraySlice<UInt8>, allowed: (UInt8) -> Bool) -> Bool {
        var previousDot = true
        for byte in part {
            if byte == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
            } else {
                guard allowed(byte) else { return false }
                previousDot = false
            }
        }
        return !previousDot
    }

    /// RFC 5322 §3.2.3 atext.
    private static func isAtext(_ byte: UInt8) -> Bool {
        isHostCharacter(byte) || Array("!#$%&'*+/=?^_`{|}~".utf8).contains(byte)
    }

    private static func isHostCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "-")
    }
}
