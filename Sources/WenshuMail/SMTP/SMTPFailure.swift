public import WenshuDiagnostics
/// Why a connection or a message failed, classified for retry decisions.
public struct SMTPFailure: DiagnosticConvertible, Sendable {
    public enum Kind: Sendable, Hashable {
        /// Retry later: a 4xx reply, or the connection failed, timed out or was refused before
        /// the final "." of the message was sent. The message was not accepted.
        case temporary
        /// Do not retry: a 5xx reply, or a configuration or input that can never work.
        case permanent
        /// The final "." was sent but no valid reply arrived: the server may have accepted the
        /// message. Retrying may deliver it twice.
        case ambiguous
    }

    public var kind: Kind
    /// The reply code, or nil when no valid reply caused the failure.
    public var code: Int?
    /// The server's reply on one line, at most 512 characters with addresses masked, or our
    /// own lowercase description when there was no reply.
    public var reply: String
    /// "connect", "TLS", "greeting", "EHLO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA" or
    /// "end of data".
    public var stage: String

    public init(kind: Kind, code: Int?, reply: String, stage: String) {
        self.kind = kind
        self.code = code
        self.reply = reply
        self.stage = stage
    }

    /// "temporary smtp failure at RCPT (450): …": the kind decides retries, so it leads.
    public var message: String {
        "\(kind) smtp failure at \(stage)" + (code.map { " (\($0))" } ?? "") + ": \(reply)"
    }
}

/// The server's reply to the final "." of an accepted message.
public struct SMTPReceipt: Sendable, Hashable {
    public var code: Int
    /// On one line, bounded and with addresses masked; often carries the server's queue id.
    public var reply: String

    public init(code: Int, reply: String) {
        self.code = code
        self.reply = reply
    }
}
