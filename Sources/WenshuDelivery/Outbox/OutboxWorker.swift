import Foundation
import Logging

/// Sends due jobs: claims them under a lease, renews the lease while a send takes long, applies the
/// state machine's transition, and records every attempt. Any number of workers, in one process or
/// on several nodes, can run on one store; claims never overlap.
public final class OutboxWorker: Sendable {
    public struct Options: Sendable {
        /// Sends in flight at once.
        public var concurrency: Int
        /// The longest sleep when nothing is due (a NOTIFY or local enqueue wakes it sooner).
        public var pollInterval: Duration
        public var owner: String
        /// Told of every attempt's channel and outcome, for metrics.
        public var onAttempt: (@Sendable (DeliveryChannel, DeliveryOutcome) -> Void)?
        public init(concurrency: Int = 4, pollInterval: Duration = .seconds(2), owner: String = OutboxWorker.defaultOwner(),
                    onAttempt: (@Sendable (DeliveryChannel, DeliveryOutcome) -> Void)? = nil) {
            self.concurrency = max(1, concurrency); self.pollInterval = pollInterval; self.owner = owner; self.onAttempt = onAttempt
        }
    }

    public struct Summary: Sendable, Equatable {
        public var sent = 0
        public var retried = 0
        public var dead = 0
        public var lostLeases = 0
        public var attempts: Int { sent + retried + dead }
    }

    let store: any OutboxStore
    let senders: [DeliveryChannel: any DeliverySender]
    let machine: JobStateMachine
    let options: Options
    let logger: Logger
    public let wake = WakeSignal()
    private let tally = Tally()
    private let stopFlag = StopFlag()

    /// Stops claiming; `run` returns once the sends in flight have finished and their results are
    /// recorded. Used on SIGTERM, where cancelling would cut a send off mid-conversation.
    public func stop() {
        stopFlag.set()
        wake.signal()
    }

    public init(store: any OutboxStore, senders: [DeliveryChannel: any DeliverySender], policy: RetryPolicy,
                options: Options = Options(), logger: Logger) {
        self.store = store; self.senders = senders; self.machine = JobStateMachine(policy: policy)
        self.options = options; self.logger = logger
    }

    /// `hostname:pid:random`: unique per process, readable in `outbox status`.
    public static func defaultOwner() -> String {
        "\(ProcessInfo.processInfo.hostName.prefix(40)):\(ProcessInfo.processInfo.processIdentifier):\(Identifiers.newJobID().prefix(6))"
    }

    /// Runs until the task is cancelled, or — with `untilIdle` — until no job is queued, retrying or
    /// sending (scheduled retries are waited for). On cancellation, sends in flight finish and the
    /// leases still held are given back, so another worker takes them at once.
    @discardableResult
    public func run(untilIdle: Bool = false) async throws -> Summary {
        let inFlight = InFlight()
        do {
            try await withThrowingDiscardingTaskGroup { group in
                while !Task.isCancelled && !stopFlag.isSet {
                    let free = options.concurrency - inFlight.count
                    var claimed: [DeliveryJob] = []
                    if free > 0 {
                        let now = Date()
                        claimed = try await store.claim(owner: options.owner, limit: free,
                                                        leaseUntil: now.addingTimeInterval(machine.policy.lease.seconds), now: now)
                    }
                    for job in claimed {
                        inFlight.add()
                        group.addTask { [self] in
                            await self.process(job)
                            inFlight.remove()
                            self.wake.signal()
                        }
                    }
                    if !claimed.isEmpty && inFlight.count < options.concurrency { continue }
                    if untilIdle && inFlight.count == 0 && claimed.isEmpty {
                        let counts = try await store.counts()
                        if counts[.queued] + counts[.retrying] + counts[.sending] == 0 { break }
                    }
                    await wake.wait(timeout: try await sleepTime(busy: inFlight.count > 0))
                }
            }
        } catch {
            _ = try? await store.release(owner: options.owner, now: Date())
            throw error
        }
        let released = (try? await store.release(owner: options.owner, now: Date())) ?? 0
        if released > 0 { logger.info("outbox worker released leases", metadata: ["count": "\(released)"]) }
        return tally.summary
    }

    private func sleepTime(busy: Bool) async throws -> Duration {
        if busy { return options.pollInterval }
        guard let next = try await store.nextWake() else { return options.pollInterval }
        let wait = next.timeIntervalSinceNow
        if wait <= 0 { return .milliseconds(5) }
        return min(options.pollInterval, .milliseconds(Int64(wait * 1000) + 5))
    }

