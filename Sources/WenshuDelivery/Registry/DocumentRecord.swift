import Foundation

/// What a document is, once issued: enough to serve its file and to answer the verification page
/// without re-reading the data. Personal data is kept only in the masked form the document prints.
public struct DocumentRecord: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// In force as far as the registry knows; the verify page also checks the period's end.
        case valid
        /// A newer version of the same policy's document was issued.
        case superseded
        case cancelled
    }

    public var id: String
    /// Unique per document; issuing again with the same key returns the first record.
    public var idempotencyKey: String
    public var template: String
    public var templateVersion: String
    public var dataSHA256: String
    public var fileSHA256: String
    public var fileSize: Int
    public var mediaType: String
    public var fileName: String
    /// Where the file is kept (object store key).
    public var storageKey: String
    /// The code behind the document's QR (`/verify/{code}`): random, unguessable, URL-safe.
    public var verificationCode: String
    public var status: Status
    /// The document's title for the verify page, e.g. "电子保单 Electronic Policy".
    public var kind: String
    public var policyNumber: String?
    /// As printed: masked.
    public var holderMasked: String?
    public var periodStart: String?
    public var periodEnd: String?
    /// Version within the policy's chain of documents (1 for the first).
    public var version: Int
    public var supersededBy: String?
    public var statusChangedAt: Date?
    public var batchID: String?
    public var batchRecord: Int?
    public var createdAt: Date

    public init(id: String = Identifiers.newDocumentID(), idempotencyKey: String, template: String, templateVersion: String,
                dataSHA256: String, fileSHA256: String, fileSize: Int, mediaType: String, fileName: String, storageKey: String,
                verificationCode: String, status: Status = .valid, kind: String, policyNumber: String?, holderMasked: String?,
                periodStart: String?, periodEnd: String?, version: Int = 1, supersededBy: String? = nil, statusChangedAt: Date? = nil,
                batchID: String? = nil, batchRecord: Int? = nil, createdAt: Date) {
        self.id = id; self.idempotencyKey = idempotencyKey; self.template = template; self.templateVersion = templateVersion
        self.dataSHA256 = dataSHA256; self.fileSHA256 = fileSHA256; self.fileSize = fileSize; self.mediaType = mediaType
        self.fileName = fileName; self.storageKey = storageKey; self.verificationCode = verificationCode; self.status = status
        self.kind = kind; self.policyNumber = policyNumber; self.holderMasked = holderMasked; self.periodStart = periodStart
        self.periodEnd = periodEnd; self.version = version; self.supersededBy = supersededBy; self.statusChangedAt = statusChangedAt
        self.batchID = batchID; self.batchRecord = batchRecord; self.createdAt = createdAt
    }
}

/// A batch submitted over HTTP: its records are split into chunks that any node's worker claims.
public struct BatchRecord: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable { case receiving, running, done }
    public var id: String
    public var template: String
    public var state: State
    public var total: Int
    public var done: Int
    public var failed: Int
    public var createdAt: Date
    public var finishedAt: Date?
    public init(id: String, template: String, state: State, total: Int, done: Int, failed: Int, createdAt: Date, finishedAt: Date?) {
        self.id = id; self.template = template; self.state = state; self.total = total; self.done = done; self.failed = failed
        self.createdAt = createdAt; self.finishedAt = finishedAt
    }
}

/// One record of a batch that could not be issued, with every diagnostic.
public struct BatchFailure: Sendable, Equatable, Codable {
    public var record: Int
    public var diagnostics: [String]
    public init(record: Int, diagnostics: [String]) { self.record = record; self.diagnostics = diagnostics }
}

/// A chunk of a batch claimed by a worker: consecutive records (1-based numbers) as JSON lines.
public struct BatchChunk: Sendable, Equatable {
    public var batchID: String
    public var index: Int
    public var firstRecord: Int
    public var records: [[UInt8]]
    /// The batch's delivery instructions (JSON), as submitted.
    public var options: String
    public var template: String
}

extension Identifiers {
    public static func newDocumentID() -> String { "doc_" + newJobID().prefix(24) }
    public static func newBatchID() -> String { "bat_" + newJobID().prefix(24) }
    /// 16 characters from a 32-letter alphabet without look-alikes (80 bits, the templates print at most
    /// 16): printed in the QR and
    /// typed by hand at worst.
    public static func newVerificationCode() -> String {
        let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
