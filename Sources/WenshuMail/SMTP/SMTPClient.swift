public import NIOCore
import NIOPosix
public import Logging

/// One-shot sending: open, send, close.
public enum SMTPClient {
    /// Opens a connection, sends one message and says QUIT.
    ///
    /// - Throws: `SMTPFailure` from either `SMTPConnection.open` or `send`.
    public static func send(
        message: [UInt8], from: String, to: [String], configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "wenshu.mail.smtp")
    ) async throws(SMTPFailure) -> SMTPReceipt {
        let connection = try await SMTPConnection.open(configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        do {
            let receipt = try await connection.send(message: message, from: from, to: to)
            await connection.close()
            return receipt
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Renders `message` (signing it when `dkim` is given) and sends it to all its `to`
    /// addresses, with `message.from` as the envelope sender.
    ///
    /// - Throws: `SMTPFailure`; a message that cannot be rendered is a permanent failure at
    ///   stage "MAIL" with no code.
    public static func send(
        _ message: MailMessage, dkim: DKIMSigner? = nil, configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "wenshu.mail.smtp")
    ) async throws(SMTPFailure) -> SMTPReceipt {
        let bytes: [UInt8]
        do {
            bytes = try MIMEWriter.render(message, dkim: dkim)
        } catch {
            throw SMTPFailure(kind: .permanent, code: nil, reply: "cannot render message: \(error.message)", stage: "MAIL")
        }
        return try await send(message: bytes, from: message.from.address, to: message.to.map(\.address),
                              configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
    }
}
