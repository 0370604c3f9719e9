import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WenshuServer

@Suite struct PublicRouteTests {
    @Test func healthMetricsOpenAPI() async throws {
        try await TestServer.run { _, client in
            try await client.execute(uri: "/health/live", method: .get) { #expect($0.status == .ok) }
            var ready = false
            for _ in 0..<100 where !ready {
                try await client.execute(uri: "/health/ready", method: .get) { response in
                    ready = response.status == .ok
                    if !ready { #expect(response.status == .serviceUnavailable) }
                }
                if !ready { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(ready)
            try await client.execute(uri: "/v1/render/epolicy", method: .post, headers: TestServer.auth(), body: TestServer.sample("epolicy")) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("wenshu_http_requests_total"))
                #expect(text.contains("route=\"POST /v1/render/{template}\""))
                #expect(text.contains("wenshu_render_seconds"))
                #expect(text.contains("wenshu_outbox_jobs"))
            }
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("openapi: 3.1.0"))
                for path in ["/v1/render/{template}:", "/v1/documents:", "/v1/documents/{id}/file:", "/v1/batches/{id}:", "/v1/deliveries/{id}:", "/verify/{code}:", "/metrics:"] {
                    #expect(text.contains(path), "\(path)")
                }
            }
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(uri: "/health/live", method: .delete) { #expect($0.status == .methodNotAllowed) }
        }
    }

    @Test func indexAndSamples() async throws {
        try await TestServer.run(configure: { $0.seedSample = true }) { _, client in
            var verifyLink: String?
            for _ in 0..<100 where verifyLink == nil {
                try await client.execute(uri: "/", method: .get) { response in
                    #expect(response.status == .ok)
                    let html = String(buffer: response.body)
                    #expect(html.contains("/samples/epolicy/1.pdf"))
                    #expect(html.contains("epolicy.json"))
                    if let range = html.range(of: "/verify/") {
                        verifyLink = String(html[range.lowerBound...].prefix { $0 != "\"" })
                    }
                }
                if verifyLink == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let link = try #require(verifyLink)
            try await client.execute(uri: link, method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/samples/epolicy/1.pdf", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("%PDF-"))
            }
            try await client.execute(uri: "/samples/visa-certificate/1.png", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/png")
            }
            for bad in ["/samples/epolicy/99.pdf", "/samples/epolicy/..%2Fx.pdf", "/samples/epolicy/1.txt", "/samples/nope/1.pdf"] {
                try await client.execute(uri: bad, method: .get) { #expect($0.status == .notFound, "\(bad)") }
            }
        }
    }
}
