import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import WenshuDelivery

/// Two `wenshu serve` processes sharing PostgreSQL and an S3 bucket, as two nodes would: a batch
/// submitted to one is rendered by both, each document is stored once and each email sent once.
@Suite("Two service nodes", .serialized)
struct TwoNodeServiceTests {
    static let token = "two-node-test-token-\(UUID().uuidString.prefix(8))"

    static func get(_ url: String) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: url)!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }

    static func waitReady(_ base: String, process: Process) async throws {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if !process.isRunning { throw TestServerError("wenshu serve exited with \(process.terminationStatus)") }
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: base + "/health/ready")!),
               (response as? HTTPURLResponse)?.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestServerError("\(base) not ready")
    }

    @Test func aBatchOnOneNodeIsRenderedByBothAndDeliveredOnce() async throws {
        let smtp = try SMTPTestServer.shared.get()
        let moto = try StorageDeliveryTests.moto.get()
        let database = try StoreFixtures.url(.postgres)
        let tag = UUID().uuidString.prefix(8).lowercased()
        var env = WorkerProcessTests.environment(database: database, smtpPort: smtp.port("ok"))
        env["WENSHU_STORE_URL"] = "s3://\(moto.bucket)?endpoint=\(moto.endpoint)&region=us-east-1"
        env["AWS_ACCESS_KEY_ID"] = moto.accessKey
        env["AWS_SECRET_ACCESS_KEY"] = moto.secretKey
        env["WENSHU_API_TOKENS"] = "test:\(Self.token):*"
        env["WENSHU_PUBLIC_URL"] = "https://verify.insurer.example"
        let ports = [TestServers.freePort(), TestServers.freePort()]
        var nodes: [Process] = []
        defer { for node in nodes where node.isRunning { node.terminate() } }
        for (i, port) in ports.enumerated() {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: WorkerProcessTests.wenshu)
            p.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--data-dir", temporaryDirectory("node\(i)")]
            p.environment = env
            p.currentDirectoryURL = URL(fileURLWithPath: TestServers.repositoryRoot)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            nodes.append(p)
        }
        for (port, node) in zip(ports, nodes) { try await Self.waitReady("http://127.0.0.1:\(port)", process: node) }

        // 1,000 visa certificates, each to its own traveller's address.
        let sample = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TestServers.repositoryRoot + "/samples/visa-certificate.json"))) as! [String: Any]
        var body = Data()
        for i in 0..<1000 {
            var record = sample
            record["policyNumber"] = "V2025\(tag.prefix(4).uppercased())\(String(format: "%06d", i))"
            var insured = record["insured"] as! [String: Any]
            insured["email"] = "t\(i).\(tag)@example.com"
            record["insured"] = insured
            record.removeValue(forKey: "verification")
            body += try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]) + Data("\n".utf8)
        }
        var post = URLRequest(url: URL(string: "http://127.0.0.1:\(ports[0])/v1/batches?template=visa-certificate&deliverTo=%24.insured.email")!)
        post.httpMethod = "POST"
        post.setValue("Bearer \(Self.token)", forHTTPHeaderField: "Authorization")
        post.setValue("application/x-ndjson", forHTTPHeaderField: "Content-Type")
        let (accepted, response) = try await URLSession.shared.upload(for: post, from: body)
        #expect((response as? HTTPURLResponse)?.statusCode == 202, "\(String(decoding: accepted, as: UTF8.self).prefix(500))")
        let batchID = try #require(((try? JSONSerialization.jsonObject(with: accepted)) as? [String: Any])?["id"] as? String)

        // Progress is visible from the other node; wait for the batch and the outbox to finish.
        var batch: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(400)
        while Date() < deadline {
            (_, batch) = try await Self.get("http://127.0.0.1:\(ports[1])/v1/batches/\(batchID)")
            if batch["state"] as? String == "done" { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(batch["state"] as? String == "done", "\(batch)")
        #expect(batch["done"] as? Int == 1000)
        #expect(batch["failed"] as? Int == 0)
        let store = try await OutboxStores.open(url: database, logger: StoreFixtures.logger)
        defer { Task { try? await store.close() } }
        while Date() < deadline {
            let counts = try await store.counts()
            if counts[.sent] + counts[.dead] >= 1000 && counts[.queued] + counts[.retrying] + counts[.sending] == 0 { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(try await store.counts()[.sent] == 1000)

        // Both nodes rendered: the chunks were finished by two different batch workers.
        let renderers = try psqlValue(database, "SELECT COUNT(DISTINCT lease_owner) FROM batch_chunks WHERE batch_id = '\(batchID)'")
        #expect(renderers == "2", "chunks rendered by \(renderers) node(s)")
        // Each document stored once: 1,000 records, 1,000 distinct objects in the bucket.
        #expect(try psqlValue(database, "SELECT COUNT(*) FROM documents WHERE batch_id = '\(batchID)'") == "1000")
        // (moto miscomputes the signature of a prefix holding '/', so list by a plain prefix and filter.)
        let keys = try listBucket(moto, prefix: "documents").filter { $0.hasPrefix("documents/visa-certificate/") }
        let stored = try psqlValue(database, "SELECT COUNT(*) FROM documents WHERE template = 'visa-certificate'")
        #expect(String(keys.count) == stored)
        // Each email sent once.
        let atServer = smtp.messageIDs("ok")
        let ids = try psqlValue(database, "SELECT string_agg(message_id, ',') FROM outbox_jobs").split(separator: ",")
        #expect(ids.count == 1000)
        for id in ids { #expect(atServer[String(id)] == 1, "\(id) arrived \(atServer[String(id)] ?? 0) times") }
        let senders = try psqlValue(database, "SELECT COUNT(DISTINCT worker) FROM outbox_attempts")
        #expect(senders == "2", "emails sent by \(senders) node(s)")
    }

    func psqlValue(_ url: String, _ sql: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["psql", "-tA", url, "-c", sql]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func listBucket(_ moto: StorageDeliveryTests.Moto, prefix: String) throws -> [String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", TestServers.repositoryRoot + "/Tests/Servers/s3_boto3.py"]
        let input = Pipe(), out = Pipe()
        p.standardInput = input
        p.standardOutput = out
        try p.run()
        let spec: [String: String] = ["action": "list", "endpoint": moto.endpoint, "bucket": moto.bucket, "access_key": moto.accessKey,
                                      "secret_key": moto.secretKey, "prefix": prefix]
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: spec))
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard let keys = (try? JSONSerialization.jsonObject(with: data)) as? [String] else {
            throw TestServerError("s3_boto3.py list said: \(String(decoding: data, as: UTF8.self).prefix(500))")
        }
        return keys
    }
}
