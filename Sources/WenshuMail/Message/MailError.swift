public import WenshuDiagnostics
/// A message that cannot be rendered or signed as given.
///
/// Thrown before any byte leaves the process, so a caller can treat it as a permanent,
/// input-level failure. Equality compares the code only.
public struct MailError: DiagnosticConvertible, Sendable, Equatable {
    /// What was wrong; extensible without breaking callers that switch on known codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// A CR, LF or NUL in a header input: refused so no caller can add a header (RFC 5322 §2.2).
        public static let headerInjection = Code(name: "header injection")
        /// An address that is not a plain ASCII `local@domain`.
        public static let invalidAddress = Code(name: "invalid address")
        /// A Message-ID that is not `left@right` in printable ASCII without `<>` or spaces.
        public static let invalidMessageID = Code(name: "invalid message id")
        /// A media type that is not `type/subtype` made of RFC 2045 token characters.
        public static let invalidMediaType = Code(name: "invalid media type")
        /// A message without recipients.
        public static let noRecipients = Code(name: "no recipients")
        /// A DKIM domain, selector or key that cannot be used.
        public static let invalidDKIMKey = Code(name: "invalid dkim key")
    }

    public var code: Code
    /// Lowercase explanation; never contains a full address.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static func == (lhs: MailError, rhs: MailError) -> Bool { lhs.code == rhs.code }
}
