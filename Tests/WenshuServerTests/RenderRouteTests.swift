import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WenshuServer

@Suite struct RenderRouteTests {
    @Test func rendersPDF() async throws {
        try await TestServer.run { _, client in
            try await client.execute(uri: "/v1/render/epolicy", method: .post, headers: TestServer.auth(),
                                     body: TestServer.sample("epolicy")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
                #expect(String(buffer: response.body).hasPrefix("%PDF-"))
                #expect(Int(response.headers[.init("X-Wenshu-Pages")!] ?? "") ?? 0 >= 1)
                #expect(response.headers[.init("X-Wenshu-Warnings")!] != nil)
                #expect(response.headers[.init("X-Request-Id")!] != nil)
            }
        }
    }

    @Test func rendersPNGByAcceptAndByQuery() async throws {
        try await TestServer.run { _, client in
            var headers = TestServer.auth()
            headers[.accept] = "image/png"
            try await client.execute(uri: "/v1/render/visa-certificate?dpi=40", method: .post, headers: headers,
                                     body: TestServer.sample("visa-certificate")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/png")
                #expect(Array(response.body.readableBytesView.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            }
            try await client.execute(uri: "/v1/render/epolicy?format=png&dpi=30&page=2", method: .post, headers: TestServer.auth(),
                                     body: TestServer.sample("epolicy")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/png")
            }
            try await client.execute(uri: "/v1/render/epolicy?format=png&dpi=5000", method: .post, headers: TestServer.auth(),
                                     body: TestServer.sample("epolicy")) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test func badDataIs422WithJSONPaths() async throws {
        try await TestServer.run { _, client in
            try await client.execute(uri: "/v1/render/epolicy", method: .post, headers: TestServer.auth(),
                                     body: ByteBuffer(string: #"{"policyNumber": 12}"#)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = TestServer.json(response.body)
                #expect(problem["code"] as? String == "invalid-data")
                #expect(problem["status"] as? Int == 422)
                let diagnostics = problem["diagnostics"] as? [[String: Any]] ?? []
                #expect(!diagnostics.isEmpty)
                #expect(diagnostics.contains { ($0["location"] as? String ?? "").hasPrefix("$.") })
            }
        }
    }

    @Test func malformedUnknownTooLargeWrongType() async throws {
        try await TestServer.run(configure: { $0.maxBodyBytes = 4096 }) { _, client in
            try await client.execute(uri: "/v1/render/epolicy", method: .post, headers: TestServer.auth(),
                                     body: ByteBuffer(string: "{\"a\": ")) { response in
                #expect(response.status == .badRequest)
                #expect(TestServer.json(response.body)["code"] as? String == "malformed-json")
            }
            try await client.execute(uri: "/v1/render/no-such-template", method: .post, headers: TestServer.auth(),
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .notFound)
                #expect(TestServer.json(response.body)["code"] as? String == "unknown-template")
            }
            try await client.execute(uri: "/v1/render/..%2F..%2Fetc", method: .post, headers: TestServer.auth(),
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/render/epolicy", method: .post, headers: TestServer.auth(),
                                     body: ByteBuffer(repeating: UInt8(ascii: " "), count: 5000)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(TestServer.json(response.body)["code"] as? String == "too-large")
            }
            var headers = TestServer.auth()
            headers[.contentType] = "text/plain"
            try await client.execute(uri: "/v1/render/epolicy", method: .post, headers: headers, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(TestServer.json(response.body)["code"] as? String == "unsupported-media-type")
            }
            try await client.execute(uri: "/v1/render/epolicy", method: .get, headers: TestServer.auth()) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/v1/render/epolicy", method: .post, headers: TestServer.auth(),
                                     body: ByteBuffer(bytes: [0x7B, 0xFF, 0xFE, 0x7D])) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func fullQueueAnswers503WithRetryAfter() async throws {
        let pool = RenderPool(threads: 1, queueLimit: 0)
        defer { pool.shutdown() }
        let gate = DispatchSemaphore(value: 0)
        async let first: Int = pool.run { gate.wait(); return 1 }
        try await Task.sleep(for: .milliseconds(100))
        await #expect(throws: RenderPoolSaturated.self) { _ = try await pool.run { 2 } }
        gate.signal()
        #expect(try await first == 1)
    }
}