    /// One claimed job, start to finish. Never throws: a failure to record the result leaves the
    /// lease to expire, and the job is tried again (with the same Message-ID).
    func process(_ job: DeliveryJob) async {
        let started = ContinuousClock.now
        let outcome: DeliveryOutcome
        let masked: String
        if let sender = senders[job.channel] {
            masked = sender.maskedTarget(job)
            guard let sent = await withLeaseRenewal(job, { document in await sender.deliver(job, document: document) }) else {
                // Another worker holds the job now (this one was too slow to start): it sends, not us.
                tally.add(\.lostLeases)
                logger.warning("lease lost before sending; left to its new holder", metadata: ["job": "\(job.id)"])
                return
            }
            outcome = sent
        } else {
            masked = job.channel == .email ? "(masked)" : job.target
            outcome = .temporary(code: nil, reply: "no \(job.channel.rawValue) channel is configured on this node")
        }
        let elapsed = ContinuousClock.now - started
        let now = Date()
        let transition = machine.next(after: outcome, attempts: job.attempts, now: now)
        let attempt = DeliveryAttempt(
            jobID: job.id, at: now, channel: job.channel, maskedTarget: masked, outcome: outcome.name, code: outcome.code,
            reply: String(outcome.reply.prefix(500)), bytes: job.documentSize,
            durationMilliseconds: Int(elapsed.seconds * 1000), worker: options.owner)
        var held = false
        for retry in 0..<5 {
            do {
                held = try await store.finish(jobID: job.id, owner: options.owner, transition: transition, attempt: attempt, now: now)
                break
            } catch {
                logger.error("cannot record a delivery result", metadata: ["job": "\(job.id)", "error": "\(String(describing: error).prefix(200))"])
                try? await Task.sleep(for: .milliseconds(100 << retry))
            }
        }
        switch transition {
        case .sent: tally.add(\.sent)
        case .retry: tally.add(\.retried)
        case .dead: tally.add(\.dead)
        }
        if !held { tally.add(\.lostLeases) }
        options.onAttempt?(job.channel, outcome)
        logger.info("delivery attempt", metadata: [
            "job": "\(job.id)", "channel": "\(job.channel.rawValue)", "to": "\(masked)", "attempt": "\(job.attempts)",
            "outcome": "\(outcome.name)", "code": "\(outcome.code.map(String.init) ?? "-")",
            "next": "\(Self.describe(transition))", "ms": "\(attempt.durationMilliseconds)",
        ])
    }

    /// Runs the send while a side task renews the lease every third of its length. The lease is
    /// renewed once more just before the send starts, and the send does not start unless that
    /// succeeds: a worker starved between its claim and the send (a loaded machine, a slow document
    /// read) may have lost the job to another, and sending then would send it twice. Nil when the
    /// lease was lost (or could not be confirmed) before sending.
    private func withLeaseRenewal(_ job: DeliveryJob, _ send: @escaping @Sendable ([UInt8]) async -> DeliveryOutcome) async -> DeliveryOutcome? {
        let document: [UInt8]
        do {
            guard let bytes = try await store.document(sha256: job.documentSHA256) else {
                return .permanent(code: nil, reply: "the document bytes (\(job.bytesLocation)) are missing from the outbox")
            }
            document = bytes
        } catch {
            return .temporary(code: nil, reply: "cannot read the document from the outbox: \(String(describing: error).prefix(200))")
        }
        let lease = machine.policy.lease
        guard (try? await store.renew(jobID: job.id, owner: options.owner, leaseUntil: Date().addingTimeInterval(lease.seconds))) == true else {
            return nil
        }
        return await withTaskGroup(of: DeliveryOutcome?.self) { group in
            group.addTask { await send(document) }
            group.addTask { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: lease / 3)
                    if Task.isCancelled { break }
                    let until = Date().addingTimeInterval(lease.seconds)
                    if (try? await store.renew(jobID: job.id, owner: options.owner, leaseUntil: until)) == false {
                        logger.warning("lease lost while sending", metadata: ["job": "\(job.id)"])
                        break
                    }
                }
                return nil
            }
            var result: DeliveryOutcome = .temporary(code: nil, reply: "send did not finish")
            while let next = await group.next() {
                if let outcome = next { result = outcome; group.cancelAll() }
            }
            return result
        }
    }

    static func describe(_ t: JobStateMachine.Transition) -> String {
        switch t {
        case .sent: return "sent"
        case .retry(let at, _, _): return "retry in \(Int(max(0, at.timeIntervalSinceNow) * 1000)) ms"
        case .dead: return "dead letter"
        }
    }
}

/// Counts shared by the worker's tasks.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var value = OutboxWorker.Summary()
    func add(_ field: WritableKeyPath<OutboxWorker.Summary, Int>) { lock.lock(); value[keyPath: field] += 1; lock.unlock() }
    var summary: OutboxWorker.Summary { lock.lock(); defer { lock.unlock() }; return value }
}

final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

final class InFlight: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    func remove() { lock.lock(); n -= 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return n }
}
