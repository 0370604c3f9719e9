import Foundation
import Testing
@testable import WenshuDelivery

@Suite("Outbox enqueue coalescer")
struct EnqueueCoalescerTests {
    /// Callers that arrive during a write are written together next; when that group's write fails,
    /// each is written alone, so only the caller whose job cannot be written sees the error.
    @Test func aFailedGroupFailsOnlyTheCallerItCannotWrite() async throws {
        let coalescer = EnqueueCoalescer()
        let writes = Counter()
        let write: @Sendable (EnqueueCoalescer.Prepared) async throws -> EnqueueCoalescer.Results = { prepared in
            writes.add(prepared.count)
            try await Task.sleep(for: .milliseconds(30))
            if prepared.contains(where: { $0.0.idempotencyKey == "poison" }) { throw OutboxError("cannot write poison") }
            return prepared.map { ($0.1.job(of: $0.0), true) }
        }
        func prepared(_ key: String) throws -> EnqueueCoalescer.Prepared {
            try JobRow.prepare([StoreFixtures.request(key)], messageDomain: "d", now: Date())
        }
        let outcomes = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
            for i in 0..<8 {
                let key = i == 5 ? "poison" : "J-\(i)"
                let jobs = try prepared(key)
                group.addTask {
                    if i > 0 { try await Task.sleep(for: .milliseconds(5)) }  // the first starts a write the others wait for
                    do {
                        let result = try await coalescer.enqueue(jobs, write: write)
                        return (key, result.count == 1 && result[0].job.idempotencyKey == key)
                    } catch {
                        return (key, false)
                    }
                }
            }
            var all: [(String, Bool)] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.count == 8)
        for (key, ok) in outcomes { #expect(ok == (key != "poison"), "\(key)") }
        // The first alone, the seven others as one group (which failed), then each of the seven alone.
        #expect(writes.sizes.first == 1)
        #expect(writes.sizes.contains(7))
        #expect(writes.sizes.count == 1 + 1 + 7)
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int] = []
    func add(_ n: Int) { lock.lock(); values.append(n); lock.unlock() }
    var sizes: [Int] { lock.lock(); defer { lock.unlock() }; return values }
}
