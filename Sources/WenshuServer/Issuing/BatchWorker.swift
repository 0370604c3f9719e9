import Foundation
import Logging
import WenshuDelivery
import WenshuDiagnostics
import WenshuTemplates

/// Renders HTTP batches: claims a chunk under a lease (any node may), issues each record with the
/// idempotency key `batch:<id>:<record>` — so a chunk taken over after a crash re-issues nothing
/// that was issued — and records the failures with their diagnostics.
public final class BatchWorker: Sendable {
    let issuer: DocumentIssuer
    let logger: Logger
    let owner = "batch:" + OutboxWorker.defaultOwner()
    let lease: Duration
    let poll: Duration
    private let stopFlag = StopFlag()
    public let wake = WakeSignal()

    public init(issuer: DocumentIssuer, logger: Logger, lease: Duration = .seconds(120), poll: Duration = .milliseconds(500)) {
        self.issuer = issuer; self.logger = logger; self.lease = lease; self.poll = poll
    }

    public func stop() { stopFlag.set(); wake.signal() }

    /// Until `stop()` or cancellation; a chunk in progress is finished first.
    public func run() async throws {
        while !stopFlag.isSet && !Task.isCancelled {
            let chunk: BatchChunk?
            do {
                chunk = try await issuer.registry.claimChunk(owner: owner, leaseUntil: Date().addingTimeInterval(Double(lease.components.seconds)),
                                                             now: Date())
            } catch {
                logger.error("cannot claim a batch chunk", metadata: ["error": "\(String(describing: error).prefix(200))"])
                await wake.wait(timeout: .seconds(2))
                continue
            }
            guard let chunk else { await wake.wait(timeout: poll); continue }
            await process(chunk)
        }
    }

    /// Runs until no chunk is left (tests and `--until-idle` style use).
    public func drain() async {
        while let chunk = try? await issuer.registry.claimChunk(owner: owner, leaseUntil: Date().addingTimeInterval(120), now: Date()) {
            await process(chunk)
        }
    }

    func process(_ chunk: BatchChunk) async {
        let options = (try? JSONDecoder().decode(BatchOptions.self, from: Data(chunk.options.utf8))) ?? BatchOptions()
        let lookup = try? options.deliverTo.map { try DataLookup($0) }
        var done = 0
        var failures: [BatchFailure] = []
        for (offset, record) in chunk.records.enumerated() where !record.isEmpty {
            let number = chunk.firstRecord + offset
            do {
                var deliver: [DeliverySpec] = []
                if let lookup { deliver.append(DeliverySpec(channel: "email", to: try lookup.string(in: record))) }
                if let prefix = options.storePrefix {
                    deliver.append(DeliverySpec(channel: "store", key: (prefix.isEmpty ? "" : prefix + "/") + "\(chunk.batchID)-\(number).pdf"))
                }
                _ = try await issuer.issue(IssueRequest(template: chunk.template, data: record, deliver: deliver,
                                                        idempotencyKey: "batch:\(chunk.batchID):\(number)",
                                                        batchID: chunk.batchID, batchRecord: number, protection: options.protection))
                done += 1
            } catch let error as IssueError {
                if case .saturated = error { failures.append(BatchFailure(record: number, diagnostics: ["the render pool is full"])); continue }
                if case .invalid(let e) = error { failures.append(BatchFailure(record: number, diagnostics: e.diagnostics.map(\.description))) }
                else { failures.append(BatchFailure(record: number, diagnostics: [error.description])) }
            } catch let error as DiagnosticError {
                failures.append(BatchFailure(record: number, diagnostics: error.diagnostics.map(\.description)))
            } catch {
                failures.append(BatchFailure(record: number, diagnostics: ["\(error)"]))
            }
        }
        do {
            try await issuer.registry.finishChunk(batchID: chunk.batchID, index: chunk.index, owner: owner, done: done, failures: failures,
                                                  now: Date())
        } catch {
            logger.error("cannot record a batch chunk", metadata: ["batch": "\(chunk.batchID)", "error": "\(String(describing: error).prefix(200))"])
        }
    }
}

/// A flag set once from any thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
