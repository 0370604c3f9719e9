import Foundation
import Testing
@testable import WenshuDelivery

@Suite("Retry rules")
struct JobStateMachineTests {
    let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .milliseconds(1000), maxAttempts: 5, lease: .seconds(10))
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func deliveredIsSent() {
        let t = JobStateMachine(policy: policy).next(after: .delivered(code: 250, reply: "ok"), attempts: 1, now: now)
        #expect(t == .sent(code: 250, reply: "ok"))
    }

    @Test func permanentGoesStraightToTheDeadLetter() {
        let t = JobStateMachine(policy: policy).next(after: .permanent(code: 550, reply: "5.1.1 unknown"), attempts: 1, now: now)
        #expect(t == .dead(code: 550, reason: "permanent failure: 5.1.1 unknown"))
    }

    @Test(arguments: [DeliveryOutcome.temporary(code: 451, reply: "later"), .ambiguous(code: nil, reply: "lost after .")])
    func temporaryAndAmbiguousRetryUntilAttemptsRunOut(outcome: DeliveryOutcome) {
        let machine = JobStateMachine(policy: policy)
        for attempt in 1..<5 {
            guard case .retry(let at, _, _) = machine.next(after: outcome, attempts: attempt, now: now) else {
                Issue.record("attempt \(attempt) should retry"); return
            }
            let full = min(1.0, 0.1 * pow(2, Double(attempt - 1)))
            let wait = at.timeIntervalSince(now)
            #expect(wait >= full / 2 - 0.001 && wait <= full + 0.001, "attempt \(attempt): waited \(wait)")
        }
        guard case .dead(_, let reason) = machine.next(after: outcome, attempts: 5, now: now) else {
            Issue.record("the fifth failure should dead-letter"); return
        }
        #expect(reason.hasPrefix("gave up after 5 attempts"))
    }

    @Test func jitterSpreadsRetries() {
        var waits = Set<Int64>()
        for _ in 0..<50 {
            let d = policy.delay(afterAttempt: 3)
            waits.insert(Int64(d.seconds * 1000))
            #expect(d >= .milliseconds(200) && d <= .milliseconds(400))
        }
        #expect(waits.count > 10)
    }

    @Test func waitsNeverExceedTheCap() {
        #expect(policy.delay(afterAttempt: 60) <= .milliseconds(1000))
        #expect(policy.delay(afterAttempt: 10_000) <= .milliseconds(1000))
    }

    @Test func messageIDFollowsTheKey() {
        let a = Identifiers.messageID(idempotencyKey: "P-1/email", domain: "mail.example")
        #expect(a == Identifiers.messageID(idempotencyKey: "P-1/email", domain: "mail.example"))
        #expect(a != Identifiers.messageID(idempotencyKey: "P-2/email", domain: "mail.example"))
        #expect(a.hasSuffix("@mail.example"))
    }
}
