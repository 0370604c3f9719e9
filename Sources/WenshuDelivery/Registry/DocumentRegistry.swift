import Foundation

/// The outbox and the registry in one database, as every node opens it.
public typealias DeliveryDatabase = OutboxStore & DocumentRegistry

/// Issued documents and HTTP batches, kept in the outbox's database so that a document and its
/// deliveries are written in one transaction: either both exist or neither does.
public protocol DocumentRegistry: Sendable {
    /// Records documents and enqueues their deliveries in one transaction: an endorsement, the
    /// documents it re-issues (each superseding its template's previous version of the policy) and
    /// the email carrying them exist together or not at all. With `cancelPolicy`, every document of
    /// that policy is then marked cancelled. Issuing again with the first item's idempotency key
    /// returns the first call's records and jobs, changing nothing.
    func issue(_ items: [IssueItem], deliveries: [DeliveryRequest], cancelPolicy: String?, messageDomain: String, now: Date) async throws
        -> (records: [DocumentRecord], created: Bool, jobs: [DeliveryJob])
    /// Every document of a policy, all templates and versions, oldest first: the policy's chain.
    func documents(policyNumber: String) async throws -> [DocumentRecord]
    /// The data a document was rendered from, kept so that an endorsement can re-issue it.
    func data(documentID: String) async throws -> [UInt8]?
    func document(id: String) async throws -> DocumentRecord?
    func document(idempotencyKey: String) async throws -> DocumentRecord?
    func document(verificationCode: String) async throws -> DocumentRecord?
    /// Delivery jobs enqueued with a document (their metadata's `document` is its id).
    func deliveries(documentID: String) async throws -> [DeliveryJob]
    /// Marks every document of a policy cancelled (optionally one template's only); returns how many.
    func cancel(template: String?, policyNumber: String, now: Date) async throws -> Int

    /// Starts a batch in state `receiving`.
    func createBatch(id: String, template: String, options: String, now: Date) async throws
    /// Adds records `firstRecord…` as one chunk, claimable at once.
    func addChunk(batchID: String, index: Int, firstRecord: Int, records: [[UInt8]]) async throws
    /// All records received: the batch runs until every chunk is done.
    func closeBatch(id: String, total: Int, now: Date) async throws
    /// Claims one chunk not done (or whose lease expired) for `owner`.
    func claimChunk(owner: String, leaseUntil: Date, now: Date) async throws -> BatchChunk?
    /// Marks a chunk done with its counts and failures; finishes the batch when it was the last.
    func finishChunk(batchID: String, index: Int, owner: String, done: Int, failures: [BatchFailure], now: Date) async throws
    func batch(id: String) async throws -> BatchRecord?
    func batchFailures(id: String, limit: Int) async throws -> [BatchFailure]
}

/// A document to record: its registry entry, the data it was rendered from (kept for re-issue), and
/// whether it replaces the previous version of its template for the policy (a certificate does; an
/// endorsement is a document of its own and does not).
public struct IssueItem: Sendable {
    public var record: DocumentRecord
    public var data: [UInt8]?
    public var supersedesPrevious: Bool
    /// The version the caller printed (its QR token names it): recording fails with "version
    /// conflict" if another version was recorded since. Nil lets the registry number it.
    public var expectedVersion: Int?
    public init(record: DocumentRecord, data: [UInt8]?, supersedesPrevious: Bool = true, expectedVersion: Int? = nil) {
        self.record = record; self.data = data; self.supersedesPrevious = supersedesPrevious; self.expectedVersion = expectedVersion
    }
}

extension DocumentRegistry {
    /// One document and its deliveries (see the batch form).
    public func issue(_ document: DocumentRecord, data: [UInt8]? = nil, deliveries: [DeliveryRequest], messageDomain: String, now: Date)
        async throws -> (record: DocumentRecord, created: Bool, jobs: [DeliveryJob]) {
        let issued = try await issue([IssueItem(record: document, data: data)], deliveries: deliveries, cancelPolicy: nil,
                                     messageDomain: messageDomain, now: now)
        guard let first = issued.records.first else { throw OutboxError("the registry returned no document for '\(document.id)'") }
        return (first, issued.created, issued.jobs)
    }
}

/// Named points where a test can kill the process (`WENSHU_FAILPOINT=name`), to prove that a crash
/// there leaves the old state or the new one, never a mix. Off unless the variable names the point.
public enum FailPoint {
    public static func hit(_ name: String) {
        guard let wanted = ProcessInfo.processInfo.environment["WENSHU_FAILPOINT"], wanted == name else { return }
        kill(getpid(), SIGKILL)
    }
}
