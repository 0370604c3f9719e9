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

/// Issue 12 through the service: a signer configured for the node, documents issued signed and
/// archived, email copies encrypted with a generated password that arrives in a second message.
/// Checked with the real SMTP server, qpdf, pdfsig and pdftotext; the key is made by openssl here.
@Suite("Protected documents through the service", .serialized)
struct ProtectedIssueTests {
    /// A self-signed P-256 signer made for this run, in a temporary folder; no key is committed.
    static let signer: Result<SignerFiles, TestServerError> = {
        let dir = temporaryDirectory("signer")
        let result = run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                          "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem", "-days", "30", "-subj", "/CN=Wenshu Test Insurer/O=Wenshu Tests",
                          "-addext", "keyUsage=critical,digitalSignature,nonRepudiation"])
        guard result.status == 0 else { return .failure(TestServerError("openssl: \(result.err)")) }
        return .success(SignerFiles(keyFile: dir + "/key.pem", certificateFile: dir + "/cert.pem"))
    }()

    static func stack(_ env: [String: String], dir: String, signing: SignerFiles) async throws -> WenshuServerStack {
        try await PolicyLifecycleTests.stack(env, dir: dir, signing: signing)
    }

    @Test func signedArchivedKeptCopyAndEncryptedEmailWithItsPasswordApart() async throws {
        let server = try SMTPTestServer.shared.get()
        let dir = temporaryDirectory("protected")
        let env = PolicyLifecycleTests.environment("sqlite://\(dir)/outbox.db", dir: dir, smtpPort: server.port("ok"))
        let policy = "P\(Int.random(in: 100_000_000...999_999_999))"
        let address = "li.na.\(UUID().uuidString.prefix(6).lowercased())@example.com"
        let stack = try await Self.stack(env, dir: dir, signing: try Self.signer.get())
        do {
            let issued = try await stack.issuer.issue(IssueRequest(
                template: "epolicy", data: try PolicyLifecycleTests.sample("epolicy", policy: policy),
                deliver: [DeliverySpec(channel: "email", to: address)], protection: Protection(archive: true, encryption: .generated)))
            #expect(issued.deliveries.count == 2, "the document's message and the password's")

            // The kept copy: signed and intact, PDF/A, not encrypted.
            let kept = try #require(try await stack.issuer.file(of: issued.record))
            let keptPath = dir + "/kept.pdf"
            try Data(kept).write(to: URL(fileURLWithPath: keptPath))
            let keptSig = Self.run(["pdfsig", "-nocert", keptPath])
            #expect(keptSig.out.contains("Signature Validation: Signature is Valid."), "\(keptSig.out)")
            #expect(keptSig.out.contains("Signature Type: ETSI.CAdES.detached"), "\(keptSig.out)")
            #expect(keptSig.out.contains("Total document signed"), "\(keptSig.out)")
            #expect(Self.run(["qpdf", "--show-encryption", keptPath]).out.contains("File is not encrypted"))
            #expect(Self.run(["qpdf", "--check", keptPath]).status == 0)
            #expect(Self.run(["pdfinfo", "-meta", keptPath]).out.contains("pdfaid:part"), "the kept copy declares PDF/A")

            // Two messages: the document (encrypted copy attached), then the password without attachment.
            let sent = try DeliverCommandTests.wenshu(["outbox", "run", "--until-idle", "--data-dir", dir], env: env)
            #expect(sent.status == 0, "\(sent.err)")
            let (emailedFile, password) = try Self.checkTwoMessages(to: address, spool: server.spool, dir: dir)
            // The same text as the kept copy, once opened.
            let keptText = Self.run(["pdftotext", "-enc", "UTF-8", keptPath, "-"]).out
            let emailedText = Self.run(["pdftotext", "-enc", "UTF-8", "-upw", password, emailedFile, "-"]).out
            #expect(!keptText.isEmpty && keptText == emailedText)
        } catch {
            await stack.shutdown()
            throw error
        }
        await stack.shutdown()
    }

    @Test func theAPIValidatesProtectionAndSignsWhatItRenders() async throws {
        let dir = temporaryDirectory("protected-api")
        let server = try SMTPTestServer.shared.get()
        let env = PolicyLifecycleTests.environment("sqlite://\(dir)/outbox.db", dir: dir, smtpPort: server.port("ok"))
        let unsigned = try await Self.stack(env, dir: dir, signing: SignerFiles())
        let signed = try await Self.stack(env, dir: dir + "-signed", signing: try Self.signer.get())
        do { try await Self.checkAPI(unsigned: unsigned, signed: signed, dir: dir) } catch {
            await unsigned.shutdown(); await signed.shutdown()
            throw error
        }
        await unsigned.shutdown(); await signed.shutdown()
    }

    static func checkAPI(unsigned: WenshuServerStack, signed: WenshuServerStack, dir: String) async throws {
        let data = String(decoding: try PolicyLifecycleTests.sample("epolicy", policy: "P\(Int.random(in: 100_000_000...999_999_999))"), as: UTF8.self)
        let auth: HTTPFields = [.authorization: "Bearer lifecycle-token-0123456789", .contentType: "application/json"]

        // Refused, each at its JSON path: a signature on a node with no key; encryption with no
        // email to encrypt; a password and generate together; an empty password.
        let bad: [(stack: WenshuServerStack, body: String, path: String)] = [
            (unsigned, #"{"template":"epolicy","data":\#(data),"sign":true}"#, "$.sign"),
            (signed, #"{"template":"epolicy","data":\#(data),"encrypt":{"generate":true}}"#, "$.encrypt"),
            (signed, #"{"template":"epolicy","data":\#(data),"deliver":[{"channel":"email","to":"a@example.com"}],"encrypt":{"password":"x","generate":true}}"#, "$.encrypt"),
            (signed, #"{"template":"epolicy","data":\#(data),"deliver":[{"channel":"email","to":"a@example.com"}],"encrypt":{"password":""}}"#, "$.encrypt.password"),
            (signed, #"{"template":"epolicy","data":\#(data),"archive":"yes"}"#, "$.archive"),
        ]
        for case let (stack, body, path) in bad {
            try await stack.makeApplication().test(.router) { client in
                try await client.execute(uri: "/v1/documents", method: .post, headers: auth, body: ByteBuffer(string: body)) { response in
                    let text = String(buffer: response.body)
                    #expect(response.status == .unprocessableContent, "\(path): \(text)")
                    #expect(text.contains("\"\(path)\""), "\(path): \(text)")
                }
            }
        }

        // The render route signs by default on a node with a key, and encrypts with the header.
        let sample = String(decoding: try #require(FileManager.default.contents(atPath: TestServers.repositoryRoot + "/samples/epolicy.json")), as: UTF8.self)
        let out = dir + "/rendered.pdf"
        try await signed.makeApplication().test(.router) { client in
            var headers = auth
            headers[HTTPFields.Key("Wenshu-PDF-Password")!] = "route-password"
            try await client.execute(uri: "/v1/render/epolicy", method: .post, headers: headers, body: ByteBuffer(string: sample)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                try Data(Array(buffer: response.body)).write(to: URL(fileURLWithPath: out))
            }
            try await client.execute(uri: "/v1/render/epolicy?archive=true", method: .post, headers: headers, body: ByteBuffer(string: sample)) { response in
                #expect(response.status == .badRequest, "PDF/A forbids encryption")
            }
        }
        #expect(Self.run(["qpdf", "--check", out]).status != 0, "encrypted")
        #expect(Self.run(["qpdf", "--check", "--password=route-password", out]).status == 0)
        #expect(Self.run(["pdfsig", "-nocert", "-upw", "route-password", out]).out.contains("Signature is Valid."))
    }

    /// Reads the two messages sent to `address`: the document's, with its encrypted copy attached,
    /// and the password's, without attachment. Checks where the password may and may not appear, that
    /// the copy opens only with it (qpdf: R 6, AESv3), and that its signature validates once opened.
    static func checkTwoMessages(to address: String, spool: String, dir: String) throws -> (file: String, password: String) {
        let saved = dir + "/attachments"
        try FileManager.default.createDirectory(atPath: saved, withIntermediateDirectories: true)
        var messages: [[String: Any]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: spool + "/ok") where name.hasSuffix(".eml") {
            guard DeliverCommandTests.mentions(spool + "/ok/" + name, address) else { continue }
            let parsed = try DeliverCommandTests.parse(spool + "/ok/" + name, saveTo: saved)
            if parsed["to_address"] as? String == address { messages.append(parsed) }
        }
        #expect(messages.count == 2)
        let withFile = try #require(messages.first { !(($0["attachments"] as? [Any]) ?? []).isEmpty })
        let withPassword = try #require(messages.first { (($0["attachments"] as? [Any]) ?? []).isEmpty })
        let text = try #require(withPassword["text"] as? String)
        let password = try #require(text.firstMatch(of: /[0-9a-z]{5}(-[0-9a-z]{5}){3}/).map { String($0.output.0) }, "\(text)")
        #expect(!(withPassword["subject"] as? String ?? password).contains(password), "never in the subject")
        #expect(!(withFile["text"] as? String ?? password).contains(password), "never in the document's message")

        let attachment = try #require((withFile["attachments"] as? [[String: Any]])?.first)
        let emailedPath = saved + "/\(try #require(attachment["sha256"] as? String)).bin"
        #expect(Self.run(["qpdf", "--check", emailedPath]).status != 0, "it does not open without the password")
        #expect(Self.run(["qpdf", "--check", "--password=wrong-\(password)", emailedPath]).status != 0, "a wrong password is refused")
        #expect(Self.run(["qpdf", "--check", "--password=\(password)", emailedPath]).status == 0)
        let shown = Self.run(["qpdf", "--show-encryption", "--password=\(password)", emailedPath]).out
        #expect(shown.contains("R = 6") && shown.contains("AESv3") && !shown.contains("Incorrect password"), "\(shown)")
        // Encrypted, then signed: the customer's copy validates with the password.
        let emailedSig = Self.run(["pdfsig", "-nocert", "-upw", password, emailedPath])
        #expect(emailedSig.out.contains("Signature Validation: Signature is Valid."), "\(emailedSig.out) \(emailedSig.err)")
        return (emailedPath, password)
    }

    @Test func deliverFromTheCommandLineSignsAndSendsThePasswordApart() async throws {
        let server = try SMTPTestServer.shared.get()
        let dir = temporaryDirectory("protected-cli")
        var env = WorkerProcessTests.environment(database: "sqlite://\(dir)/outbox.db", smtpPort: server.port("ok"))
        env["WENSHU_STORE_URL"] = "file://\(dir)/store"
        let address = "wang.fang.\(UUID().uuidString.prefix(6).lowercased())@example.com"
        let signer = try Self.signer.get()
        let run = try DeliverCommandTests.wenshu([
            "deliver", "--template", "visa-certificate", "--data", "samples/visa-certificate.json", "--to", address, "--store", "certs/c.pdf",
            "--encrypt-generate", "--archive", "--sign-key", try #require(signer.keyFile), "--sign-cert", try #require(signer.certificateFile),
            "--data-dir", dir, "--send",
        ], env: env)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("sent 3"), "\(run.out)")
        let stored = dir + "/store/certs/c.pdf"
        #expect(Self.run(["pdfsig", "-nocert", stored]).out.contains("Signature is Valid."))
        #expect(Self.run(["pdfinfo", "-meta", stored]).out.contains("pdfaid:part"), "the stored copy is the archive copy")
        let emailed = try Self.checkTwoMessages(to: address, spool: server.spool, dir: dir)
        let storedText = Self.run(["pdftotext", "-enc", "UTF-8", stored, "-"]).out
        #expect(!storedText.isEmpty && storedText == Self.run(["pdftotext", "-enc", "UTF-8", "-upw", emailed.password, emailed.file, "-"]).out)
    }

    struct Output { var status: Int32; var out: String; var err: String }

    static func run(_ arguments: [String]) -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        do { try p.run() } catch { return Output(status: -1, out: "", err: "\(error)") }
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }
}
