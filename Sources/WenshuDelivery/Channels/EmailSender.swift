import Foundation
import Logging
import NIOCore
import NIOPosix
import WenshuMail

/// Sends a job as an email with the document attached, over a small pool of reused SMTP
/// connections (a new TLS session per message would cost more than the message).
public final class EmailSender: DeliverySender, @unchecked Sendable {
    public let configuration: SMTPConfiguration
    public let from: MailAddress
    let dkim: DKIMSigner?
    let logger: Logger
    let maxIdle: Int
    private let lock = NSLock()
    private var idle: [SMTPConnection] = []

    public init(configuration: SMTPConfiguration, from: MailAddress, dkim: DKIMSigner? = nil, maxIdleConnections: Int = 4,
                logger: Logger) {
        self.configuration = configuration; self.from = from; self.dkim = dkim; self.logger = logger
        self.maxIdle = max(0, maxIdleConnections)
    }

    public func maskedTarget(_ job: DeliveryJob) -> String { AddressMask.mask(job.target) }

    /// The message a job becomes. The Date is the job's creation time and the Message-ID the job's
    /// own, so every retry sends the same message.
    public func message(for job: DeliveryJob, document: [UInt8]) throws(MailError) -> [UInt8] {
        guard let content = job.email else { throw MailError(.noRecipients, "the job has no email content") }
        let to = try MailAddress(job.target, displayName: content.recipientName)
        let message = MailMessage(
            from: from, to: [to], subject: content.subject, text: content.text, html: content.html,
            attachments: (content.attachesDocument == false ? [] : [MailAttachment(fileName: job.fileName, mediaType: job.mediaType, bytes: document)])
                + (content.attachments ?? []).map { MailAttachment(fileName: $0.fileName, mediaType: $0.mediaType, bytes: Array($0.bytes)) },
            messageID: job.messageID, date: job.createdAt)
        return try MIMEWriter.render(message, dkim: dkim)
    }

    public func deliver(_ job: DeliveryJob, document: [UInt8]) async -> DeliveryOutcome {
        let bytes: [UInt8]
        do { bytes = try message(for: job, document: document) } catch {
            return .permanent(code: nil, reply: "cannot build the message: \(error.message)")
        }
        // A pooled connection the server has closed while idle fails before MAIL is answered; that
        // says nothing about this message, so it is tried once more on a new connection.
        for reused in [true, false] {
            let connection: SMTPConnection
            var fromPool = false
            if reused, let pooled = takeIdle() {
                connection = pooled; fromPool = true
            } else if reused {
                continue
            } else {
                do { connection = try await SMTPConnection.open(configuration, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger) } catch {
                    return Self.outcome(error)
                }
            }
            do {
                let receipt = try await connection.send(message: bytes, from: from.address, to: [job.target])
                putIdle(connection)
                return .delivered(code: receipt.code, reply: receipt.reply)
            } catch {
                await connection.close()
                if fromPool && error.kind == .temporary && error.code == nil && error.stage == "MAIL" { continue }
                return Self.outcome(error)
            }
        }
        return .temporary(code: nil, reply: "no connection")
    }

    static func outcome(_ failure: SMTPFailure) -> DeliveryOutcome {
        let reply = "\(failure.stage): \(failure.reply)"
        switch failure.kind {
        case .temporary: return .temporary(code: failure.code, reply: reply)
        case .permanent: return .permanent(code: failure.code, reply: reply)
        case .ambiguous: return .ambiguous(code: failure.code, reply: reply)
        }
    }

    private func takeIdle() -> SMTPConnection? {
        lock.lock(); defer { lock.unlock() }
        return idle.popLast()
    }

    private func putIdle(_ connection: SMTPConnection) {
        lock.lock()
        if idle.count < maxIdle {
            idle.append(connection)
            lock.unlock()
        } else {
            lock.unlock()
            Task { await connection.close() }
        }
    }

    public func shutdown() async {
        let all = lock.withLock { () -> [SMTPConnection] in
            let all = idle
            idle = []
            return all
        }
        for connection in all { await connection.close() }
    }
}
