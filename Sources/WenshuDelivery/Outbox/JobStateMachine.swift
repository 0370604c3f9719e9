import Foundation

/// The outbox's rules as a value: given a claimed job and what its try came to, the next state.
/// The stores only carry out the `Transition`; nothing here does I/O, so every rule is tested alone.
public struct JobStateMachine: Sendable {
    public var policy: RetryPolicy

    public init(policy: RetryPolicy) { self.policy = policy }

    public enum Transition: Sendable, Equatable {
        case sent(code: Int?, reply: String)
        case retry(at: Date, code: Int?, reply: String)
        case dead(code: Int?, reason: String)
    }

    /// - Parameters:
    ///   - attempts: tries made so far, this one included (the claim counted it).
    public func next<R: RandomNumberGenerator>(after outcome: DeliveryOutcome, attempts: Int, now: Date,
                                               random: inout R) -> Transition {
        switch outcome {
        case .delivered(let code, let reply):
            return .sent(code: code, reply: reply)
        case .permanent(let code, let reply):
            return .dead(code: code, reason: "permanent failure: " + reply)
        case .temporary(let code, let reply), .ambiguous(let code, let reply):
            if attempts >= policy.maxAttempts {
                return .dead(code: code, reason: "gave up after \(attempts) attempts: " + reply)
            }
            let wait = policy.delay(afterAttempt: attempts, using: &random)
            return .retry(at: now.addingTimeInterval(wait.seconds), code: code, reply: reply)
        }
    }

    public func next(after outcome: DeliveryOutcome, attempts: Int, now: Date) -> Transition {
        var random = SystemRandomNumberGenerator()
        return next(after: outcome, attempts: attempts, now: now, random: &random)
    }
}
