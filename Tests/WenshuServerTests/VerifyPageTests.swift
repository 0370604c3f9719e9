import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WenshuDelivery
import WenshuStorage
@testable import WenshuServer

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
        // One a minute: the second request is refused unless a whole minute passed between the two,
        // which even a heavily loaded machine does not take (three a minute refilled a token every
        // 20 s, and a loaded CI run once spread its four requests wider than that).
        try await TestServer.run(configure: { $0.verifyPerMinute = 1 }) { _, client in
            try await client.execute(uri: "/verify/ABCDEFGHJK", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/verify/ABCDEFGHJK", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
            }
        }
    }
}

/// The signed token behind each document's QR (issue 12, "signed verification codes"): read back
/// from the rendered page with zbarimg, checked by signature before any lookup, and refused when
/// altered, truncated or signed with another key.
@Suite struct VerificationTokenTests {
    static func qrPayload(_ pdf: [UInt8]) throws -> String {
        let dir = NSTemporaryDirectory() + "qr-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(pdf).write(to: URL(fileURLWithPath: dir + "/d.pdf"))
        let render = Process()
        render.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        render.arguments = ["pdftoppm", "-r", "300", "-png", dir + "/d.pdf", dir + "/page"]
        try render.run(); render.waitUntilExit()
        #expect(render.terminationStatus == 0)
        // The QR sits on the last page of a long document: scan every page.
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("page") }.sorted()
        #expect(!pages.isEmpty)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"] + pages.map { dir + "/" + $0 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        // zbarimg exits 4 when some page has no code; the payload itself is what is checked.
        #expect(p.terminationStatus == 0 || p.terminationStatus == 4)
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theQRTokenVerifiesAndForgeriesAreRefused() async throws {
        try await TestServer.run { stack, client in
            var data = Array(FileManager.default.contents(atPath: TestServer.repository + "/samples/epolicy.json")!)
            var root = try JSONSerialization.jsonObject(with: Data(data)) as! [String: Any]
            root.removeValue(forKey: "verification")
            root["policyNumber"] = "P-TOKEN-\(UUID().uuidString.prefix(8))"
            data = Array(try JSONSerialization.data(withJSONObject: root))
            let issued = try await stack.issuer.issue(IssueRequest(template: "epolicy", data: data))
            let pdf = try #require(try await stack.issuer.file(of: issued.record))
            let payload = try Self.qrPayload(pdf)
            let path = try #require(payload.range(of: "/v/")).upperBound
            let token = String(payload[path...].prefix { $0 != "?" })
            #expect(token.count == 152 && token.allSatisfy { $0.isUppercase || ("2"..."7").contains($0) }, "\(token)")

            try await client.execute(uri: "/v/\(token)", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                // Genuine; the sample policy's period ended in 2025, so it reads expired.
                #expect(html.contains("Expired") && html.contains(issued.record.policyNumber ?? "?"), "\(html)")
            }
            // One character changed anywhere (a different letter of the same alphabet), a token cut
            // short, one signed by another key, and garbage: all refused without a document.
            var forgeries: [String] = []
            for index in [0, 5, 40, 100, 151] {
                var chars = Array(token)
                chars[index] = chars[index] == "A" ? "B" : "A"
                forgeries.append(String(chars))
            }
            forgeries.append(String(token.dropLast(2)))
            let other = VerificationKey.random()
            let stranger = try #require(VerificationToken(documentID: issued.record.id, version: issued.record.version,
                                                          contentSHA256: bytes(fromHex: issued.record.dataSHA256) ?? []).encoded(with: other))
            forgeries.append(stranger)
            forgeries.append(String(repeating: "A", count: 152))
            for forged in forgeries {
                try await client.execute(uri: "/v/\(forged)", method: .get) { response in
                    #expect(response.status == .notFound, "\(forged)")
                    #expect(String(buffer: response.body).contains("cannot be verified"))
                }
            }
        }
    }
}
