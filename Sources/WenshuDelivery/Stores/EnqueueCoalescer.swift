import Foundation

/// Groups enqueues that arrive while another is being written into the next single write, so a
/// service with many requests in flight pays one statement and one commit for all of them rather
/// than one each (SQLite has one writer; the callers would otherwise queue on the connection anyway).
///
/// Each caller still returns only once the write holding its own jobs has committed, so the
/// durability of a returned enqueue is unchanged. A key enqueued twice in one group is created once
/// and both callers get the same job, as if they had come one after the other. When a group's write
/// fails, each member is written again on its own, so one caller's failure is never another's.
final class EnqueueCoalescer: @unchecked Sendable {
    typealias Prepared = [(DeliveryRequest, JobRow)]
    typealias Results = [(job: DeliveryJob, created: Bool)]

    private struct Waiting {
        let jobs: Prepared
        let continuation: CheckedContinuation<Results, any Error>
    }

    /// A group stops growing at this many jobs (a caller's batch larger than that goes alone).
    static let groupLimit = 200

    private let lock = NSLock()
    private var queue: [Waiting] = []
    private var writing = false
    /// `write` writes a group in one go; every caller passes the same store's.
    func enqueue(_ jobs: Prepared, write: @escaping @Sendable (Prepared) async throws -> Results) async throws -> Results {
        // Nobody writing: write at once, on the caller's own task (no hand-over, no added latency).
        if startWriting() {
            let outcome: Result<Results, any Error>
            do { outcome = .success(try await write(jobs)) } catch { outcome = .failure(error) }
            handOver(write)
            return try outcome.get()
        }
        return try await withCheckedThrowingContinuation { continuation in
            let lead: Bool = lock.withLock {
                queue.append(Waiting(jobs: jobs, continuation: continuation))
                if writing { return false }
                writing = true
                return true
            }
            if lead { Task { await self.drain(write) } }
        }
    }

    private func startWriting() -> Bool {
        lock.withLock {
            if writing { return false }
            writing = true
            return true
        }
    }

    /// After a write: the callers that queued meanwhile are written by a task of their own.
    private func handOver(_ write: @escaping @Sendable (Prepared) async throws -> Results) {
        let more: Bool = lock.withLock {
            if queue.isEmpty { writing = false; return false }
            return true
        }
        if more { Task { await self.drain(write) } }
    }

    private func drain(_ write: @Sendable (Prepared) async throws -> Results) async {
        while true {
            let group: [Waiting] = lock.withLock {
                var group: [Waiting] = []
                var jobs = 0
                while let next = queue.first, group.isEmpty || jobs + next.jobs.count <= Self.groupLimit {
                    group.append(queue.removeFirst())
                    jobs += next.jobs.count
                }
                if group.isEmpty { writing = false }
                return group
            }
            guard !group.isEmpty else { return }
            do {
                let results = try await write(group.flatMap(\.jobs))
                var offset = 0
                for member in group {
                    member.continuation.resume(returning: Array(results[offset..<offset + member.jobs.count]))
                    offset += member.jobs.count
                }
            } catch {
                if group.count == 1 {
                    group[0].continuation.resume(throwing: error)
                    continue
                }
                for member in group {
                    do { member.continuation.resume(returning: try await write(member.jobs)) } catch {
                        member.continuation.resume(throwing: error)
                    }
                }
            }
        }
    }
}
