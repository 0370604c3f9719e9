import Foundation
import NIOCore
import NIOEmbedded
import Testing
@testable import WenshuMail

@Suite struct SMTPReplyParserTests {
    private func replies(_ text: String) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        parser.append(Array(text.utf8))
        var result: [SMTPReply] = []
        while let reply = try parser.nextReply() { result.append(reply) }
        return result
    }

    @Test func multiLineEHLOReplyIsOneReply() throws {
        let parsed = try replies("250-mail.example\r\n250-STARTTLS\r\n250-AUTH=PLAIN LOGIN\r\n250 HELP\r\n")
        #expect(parsed.count == 1)
        #expect(parsed[0].code == 250 && parsed[0].lines.count == 4)
        let capabilities = SMTPCapabilities(ehloReply: parsed[0])
        #expect(capabilities.startTLS && capabilities.authMechanisms == ["PLAIN", "LOGIN"])
    }

    @Test func bareCodeAndBareLFAreAccepted() throws {
        #expect(try replies("250\n354 go\r\n").map(\.code) == [250, 354])
    }

    @Test func partialReplyWaitsForMoreBytes() throws {
        var parser = SMTPReplyParser()
        parser.append(Array("250-first\r\n250 se".utf8))
        #expect(try parser.nextReply() == nil)
        parser.append(Array("cond\r\n".utf8))
        #expect(try parser.nextReply()?.lines == ["first", "second"])
    }

    @Test(arguments: ["hello\r\n", "999 no\r\n", "2500 x\r\n", "250-a\r\n251 b\r\n", "25\r\n", "250_x\r\n"])
    func garbageIsMalformed(_ text: String) {
        #expect(throws: SMTPReplyParser.ParseError.malformed) { try replies(text) }
    }

    @Test func overlongLineIsRefusedWithoutWaitingForItsEnd() {
        var parser = SMTPReplyParser()
        parser.append(Array(repeating: UInt8(ascii: "2"), count: 5000))
        #expect(throws: SMTPReplyParser.ParseError.lineTooLong) { try parser.nextReply() }
    }

    @Test func replyOfMoreThan100LinesIsRefused() {
        let text = String(repeating: "250-x\r\n", count: 101) + "250 end\r\n"
        #expect(throws: SMTPReplyParser.ParseError.tooManyLines) { try replies(text) }
    }

    @Test func summaryIsOneBoundedLineWithAddressesMasked() {
        let reply = SMTPReply(code: 550, lines: ["5.1.1 <zhang.san@example.com>: unknown\tuser", String(repeating: "x", count: 2000)])
        #expect(reply.summary.hasPrefix("5.1.1 <z***@e***.com>: unknown user "))
        #expect(reply.summary.count == 512)
    }
}

@Suite struct STARTTLSInjectionTests {
    /// Stands in for the TLS handler; records the bytes that reach it.
    final class RecordingHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        var received: [UInt8] = []
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += unwrapInboundIn(data).readableBytesView
        }
    }

    @Test func plaintextAfterThe220IsDiscardedAndLaterBytesGoThroughTLS() throws {
        let handler = SMTPReplyHandler()
        let channel = EmbeddedChannel(handler: handler)
        let tls = RecordingHandler()
        handler.armTLSUpgrade { tls }
        let reply = handler.nextReply(timeout: .seconds(5), on: channel.eventLoop)
        // One segment: the 220 and an injected reply an attacker slipped in before the handshake.
        try channel.writeInbound(ByteBuffer(string: "220 2.0.0 go ahead\r\n250-injected\r\n250 AUTH PLAIN\r\n"))
        #expect(try reply.wait().code == 220)
        #expect(handler.discardedPlaintextBytes == 30)
        try channel.writeInbound(ByteBuffer(string: "handshake bytes"))
        #expect(tls.received == Array("handshake bytes".utf8))
        let next = handler.nextReply(timeout: .seconds(5), on: channel.eventLoop)
        channel.embeddedEventLoop.advanceTime(by: .seconds(6))
        #expect(throws: (any Error).self) { try next.wait() }
        _ = try? channel.finish()
    }

    @Test func aRefusedSTARTTLSDisarmsTheUpgrade() throws {
        let handler = SMTPReplyHandler()
        let channel = EmbeddedChannel(handler: handler)
        let tls = RecordingHandler()
        handler.armTLSUpgrade { tls }
        let refused = handler.nextReply(timeout: .seconds(5), on: channel.eventLoop)
        try channel.writeInbound(ByteBuffer(string: "454 4.7.0 TLS not available\r\n220 late\r\n"))
        #expect(try refused.wait().code == 454)
        #expect(try handler.nextReply(timeout: .seconds(5), on: channel.eventLoop).wait().code == 220)
        #expect(handler.discardedPlaintextBytes == 0)
        _ = try? channel.finish()
    }
}

