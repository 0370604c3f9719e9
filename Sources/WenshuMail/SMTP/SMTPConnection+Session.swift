import NIOCore
import NIOSSL

extension SMTPConnection {
    /// The conversation steps, over a channel whose last handler is `SMTPReplyHandler`.
    struct Session: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<SMTPReplyHandler>
        let configuration: SMTPConfiguration

        /// Greeting, EHLO, STARTTLS and EHLO again, AUTH. Returns the last EHLO capabilities.
        func start(tlsContext: NIOSSLContext?) async throws(SMTPFailure) -> SMTPCapabilities {
            try expect(try await reply(stage: "greeting"), [220], stage: "greeting")
            var capabilities = try await hello()
            if configuration.security == .startTLS, let tlsContext {
                guard capabilities.startTLS else {
                    throw SMTPFailure(kind: .permanent, code: nil, reply: "server does not offer starttls", stage: "STARTTLS")
                }
                let serverName = configuration.hostIsIPAddress ? nil : configuration.host
                let answer = try await command("STARTTLS", stage: "STARTTLS") {
                    try NIOSSLClientHandler(context: tlsContext, serverHostname: serverName)
                }
                try expect(answer, [220], stage: "STARTTLS")
                // RFC 3207 §4.2: forget everything learned before TLS and say EHLO again.
                capabilities = try await hello(allowHELO: false)
            }
            if let username = configuration.username, let password = configuration.password {
                try await authenticate(username: username, password: password, capabilities: capabilities)
            }
            return capabilities
        }

        private func hello(allowHELO: Bool = true) async throws(SMTPFailure) -> SMTPCapabilities {
            let answer = try await command("EHLO \(configuration.heloName)", stage: "EHLO")
            if answer.code == 250 { return SMTPCapabilities(ehloReply: answer) }
            // RFC 5321 §3.2: a server that does not know EHLO answers 5xx; HELO is the fallback.
            guard allowHELO, (500..<600).contains(answer.code), configuration.security == .plain,
                  configuration.username == nil
            else {
                try expect(answer, [250], stage: "EHLO")
                return SMTPCapabilities()
            }
            try expect(try await command("HELO \(configuration.heloName)", stage: "EHLO"), [250], stage: "EHLO")
            return SMTPCapabilities()
        }

        /// AUTH PLAIN (RFC 4616) when offered, else AUTH LOGIN; both send the secret base64
        /// encoded, which is why `open` insists on TLS or loopback first.
        private func authenticate(username: String, password: String, capabilities: SMTPCapabilities) async throws(SMTPFailure) {
            let user = Array(username.utf8), secret = Array(password.utf8)
            if capabilities.authMechanisms.contains("PLAIN") {
                let token = Base64.encode([0] + user + [0] + secret)
                try expect(try await command("AUTH PLAIN \(token)", stage: "AUTH"), [235], stage: "AUTH")
            } else if capabilities.authMechanisms.contains("LOGIN") {
                try expect(try await command("AUTH LOGIN", stage: "AUTH"), [334], stage: "AUTH")
                try expect(try await command(Base64.encode(user), stage: "AUTH"), [334], stage: "AUTH")
                try expect(try await command(Base64.encode(secret), stage: "AUTH"), [235], stage: "AUTH")
            } else {
                throw SMTPFailure(kind: .permanent, code: nil, reply: "server offers neither auth plain nor login", stage: "AUTH")
            }
        }

        /// RSET if needed, MAIL, RCPT for each recipient, DATA, the stuffed message and ".".
        func transaction(message: [UInt8], from: String, to: [String], reset: Bool) async throws(SMTPFailure) -> SMTPReceipt {
            if reset { try expect(try await command("RSET", stage: "MAIL"), [250], stage: "MAIL") }
            try expect(try await command("MAIL FROM:<\(from)>", stage: "MAIL"), [250], stage: "MAIL")
            for recipient in to {
                try expect(try await command("RCPT TO:<\(recipient)>", stage: "RCPT"), [250, 251], stage: "RCPT")
            }
            try expect(try await command("DATA", stage: "DATA"), [354], stage: "DATA")
            let payload = DotStuffing.encode(message, allocator: channel.allocator)
            let timeout = configuration.dataTimeout
            let handler = self.handler
            do {
                try await channel.eventLoop.flatSubmit {
                    handler.value.write(payload, timeout: timeout, on: handler.eventLoop)
                }.get()
            } catch {
                throw Self.failure(SMTPTransportError(error), stage: "DATA")
            }
            // From here on a lost connection means the server may have the message.
            let final = try await reply(stage: "end of data", timeout: timeout)
            if final.code == 250 { return SMTPReceipt(code: final.code, reply: final.summary) }
            let kind: SMTPFailure.Kind = (400..<500).contains(final.code) ? .temporary
                : (500..<600).contains(final.code) ? .permanent : .ambiguous
            throw SMTPFailure(kind: kind, code: final.code, reply: final.summary, stage: "end of data")
        }

        /// Writes one command line and waits for its reply. With `tlsHandler`, arms the STARTTLS
        /// switch in the same event loop turn as the write, so the 220 cannot arrive unarmed.
        func command(
            _ line: String, stage: String, tlsHandler: (@Sendable () throws -> any ChannelHandler)? = nil
        ) async throws(SMTPFailure) -> SMTPReply {
            let handler = self.handler, timeout = configuration.commandTimeout
            let future = channel.eventLoop.flatSubmit { () -> EventLoopFuture<SMTPReply> in
                if let tlsHandler { handler.value.armTLSUpgrade(tlsHandler) }
                _ = handler.value.write(ByteBuffer(string: line + "\r\n"), timeout: timeout, on: handler.eventLoop)
                return handler.value.nextReply(timeout: timeout, on: handler.eventLoop)
            }
            do {
                return try await future.get()
            } catch {
                throw Self.failure(SMTPTransportError(error), stage: stage)
            }
        }

        private func reply(stage: String, timeout: TimeAmount? = nil) async throws(SMTPFailure) -> SMTPReply {
            let handler = self.handler, timeout = timeout ?? configuration.commandTimeout
            do {
                return try await channel.eventLoop.flatSubmit {
                    handler.value.nextReply(timeout: timeout, on: handler.eventLoop)
                }.get()
            } catch {
                throw Self.failure(SMTPTransportError(error), stage: stage)
            }
        }

        /// 4xx → temporary, 5xx → permanent; a code that is valid but not expected here (a 3xx
        /// to MAIL, say) is a protocol error and temporary.
        private func expect(_ reply: SMTPReply, _ codes: Set<Int>, stage: String) throws(SMTPFailure) {
            guard !codes.contains(reply.code) else { return }
            let kind: SMTPFailure.Kind = (500..<600).contains(reply.code) ? .permanent : .temporary
            throw SMTPFailure(kind: kind, code: reply.code, reply: reply.summary, stage: stage)
        }

        /// Transport failures are temporary, except after the final "." where they are ambiguous.
        static func failure(_ error: SMTPTransportError, stage: String) -> SMTPFailure {
            var stage = stage
            if case .tls = error, stage != "end of data" { stage = "TLS" }
            return SMTPFailure(kind: stage == "end of data" ? .ambiguous : .temporary, code: nil,
                               reply: error.description, stage: stage)
        }
    }
}
