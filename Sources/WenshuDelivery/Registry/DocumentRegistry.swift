import Foundation

/// The outbox and the registry in one database, as every node opens it.
public typealias DeliveryDatabase = OutboxStore & DocumentRegistry

/// Issued documents and HTTP batches, kept in the outbox's database so that a document and its
/// deliveries are written in one transaction: either both exist or neither does.
public protocol DocumentRegistry: Sendable {
    /// Records the document and enqueues its deliveries atomically. Issuing with an idempotency key
    /// seen before returns the first record and its jobs, changing nothing.
    func issue(_ document: DocumentRecord, deliveries: [DeliveryRequest], messageDomain: String, now: Date) async throws
        -> (record: DocumentRecord, created: Bool, jobs: [DeliveryJob])
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
