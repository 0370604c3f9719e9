import Foundation

/// Serialises async critical sections. One database connection runs one transaction at a time, and a
/// transaction spans several awaits, during which an actor would let another caller in.
///
/// A lock and a queue of continuations rather than an actor: taking a free mutex returns at once on
/// the caller's thread, where an actor cost two executor hops per statement.
final class AsyncMutex: @unchecked Sendable {
    private let state = NSLock()
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if tryLock() { return }
        await withCheckedContinuation { enqueue($0) }
    }

    func unlock() {
        // Handed straight to the next waiter, so nobody can slip in between.
        let next: CheckedContinuation<Void, Never>? = state.withLock {
            if waiters.isEmpty { locked = false; return nil }
            return waiters.removeFirst()
        }
        next?.resume()
    }

    func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await lock()
        do {
            let value = try await body()
            unlock()
            return value
        } catch {
            unlock()
            throw error
        }
    }

    private func tryLock() -> Bool {
        state.withLock {
            if locked { return false }
            locked = true
            return true
        }
    }

    /// Takes the mutex if it came free meanwhile, else waits in line.
    private func enqueue(_ continuation: CheckedContinuation<Void, Never>) {
        let acquired: Bool = state.withLock {
            if locked { waiters.append(continuation); return false }
            locked = true
            return true
        }
        if acquired { continuation.resume() }
    }
}
