import Foundation
import Testing
@testable import WenshuDelivery

/// One contract, two stores: every rule of the outbox checked against SQLite and PostgreSQL alike.
@Suite("Outbox store contract", .serialized)
struct OutboxContractTests {
    let now = Date()
    func lease(_ seconds: Double = 60) -> Date { now.addingTimeInterval(seconds) }

    @Test(arguments: StoreKind.allCases)
    func sameIdempotencyKeyGivesOneJob(kind: StoreKind) async throws {
        let store = try await StoreFixtures.make(kind)
        defer { Task { try? await store.close() } }
        let first = try await store.enqueue(StoreFixtures.request("K-1", channel: .email), messageDomain: "wenshu.test", now: now)
        let again = try await store.enqueue(StoreFixtures.request("K-1", channel: .email, target: "other@example.com"),
                                            messageDomain: "wenshu.test", now: now)
        #expect(first.created)
        #expect(!again.created)
        #expect(again.job.id == first.job.id)
        #expect(again.job.target == "zhang.san@example.com")
        #expect(try await store.counts().total == 1)
        #expect(first.job.messageID.hasSuffix("@wenshu.test"))
        #expect(first.job.email?.subject == "您的电子保单 Your e-policy")
        #expect(first.job.fileName == "电子保单-K-1.pdf")
        #expect(first.job.state == .queued)
        // What enqueue hands back is what the store holds, field for field (dates to the millisecond).
        #expect(try await store.job(id: first.job.id) == first.job)
        #expect(try await store.job(id: again.job.id) == again.job)
    }

