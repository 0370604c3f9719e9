import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import WenshuDelivery

/// SIGTERM while renders and sends are in flight: every accepted request gets its whole answer and
/// no outbox job is left leased.
@Suite("Graceful shutdown", .serialized)
struct GracefulShutdownTests {
    @Test func sigtermFinishesInFlightWorkAndReleasesLeases() async throws {
        let smtp = try SMTPTestServer.shared.get()
        let dir = temporaryDirectory("shutdown")
        let database = "sqlite://\(dir)/outbox.db"
        let token = "shutdown-test-token-0123456789"
        var env = WorkerProcessTests.environment(database: database, smtpPort: smtp.port("ok"))
        env["WENSHU_API_TOKENS"] = "test:\(token):*"
        // Leases long enough that a job left leased would still be leased when we look.
        env["WENSHU_LEASE_MS"] = "600000"
        _ = try await WorkerProcessTests.enqueue(300, url: database, tag: "shutdown-\(UUID().uuidString)")
        let port = TestServers.freePort()
        let node = Process()
        node.executableURL = URL(fileURLWithPath: WorkerProcessTests.wenshu)
        node.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--data-dir", dir]
        node.environment = env
        node.currentDirectoryURL = URL(fileURLWithPath: TestServers.repositoryRoot)
        node.standardOutput = FileHandle.nullDevice
        node.standardError = FileHandle.nullDevice
        try node.run()
        defer { if node.isRunning { node.terminate() } }
        try await TwoNodeServiceTests.waitReady("http://127.0.0.1:\(port)", process: node)

        let sample = try Data(contentsOf: URL(fileURLWithPath: TestServers.repositoryRoot + "/samples/epolicy.json"))
        let results = try await withThrowingTaskGroup(of: (Int, Data).self) { group in
            for _ in 0..<6 {
                group.addTask {
                    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/render/epolicy")!)
                    request.httpMethod = "POST"
                    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    let (data, response) = try await URLSession.shared.upload(for: request, from: sample)
                    return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
                }
            }
            // Let the requests arrive and the outbox start sending, then ask the node to stop.
            try await Task.sleep(for: .milliseconds(150))
            kill(node.processIdentifier, SIGTERM)
            var all: [(Int, Data)] = []
            for try await r in group { all.append(r) }
            return all
        }
        let deadline = Date().addingTimeInterval(60)
        while node.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!node.isRunning, "the node should stop after SIGTERM")
        #expect(node.terminationStatus == 0)
        for (status, data) in results {
            #expect(status == 200)
            #expect(data.starts(with: Data("%PDF-".utf8)) && String(decoding: data.suffix(16), as: UTF8.self).contains("%%EOF"),
                    "a whole PDF, not a cut-off one")
        }
        let store = try await OutboxStores.open(url: database, logger: StoreFixtures.logger)
        defer { Task { try? await store.close() } }
        let counts = try await store.counts()
        #expect(counts[.sending] == 0, "no job left leased: \(counts)")
        #expect(counts[.sent] > 0, "the outbox was sending when the node stopped")
        #expect(counts[.sent] + counts[.queued] + counts[.retrying] == 300)
    }
}
