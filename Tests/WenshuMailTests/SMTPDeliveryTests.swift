import Foundation
import NIOCore
import Testing
import WenshuMail

/// Real SMTP over loopback to aiosmtpd, read back by Python's `email` package.
@Suite struct SMTPDeliveryTests {
    static func configuration(_ server: TestSMTPServer, _ mode: TestSMTPServer.Mode,
                              commandTimeout: Int64 = 10) -> SMTPConfiguration
    {
        let security: SMTPSecurity = mode == .starttls ? .startTLS : mode == .smtps ? .implicitTLS : .plain
        let authenticated = mode == .starttls || mode == .smtps
        return SMTPConfiguration(
            host: "127.0.0.1", port: server.port(mode), security: security,
            username: authenticated ? "wenshu" : nil, password: authenticated ? "s3cret" : nil,
            heloName: "client.wenshu.example", connectTimeout: .seconds(5), commandTimeout: .seconds(commandTimeout),
            dataTimeout: .seconds(20), trustRootsPEMFile: server.certificatePath)
    }

    @Test(arguments: [TestSMTPServer.Mode.ok, .starttls, .smtps])
    func chineseLetterWithPDFArrivesIntact(_ mode: TestSMTPServer.Mode) async throws {
        let server = try await TestSMTPServer.shared.value
        let id = SampleMessage.uniqueID()
        let receipt = try await SMTPClient.send(try SampleMessage.make(messageID: id), configuration: Self.configuration(server, mode))
        #expect(receipt.code == 250)
        let file = try #require(server.storedMessage(mode, messageID: id))
        let parsed = try Python.parse(file)
        #expect(parsed.subject == SampleMessage.subject)
        #expect(parsed.from_name == SampleMessage.fromName)
        #expect(parsed.to_name == SampleMessage.toName)
        #expect(parsed.to_address == "zhang.san@example.com")
        #expect(parsed.message_id == "<\(id)>")
        // Python keeps the canonical CRLF of a base64 text part.
        let text = parsed.text?.replacingOccurrences(of: "\r\n", with: "\n") ?? ""
        #expect(text.contains("附件是您的保险单。\n") && text.hasSuffix("attached.\n.\n.. two dots\n"))
        #expect(parsed.html?.contains("<b>保险单</b>") == true)
        #expect(parsed.defects.isEmpty)
        let attachment = try #require(parsed.attachments.first)
        #expect(attachment.filename == SampleMessage.fileName)
        #expect(attachment.content_type == "application/pdf")
        #expect(attachment.sha256 == SampleMessage.pdf.sha256Hex)
    }

    @Test func linesStartingWithDotsArriveIntact() async throws {
        let server = try await TestSMTPServer.shared.value
        let id = SampleMessage.uniqueID()
        let raw = "From: <a@wenshu.example>\r\nTo: <b@example.com>\r\nSubject: dots\r\nMessage-ID: <\(id)>\r\n\r\n"
            + ".\r\n..\r\n.hidden line\r\nmiddle\r\n. \r\nend\r\n"
        let connection = try await SMTPConnection.open(Self.configuration(server, .ok))
        _ = try await connection.send(message: Array(raw.utf8), from: "a@wenshu.example", to: ["b@example.com"])
        await connection.close()
        let file = try #require(server.storedMessage(.ok, messageID: id))
        #expect(try Data(contentsOf: file) == Data(raw.utf8))
    }

    @Test func oneConnectionSendsAgainAfterARejectedRecipient() async throws {
        let server = try await TestSMTPServer.shared.value
        let connection = try await SMTPConnection.open(Self.configuration(server, .ok))
        let first = SampleMessage.uniqueID(), second = SampleMessage.uniqueID()
        let bytes = try MIMEWriter.render(try SampleMessage.make(messageID: first))
        _ = try await connection.send(message: bytes, from: "a@wenshu.example", to: ["b@example.com"])
        await #expect(throws: SMTPFailure.self) {
            try await connection.send(message: bytes, from: "a@wenshu.example", to: ["bad address@example.com"])
        }
        _ = try await connection.send(message: try MIMEWriter.render(try SampleMessage.make(messageID: second)),
                                      from: "a@wenshu.example", to: ["b@example.com"])
        await connection.close()
        #expect(server.storedMessage(.ok, messageID: first) != nil)
        #expect(server.storedMessage(.ok, messageID: second) != nil)
    }

    @Test func wrongPasswordIsAPermanentAuthFailure() async throws {
        let server = try await TestSMTPServer.shared.value
        var configuration = Self.configuration(server, .smtps)
        configuration.password = "wrong"
        let failure = await #expect(throws: SMTPFailure.self) { try await SMTPConnection.open(configuration) }
        #expect(failure?.kind == .permanent)
        #expect(failure?.stage == "AUTH")
        #expect(failure?.code == 535)
    }

    @Test func untrustedCertificateFailsAtTLS() async throws {
        let server = try await TestSMTPServer.shared.value
        var configuration = Self.configuration(server, .smtps)
        configuration.trustRootsPEMFile = nil
        let failure = await #expect(throws: SMTPFailure.self) { try await SMTPConnection.open(configuration) }
        #expect(failure?.stage == "TLS")
        #expect(failure?.kind == .temporary)
    }

    @Test func credentialsAreNeverSentInPlaintextToARemoteHost() async throws {
        let configuration = SMTPConfiguration(host: "mail.example.com", port: 25, security: .plain, username: "u", password: "p")
        let failure = await #expect(throws: SMTPFailure.self) { try await SMTPConnection.open(configuration) }
        #expect(failure?.kind == .permanent)
        #expect(failure?.stage == "AUTH")
    }
}
