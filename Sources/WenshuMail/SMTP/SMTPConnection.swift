public import Logging
public import NIOCore
import Foundation
import NIOPosix
import NIOSSL

/// One SMTP session (RFC 5321) over which any number of messages can be sent, one at a time.
///
/// `open` connects, reads the greeting, says EHLO (HELO if EHLO is refused with 5xx), switches
/// to TLS as configured and authenticates. `send` runs one MAIL/RCPT/DATA transaction; after a
/// rejected transaction the next `send` starts with RSET. A transport failure (close, reset,
/// timeout) ends the session: later calls fail at once with a temporary failure.
///
/// Logs only connection-level events with the host and codes: never an address, a credential or
/// message content.
public final class SMTPConnection: Sendable {
    private struct State {
        var busy = false
        var broken = false
        var needsReset = false
    }

    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    private let configuration: SMTPConfiguration
    private let logger: Logger
    private let state = Locked(State())
    let capabilities: SMTPCapabilities

    private init(channel: any Channel, handler: NIOLoopBound<SMTPReplyHandler>, configuration: SMTPConfiguration,
                 logger: Logger, capabilities: SMTPCapabilities)
    {
        self.channel = channel
        self.handler = handler
        self.configuration = configuration
        self.logger = logger
        self.capabilities = capabilities
    }

