import Foundation

/// Wakes a sleeping worker early: on a local enqueue, or on PostgreSQL's NOTIFY from another node.
/// Signals that arrive while nobody waits are remembered once, so a wake between "nothing claimed"
/// and "sleep" is not lost.
public final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?

    public init() {}

    public func signal() {
        lock.lock()
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.resume()
        } else {
            pending = true
            lock.unlock()
        }
    }

    private func takeWaiter() -> CheckedContinuation<Void, Never>? {
        lock.lock(); defer { lock.unlock() }
        let stale = waiter
        waiter = nil
        return stale
    }

    /// Returns at a signal or after `timeout`, whichever is first.
    public func wait(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    self.lock.lock()
                    if self.pending {
                        self.pending = false
                        self.lock.unlock()
                        continuation.resume()
                    } else {
                        self.waiter?.resume()
                        self.waiter = continuation
                        self.lock.unlock()
                    }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            // The sleeping child ends at cancellation; the waiting one needs a resume.
            self.takeWaiter()?.resume()
        }
    }
}