    /// Many callers at once, each key given by four of them (the SQLite store writes callers that
    /// arrive together in one transaction): one job per key, created once, and every caller gets it.
    @Test(arguments: StoreKind.allCases)
    func concurrentEnqueuesOfOneKeyGiveOneJob(kind: StoreKind) async throws {
        let store = try await StoreFixtures.make(kind)
        defer { Task { try? await store.close() } }
        let results = try await withThrowingTaskGroup(of: (String, DeliveryJob, Bool).self) { group in
            for caller in 0..<40 {
                group.addTask {
                    let key = "G-\(caller % 10)"
                    let result = try await store.enqueue(StoreFixtures.request(key, channel: .email), messageDomain: "wenshu.test", now: now)
                    return (key, result.job, result.created)
                }
            }
            var all: [(String, DeliveryJob, Bool)] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(try await store.counts().total == 10)
        for key in (0..<10).map({ "G-\($0)" }) {
            let mine = results.filter { $0.0 == key }
            #expect(mine.count == 4)
            #expect(mine.filter(\.2).count == 1)
            #expect(Set(mine.map(\.1.id)).count == 1)
            #expect(try await store.job(idempotencyKey: key) == mine[0].1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func documentsAreStoredOncePerDigest(kind: StoreKind) async throws {
        let store = try await StoreFixtures.make(kind)
        defer { Task { try? await store.close() } }
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let a = try await store.enqueue(StoreFixtures.request("D-1", document: bytes), messageDomain: "d", now: now).job
        let b = try await store.enqueue(StoreFixtures.request("D-2", document: bytes), messageDomain: "d", now: now).job
        #expect(a.documentSHA256 == b.documentSHA256)
        #expect(a.documentSize == 100_000)
        #expect(try await store.document(sha256: a.documentSHA256) == bytes)
        #expect(try await store.document(sha256: String(repeating: "0", count: 64)) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func claimIsExclusiveAndExpiredLeasesAreTakenOver(kind: StoreKind) async throws {
        let store = try await StoreFixtures.make(kind)
        defer { Task { try? await store.close() } }
        let job = try await store.enqueue(StoreFixtures.request("L-1"), messageDomain: "d", now: now).job
        let claimed = try await store.claim(owner: "w1", limit: 10, leaseUntil: lease(30), now: now)
        #expect(claimed.map(\.id) == [job.id])
        #expect(claimed.first?.state == .sending)
        #expect(claimed.first?.attempts == 1)
        #expect(claimed.first?.leaseOwner == "w1")
        #expect(try await store.claim(owner: "w2", limit: 10, leaseUntil: lease(30), now: now).isEmpty)
        // w1 renews; w2 cannot renew what it does not hold.
        #expect(try await store.renew(jobID: job.id, owner: "w1", leaseUntil: lease(40)))
        #expect(try await !store.renew(jobID: job.id, owner: "w2", leaseUntil: lease(40)))
        // After the lease runs out, w2 takes it over and the attempt is counted.
        let later = now.addingTimeInterval(41)
        let taken = try await store.claim(owner: "w2", limit: 10, leaseUntil: later.addingTimeInterval(30), now: later)
        #expect(taken.map(\.id) == [job.id])
        #expect(taken.first?.attempts == 2)
        // w1's late result is refused; w2's is kept.
        #expect(try await !store.finish(jobID: job.id, owner: "w1", transition: .sent(code: 250, reply: "late"),
                                        attempt: StoreFixtures.attempt(job), now: later))
        #expect(try await store.finish(jobID: job.id, owner: "w2", transition: .sent(code: 250, reply: "2.0.0 queued"),
                                       attempt: StoreFixtures.attempt(job, owner: "w2"), now: later))
        let final = try #require(try await store.job(id: job.id))
        #expect(final.state == .sent)
        #expect(final.lastReply == "2.0.0 queued")
        #expect(final.leaseOwner == nil)
        #expect(try await store.attempts(jobID: job.id).count == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func retryWaitsUntilItsTime(kind: StoreKind) async throws {
        let store = try await StoreFixtures.make(kind)
        defer { Task { try? await store.close() } }
        let job = try await store.enqueue(StoreFixtures.request("R-1"), messageDomain: "d", now: now).job
        _ = try await store.claim(owner: "w1", limit: 1, leaseUntil: lease(), now: now)
        let at = now.addingTimeInterval(5)
        #expect(try await store.finish(jobID: job.id, owner: "w1", transition: .retry(at: at, code: 451, reply: "4.3.0 try later"),
                                       attempt: StoreFixtures.attempt(job, outcome: "temporary"), now: now))
        let waiting = try #require(try await store.job(id: job.id))
        #expect(waiting.state == .retrying)
        #expect(waiting.lastCode == 451)
        #expect(try await store.claim(owner: "w1", limit: 1, leaseUntil: lease(), now: now.addingTimeInterval(4)).isEmpty)
        let wake = try #require(try await store.nextWake())
        #expect(abs(wake.timeIntervalSince(at)) < 0.01)
        let again = try await store.claim(owner: "w1", limit: 1, leaseUntil: lease(), now: now.addingTimeInterval(5.001))
        #expect(again.first?.attempts == 2)
        #expect(again.first?.state == .sending)
    }

    @Test(arguments: StoreKind.allCases)
    func deadLettersAreListedAndRequeued(kind: StoreKind) async throws {
        let store = try await StoreFixtures.make(kind)
        defer { Task { try? await store.close() } }
        let job = try await store.enqueue(StoreFixtures.request("X-1", channel: .email), messageDomain: "d", now: now).job
        _ = try await store.claim(owner: "w1", limit: 1, leaseUntil: lease(), now: now)
        #expect(try await store.finish(jobID: job.id, owner: "w1", transition: .dead(code: 550, reason: "permanent failure: 5.1.1 no such user"),
                                       attempt: StoreFixtures.attempt(job, outcome: "permanent"), now: now))
        let dead = try await store.dead(limit: 10)
        #expect(dead.map(\.id) == [job.id])
        #expect(dead.first?.lastReply == "permanent failure: 5.1.1 no such user")
        #expect(try await store.counts()[.dead] == 1)
        #expect(try await store.requeue(jobID: job.id, now: now))
        #expect(try await !store.requeue(jobID: job.id, now: now))
        let back = try #require(try await store.job(id: job.id))
        #expect(back.state == .queued)
        #expect(back.attempts == 0)
        let audit = try await store.attempts(jobID: job.id)
        #expect(audit.count == 1)
        #expect(audit.first?.maskedTarget == "z***@example.com")
        #expect(audit.first?.outcome == "permanent")
    }

    @Test(arguments: StoreKind.allCases)
    func releaseGivesLeasesBackWithoutChargingTheAttempt(kind: StoreKind) async throws {
        let store = try await StoreFixtures.make(kind)
        defer { Task { try? await store.close() } }
        for i in 0..<3 { _ = try await store.enqueue(StoreFixtures.request("S-\(i)"), messageDomain: "d", now: now) }
        #expect(try await store.claim(owner: "w1", limit: 2, leaseUntil: lease(), now: now).count == 2)
        #expect(try await store.release(owner: "w1", now: now) == 2)
        #expect(try await store.counts()[.sending] == 0)
        let all = try await store.claim(owner: "w2", limit: 10, leaseUntil: lease(), now: now)
        #expect(all.count == 3)
        #expect(all.allSatisfy { $0.attempts == 1 })
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchWithABadRequestEnqueuesNothing(kind: StoreKind) async throws {
        let store = try await StoreFixtures.make(kind)
        defer { Task { try? await store.close() } }
        var bad = StoreFixtures.request("B-2")
        bad.fileName = "../escape.pdf"
        await #expect(throws: OutboxError.self) {
            _ = try await store.enqueue(batch: [StoreFixtures.request("B-1"), bad], messageDomain: "d", now: now)
        }
        #expect(try await store.counts().total == 0)
        let ok = try await store.enqueue(batch: (0..<50).map { StoreFixtures.request("B-\($0)") }, messageDomain: "d", now: now)
        #expect(ok.count == 50 && ok.allSatisfy(\.created))
    }

    /// Several claimers race on one store (two connections to the same database): every job is
    /// claimed by exactly one of them.
    @Test(arguments: StoreKind.allCases)
    func concurrentClaimersNeverShareAJob(kind: StoreKind) async throws {
        let url = try StoreFixtures.url(kind)
        let a = try await OutboxStores.open(url: url, logger: StoreFixtures.logger)
        let b = try await OutboxStores.open(url: url, logger: StoreFixtures.logger)
        defer { Task { try? await a.close(); try? await b.close() } }
        _ = try await a.enqueue(batch: (0..<300).map { StoreFixtures.request("C-\($0)") }, messageDomain: "d", now: now)
        let claims = try await withThrowingTaskGroup(of: [String].self) { group in
            for (index, store) in [a, b, a, b].enumerated() {
                group.addTask {
                    var mine: [String] = []
                    while true {
                        let got = try await store.claim(owner: "w\(index)", limit: 7, leaseUntil: Date().addingTimeInterval(60), now: Date())
                        if got.isEmpty { return mine }
                        mine += got.map(\.id)
                    }
                }
            }
            var all: [String] = []
            for try await ids in group { all += ids }
            return all
        }
        #expect(claims.count == 300)
        #expect(Set(claims).count == 300)
    }
}