    /// Connects and prepares a session ready for `send`.
    ///
    /// - Throws: `SMTPFailure` with stage "connect", "TLS", "greeting", "EHLO", "STARTTLS" or
    ///   "AUTH". Credentials with `.plain` security and a non-loopback host fail permanently at
    ///   "AUTH" before connecting.
    public static func open(
        _ configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "wenshu.mail.smtp")
    ) async throws(SMTPFailure) -> SMTPConnection {
        let wantsAuth = configuration.username != nil || configuration.password != nil
        if wantsAuth, configuration.username == nil || configuration.password == nil {
            throw SMTPFailure(kind: .permanent, code: nil, reply: "username and password must be given together", stage: "AUTH")
        }
        if wantsAuth, configuration.security == .plain, !configuration.hostIsLoopback {
            throw SMTPFailure(kind: .permanent, code: nil, reply: "refusing to send credentials without tls", stage: "AUTH")
        }
        guard !configuration.heloName.isEmpty,
              configuration.heloName.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else {
            throw SMTPFailure(kind: .permanent, code: nil, reply: "helo name must be printable ascii without spaces", stage: "EHLO")
        }
        let tlsContext = try makeTLSContext(configuration)
        var logger = logger
        logger[metadataKey: "smtp.host"] = "\(configuration.host):\(configuration.port)"

        let (channel, handler) = try await connect(configuration, tlsContext: tlsContext, group: eventLoopGroup)
        logger.debug("smtp connected", metadata: ["smtp.security": "\(configuration.security)"])
        let session = Session(channel: channel, handler: handler, configuration: configuration)
        do {
            let capabilities = try await session.start(tlsContext: tlsContext)
            logger.debug("smtp session ready", metadata: ["smtp.tls": "\(configuration.security != .plain)"])
            return SMTPConnection(channel: channel, handler: handler, configuration: configuration, logger: logger,
                                  capabilities: capabilities)
        } catch {
            logger.notice("smtp session setup failed", metadata: ["smtp.stage": "\(error.stage)", "smtp.code": "\(error.code ?? 0)"])
            try? await channel.close()
            throw error
        }
    }

    /// Sends one message to `to`, all of which must be accepted.
    ///
    /// - Parameters:
    ///   - message: rendered bytes (for example from `MIMEWriter.render`); line breaks are
    ///     normalized to CRLF and lines starting with "." are dot-stuffed here.
    ///   - from: the envelope sender (return path); "" sends the null path `<>`.
    ///   - to: envelope recipients; one rejected recipient fails the whole message.
    /// - Returns: the reply to the final ".".
    /// - Throws: `SMTPFailure` with stage "MAIL", "RCPT", "DATA" or "end of data", and `kind`
    ///   `.ambiguous` only when the final "." was sent and no valid reply followed.
    public func send(message: [UInt8], from: String, to: [String]) async throws(SMTPFailure) -> SMTPReceipt {
        do {
            if !from.isEmpty { try MailAddress.validate(address: from) }
        } catch {
            throw SMTPFailure(kind: .permanent, code: nil, reply: "invalid sender: \(error.message)", stage: "MAIL")
        }
        guard !to.isEmpty else { throw SMTPFailure(kind: .permanent, code: nil, reply: "no recipients", stage: "RCPT") }
        for recipient in to {
            do { try MailAddress.validate(address: recipient) } catch {
                throw SMTPFailure(kind: .permanent, code: nil, reply: "invalid recipient: \(error.message)", stage: "RCPT")
            }
        }
        let (acquired, needsReset) = state.withLockedValue { state -> (Bool, Bool) in
            guard !state.busy, !state.broken else { return (false, false) }
            state.busy = true
            return (true, state.needsReset)
        }
        guard acquired else {
            throw SMTPFailure(kind: .temporary, code: nil, reply: "connection is closed or busy", stage: "MAIL")
        }
        let session = Session(channel: channel, handler: handler, configuration: configuration)
        do {
            let receipt = try await session.transaction(message: message, from: from, to: to, reset: needsReset)
            state.withLockedValue {
                $0.busy = false
                $0.needsReset = false
            }
            return receipt
        } catch {
            let broken = error.code == nil || error.kind == .ambiguous || error.code == 421
            state.withLockedValue {
                $0.busy = false
                $0.needsReset = true
                $0.broken = $0.broken || broken
            }
            logger.notice("smtp transaction failed",
                          metadata: ["smtp.stage": "\(error.stage)", "smtp.code": "\(error.code ?? 0)", "smtp.kind": "\(error.kind)"])
            if broken { try? await channel.close() }
            throw error
        }
    }

    /// Says QUIT (waiting at most the command timeout) and closes. Never throws.
    public func close() async {
        let skip = state.withLockedValue { state -> Bool in
            defer { state.broken = true }
            return state.broken || state.busy
        }
        if !skip {
            let session = Session(channel: channel, handler: handler, configuration: configuration)
            _ = try? await session.command("QUIT", stage: "QUIT")
        }
        try? await channel.close()
        logger.debug("smtp closed")
    }

    private static func makeTLSContext(_ configuration: SMTPConfiguration) throws(SMTPFailure) -> NIOSSLContext? {
        guard configuration.security != .plain else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.trustRootsPEMFile { tls.trustRoots = .file(file) }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPFailure(kind: .permanent, code: nil, reply: "cannot set up tls: \(error)", stage: "TLS")
        }
    }

    private static func connect(
        _ configuration: SMTPConfiguration, tlsContext: NIOSSLContext?, group: any EventLoopGroup
    ) async throws(SMTPFailure) -> (any Channel, NIOLoopBound<SMTPReplyHandler>) {
        let implicitTLS = configuration.security == .implicitTLS
        let serverName = configuration.hostIsIPAddress ? nil : configuration.host
        // Taken in the initializer: by the time `connect` returns, the server may already have
        // sent a reply and closed, and the handler then holds that reply and the reason.
        let installed = Locked<NIOLoopBound<SMTPReplyHandler>?>(nil)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS, let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
                    }
                    let handler = SMTPReplyHandler()
                    try channel.pipeline.syncOperations.addHandler(handler)
                    installed.withLockedValue { $0 = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
                }
            }
        do {
            let channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
            guard let handler = installed.withLockedValue({ $0 }) else {
                channel.close(promise: nil)
                throw SMTPTransportError.closed
            }
            return (channel, handler)
        } catch {
            throw SMTPFailure(kind: .temporary, code: nil, reply: "cannot connect: \(error)", stage: "connect")
        }
    }
}

/// A value behind a lock; the connection's bookkeeping is touched only briefly.
private final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLockedValue<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
