import Foundation
import Testing
@testable import WenshuDelivery

/// `wenshu outbox run` as separate processes, the way nodes run it: killed with SIGKILL at random
/// moments, and two at once on one database.
@Suite("Outbox worker processes", .serialized)
struct WorkerProcessTests {
    static let wenshu: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent(), URL(fileURLWithPath: TestServers.repositoryRoot + "/.build/debug")] {
            let candidate = dir.appendingPathComponent("wenshu").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return TestServers.repositoryRoot + "/.build/debug/wenshu"
    }()

    static func environment(database: String, smtpPort: Int) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["WENSHU_DATABASE_URL"] = database
        env["WENSHU_SMTP_URL"] = "smtp://127.0.0.1:\(smtpPort)"
        env["WENSHU_MAIL_FROM"] = "文书保险 <policy@insurer.example>"
        env["WENSHU_LEASE_MS"] = "1500"
        env["WENSHU_RETRY_BASE_MS"] = "20"
        env["WENSHU_RETRY_CAP_MS"] = "200"
        env["WENSHU_SMTP_TIMEOUT_MS"] = "2000"
        env.removeValue(forKey: "WENSHU_STORE_URL")
        return env
    }

    static func worker(_ arguments: [String], env: [String: String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: wenshu)
        p.arguments = ["outbox", "run"] + arguments
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func enqueue(_ count: Int, url: String, tag: String) async throws -> [DeliveryJob] {
        let store = try await OutboxStores.open(url: url, logger: StoreFixtures.logger)
        let document = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let requests = (0..<count).map { i in
            DeliveryRequest(idempotencyKey: "\(tag)-\(i)", channel: .email, target: "p\(i)@example.com", fileName: "电子保单-\(i).pdf",
                            mediaType: "application/pdf", document: document, email: EmailContent(subject: "保单 \(i)", text: "见附件"))
        }
        var jobs: [DeliveryJob] = []
        for chunk in stride(from: 0, to: count, by: 250) {
            jobs += try await store.enqueue(batch: Array(requests[chunk..<min(count, chunk + 250)]), messageDomain: "insurer.example",
                                            now: Date()).map(\.job)
        }
        try await store.close()
        return jobs
    }

    @Test(arguments: StoreKind.allCases)
    func killedWorkersLoseNothing(kind: StoreKind) async throws {
        let server = try SMTPTestServer.shared.get()
        let url = try StoreFixtures.url(kind)
        let jobs = try await Self.enqueue(500, url: url, tag: "kill-\(UUID().uuidString)")
        let env = Self.environment(database: url, smtpPort: server.port("ok"))
        var kills = 0
        for _ in 0..<6 {
            let p = try Self.worker(["--concurrency", "4"], env: env)
            try await Task.sleep(for: .milliseconds(Int.random(in: 150...700)))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            kills += 1
        }
        let last = try Self.worker(["--until-idle", "--concurrency", "4"], env: env)
        let deadline = Date().addingTimeInterval(120)
        while last.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!last.isRunning, "the final worker should finish")
        if last.isRunning { last.terminate() }
        #expect(last.terminationStatus == 0)

        let store = try await OutboxStores.open(url: url, logger: StoreFixtures.logger)
        defer { Task { try? await store.close() } }
        let counts = try await store.counts()
        #expect(counts[.sent] == 500, "\(counts)")
        #expect(counts[.sending] == 0)
        let atServer = server.messageIDs("ok")
        var duplicates = 0
        for job in jobs {
            let seen = atServer[job.messageID] ?? 0
            #expect(seen >= 1, "job \(job.id) never reached the server")
            duplicates += max(0, seen - 1)
        }
        // Only a send in flight at the moment of a kill can be repeated (same Message-ID).
        #expect(duplicates <= kills * 4, "\(duplicates) duplicates after \(kills) kills")
    }

    @Test(arguments: StoreKind.allCases)
    func twoWorkerProcessesSendEachJobOnce(kind: StoreKind) async throws {
        let server = try SMTPTestServer.shared.get()
        let url = try StoreFixtures.url(kind)
        let jobs = try await Self.enqueue(400, url: url, tag: "pair-\(UUID().uuidString)")
        let env = Self.environment(database: url, smtpPort: server.port("ok"))
        let workers = try (0..<2).map { _ in try Self.worker(["--until-idle", "--concurrency", "4"], env: env) }
        let deadline = Date().addingTimeInterval(120)
        while workers.contains(where: \.isRunning) && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        for w in workers where w.isRunning { w.terminate() }
        #expect(workers.allSatisfy { $0.terminationStatus == 0 })
        let atServer = server.messageIDs("ok")
        for job in jobs { #expect(atServer[job.messageID] == 1, "job \(job.id) arrived \(atServer[job.messageID] ?? 0) times") }
        let store = try await OutboxStores.open(url: url, logger: StoreFixtures.logger)
        defer { Task { try? await store.close() } }
        var workersSeen = Set<String>()
        for job in jobs.prefix(400) { for a in try await store.attempts(jobID: job.id) { workersSeen.insert(a.worker) } }
        #expect(workersSeen.count == 2, "both processes sent: \(workersSeen.count)")
    }
}
