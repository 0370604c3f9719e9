public import WenshuDiagnostics
import Foundation
import Synchronization

/// Thrown when every render thread is busy and the wait queue is full: the caller answers 503 with
/// `Retry-After` instead of letting work pile up without bound.
public struct RenderPoolSaturated: DiagnosticConvertible, Sendable {
    public init() {}
    public var message: String { "all render threads are busy and the queue is full" }
    public var diagnosticCode: String { Diagnostic.Code.limit }
}

/// A fixed set of threads that run renders, with a bounded wait queue.
///
/// Rendering is CPU-bound and synchronous; running it on an event loop or the cooperative pool would
/// stall every other request. Work that is still queued when its task is cancelled (request timeout,
/// client gone) is dropped without running.
public final class RenderPool: Sendable {
    /// One render: whoever moves `state` away from 0 first (a thread taking it, or cancellation)
    /// resumes the caller, exactly once.
    private final class Job: Sendable {
        let state = Atomic<Int>(0)  // 0 queued, 1 taken by a thread, 2 cancelled
        let work: @Sendable () -> Void
        let abandon: @Sendable () -> Void
        init(work: @escaping @Sendable () -> Void, abandon: @escaping @Sendable () -> Void) { self.work = work; self.abandon = abandon }
        func take() -> Bool { state.compareExchange(expected: 0, desired: 1, ordering: .acquiringAndReleasing).exchanged }
        func cancel() { if state.compareExchange(expected: 0, desired: 2, ordering: .acquiringAndReleasing).exchanged { abandon() } }
    }

    /// Links a task's cancellation to its job, which may not exist yet when cancellation comes.
    private final class Link: Sendable {
        private let slot = Mutex<(job: Job?, cancelled: Bool)>((nil, false))
        func attach(_ job: Job) { if slot.withLock({ $0.job = job; return $0.cancelled }) { job.cancel() } }
        func cancel() { slot.withLock { $0.cancelled = true; return $0.job }?.cancel() }
    }

    private struct State {
        var queue: [Job] = []
        var head = 0
        var stopping = false
        var busy = 0
        var waiting: Int { queue.count - head }
    }

    public let threads: Int
    public let queueLimit: Int
    private let state = Mutex(State())
    private let condition = NSCondition()

    /// - Parameters:
    ///   - threads: render threads (default: the number of active cores).
    ///   - queueLimit: renders allowed to wait for a thread; one more is refused.
    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, queueLimit: Int = 64) {
        self.threads = max(1, threads)
        self.queueLimit = max(0, queueLimit)
        for index in 0..<self.threads {
            let thread = Thread { [self] in self.loop() }
            thread.name = "wenshu-render-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Renders waiting for a thread, and renders running.
    public var load: (waiting: Int, busy: Int) { state.withLock { ($0.waiting, $0.busy) } }

    /// Runs `work` on a render thread.
    /// - Throws: `RenderPoolSaturated` at once when the queue is full; `CancellationError` when the
    ///   task was cancelled before a thread picked the work up; else whatever `work` throws.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let link = Link()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let job = Job(
                    work: { continuation.resume(with: Result { try work() }) },
                    abandon: { continuation.resume(throwing: CancellationError()) })
                let accepted = condition.withLock {
                    state.withLock { s -> Bool in
                        guard !s.stopping, s.waiting + s.busy < queueLimit + threads else { return false }
                        s.queue.append(job)
                        return true
                    }
                }
                guard accepted else { continuation.resume(throwing: RenderPoolSaturated()); return }
                condition.signal()
                link.attach(job)
            }
        } onCancel: {
            link.cancel()
        }
    }

    /// Lets the threads finish what is queued, then exit.
    public func shutdown() {
        condition.withLock { state.withLock { $0.stopping = true } }
        condition.broadcast()
    }

    private func loop() {
        while true {
            condition.lock()
            var job: Job?
            while job == nil {
                let (next, stop) = state.withLock { s -> (Job?, Bool) in
                    guard s.head < s.queue.count else { return (nil, s.stopping) }
                    let j = s.queue[s.head]
                    s.head += 1
                    if s.head > 64 && s.head * 2 > s.queue.count { s.queue.removeFirst(s.head); s.head = 0 }
                    s.busy += 1
                    return (j, false)
                }
                if stop { condition.unlock(); return }
                if let next { job = next } else { condition.wait() }
            }
            condition.unlock()
            if let job, job.take() { job.work() }
            state.withLock { $0.busy -= 1 }
        }
    }
}
