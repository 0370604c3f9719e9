import ArgumentParser
import Crypto
import Foundation
import Wenshu
import WenshuDelivery
import WenshuDiagnostics
import WenshuTemplates

/// `wenshu deliver`: renders one document, records it in the outbox and enqueues its deliveries.
struct DeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Render a document and enqueue its delivery by email and/or to storage.",
        discussion: """
            The outbox sends it: run `wenshu outbox run`, or pass --send to deliver now. Enqueuing the same \
            document to the same target again does nothing (the idempotency key defaults to template, data and target).
            Configuration: WENSHU_SMTP_URL, WENSHU_MAIL_FROM, WENSHU_STORE_URL, WENSHU_DATABASE_URL (see README).
            """)

    @Option(help: "Template name or path.") var template: String
    @Option(help: "JSON data file.") var data: String
    @Option(help: "Email recipient (repeatable).") var to: [String] = []
    @Option(help: "Storage key, e.g. policies/P123.pdf (WENSHU_STORE_URL says where).") var store: String?
    @Option(help: "Idempotency key; the default is derived from template, data and target.") var key: String?
    @Option(help: "Attachment file name (default: <template key>.pdf).") var fileName: String?
    @Flag(help: "Deliver now: run the outbox until nothing is left to send.") var send = false
    @OptionGroup var delivery: DeliveryOptions

    func validate() throws {
        if to.isEmpty && store == nil { throw ValidationError("give --to ADDRESS and/or --store KEY") }
    }

    func run() async throws {
        let bytes = try readBounded(data)
        let service: RenderService
        let result: RenderResult
        var mail: RenderedMail?
        do {
            service = try RenderService.standard()
            result = try service.render(template: template, data: bytes)
            if !to.isEmpty { mail = try service.renderMail(template: template, data: bytes) }
        } catch {
            printError(error.description)
            throw ExitCode(65)
        }
        for warning in result.warnings { printError(warning.description) }
        let runtime = try await delivery.runtime()
        let document = result.files[0]
        let name = fileName ?? ((mail?.attachmentName ?? result.key ?? template) + ".pdf")
        let dataDigest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let base = key ?? "\(template):\(dataDigest.prefix(32))"
        var requests: [DeliveryRequest] = []
        for address in to {
            requests.append(DeliveryRequest(
                idempotencyKey: "\(base):email:\(address.lowercased())", channel: .email, target: address, fileName: name,
                mediaType: "application/pdf", document: document,
                email: mail.map { EmailContent(subject: $0.subject, text: $0.text, html: $0.html, recipientName: $0.recipientName) },
                metadata: ["template": template, "key": result.key ?? ""]))
        }
        if let store {
            guard let channel = runtime.storeChannel else {
                await runtime.shutdown()
                printError("error: --store needs WENSHU_STORE_URL (file:///dir or s3://bucket?endpoint=…)")
                throw ExitCode(78)
            }
            requests.append(DeliveryRequest(
                idempotencyKey: "\(base):\(channel.rawValue):\(store)", channel: channel, target: store, fileName: name,
                mediaType: "application/pdf", document: document, metadata: ["template": template, "key": result.key ?? ""]))
        }
        do {
            for (job, created) in try await runtime.enqueue(requests) {
                print("\(job.id)  \(job.channel.rawValue)  \(job.channel == .email ? mask(job.target) : job.target)  \(created ? "queued" : "already enqueued: \(job.state.rawValue)")")
            }
            if send {
                let summary = try await runtime.worker().run(untilIdle: true)
                print("sent \(summary.sent), retried \(summary.retried), dead-lettered \(summary.dead)")
            }
        } catch {
            await runtime.shutdown()
            printError("error: \(error)")
            throw ExitCode(75)  // EX_TEMPFAIL: nothing lost, run again
        }
        await runtime.shutdown()
    }
}

/// Reads a data file of at most 8 MiB without reading a larger one whole.
func readBounded(_ path: String, limit: Int = 8 << 20) throws -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        printError("error: cannot read data file '\(path)'")
        throw ExitCode(66)
    }
    defer { try? handle.close() }
    let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
    if data.count > limit {
        printError("error: data file '\(path)' is larger than \(limit) bytes")
        throw ExitCode(65)
    }
    return Array(data)
}

func mask(_ address: String) -> String { OutboxDisplay.mask(address) }
