import Foundation

/// How long to wait between tries, how often to try, and how long a claim holds.
///
/// Waits grow exponentially from `baseDelay` up to `maxDelay`, with "equal jitter" (half the wait fixed,
/// half random) so that jobs that failed together — a mail server's 421 burst — do not come back
/// together and still never come back sooner than half the computed wait.
public struct RetryPolicy: Sendable, Equatable {
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Tries in all, the first included; a temporary failure on the last one dead-letters the job.
    public var maxAttempts: Int
    /// How long a claim is held without renewal; a worker that dies loses its jobs after this.
    public var lease: Duration

    public init(baseDelay: Duration = .seconds(30), maxDelay: Duration = .seconds(3600), maxAttempts: Int = 12,
                lease: Duration = .seconds(120)) {
        self.baseDelay = baseDelay; self.maxDelay = maxDelay; self.maxAttempts = max(1, maxAttempts); self.lease = lease
    }

    /// The wait before try `attempt + 1`, after `attempt` tries (1-based) failed.
    public func delay<R: RandomNumberGenerator>(afterAttempt attempt: Int, using random: inout R) -> Duration {
        let base = baseDelay.seconds, cap = maxDelay.seconds
        let exponent = Double(min(max(attempt - 1, 0), 62))
        let full = min(cap, base * pow(2, exponent))
        let wait = full / 2 + Double.random(in: 0...(full / 2), using: &random)
        return .milliseconds(Int64((wait * 1000).rounded()))
    }

    public func delay(afterAttempt attempt: Int) -> Duration {
        var random = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, using: &random)
    }
}

extension Duration {
    /// Seconds as a Double (Duration keeps seconds and attoseconds apart).
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
