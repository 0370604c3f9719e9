public import WenshuDiagnostics
import Foundation

/// The durable outbox. Two implementations, one contract (`OutboxContractTests` runs against both):
/// SQLite for one node, PostgreSQL for several sharing a database.
///
/// Every method is atomic. A job is `sending` only under a lease held by one owner; `finish` succeeds
/// only for the owner that still holds the lease, so a worker that lost its lease (it was too slow
/// and another took the job over) cannot overwrite the other's result.
public protocol OutboxStore: Sendable, CustomStringConvertible {
    /// Creates tables and indexes if they are missing. Safe to call on every start, from any node.
    func migrate() async throws

    /// Stores the document (content-addressed, once per SHA-256) and a queued job.
    /// - Returns: the job, and whether it was created (false: the key was enqueued before, and the
    ///   first job is returned unchanged).
    func enqueue(_ request: DeliveryRequest, messageDomain: String, now: Date) async throws -> (job: DeliveryJob, created: Bool)

    /// Enqueues many requests in one transaction (batch runs): all or nothing.
    func enqueue(batch: [DeliveryRequest], messageDomain: String, now: Date) async throws -> [(job: DeliveryJob, created: Bool)]

    /// Claims up to `limit` due jobs (queued or retrying with `nextAttemptAt <= now`, or `sending`
    /// with an expired lease) for `owner`, moving them to `sending` and counting the attempt.
    func claim(owner: String, limit: Int, leaseUntil: Date, now: Date) async throws -> [DeliveryJob]

    /// Extends a lease still held by `owner`. False when the lease was lost.
    func renew(jobID: String, owner: String, leaseUntil: Date) async throws -> Bool

    /// Carries out a transition for a job `owner` still holds and records the attempt in the audit
    /// table, in one transaction. False (and nothing written but the audit row) when the lease was lost.
    func finish(jobID: String, owner: String, transition: JobStateMachine.Transition, attempt: DeliveryAttempt,
                now: Date) async throws -> Bool

    /// Gives back every lease `owner` holds (graceful shutdown): the jobs become due at once, and the
    /// attempt that was counted for them is not charged.
    func release(owner: String, now: Date) async throws -> Int

    func job(id: String) async throws -> DeliveryJob?
    func job(idempotencyKey: String) async throws -> DeliveryJob?
    func attempts(jobID: String) async throws -> [DeliveryAttempt]
    func counts() async throws -> OutboxCounts
    /// Dead-lettered jobs, newest first.
    func dead(limit: Int) async throws -> [DeliveryJob]
    /// Puts a dead job back in the queue with a fresh count of attempts. False if it is not dead.
    func requeue(jobID: String, now: Date) async throws -> Bool
    /// The document bytes a job refers to.
    func document(sha256: String) async throws -> [UInt8]?
    /// The earliest `nextAttemptAt` among waiting jobs, or the earliest lease expiry: when to look next.
    func nextWake() async throws -> Date?

    func close() async throws
}

/// A store failure that says what is wrong (never a secret: URLs are printed without passwords).
public struct OutboxError: DiagnosticConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
