import Foundation

/// Where a delivery goes.
public enum DeliveryChannel: String, Sendable, CaseIterable, Codable {
    case email, filesystem, s3
}

/// A job's place in its life: `queued → sending → sent`, or `sending → retrying → sending … → dead`.
/// `sending` is only ever held under a lease; a lease that expires makes the job claimable again.
public enum JobState: String, Sendable, CaseIterable, Codable {
    case queued, sending, retrying, sent, dead

    /// States a job never leaves without a requeue.
    public var isFinal: Bool { self == .sent || self == .dead }
}

/// What a caller hands the outbox: the bytes, how to name them, and where they go.
/// The outbox never learns how the document was made (no render stage is imported here).
public struct DeliveryRequest: Sendable {
    /// Unique per delivery; enqueuing the same key again returns the first job and changes nothing.
    public var idempotencyKey: String
    public var channel: DeliveryChannel
    /// An email address, or a storage key (for `filesystem` and `s3`).
    public var target: String
    public var fileName: String
    public var mediaType: String
    public var document: [UInt8]
    /// Channel-specific content: for email the rendered subject and bodies (`EmailContent`).
    public var email: EmailContent?
    /// Free-form facts kept with the job (document id, template, batch); never secrets.
    public var metadata: [String: String]

    public init(idempotencyKey: String, channel: DeliveryChannel, target: String, fileName: String, mediaType: String,
                document: [UInt8], email: EmailContent? = nil, metadata: [String: String] = [:]) {
        self.idempotencyKey = idempotencyKey; self.channel = channel; self.target = target; self.fileName = fileName
        self.mediaType = mediaType; self.document = document; self.email = email; self.metadata = metadata
    }
}

extension DeliveryRequest {
    /// The second message of an encrypted document: the password that opens it, without the
    /// document attached, keyed apart from the document's own message (`<key>:email-password:<to>`).
    /// The service and `wenshu deliver` both enqueue it through here.
    public static func passwordMessage(key: String, to address: String, fileName: String, document: [UInt8], subject: String,
                                       text: String, html: String?, recipientName: String?, template: String) -> DeliveryRequest {
        DeliveryRequest(
            idempotencyKey: "\(key):email-password:\(address.lowercased())", channel: .email, target: address, fileName: fileName,
            mediaType: "application/pdf", document: document,
            email: EmailContent(subject: subject, text: text, html: html, recipientName: recipientName, attachesDocument: false),
            metadata: ["template": template, "message": "password"])
    }
}

/// The mail around an attached document, already rendered from the document's mail template.
public struct EmailContent: Sendable, Codable, Equatable {
    public var subject: String
    public var text: String
    public var html: String?
    /// The recipient's display name (e.g. the policyholder's name); optional.
    public var recipientName: String?
    /// Files attached after the job's own document, in order: an endorsement's email carries the
    /// re-issued certificate too, so the customer gets one message holding both. Kept in the job's
    /// payload (base64), so a retry sends exactly the same files.
    public var attachments: [EmailAttachment]?
    /// False for a message about the job's document that must not carry it: the second message
    /// holding an encrypted copy's password. Nil (older jobs) attaches it.
    public var attachesDocument: Bool?

    public init(subject: String, text: String, html: String? = nil, recipientName: String? = nil, attachments: [EmailAttachment]? = nil,
                attachesDocument: Bool = true) {
        self.subject = subject; self.text = text; self.html = html; self.recipientName = recipientName
        self.attachments = attachments?.isEmpty == true ? nil : attachments
        self.attachesDocument = attachesDocument ? nil : false
    }
}

/// A further file of an email delivery.
public struct EmailAttachment: Sendable, Codable, Equatable {
    public var fileName: String
    public var mediaType: String
    public var bytes: Data
    public init(fileName: String, mediaType: String, bytes: [UInt8]) {
        self.fileName = fileName; self.mediaType = mediaType; self.bytes = Data(bytes)
    }
}

/// The payload column: everything a sender needs besides the document bytes.
struct JobPayload: Codable, Equatable {
    var email: EmailContent?
    var metadata: [String: String]
}

/// A delivery job as stored.
public struct DeliveryJob: Sendable, Equatable {
    public var id: String
    public var idempotencyKey: String
    public var channel: DeliveryChannel
    public var target: String
    public var fileName: String
    public var mediaType: String
    public var documentSHA256: String
    public var documentSize: Int
    /// Where the bytes are kept: `outbox:<sha256>` (the store's own content-addressed blob table).
    public var bytesLocation: String
    public var email: EmailContent?
    public var metadata: [String: String]
    public var state: JobState
    public var attempts: Int
    public var nextAttemptAt: Date
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    public var lastCode: Int?
    public var lastReply: String?
    /// RFC 5322 Message-ID (without angle brackets), derived from the idempotency key so that every
    /// retry of one job, including one after an ambiguous failure, carries the same id.
    public var messageID: String
    public var createdAt: Date
    public var updatedAt: Date
}

/// One try at delivering a job, for the audit table. Recipients are masked before they get here.
public struct DeliveryAttempt: Sendable, Equatable {
    public var jobID: String
    public var at: Date
    public var channel: DeliveryChannel
    public var maskedTarget: String
    public var outcome: String
    public var code: Int?
    public var reply: String
    public var bytes: Int
    public var durationMilliseconds: Int
    public var worker: String
}

/// Jobs by state, for `outbox status` and metrics.
public struct OutboxCounts: Sendable, Equatable {
    public var byState: [JobState: Int]
    public var total: Int { byState.values.reduce(0, +) }
    public subscript(state: JobState) -> Int { byState[state] ?? 0 }
}
