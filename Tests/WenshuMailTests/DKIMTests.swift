import Foundation
import Testing
import WenshuMail

/// Keys are generated per run with openssl; dkimpy verifies with the key record handed to it
/// instead of DNS.
@Suite struct DKIMTests {
    enum Algorithm: String, CaseIterable, Sendable {
        case rsa, ed25519
    }

    struct KeyPair {
        var privatePEM: String
        var record: String
    }

    static func makeKey(_ algorithm: Algorithm, in directory: URL) throws -> KeyPair {
        let keyPath = directory.appendingPathComponent("\(algorithm).pem").path
        let generate = algorithm == .rsa
            ? ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", keyPath]
            : ["genpkey", "-algorithm", "ED25519", "-out", keyPath]
        let generated = try Python.run("openssl", generate)
        #expect(generated.status == 0, "\(generated.stderr)")
        let derPath = keyPath + ".pub.der"
        _ = try Python.run("openssl", ["pkey", "-in", keyPath, "-pubout", "-outform", "DER", "-out", derPath])
        var publicKey = try Data(contentsOf: URL(fileURLWithPath: derPath))
        // RFC 8463 §4.2: an Ed25519 record carries the bare 32-byte key, not SubjectPublicKeyInfo.
        if algorithm == .ed25519 { publicKey = publicKey.suffix(32) }
        let type = algorithm == .rsa ? "rsa" : "ed25519"
        return KeyPair(privatePEM: try String(contentsOfFile: keyPath, encoding: .utf8),
                       record: "v=DKIM1; k=\(type); p=\(publicKey.base64EncodedString())")
    }

    static func verify(_ message: [UInt8], record: String, in directory: URL) throws -> Python.Output {
        let file = directory.appendingPathComponent("signed-\(UUID().uuidString).eml")
        try Data(message).write(to: file)
        return try Python.run("python3", [Python.servers.appendingPathComponent("smtp_dkim_check.py").path, file.path, record])
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-dkim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test(arguments: Algorithm.allCases)
    func signatureVerifiesWithDkimpy(_ algorithm: Algorithm) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = try Self.makeKey(algorithm, in: directory)
        let signer = try DKIMSigner(domain: "wenshu.example", selector: "mail2025", privateKeyPEM: key.privatePEM)
        let signed = try MIMEWriter.render(try SampleMessage.make(messageID: "dkim-\(algorithm)@wenshu.example"), dkim: signer)
        #expect(String(decoding: signed.prefix(40), as: UTF8.self).hasPrefix("DKIM-Signature: v=1; a=\(algorithm)-sha256;"))
        let result = try Self.verify(signed, record: key.record, in: directory)
        #expect(result.stdout.hasPrefix("pass"), "\(result.stdout) \(result.stderr)")

        // A changed body must fail, so the check above is not vacuous.
        var tampered = signed
        let index = tampered.lastIndex(of: UInt8(ascii: "A"))!
        tampered[index] = UInt8(ascii: "B")
        #expect(try Self.verify(tampered, record: key.record, in: directory).stdout.hasPrefix("fail"))
    }

    /// Dot-stuffing and the server's un-stuffing must leave the signed bytes as they were.
    @Test func signatureSurvivesDeliveryOverSTARTTLS() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = try Self.makeKey(.ed25519, in: directory)
        let signer = try DKIMSigner(domain: "wenshu.example", selector: "mail2025", privateKeyPEM: key.privatePEM)
        let server = try await TestSMTPServer.shared.value
        let id = SampleMessage.uniqueID()
        _ = try await SMTPClient.send(try SampleMessage.make(messageID: id), dkim: signer,
                                      configuration: SMTPDeliveryTests.configuration(server, .starttls))
        let file = try #require(server.storedMessage(.starttls, messageID: id))
        let result = try Self.verify(Array(try Data(contentsOf: file)), record: key.record, in: directory)
        #expect(result.stdout.hasPrefix("pass"), "\(result.stdout) \(result.stderr)")
    }

    @Test func signingIsDeterministic() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = try Self.makeKey(.ed25519, in: directory)
        let signer = try DKIMSigner(domain: "wenshu.example", selector: "s", privateKeyPEM: key.privatePEM)
        let message = try SampleMessage.make(messageID: "same@wenshu.example")
        #expect(try MIMEWriter.render(message, dkim: signer) == MIMEWriter.render(message, dkim: signer))
    }

    /// A key cut short (a generated key's PEM with only its first body line kept) is refused, never
    /// half-read. The key is made at run time: the source holds no key material.
    @Test func unusableKeysAreRefused() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for algorithm in Algorithm.allCases {
            let lines = try Self.makeKey(algorithm, in: directory).privatePEM.split(separator: "\n")
            let truncated = [lines[0], lines[1].prefix(8), lines[lines.count - 1]].joined(separator: "\n") + "\n"
            #expect(throws: MailError(.invalidDKIMKey, "")) {
                try DKIMSigner(domain: "wenshu.example", selector: "s", privateKeyPEM: truncated)
            }
        }
        #expect(throws: MailError(.invalidDKIMKey, "")) {
            try DKIMSigner(domain: "wenshu.example; x=y", selector: "s", privateKeyPEM: "")
        }
    }
}
