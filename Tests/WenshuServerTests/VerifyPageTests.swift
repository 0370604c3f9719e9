import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WenshuDelivery
import WenshuServer

@Suite struct VerifyPageTests {
    static func record(policy: String, status: DocumentRecord.Status = .valid, periodEnd: String? = "2099-12-31") -> DocumentRecord {
        DocumentRecord(idempotencyKey: "verify-test:" + UUID().uuidString, template: "epolicy", templateVersion: "1",
                       dataSHA256: String(repeating: "a", count: 64), fileSHA256: String(repeating: "b", count: 64), fileSize: 10,
                       mediaType: "application/pdf", fileName: "p.pdf", storageKey: "documents/x.pdf",
                       verificationCode: Identifiers.newVerificationCode(), status: status, kind: "电子保单 <Electronic Policy>",
                       policyNumber: policy, holderMasked: "张*", periodStart: "2025-01-01", periodEnd: periodEnd, createdAt: Date())
    }

    @Test func everyStatusAndUnknownCode() async throws {
        try await TestServer.run { stack, client in
            let registry = stack.issuer.registry
            let policy = "P-" + UUID().uuidString.prefix(8)
            let first = try await registry.issue(Self.record(policy: policy), deliveries: [], messageDomain: "test", now: Date()).record
            let second = try await registry.issue(Self.record(policy: policy), deliveries: [], messageDomain: "test", now: Date()).record
            let cancelled = try await registry.issue(Self.record(policy: policy + "C", status: .cancelled), deliveries: [], messageDomain: "test", now: Date()).record
            let expired = try await registry.issue(Self.record(policy: policy + "E", periodEnd: "2020-01-31"), deliveries: [], messageDomain: "test", now: Date()).record
            let expiredTime = try await registry.issue(Self.record(policy: policy + "T", periodEnd: "2021-04-20T23:59:59+08:00"), deliveries: [], messageDomain: "test", now: Date()).record
            let cases: [(DocumentRecord, String)] = [(second, "Valid"), (first, "Superseded"), (cancelled, "Cancelled"), (expired, "Expired"), (expiredTime, "Expired")]
            for (record, word) in cases {
                try await client.execute(uri: "/verify/\(record.verificationCode)", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                    #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[.init("Referrer-Policy")!] == "no-referrer")
                    let html = String(buffer: response.body)
                    #expect(html.contains(word), "\(word)")
                    #expect(html.contains("&lt;Electronic Policy&gt;"))
                    #expect(!html.contains("<Electronic Policy>"))
                    if word == "Superseded" { #expect(!html.contains(second.verificationCode)); #expect(!html.contains(second.id)) }
                }
            }
            try await client.execute(uri: "/verify/ZZZZZZZZZZZZZZZZZZZZ", method: .get) { response in
                #expect(response.status == .notFound)
                let html = String(buffer: response.body)
                #expect(html.contains("未找到") && html.contains("not found"))
            }
        }
    }

    @Test func rateLimitedPerClient() async throws {
        try await TestServer.run(configure: { $0.verifyPerMinute = 3 }) { _, client in
            for _ in 0..<3 {
                try await client.execute(uri: "/verify/ABCDEFGHJK", method: .get) { #expect($0.status == .notFound) }
            }
            try await client.execute(uri: "/verify/ABCDEFGHJK", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
            }
        }
    }
}
