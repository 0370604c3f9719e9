public import Foundation

/// A file sent with a message.
public struct MailAttachment: Sendable, Hashable {
    /// Any script; sent as RFC 2231 `filename*` plus an ASCII fallback. No CR, LF or NUL.
    public var fileName: String
    /// `type/subtype`, e.g. `application/pdf`.
    public var mediaType: String
    public var bytes: [UInt8]

    public init(fileName: String, mediaType: String, bytes: [UInt8]) {
        self.fileName = fileName
        self.mediaType = mediaType
        self.bytes = bytes
    }
}

/// Everything `MIMEWriter` needs; rendering the same value always gives the same bytes.
public struct MailMessage: Sendable {
    public var from: MailAddress
    /// At least one.
    public var to: [MailAddress]
    public var subject: String
    /// The text/plain body, always sent.
    public var text: String
    /// An optional text/html alternative.
    public var html: String?
    public var attachments: [MailAttachment]
    /// `left@right` without angle brackets; also seeds the MIME boundaries.
    public var messageID: String
    /// Written as the Date header in UTC; an input, never the clock.
    public var date: Date

    public init(
        from: MailAddress, to: [MailAddress], subject: String, text: String, html: String? = nil,
        attachments: [MailAttachment] = [], messageID: String, date: Date
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.attachments = attachments
        self.messageID = messageID
        self.date = date
    }
}
