import Foundation
import NIOCore
import Testing
import WenshuMail

/// Each fault of the test server (fault rate 1.0) maps to the right failure kind and stage.
@Suite struct SMTPFaultTests {
    private func failure(_ mode: TestSMTPServer.Mode, message: [UInt8]? = nil, commandTimeout: Int64 = 10) async throws -> SMTPFailure? {
        let server = try await TestSMTPServer.shared.value
        let bytes = try message ?? MIMEWriter.render(try SampleMessage.make(messageID: SampleMessage.uniqueID()))
        let configuration = SMTPDeliveryTests.configuration(server, mode, commandTimeout: commandTimeout)
        return await #expect(throws: SMTPFailure.self) {
            try await SMTPClient.send(message: bytes, from: "noreply@wenshu.example", to: ["zhang.san@example.com"],
                                      configuration: configuration)
        }
    }

    @Test func greeting421IsTemporary() async throws {
        let failure = try await failure(.greet421)
        #expect(failure?.kind == .temporary)
        #expect(failure?.code == 421)
        #expect(failure?.stage == "greeting")
    }

    @Test(arguments: [(TestSMTPServer.Mode.rcpt451, 451), (.rcpt452, 452)])
    func recipient4xxIsTemporary(_ mode: TestSMTPServer.Mode, _ code: Int) async throws {
        let failure = try await failure(mode)
        #expect(failure?.kind == .temporary)
        #expect(failure?.code == code)
        #expect(failure?.stage == "RCPT")
    }

    @Test func recipient550IsPermanentAndTheReplyIsKept() async throws {
        let failure = try await failure(.rcpt550)
        #expect(failure?.kind == .permanent)
        #expect(failure?.code == 550)
        #expect(failure?.stage == "RCPT")
        #expect(failure?.reply == "5.1.1 Mailbox unavailable")
    }

    /// The server resets the connection after 64 KB of a 12 MB message, long before the final
    /// "." can have been handed to the kernel.
    @Test func connectionDroppedDuringDataIsTemporary() async throws {
        let line = Array(String(repeating: "x", count: 76).utf8) + [0x0D, 0x0A]
        var big = Array("From: <a@wenshu.example>\r\nSubject: big\r\n\r\n".utf8)
        big.reserveCapacity(12_200_000)
        for _ in 0..<(12_000_000 / line.count) { big += line }
        let failure = try await failure(.dropdata, message: big)
        #expect(failure?.kind == .temporary)
        #expect(failure?.stage == "DATA")
        #expect(failure?.code == nil)
    }

    @Test func connectionDroppedAfterTheFinalDotIsAmbiguous() async throws {
        let server = try await TestSMTPServer.shared.value
        let id = SampleMessage.uniqueID()
        let failure = try await failure(.dropdot, message: try MIMEWriter.render(try SampleMessage.make(messageID: id)))
        #expect(failure?.kind == .ambiguous)
        #expect(failure?.stage == "end of data")
        // And indeed the server kept it.
        #expect(server.storedMessage(.dropdot, messageID: id) != nil)
    }

    @Test func slowReplyToMAILTimesOutAsTemporary() async throws {
        // The server answers after 3 s, which would succeed; only the 1 s timeout can fail it.
        let failure = try await failure(.slow, commandTimeout: 1)
        #expect(failure?.kind == .temporary)
        #expect(failure?.stage == "MAIL")
        #expect(failure?.code == nil)
    }

    @Test func refusedConnectionIsTemporary() async throws {
        let configuration = SMTPConfiguration(host: "127.0.0.1", port: 1, security: .plain, connectTimeout: .seconds(2))
        let failure = await #expect(throws: SMTPFailure.self) { try await SMTPConnection.open(configuration) }
        #expect(failure?.kind == .temporary)
        #expect(failure?.stage == "connect")
    }

    @Test func mailBeforeSTARTTLSIsNeverAttemptedWithoutTLS() async throws {
        let server = try await TestSMTPServer.shared.value
        var configuration = SMTPDeliveryTests.configuration(server, .starttls)
        configuration.security = .plain
        configuration.username = nil
        configuration.password = nil
        let connection = try await SMTPConnection.open(configuration)
        let failure = await #expect(throws: SMTPFailure.self) {
            try await connection.send(message: Array("Subject: x\r\n\r\nx\r\n".utf8), from: "a@wenshu.example", to: ["b@example.com"])
        }
        await connection.close()
        #expect(failure?.kind == .permanent)
        #expect(failure?.code == 530)
        #expect(failure?.stage == "MAIL")
    }
}
