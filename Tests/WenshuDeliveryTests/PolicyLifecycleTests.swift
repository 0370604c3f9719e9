import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import Wenshu
import WenshuDelivery
import WenshuServer
import WenshuSigning

/// Issue 13's lifecycle end to end on real parts: documents issued and endorsed through the
/// service's issuer on SQLite and PostgreSQL, verify pages read through the router, the outbox run by
/// the CLI against the real SMTP server, every PDF read back with pdftotext, and the process killed
/// between rendering the new version and superseding the old.
@Suite("Policy lifecycle", .serialized)
struct PolicyLifecycleTests {
    static let renderService: RenderService = try! ServerConfiguration.renderService(
        fontsDirectory: TestServers.repositoryRoot + "/Fonts", templatesDirectory: TestServers.repositoryRoot + "/Templates")

    static func environment(_ database: String, dir: String, smtpPort: Int) -> [String: String] {
        var env = WorkerProcessTests.environment(database: database, smtpPort: smtpPort)
        env["WENSHU_STORE_URL"] = "file://\(dir)/documents"
        env["WENSHU_PUBLIC_URL"] = "https://verify.example"
        return env
    }

    static func stack(_ env: [String: String], dir: String, signing: SignerFiles = SignerFiles()) async throws -> WenshuServerStack {
        var configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, dataDirectory: dir, delivery: DeliveryEnvironment(values: env),
            documentsURL: env["WENSHU_STORE_URL"], publicBaseURL: "https://verify.example",
            tokens: [APIToken(name: "ops", token: "lifecycle-token-0123456789", scopes: Set(APIScope.allCases))],
            renderThreads: 2, renderQueue: 8, runWorkers: false, seedSample: false,
            templatesDirectory: TestServers.repositoryRoot + "/Templates")
        configuration.signing = signing
        var logger = Logger(label: "lifecycle-test")
        logger.logLevel = .warning
        return try await WenshuServerStack.make(configuration: configuration, renderService: renderService, logger: logger)
    }

    /// Runs `body` on a fresh stack and shuts the stack down however `body` ends.
    static func withStack(_ env: [String: String], dir: String, _ body: (WenshuServerStack) async throws -> Void) async throws {
        let stack = try await Self.stack(env, dir: dir)
        do { try await body(stack) } catch {
            await stack.shutdown()
            throw error
        }
        await stack.shutdown()
    }

    /// A sample with this test's own policy number and no verification block (the service makes one).
    static func sample(_ name: String, policy: String) throws -> [UInt8] {
        let data = try #require(FileManager.default.contents(atPath: TestServers.repositoryRoot + "/samples/\(name).json"))
        var root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        root["policyNumber"] = policy
        root.removeValue(forKey: "verification")
        root.removeValue(forKey: "specimen")
        // A trip that has not happened yet, so that the current version's page says valid (not expired).
        if name == "visa-certificate" {
            root["period"] = ["start": "2031-05-01", "end": "2031-05-21", "timeZone": "Asia/Shanghai"]
            root["trip"] = ["entry": "2031-05-02", "exit": "2031-05-20"]
            if var insured = root["insured"] as? [String: Any] { insured["passportExpiry"] = "2034-05-10"; root["insured"] = insured }
        }
        return Array(try JSONSerialization.data(withJSONObject: root))
    }

    static func text(_ pdf: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "lifecycle-\(UUID().uuidString).pdf"
        try Data(pdf).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["pdftotext", "-enc", "UTF-8", path, "-"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "pdftotext must read every document")
        return String(decoding: data, as: UTF8.self)
    }

    static func qpdfCheck(_ pdf: [UInt8]) throws {
        let path = NSTemporaryDirectory() + "lifecycle-\(UUID().uuidString).pdf"
        try Data(pdf).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["qpdf", "--check", path]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "qpdf --check")
    }

    static func verifyPage(_ stack: WenshuServerStack, code: String) async throws -> String {
        let app = stack.makeApplication()
        return try await app.test(.router) { client in
            try await client.execute(uri: "/verify/\(code)", method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
        }
    }

    static func database(_ kind: String, dir: String) throws -> String {
        kind == "sqlite" ? "sqlite://\(dir)/outbox.db" : try TestServers.postgresURL.get()
    }

    @Test(arguments: ["sqlite", "postgres"])
    func passportChangeSupersedesTheCertificateAndSendsOneEmail(_ kind: String) async throws {
        let server = try SMTPTestServer.shared.get()
        let dir = temporaryDirectory("lifecycle")
        let env = Self.environment(try Self.database(kind, dir: dir), dir: dir, smtpPort: server.port("ok"))
        let policy = "V\(Int.random(in: 100_000_000...999_999_999))"
        let address = "traveller.\(UUID().uuidString.prefix(8).lowercased())@example.com"
        try await Self.withStack(env, dir: dir) { stack in
            let issuer = stack.issuer
            let first = try await issuer.issue(IssueRequest(template: "visa-certificate", data: try Self.sample("visa-certificate", policy: policy)))
            let policyDoc = try await issuer.issue(IssueRequest(template: "epolicy", data: try Self.sample("epolicy", policy: policy)))
            #expect(first.record.version == 1 && first.record.status == .valid)

            let request = try EndorsementRequest.decode(Array("""
                {"kind": "passport", "effective": "2025-04-25",
                 "changes": [{"path": "insured.passportNumber", "after": "EB7654321"}],
                 "deliver": [{"channel": "email", "to": "\(address)"}]}
                """.utf8))
            let result = try await issuer.endorse(policy: policy, request: request)
            #expect(result.endorsement.created)
            #expect(result.reissued.map(\.record.template) == ["visa-certificate"], "only the certificate holds the passport number")
            let renewed = try #require(result.reissued.first).record
            #expect(renewed.version == 2 && renewed.status == .valid)
            #expect(renewed.verificationCode != first.record.verificationCode)

            // The same endorsement sent again changes nothing.
            let again = try await issuer.endorse(policy: policy, request: request)
            #expect(!again.endorsement.created && again.endorsement.record.id == result.endorsement.record.id)
            #expect(again.reissued.map(\.record.id) == [renewed.id])

            // The chain: the old certificate superseded by the new, the e-policy untouched.
            let chain = try await issuer.chain(policy: policy)
            #expect(chain.count == 4)
            let old = try #require(chain.first { $0.id == first.record.id })
            #expect(old.status == .superseded && old.supersededBy == renewed.id && old.statusChangedAt != nil)
            #expect(chain.first { $0.id == policyDoc.record.id }?.status == .valid)

            // Verify pages: the old code says superseded (with its date, nothing of the new version).
            let oldPage = try await Self.verifyPage(stack, code: first.record.verificationCode)
            #expect(oldPage.contains("Superseded on 20") && oldPage.contains("被新版本替代"), "\(oldPage)")
            #expect(!oldPage.contains(renewed.verificationCode) && !oldPage.contains(renewed.id) && !oldPage.contains("EB7654321"))
            #expect(try await Self.verifyPage(stack, code: renewed.verificationCode).contains("Valid"))
            #expect(try await Self.verifyPage(stack, code: result.endorsement.record.verificationCode).contains("Valid"))

            // The files: all three stored; the endorsement lists old and new numbers, the new
            // certificate prints only the new one.
            let endorsementPDF = try #require(try await issuer.file(of: result.endorsement.record))
            let newPDF = try #require(try await issuer.file(of: renewed))
            let oldPDF = try #require(try await issuer.file(of: old))
            for pdf in [endorsementPDF, newPDF, oldPDF] { try Self.qpdfCheck(pdf) }
            let endorsementText = try Self.text(endorsementPDF)
            #expect(endorsementText.contains("EA1234567") && endorsementText.contains("EB7654321"), "\(endorsementText)")
            #expect(endorsementText.contains("批") && endorsementText.contains(policy))
            let newText = try Self.text(newPDF)
            #expect(newText.contains("EB7654321") && !newText.contains("EA1234567"))
            #expect(try Self.text(oldPDF).contains("EA1234567"))

            // One email holding the endorsement and the new certificate, byte for byte.
            let run = try DeliverCommandTests.wenshu(["outbox", "run", "--until-idle", "--data-dir", dir], env: env)
            #expect(run.status == 0, "\(run.err)")
            var messages: [[String: Any]] = []
            // The shared spool holds every other test's messages too: read only those naming this address.
            for name in try FileManager.default.contentsOfDirectory(atPath: server.spool + "/ok") where name.hasSuffix(".eml") {
                guard DeliverCommandTests.mentions(server.spool + "/ok/" + name, address) else { continue }
                let parsed = try DeliverCommandTests.parse(server.spool + "/ok/" + name)
                if parsed["to_address"] as? String == address { messages.append(parsed) }
            }
            #expect(messages.count == 1)
            let message = try #require(messages.first)
            #expect((message["subject"] as? String)?.contains("批单") == true)
            let attachments = try #require(message["attachments"] as? [[String: Any]])
            #expect(attachments.compactMap { $0["sha256"] as? String } == [Identifiers.sha256Hex(endorsementPDF), Identifiers.sha256Hex(newPDF)])
            #expect((attachments.first?["filename"] as? String)?.hasPrefix("批单-") == true)
        }
    }

    @Test func cancellationMakesEveryVerifyPageSayCancelled() async throws {
        let server = try SMTPTestServer.shared.get()
        let dir = temporaryDirectory("lifecycle-cancel")
        let env = Self.environment("sqlite://\(dir)/outbox.db", dir: dir, smtpPort: server.port("ok"))
        let policy = "P\(Int.random(in: 100_000_000...999_999_999))"
        try await Self.withStack(env, dir: dir) { stack in
            let issuer = stack.issuer
            let a = try await issuer.issue(IssueRequest(template: "epolicy", data: try Self.sample("epolicy", policy: policy)))
            let b = try await issuer.issue(IssueRequest(template: "visa-certificate", data: try Self.sample("visa-certificate", policy: policy)))
            let result = try await issuer.endorse(policy: policy, request: try EndorsementRequest.decode(Array("""
                {"kind": "cancellation", "effective": "2025-03-21", "changes": [],
                 "premium": {"direction": "refund", "amount": "904.05"}}
                """.utf8)))
            #expect(result.reissued.isEmpty)
            let text = try Self.text(try #require(try await issuer.file(of: result.endorsement.record)))
            #expect(text.contains("904.05") && text.contains("玖佰零肆元零伍分") && text.contains("解除"), "\(text)")
            for code in [a.record.verificationCode, b.record.verificationCode, result.endorsement.record.verificationCode] {
                let page = try await Self.verifyPage(stack, code: code)
                #expect(page.contains("Cancelled on") && page.contains("注销"), "\(page)")
            }
            // A document rendered again for the cancelled policy is born cancelled and carries the mark.
            let again = try await issuer.issue(IssueRequest(template: "epolicy", data: try Self.sample("epolicy", policy: policy),
                                                            idempotencyKey: "again-\(policy)"))
            #expect(again.record.status == .cancelled)
            let againText = try Self.text(try #require(try await issuer.file(of: again.record)))
            #expect(againText.contains("已注销 Cancelled"), "\(againText)")
            // No endorsement after a cancellation.
            await #expect(throws: IssueError.self) {
                _ = try await issuer.endorse(policy: policy, request: try EndorsementRequest.decode(Array("""
                    {"kind": "passport", "effective": "2025-04-25", "changes": [{"path": "insured.passportNumber", "after": "EC1111111"}]}
                    """.utf8)))
            }
        }
    }

    /// A crash after the new version is rendered and stored but before the registry records it, or
    /// inside the registry's transaction before it commits, leaves the old state; the next run makes
    /// the new one. Never both versions valid, never neither.
    @Test func aCrashBetweenRenderAndSupersedeLeavesOneState() async throws {
        let dir = temporaryDirectory("lifecycle-crash")
        var env = Self.environment("sqlite://\(dir)/outbox.db", dir: dir, smtpPort: 9)
        let policy = "V\(Int.random(in: 100_000_000...999_999_999))"
        let stack = try await Self.stack(env, dir: dir)
        let first = try await stack.issuer.issue(IssueRequest(template: "visa-certificate", data: try Self.sample("visa-certificate", policy: policy)))
        await stack.shutdown()
        let changes = dir + "/changes.json"
        try Data("""
            {"kind": "passport", "effective": "2025-04-25", "changes": [{"path": "insured.passportNumber", "after": "EB7654321"}]}
            """.utf8).write(to: URL(fileURLWithPath: changes))
        let arguments = ["endorse", "--policy", policy, "--data", changes, "--data-dir", dir]
        for point in ["endorse-before-record", "registry-before-commit"] {
            env["WENSHU_FAILPOINT"] = point
            let run = try DeliverCommandTests.wenshu(arguments, env: env)
            #expect(run.status == SIGKILL, "\(point): \(run.status) \(run.err)")
            let after = try await Self.stack(env, dir: dir)
            let chain = try await after.issuer.chain(policy: policy)
            await after.shutdown()
            #expect(chain.map(\.id) == [first.record.id] && chain.first?.status == .valid, "\(point): the old state, whole")
        }
        env.removeValue(forKey: "WENSHU_FAILPOINT")
        let run = try DeliverCommandTests.wenshu(arguments, env: env)
        #expect(run.status == 0, "\(run.err)")
        let after = try await Self.stack(env, dir: dir)
        let chain = try await after.issuer.chain(policy: policy)
        await after.shutdown()
        #expect(chain.count == 3)
        #expect(chain.filter { $0.template == "visa-certificate" && $0.status == .valid }.count == 1)
        #expect(chain.first { $0.id == first.record.id }?.status == .superseded)
    }

    @Test func theAPIValidatesAndListsTheChain() async throws {
        let dir = temporaryDirectory("lifecycle-api")
        let env = Self.environment("sqlite://\(dir)/outbox.db", dir: dir, smtpPort: 9)
        let policy = "V\(Int.random(in: 100_000_000...999_999_999))"
        try await Self.withStack(env, dir: dir) { stack in
            _ = try await stack.issuer.issue(IssueRequest(template: "visa-certificate", data: try Self.sample("visa-certificate", policy: policy)))
            let app = stack.makeApplication()
            let auth: HTTPFields = [.authorization: "Bearer lifecycle-token-0123456789", .contentType: "application/json"]
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/policies/NOPE1/endorsements", method: .post, headers: auth,
                                         body: ByteBuffer(string: #"{"kind":"passport","effective":"2025-04-25","changes":[{"path":"insured.passportNumber","after":"E1"}]}"#)) {
                    #expect($0.status == .notFound)
                }
                try await client.execute(uri: "/v1/policies/\(policy)/endorsements", method: .post, headers: auth,
                                         body: ByteBuffer(string: #"{"kind":"passport","changes":[{"after":"E1"}]}"#)) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(String(buffer: response.body).contains("$.effective"), "\(String(buffer: response.body))")
                }
                try await client.execute(uri: "/v1/policies/\(policy)/endorsements", method: .post, headers: auth,
                                         body: ByteBuffer(string: #"{"kind":"passport","effective":"2025-04-25T10:30:00+08:00","changes":[{"path":"insured.passportNumber","after":"EB7654321"}]}"#)) { response in
                    #expect(response.status == .unprocessableContent, "an endorsement takes effect on the hour")
                }
                try await client.execute(uri: "/v1/policies/\(policy)/endorsements", method: .post, headers: auth,
                                         body: ByteBuffer(string: #"{"kind":"passport","effective":"2025-04-25","changes":[{"path":"insured.nope","after":"E1"}]}"#)) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(String(buffer: response.body).contains("$.changes[0].path"))
                }
                try await client.execute(uri: "/v1/policies/\(policy)/endorsements", method: .post, headers: auth,
                                         body: ByteBuffer(string: #"{"kind":"passport","effective":"2025-04-25T10:00:00+08:00","changes":[{"path":"insured.passportNumber","after":"EB7654321"}]}"#)) { response in
                    #expect(response.status == .created, "\(String(buffer: response.body))")
                }
                try await client.execute(uri: "/v1/policies/\(policy)/documents", method: .get, headers: auth) { response in
                    #expect(response.status == .ok)
                    let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    let documents = json?["documents"] as? [[String: Any]] ?? []
                    #expect(documents.map { "\($0["template"] ?? "")#\($0["version"] ?? "")/\($0["status"] ?? "")" }
                            == ["visa-certificate#1/superseded", "endorsement#1/valid", "visa-certificate#2/valid"]
                            || documents.map { "\($0["template"] ?? "")#\($0["version"] ?? "")/\($0["status"] ?? "")" }
                            == ["visa-certificate#1/superseded", "visa-certificate#2/valid", "endorsement#1/valid"], "\(documents)")
                }
                try await client.execute(uri: "/v1/policies/\(policy)/documents", method: .get) { #expect($0.status == .unauthorized) }
            }
        }
    }
}
