import Foundation
import Logging
import Testing
import WenshuStorage
@testable import WenshuDelivery

/// Documents kept through the outbox: S3 (moto's server, signatures checked) and a folder.
@Suite("Storage deliveries", .serialized)
struct StorageDeliveryTests {
    struct Moto: Sendable { var endpoint: String; var bucket: String; var accessKey: String; var secretKey: String }

    static let moto: Result<Moto, TestServerError> = {
        do {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", TestServers.repositoryRoot + "/Tests/Servers/s3_moto_server.py", "wenshu-delivery"]
            let input = Pipe(), output = Pipe()
            p.standardInput = input
            p.standardOutput = output
            p.standardError = FileHandle.standardError
            try p.run()
            TestServers.keepPipes.append(input)
            TestServers.keep.append(p)
            var text = ""
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, !text.contains("\n") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let line = text.split(separator: "\n").first,
                  let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let endpoint = json["endpoint"] as? String, let bucket = json["bucket"] as? String,
                  let access = json["access_key"] as? String, let secret = json["secret_key"] as? String else {
                return .failure(TestServerError("s3_moto_server.py said: \(text)"))
            }
            return .success(Moto(endpoint: endpoint, bucket: bucket, accessKey: access, secretKey: secret))
        } catch { return .failure(TestServerError("\(error)")) }
    }()

    static let policy = RetryPolicy(baseDelay: .milliseconds(10), maxDelay: .milliseconds(50), maxAttempts: 3, lease: .seconds(5))

    func run(_ store: any OutboxStore, sender: any DeliverySender, channel: DeliveryChannel) async throws {
        let worker = OutboxWorker(store: store, senders: [channel: sender], policy: Self.policy,
                                  options: .init(concurrency: 4, pollInterval: .milliseconds(20)), logger: StoreFixtures.logger)
        try await worker.run(untilIdle: true)
    }

    @Test func s3KeepsEveryDocumentOnceAndNeverOverwrites() async throws {
        let moto = try Self.moto.get()
        let env = ["AWS_ACCESS_KEY_ID": moto.accessKey, "AWS_SECRET_ACCESS_KEY": moto.secretKey]
        let objects = try StoreURL.parse("s3://\(moto.bucket)?endpoint=\(moto.endpoint)&region=us-east-1", environment: env)
        let store = try await StoreFixtures.make(.sqlite)
        defer { Task { try? await store.close() } }
        let tag = UUID().uuidString.prefix(8)
        let documents = (0..<40).map { i in Array("%PDF-1.7 document \(i) \(tag)".utf8) + (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &+ i) } }
        let requests = documents.enumerated().map { i, bytes in
            DeliveryRequest(idempotencyKey: "s3-\(tag)-\(i)", channel: .s3, target: "policies/\(tag)/P\(i).pdf", fileName: "P\(i).pdf",
                            mediaType: "application/pdf", document: bytes)
        }
        _ = try await store.enqueue(batch: requests, messageDomain: "d", now: Date())
        // A different document already sits under one key: the outbox must not replace it.
        _ = try await objects.put(key: "policies/\(tag)/taken.pdf", bytes: Array("original".utf8), mediaType: "application/pdf",
                                  sha256Hex: sha256Hex(Array("original".utf8)))
        _ = try await store.enqueue(DeliveryRequest(idempotencyKey: "s3-\(tag)-taken", channel: .s3, target: "policies/\(tag)/taken.pdf",
                                                    fileName: "taken.pdf", mediaType: "application/pdf", document: documents[0]),
                                    messageDomain: "d", now: Date())
        try await run(store, sender: StorageSender(store: objects), channel: .s3)
        let counts = try await store.counts()
        #expect(counts[.sent] == 40)
        #expect(counts[.dead] == 1)
        #expect(try await store.dead(limit: 1).first?.lastReply?.contains("ContentMismatch") == true)
        for (i, bytes) in documents.enumerated() {
            #expect(try await objects.get(key: "policies/\(tag)/P\(i).pdf") == bytes)
        }
        #expect(try await objects.get(key: "policies/\(tag)/taken.pdf") == Array("original".utf8))
    }

    @Test func aWrongSecretIsAPermanentFailureAndNoSecretIsRecorded() async throws {
        let moto = try Self.moto.get()
        let secret = "not-the-secret-\(UUID().uuidString)"
        let objects = try StoreURL.parse("s3://\(moto.bucket)?endpoint=\(moto.endpoint)&region=us-east-1",
                                         environment: ["AWS_ACCESS_KEY_ID": moto.accessKey, "AWS_SECRET_ACCESS_KEY": secret])
        let store = try await StoreFixtures.make(.sqlite)
        defer { Task { try? await store.close() } }
        let job = try await store.enqueue(DeliveryRequest(idempotencyKey: "bad-secret", channel: .s3, target: "x/y.pdf", fileName: "y.pdf",
                                                          mediaType: "application/pdf", document: Array("%PDF".utf8)),
                                          messageDomain: "d", now: Date()).job
        try await run(store, sender: StorageSender(store: objects), channel: .s3)
        let dead = try #require(try await store.job(id: job.id))
        #expect(dead.state == .dead)
        #expect(dead.lastCode == 403)
        #expect(dead.lastReply?.contains("SignatureDoesNotMatch") == true)
        for attempt in try await store.attempts(jobID: job.id) { #expect(!attempt.reply.contains(secret)) }
        #expect(dead.lastReply?.contains(secret) == false)
    }

    @Test func aFolderStoreRefusesKeysThatEscape() async throws {
        let root = temporaryDirectory("objects")
        let store = try await StoreFixtures.make(.sqlite)
        defer { Task { try? await store.close() } }
        let good = try await store.enqueue(StoreFixtures.request("fs-good", target: "2025/电子保单.pdf"), messageDomain: "d", now: Date()).job
        let bad = try await store.enqueue(StoreFixtures.request("fs-bad", target: "../outside.pdf"), messageDomain: "d", now: Date()).job
        try await run(store, sender: StorageSender(store: FileSystemStore(root: root)), channel: .filesystem)
        #expect(try await store.job(id: good.id)?.state == .sent)
        #expect(try await store.job(id: bad.id)?.state == .dead)
        #expect(FileManager.default.contents(atPath: root + "/2025/电子保单.pdf") == Data("%PDF-1.7 test document".utf8))
        #expect(!FileManager.default.fileExists(atPath: (root as NSString).deletingLastPathComponent + "/outside.pdf"))
    }
}
