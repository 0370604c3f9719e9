import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WenshuDelivery
import WenshuServer

@Suite struct DocumentRouteTests {
    static func issueBody(key: String?) -> ByteBuffer {
        let data = String(buffer: TestServer.sample("epolicy"))
        let keyJSON = key.map { "\"\($0)\"" } ?? "null"
        return ByteBuffer(string: #"{"template": "epolicy", "data": \#(data), "deliver": [], "idempotencyKey": \#(keyJSON)}"#)
    }

    @Test func createIsIdempotentAndServesTheFile() async throws {
        try await TestServer.run { _, client in
            let key = "test-" + UUID().uuidString
            var id = ""
            var sha = ""
            try await client.execute(uri: "/v1/documents", method: .post, headers: TestServer.auth(), body: Self.issueBody(key: key)) { response in
                #expect(response.status == .created)
                let json = TestServer.json(response.body)
                id = json["id"] as? String ?? ""
                sha = json["fileSha256"] as? String ?? ""
                #expect(!id.isEmpty)
                #expect(sha.count == 64)
                #expect((json["verificationUrl"] as? String)?.contains("/verify/") == true)
                #expect(json["status"] as? String == "valid")
                #expect(json["deliveries"] is [Any])
                #expect(response.headers[.location] == "/v1/documents/\(id)")
            }
            try await client.execute(uri: "/v1/documents", method: .post, headers: TestServer.auth(), body: Self.issueBody(key: key)) { response in
                #expect(response.status == .ok)
                #expect(TestServer.json(response.body)["id"] as? String == id)
            }
            try await client.execute(uri: "/v1/documents/\(id)", method: .get, headers: TestServer.auth(json: false)) { response in
                #expect(response.status == .ok)
                #expect(TestServer.json(response.body)["fileSha256"] as? String == sha)
            }
            try await client.execute(uri: "/v1/documents/\(id)/file", method: .get, headers: TestServer.auth(json: false)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
                #expect(response.headers[.eTag] == "\"\(sha)\"")
                #expect(response.headers[.contentDisposition]?.contains("filename*=UTF-8''") == true)
                let bytes = Array(response.body.readableBytesView)
                #expect(Identifiers.sha256Hex(bytes) == sha)
            }
            var conditional = TestServer.auth(json: false)
            conditional[.ifNoneMatch] = "\"\(sha)\""
            try await client.execute(uri: "/v1/documents/\(id)/file", method: .get, headers: conditional) { response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/v1/documents/doc_missing", method: .get, headers: TestServer.auth(json: false)) { response in
                #expect(response.status == .notFound)
                #expect(TestServer.json(response.body)["code"] as? String == "not-found")
            }
        }
    }

    /// Data without its own verification block gets this service's code and URL printed in the QR,
    /// and a newer document of the same policy supersedes the older one on the verify page.
    @Test func theServiceIssuesVerificationCodesAndVersions() async throws {
        try await TestServer.run { _, client in
            var sample = try JSONSerialization.jsonObject(with: Data(String(buffer: TestServer.sample("epolicy")).utf8)) as! [String: Any]
            sample.removeValue(forKey: "verification")
            sample["policyNumber"] = "P2099" + String(UInt32.random(in: 10_000_000...99_999_999))
            var period = sample["period"] as! [String: Any]
            period["end"] = "2099-12-31T23:59:59+08:00"
            sample["period"] = period
            var urls: [String] = []
            for key in ["v1-" + UUID().uuidString, "v2-" + UUID().uuidString] {
                let body = try JSONSerialization.data(withJSONObject: ["template": "epolicy", "data": sample, "idempotencyKey": key] as [String: Any])
                try await client.execute(uri: "/v1/documents", method: .post, headers: TestServer.auth(), body: ByteBuffer(bytes: body)) { response in
                    #expect(response.status == .created, "\(String(buffer: response.body))")
                    let json = TestServer.json(response.body)
                    urls.append(json["verificationUrl"] as? String ?? "")
                    #expect(json["version"] as? Int == urls.count)
                }
            }
            let paths = urls.compactMap { URL(string: $0)?.path }
            #expect(paths.count == 2 && paths[0] != paths[1])
            try await client.execute(uri: paths[0], method: .get) { response in
                #expect(String(buffer: response.body).contains("Superseded"))
            }
            try await client.execute(uri: paths[1], method: .get) { response in
                #expect(String(buffer: response.body).contains("Valid"))
            }
        }
    }

    @Test func badEnvelopeAndBadData() async throws {
        try await TestServer.run { _, client in
            try await client.execute(uri: "/v1/documents", method: .post, headers: TestServer.auth(),
                                     body: ByteBuffer(string: #"{"data": {}}"#)) { response in
                #expect(response.status == .unprocessableContent)
                let diagnostics = TestServer.json(response.body)["diagnostics"] as? [[String: Any]] ?? []
                #expect(diagnostics.contains { $0["location"] as? String == "$.template" })
            }
            try await client.execute(uri: "/v1/documents", method: .post, headers: TestServer.auth(),
                                     body: ByteBuffer(string: #"{"template": "epolicy", "data": {"policyNumber": 1}}"#)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(TestServer.json(response.body)["code"] as? String == "invalid-data")
            }
            try await client.execute(uri: "/v1/documents", method: .post, headers: TestServer.auth(),
                                     body: ByteBuffer(string: #"{"template": "nope", "data": {}}"#)) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/documents", method: .post, headers: TestServer.auth(),
                                     body: ByteBuffer(string: #"[1, 2"#)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func deliveryShowsStateAndAttemptsMasked() async throws {
        try await TestServer.run(configure: { $0.runWorkers = false }) { stack, client in
            let request = DeliveryRequest(idempotencyKey: "test:" + UUID().uuidString, channel: .email, target: "zhang.wei@example.com",
                                          fileName: "p.pdf", mediaType: "application/pdf", document: Array("%PDF-1.7".utf8),
                                          email: EmailContent(subject: "保单", text: "附件是您的保单。"))
            let job = try await stack.runtime.enqueue([request])[0].job
            try await client.execute(uri: "/v1/deliveries/\(job.id)", method: .get, headers: TestServer.auth(json: false)) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(!text.contains("zhang.wei@example.com"))
                let json = TestServer.json(response.body)
                #expect(json["state"] as? String == "queued")
                #expect(json["channel"] as? String == "email")
                #expect((json["target"] as? String)?.contains("***") == true)
                #expect(json["attemptLog"] is [Any])
            }
            try await client.execute(uri: "/v1/deliveries/job_missing", method: .get, headers: TestServer.auth(json: false)) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func batchIsAcceptedAndReported() async throws {
        try await TestServer.run { _, client in
            let line = String(buffer: TestServer.sample("visa-certificate")).replacingOccurrences(of: "\n", with: " ")
            let body = ByteBuffer(string: line + "\n" + "{\"bad\": true}\n")
            var headers = TestServer.auth(json: false)
            headers[.contentType] = "application/x-ndjson"
            var id = ""
            try await client.execute(uri: "/v1/batches?template=visa-certificate", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .accepted)
                let json = TestServer.json(response.body)
                id = json["id"] as? String ?? ""
                #expect(json["total"] as? Int == 2)
            }
            try await client.execute(uri: "/v1/batches/\(id)", method: .get, headers: TestServer.auth(json: false)) { response in
                #expect(response.status == .ok)
                let json = TestServer.json(response.body)
                #expect(json["template"] as? String == "visa-certificate")
                #expect(json["failures"] is [Any])
            }
            try await client.execute(uri: "/v1/batches?template=nope", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/batches?template=visa-certificate", method: .post, headers: TestServer.auth(), body: body) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }
}
