import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WenshuServer

@Suite struct AuthTests {
    @Test func missingWrongAndUnscopedTokens() async throws {
        try await TestServer.run { _, client in
            try await client.execute(uri: "/v1/render/epolicy", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect(TestServer.json(response.body)["code"] as? String == "unauthorized")
            }
            try await client.execute(uri: "/v1/render/epolicy", method: .post, headers: TestServer.auth("wrong-token-0123456789"),
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/documents/doc_x", method: .get, headers: TestServer.auth(TestServer.renderToken)) { response in
                #expect(response.status == .forbidden)
                #expect(TestServer.json(response.body)["code"] as? String == "forbidden")
            }
            try await client.execute(uri: "/health/live", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func tokenListParsing() throws {
        let tokens = try APIToken.parseList("ops:aaaaaaaaaaaaaaaa:*, ci:bbbbbbbbbbbbbbbb:render+documents", separator: ",", source: "test")
        #expect(tokens.map(\.name) == ["ops", "ci"])
        #expect(tokens[0].scopes == Set(APIScope.allCases))
        #expect(tokens[1].scopes == [.render, .documents])
        #expect(throws: ServerConfigurationError.self) { try APIToken.parseList("x:cccccccccccccccc:admin", separator: ",", source: "t") }
        #expect(throws: ServerConfigurationError.self) { try APIToken.parseList("nocolons", separator: ",", source: "t") }
    }
}
