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
        // One render thread: the requests queue up, so they are surely in flight at SIGTERM.
        env["WENSHU_RENDER_THREADS"] = "1"
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
            for _ in 0..<4 {
                group.addTask {
                    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/render/epolicy?format=png&dpi=200")!)
                    request.httpMethod = "POST"
                    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    let (data, response) = try await URLSession.shared.upload(for: request, from: sample)
                    return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
                }
            }
            // Wait until the server holds all four (rendering or queued for the render thread), then
            // ask it to stop. Requests it never accepted are not the question here.
            let deadline = Date().addingTimeInterval(60)
            var countedDeliveries = false
            while Date() < deadline {
                let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
                let text = String(decoding: data, as: UTF8.self)
                func gauge(_ name: String) -> Double {
                    text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
                }
                countedDeliveries = countedDeliveries || text.contains("wenshu_deliveries_total{channel=\"email\",outcome=\"delivered\"}")
                if gauge("wenshu_render_queue") + gauge("wenshu_render_busy") >= 4 && countedDeliveries { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(countedDeliveries, "/metrics counts delivery attempts by outcome")
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
            // A whole PNG: signature first, IEND chunk last.
            #expect(data.starts(with: Data([0x89, 0x50, 0x4E, 0x47])) && data.suffix(8).starts(with: Data("IEND".utf8)),
                    "a whole PNG, not a cut-off one")
        }
        let store = try await OutboxStores.open(url: database, logger: StoreFixtures.logger)
        defer { Task { try? await store.close() } }
        let counts = try await store.counts()
        #expect(counts[.sending] == 0, "no job left leased: \(counts)")
        #expect(counts[.sent] > 0, "the outbox was sending when the node stopped")
        #expect(counts[.sent] + counts[.queued] + counts[.retrying] == 300)
    }
}
