import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WenshuDelivery
import WenshuServer

/// `WENSHU_RENDER_TIME_LIMIT_MS` through a live server on a loopback socket: a document that takes
/// longer is stopped with a 422 naming the limit, and the server goes on serving.
@Suite struct RenderTimeLimitTests {
    /// The limit under test: long enough for the small certificate on a loaded debug build, far
    /// shorter than the long policy below takes.
    static let limitMilliseconds = 1500

    /// The e-policy sample with thousands of long special terms: hundreds of pages of CJK text.
    static func longPolicy() throws -> ByteBuffer {
        let sample = try #require(FileManager.default.contents(atPath: TestServer.repository + "/samples/epolicy.json"))
        var data = try #require(try JSONSerialization.jsonObject(with: sample) as? [String: Any])
        let term = String(repeating: "本保单承保的境外医疗费用按实际发生的合理且必需的医疗费用赔付，每次事故免赔额为零。", count: 4)
        data["specialTerms"] = Array(repeating: term, count: 5_000)
        return ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: data)))
    }

    @Test func aRenderPastTheLimitIsStoppedAndTheServerServesTheNextRequest() async throws {
        let parsed = try ServerConfiguration.fromEnvironment(
            DeliveryEnvironment(values: ["WENSHU_RENDER_TIME_LIMIT_MS": String(Self.limitMilliseconds)]),
            host: "127.0.0.1", port: 0, dataDirectory: NSTemporaryDirectory())
        #expect(parsed.renderTimeLimit == .milliseconds(Self.limitMilliseconds))
        let long = try Self.longPolicy()
        try await TestServer.run(.live, configure: { $0.renderTimeLimit = parsed.renderTimeLimit }) { _, client in
            // Warm: the template is loaded and the fonts' caches filled before the limit matters.
            try await client.execute(uri: "/v1/render/visa-certificate", method: .post, headers: TestServer.auth(),
                                     body: TestServer.sample("visa-certificate")) { response in
                #expect(response.status == .ok)
            }
            let started = ContinuousClock.now
            try await client.execute(uri: "/v1/render/epolicy", method: .post, headers: TestServer.auth(), body: long) { response in
                #expect(response.status == .unprocessableContent)
                let body = TestServer.json(response.body)
                #expect(body["code"] as? String == "render-time-limit", "\(body)")
                #expect((body["detail"] as? String)?.contains("rendering took longer than the limit of 1.5 s") == true, "\(body)")
                let diagnostics = body["diagnostics"] as? [[String: Any]] ?? []
                #expect(diagnostics.contains { $0["code"] as? String == "TIME_LIMIT" }, "\(diagnostics)")
            }
            // Stopped near the limit, not after finishing the whole document.
            #expect(ContinuousClock.now - started < .seconds(20))
            try await client.execute(uri: "/v1/render/visa-certificate", method: .post, headers: TestServer.auth(),
                                     body: TestServer.sample("visa-certificate")) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("%PDF-"))
            }
        }
    }
}
