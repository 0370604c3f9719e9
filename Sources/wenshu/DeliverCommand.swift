import ArgumentParser
import Foundation
import Wenshu
import WenshuDelivery
import WenshuDiagnostics
import WenshuPDF
import WenshuSigning
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
    @Flag(help: "Store the archive copy: PDF/A-2b, or PDF/A-3b when the document carries files.") var archive = false
    @Option(help: ArgumentHelp("Encrypt the emailed copies (AES-256) with the password on this file's first line; the stored copy never is.",
                               valueName: "file"))
    var encryptPasswordFile: String?
    @Flag(help: "Encrypt the emailed copies with a new password, sent to each recipient in a second message without attachment (the template's mail password: section).")
    var encryptGenerate = false
    @OptionGroup var delivery: DeliveryOptions
    @OptionGroup(title: "Signing (PAdES)") var signing: SigningCommandOptions

    func validate() throws {
        if to.isEmpty && store == nil { throw ValidationError("give --to ADDRESS and/or --store KEY") }
        if encryptPasswordFile != nil && encryptGenerate { throw ValidationError("give --encrypt-password-file or --encrypt-generate, not both") }
        if (encryptPasswordFile != nil || encryptGenerate) && to.isEmpty {
            throw ValidationError("encryption applies to emailed copies: add --to (the stored copy is never encrypted)")
        }
    }

    func run() async throws {
        let bytes = try readBounded(data)
        let signer: PDFSigner?
        do { signer = try signing.signer() } catch {
            printError("error: \(error.message)")
            throw ExitCode(66)
        }
        var password = try encryptPasswordFile.map { try PDFOutputOptions.readPassword($0, option: "--encrypt-password-file") }
        if encryptGenerate { password = PDFPassword.generate() }
        let service: RenderService
        var result: RenderResult
        var emailed: [UInt8]
        var mail: RenderedMail?
        var passwordMail: RenderedMail?
        do {
            service = try RenderService.standard()
            result = try service.render(template: template, data: bytes, options: RenderOptions(asOf: RenderOptions.instant(), archive: archive))
            if !to.isEmpty { mail = try service.renderMail(template: template, data: bytes) }
            if encryptGenerate, let password {
                passwordMail = try service.template(template).renderPasswordMail(data: bytes, password: password)
            }
        } catch {
            printError(error.description)
            throw ExitCode(65)
        }
        for warning in result.warnings { printError(warning.description) }
        do {
            if let signer { result = try await service.sign(result, with: signer) }
            emailed = result.files[0]
            // The emailed copy: rendered again with encryption, then signed, so it validates once opened.
            if let password {
                var copy = try service.render(template: template, data: bytes,
                                              options: RenderOptions(asOf: RenderOptions.instant(), encryption: PDFProtection(userPassword: password)))
                if let signer { copy = try await service.sign(copy, with: signer) }
                emailed = copy.files[0]
            }
        } catch {
            printError("error: \(error)")
            throw ExitCode(65)
        }
        let runtime = try await delivery.runtime()
        let document = result.files[0]
        let name = fileName ?? ((mail?.attachmentName ?? result.key ?? template) + ".pdf")
        let dataDigest = Identifiers.sha256Hex(bytes)
        let base = key ?? "\(template):\(dataDigest.prefix(32))"
        var requests: [DeliveryRequest] = []
        for address in to {
            requests.append(DeliveryRequest(
                idempotencyKey: "\(base):email:\(address.lowercased())", channel: .email, target: address, fileName: name,
                mediaType: "application/pdf", document: emailed,
                email: mail.map { EmailContent(subject: $0.subject, text: $0.text, html: $0.html, recipientName: $0.recipientName) },
                metadata: ["template": template, "key": result.key ?? ""]))
            if let passwordMail {
                requests.append(.passwordMessage(key: base, to: address, fileName: name, document: emailed, subject: passwordMail.subject,
                                                 text: passwordMail.text, html: passwordMail.html, recipientName: passwordMail.recipientName,
                                                 template: template))
            }
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
