import Foundation
import Testing
@testable import WenshuDelivery

/// `wenshu deliver` and `wenshu batch --deliver-to` end to end: rendered, recorded, sent to a real
/// SMTP server and stored; every captured message read back by Python's `email` package.
@Suite("Deliver from the command line", .serialized)
struct DeliverCommandTests {
    struct Run { var status: Int32; var out: String; var err: String }

    static func wenshu(_ arguments: [String], env: [String: String]) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: WorkerProcessTests.wenshu)
        p.arguments = arguments
        p.environment = env
        p.currentDirectoryURL = URL(fileURLWithPath: TestServers.repositoryRoot)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    /// Whether a stored message's head names `text`: the shared spool holds every test's messages,
    /// and parsing each with Python costs a process start, so only candidates are parsed.
    static func mentions(_ file: String, _ text: String) -> Bool {
        guard let raw = FileManager.default.contents(atPath: file) else { return false }
        return String(decoding: raw.prefix(8192), as: UTF8.self).contains(text)
    }

    /// The message as Python's `email` reads it; with `saveTo`, its attachments are written there as `<sha256>.bin`.
    static func parse(_ file: String, saveTo: String? = nil) throws -> [String: Any] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", TestServers.repositoryRoot + "/Tests/Servers/smtp_check.py", file] + (saveTo.map { [$0] } ?? [])
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test func deliverRendersSendsAndStores() async throws {
        let server = try SMTPTestServer.shared.get()
        let dir = temporaryDirectory("deliver")
        var env = WorkerProcessTests.environment(database: "sqlite://\(dir)/outbox.db", smtpPort: server.port("ok"))
        env["WENSHU_STORE_URL"] = "file://\(dir)/store"
        let address = "zhang.wei.\(UUID().uuidString.prefix(6).lowercased())@example.com"
        let args = ["deliver", "--template", "epolicy", "--data", "samples/epolicy.json", "--to", address, "--store", "policies/P1.pdf",
                    "--data-dir", dir, "--send"]
        let run = try Self.wenshu(args, env: env)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("sent 2"), "\(run.out)")
        #expect(!run.out.contains(address) && !run.err.contains(address), "the address is masked in output")
        let stored = try #require(FileManager.default.contents(atPath: dir + "/store/policies/P1.pdf"))
        #expect(stored.starts(with: Data("%PDF-".utf8)))

        let store = try await OutboxStores.open(url: "sqlite://\(dir)/outbox.db", logger: StoreFixtures.logger)
        let jobs = try await store.dead(limit: 10)
        #expect(jobs.isEmpty)
        let counts = try await store.counts()
        #expect(counts[.sent] == 2)
        try await store.close()

        // Run again: the same document to the same targets is not enqueued or sent a second time.
        let again = try Self.wenshu(args, env: env)
        #expect(again.status == 0)
        #expect(again.out.contains("already enqueued: sent"), "\(again.out)")

        let idRun = try Self.wenshu(["outbox", "status", "--json", "--data-dir", dir], env: env)
        #expect(idRun.out.contains("\"sent\":2"), "\(idRun.out)")

        // The message at the server: Chinese subject, names and file name decode; the attachment
        // is the stored PDF byte for byte.
        let spool = server.spool + "/ok"
        var found: [String: Any]?
        for name in try FileManager.default.contentsOfDirectory(atPath: spool) where name.hasSuffix(".eml") && Self.mentions(spool + "/" + name, address) {
            let parsed = try Self.parse(spool + "/" + name)
            if (parsed["to_address"] as? String) == address { #expect(found == nil, "one message only"); found = parsed }
        }
        let message = try #require(found)
        #expect((message["subject"] as? String)?.hasPrefix("您的电子保单 P2025310100000123 / Your e-policy") == true)
        #expect(message["from_name"] as? String == "文书保险")
        #expect(message["to_name"] as? String == "张伟")
        let attachment = try #require((message["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["filename"] as? String == "电子保单-P2025310100000123.pdf")
        #expect(attachment["sha256"] as? String == sha256(Array(stored)))
        #expect((message["text"] as? String)?.contains("尊敬的 张伟") == true)
        #expect((message["defects"] as? [Any])?.isEmpty == true)
    }

    @Test func batchDeliversToTheAddressInEachRecord() async throws {
        let server = try SMTPTestServer.shared.get()
        let dir = temporaryDirectory("batch-deliver")
        let env = WorkerProcessTests.environment(database: "sqlite://\(dir)/outbox.db", smtpPort: server.port("ok"))
        let sample = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TestServers.repositoryRoot + "/samples/visa-certificate.json"))) as! [String: Any]
        var lines: [String] = []
        let tag = UUID().uuidString.prefix(6).lowercased()
        for i in 0..<5 {
            var record = sample
            record["policyNumber"] = "V20253101000\(String(format: "%05d", i))"
            var insured = record["insured"] as! [String: Any]
            insured["email"] = "traveller\(i).\(tag)@example.com"
            record["insured"] = insured
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self))
        }
        var broken = sample
        broken["policyNumber"] = "V2025310100099999"   // no email: refused with its JSON path, not sent
        lines.append(String(decoding: try JSONSerialization.data(withJSONObject: broken, options: [.sortedKeys]), as: UTF8.self))
        try lines.joined(separator: "\n").write(toFile: dir + "/records.jsonl", atomically: true, encoding: .utf8)
        let args = ["batch", "--template", "visa-certificate", "--data", dir + "/records.jsonl", "--out", dir + "/out",
                    "--deliver-to", "$.insured.email", "--data-dir", dir, "--send", "--jobs", "2"]
        let run = try Self.wenshu(args, env: env)
        #expect(run.status == 1, "one record has no address")
        #expect(run.err.contains("$.insured.email"), "\(run.err)")
        #expect(run.out.contains("sent 5"), "\(run.out)")
        let store = try await OutboxStores.open(url: "sqlite://\(dir)/outbox.db", logger: StoreFixtures.logger)
        var ids = Set<String>()
        // Six documents rendered; the one without an address is kept but counted failed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0.hasSuffix(".pdf") }.count == 6)
        #expect(try await store.counts()[.sent] == 5)
        for job in try await store.claim(owner: "probe", limit: 100, leaseUntil: Date(), now: Date()) { ids.insert(job.messageID) }
        #expect(ids.isEmpty, "nothing left to send")
        try await store.close()
        // Resume: nothing new is enqueued or sent.
        let again = try Self.wenshu(args, env: env)
        #expect(again.out.contains("sent 0"), "\(again.out)")
        let folder = server.spool + "/ok"
        let sent = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".eml") && Self.mentions(folder + "/" + $0, ".\(tag)@") }
            .map { try Self.parse(folder + "/" + $0) }.filter { ($0["to_address"] as? String)?.contains(".\(tag)@") == true }
        #expect(sent.count == 5)
        #expect(Set(sent.compactMap { $0["to_address"] as? String }).count == 5)
        #expect(sent.allSatisfy { ($0["subject"] as? String)?.hasPrefix("签证保险证明") == true })
        #expect(sent.allSatisfy { ($0["to_name"] as? String) == "欧阳乐乐" })
    }
}

func sha256(_ bytes: [UInt8]) -> String { Identifiers.sha256Hex(bytes) }