@Suite struct DotStuffingAndMaskTests {
    @Test func linesStartingWithADotAreDoubledAndTheMessageEndsWithTheTerminator() {
        let stuffed = DotStuffing.encode(Array(".first\nsecond\r\n.\r\n..x\rlast".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "..first\r\nsecond\r\n..\r\n...x\r\nlast\r\n.\r\n")
    }

    /// The line-at-a-time encoder against the rule applied byte by byte, on messages made mostly of
    /// the bytes that matter (CR, LF, "."), into an array and into a buffer alike.
    @Test func matchesTheByteByByteRuleOnRandomMessages() {
        func reference(_ message: [UInt8]) -> [UInt8] {
            var output: [UInt8] = []
            var atLineStart = true
            var index = 0
            while index < message.count {
                let byte = message[index]
                if byte == 0x0D || byte == 0x0A {
                    output += [0x0D, 0x0A]
                    if byte == 0x0D, index + 1 < message.count, message[index + 1] == 0x0A { index += 1 }
                    atLineStart = true
                } else {
                    if atLineStart, byte == UInt8(ascii: ".") { output.append(byte) }
                    output.append(byte)
                    atLineStart = false
                }
                index += 1
            }
            if !atLineStart { output += [0x0D, 0x0A] }
            return output + [UInt8(ascii: "."), 0x0D, 0x0A]
        }
        var random = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x0D, 0x0A, UInt8(ascii: "."), UInt8(ascii: "a"), 0x00, 0xFF]
        for length in [0, 1, 2, 3, 5, 17, 100, 1000] {
            for _ in 0..<200 {
                let message = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
                let expected = reference(message)
                #expect(DotStuffing.encode(message) == expected)
                let buffer = DotStuffing.encode(message, allocator: ByteBufferAllocator())
                #expect(Array(buffer.readableBytesView) == expected)
            }
        }
    }

    /// Base64 with CRLF every 76 characters, and without breaks, as Foundation writes it.
    @Test func base64MatchesFoundation() {
        var random = SystemRandomNumberGenerator()
        for length in [0, 1, 2, 3, 56, 57, 58, 113, 114, 1000, 100_003] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let data = Data(bytes)
            let lines = data.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            #expect(String(decoding: Base64.encodeBytes(bytes, lineLength: 76), as: UTF8.self) == lines + (lines.isEmpty ? "" : "\r\n"))
            #expect(Base64.encode(bytes) == data.base64EncodedString())
            #expect(String(decoding: Base64.encodeBytes(bytes, lineLength: 10), as: UTF8.self)
                    == String(decoding: Array(Array(Base64.encode(bytes).utf8).chunked(10).joined(separator: [0x0D, 0x0A])), as: UTF8.self)
                       + (length == 0 ? "" : "\r\n"))
        }
    }

    @Test(arguments: [
        ("zhang.san@example.com", "z***@e***.com"), ("a@b", "a***@b***"), ("root", "r***"), ("", "***"),
        ("李@例子.中国", "李***@例***.中国"),
    ])
    func addressesAreMasked(_ input: String, _ expected: String) {
        #expect(AddressMask.mask(input) == expected)
        if !input.isEmpty { #expect(AddressMask.mask(input) != input) }
    }
}

private extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}
