import Foundation
import Logging
import NIOCore
import Testing
import WenshuMail
@testable import WenshuDelivery

/// The outbox against a real SMTP server that fails on purpose: every job ends delivered exactly
/// once (counted by Message-ID at the server) or dead-lettered with its reason; duplicates appear
/// only where the failure was ambiguous, and then with the same Message-ID.
@Suite("Delivery fault matrix", .serialized)
struct DeliveryFaultTests {
    static let policy = RetryPolicy(baseDelay: .milliseconds(10), maxDelay: .milliseconds(80), maxAttempts: 10, lease: .seconds(5))

    static func sender(_ server: SMTPTestServer, mode: String) throws -> EmailSender {
        var config = SMTPConfiguration(host: "127.0.0.1", port: server.port(mode), security: mode == "starttls" ? .startTLS : .plain,
                                       connectTimeout: .seconds(2), commandTimeout: .milliseconds(400), dataTimeout: .seconds(2),
                                       trustRootsPEMFile: server.spool + "/cert.pem")
        if mode == "starttls" { config.username = "wenshu"; config.password = "s3cret" }
        return EmailSender(configuration: config, from: try MailAddress("policy@insurer.example", displayName: "文书保险"),
                           maxIdleConnections: 4, logger: StoreFixtures.logger)
    }

    @Test(arguments: ["ok", "greet421", "rcpt451", "rcpt452", "rcpt550", "dropdata", "dropdot", "slow", "starttls"])
    func twoHundredJobsEndDeliveredOnceOrDead(mode: String) async throws {
        let server = try SMTPTestServer.shared.get()
        let store = try await StoreFixtures.make(.sqlite)
        defer { Task { try? await store.close() } }
        // 100 KB, as an e-policy: big enough that a connection dropped mid-DATA fails the write.
        let pdf = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) } + Array("PDF \(mode)".utf8)
        let requests = (0..<200).map { i in
            DeliveryRequest(idempotencyKey: "\(mode)-\(i)-\(UUID().uuidString)", channel: .email, target: "user\(i)@example.com",
                            fileName: "保单-\(i).pdf", mediaType: "application/pdf", document: pdf,
                            email: EmailContent(subject: "您的电子保单 \(i)", text: "见附件", recipientName: "张三"))
        }
        _ = try await store.enqueue(batch: requests, messageDomain: "insurer.example", now: Date())
        let sender = try Self.sender(server, mode: mode)
        let worker = OutboxWorker(store: store, senders: [.email: sender], policy: Self.policy,
                                  options: .init(concurrency: 8, pollInterval: .milliseconds(50)), logger: StoreFixtures.logger)
        try await worker.run(untilIdle: true)
        await sender.shutdown()

        let atServer = server.messageIDs(mode)
        let counts = try await store.counts()
        #expect(counts[.sent] + counts[.dead] == 200)
        #expect(counts[.queued] + counts[.retrying] + counts[.sending] == 0)
        var ambiguousJobs = 0
        for (request, _) in zip(requests, 0...) {
            let job = try #require(try await store.job(idempotencyKey: request.idempotencyKey))
            let seen = atServer[job.messageID] ?? 0
            let attempts = try await store.attempts(jobID: job.id)
            let ambiguous = attempts.contains { $0.outcome == "ambiguous" }
            if ambiguous { ambiguousJobs += 1 }
            #expect(attempts.count == job.attempts, "every attempt is audited")
            #expect(attempts.allSatisfy { $0.maskedTarget != job.target && !$0.maskedTarget.contains("user") })
            switch job.state {
            case .sent:
                if ambiguous { #expect(seen >= 1) } else { #expect(seen == 1, "\(job.messageID) arrived \(seen) times") }
            case .dead:
                #expect(job.lastReply?.isEmpty == false)
                if !ambiguous { #expect(seen == 0) }
            default:
                Issue.record("job \(job.id) ended \(job.state)")
            }
        }
        switch mode {
        case "rcpt550":
            #expect(counts[.dead] == 200)
            #expect(try await store.dead(limit: 1).first?.lastCode == 550)
        case "dropdot":
            #expect(counts[.sent] == 200)
            #expect(ambiguousJobs > 0, "the fault should have fired")
        case "dropdata":
            // The client cannot always tell a drop just before "." was read from one just after;
            // whichever it decides, the server never stored a message twice.
            #expect(counts[.sent] == 200, "\(counts)")
            #expect(atServer.values.allSatisfy { $0 == 1 })
        default:
            #expect(counts[.sent] == 200, "\(counts)")
            #expect(ambiguousJobs == 0)
        }
        if !["ok", "starttls", "rcpt550"].contains(mode) {
            let audit = try await store.attempts(jobID: try #require(try await store.job(idempotencyKey: requests[0].idempotencyKey)).id)
            _ = audit
            var failed = 0
            for request in requests {
                let job = try #require(try await store.job(idempotencyKey: request.idempotencyKey))
                failed += job.attempts - 1
            }
            #expect(failed > 0, "the \(mode) fault should have fired at least once")
        }
    }

    /// Two workers (two store connections, as two processes would have) on one database: no job is
    /// sent twice.
    @Test(arguments: StoreKind.allCases)
    func twoWorkersNeverSendAJobTwice(kind: StoreKind) async throws {
        let server = try SMTPTestServer.shared.get()
        let url = try StoreFixtures.url(kind)
        let a = try await OutboxStores.open(url: url, logger: StoreFixtures.logger)
        let b = try await OutboxStores.open(url: url, logger: StoreFixtures.logger)
        defer { Task { try? await a.close(); try? await b.close() } }
        let tag = UUID().uuidString
        let requests = (0..<300).map { i in
            DeliveryRequest(idempotencyKey: "two-\(tag)-\(i)", channel: .email, target: "u\(i)@example.com", fileName: "a.pdf",
                            mediaType: "application/pdf", document: Array("%PDF \(i)".utf8),
                            email: EmailContent(subject: "s", text: "t"))
        }
        let jobs = try await a.enqueue(batch: requests, messageDomain: "two.example", now: Date())
        let workers = try [a, b].map { store in
            OutboxWorker(store: store, senders: [.email: try Self.sender(server, mode: "ok")], policy: Self.policy,
                         options: .init(concurrency: 6, pollInterval: .milliseconds(50)), logger: StoreFixtures.logger)
        }
        let summaries = try await withThrowingTaskGroup(of: OutboxWorker.Summary.self) { group in
            for w in workers { group.addTask { try await w.run(untilIdle: true) } }
            var all: [OutboxWorker.Summary] = []
            for try await s in group { all.append(s) }
            return all
        }
        #expect(summaries.map(\.sent).reduce(0, +) == 300)
        #expect(summaries.allSatisfy { $0.sent > 0 }, "both workers took part: \(summaries.map(\.sent))")
        let atServer = server.messageIDs("ok")
        for (job, _) in jobs { #expect(atServer[job.messageID] == 1) }
    }
}
