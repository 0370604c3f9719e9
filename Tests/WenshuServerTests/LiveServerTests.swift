import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WenshuServer

/// Through a real loopback socket: HummingbirdTesting's AsyncHTTPClient framework and its live one.
@Suite struct LiveServerTests {
    @Test func renderAndVerifyOverAsyncHTTPClient() async throws {
        try await TestServer.run(.ahc(.http)) { _, client in
            try await client.execute(uri: "/v1/render/visa-certificate", method: .post, headers: TestServer.auth(),
                                     body: TestServer.sample("visa-certificate")) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("%PDF-"))
            }
            try await client.execute(uri: "/verify/ABCDEFGHJKLMNPQRSTUV", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/documents", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func liveServerAnswersHealth() async throws {
        try await TestServer.run(.live) { _, client in
            try await client.execute(uri: "/health/live", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/render/epolicy", method: .patch, headers: TestServer.auth()) { response in
                #expect(response.status == .methodNotAllowed)
            }
        }
    }
}
