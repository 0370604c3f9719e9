import ArgumentParser
import Foundation
import WenshuDiagnostics
import Wenshu
import WenshuDelivery
import WenshuSigning
import WenshuTemplates

/// Set by SIGINT/SIGTERM; the batch stops taking records and finishes the ones in flight.
nonisolated(unsafe) var stopRequested: sig_atomic_t = 0

/// `wenshu batch`: every record of a JSON Lines file to its own file, resumable.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Render every record of a JSON Lines file to its own file, with a resumable manifest.",
        discussion: "Files are named from the template's key (made safe for file names). Run again to resume: records whose file is present with its recorded SHA-256 are skipped. Exits 1 if any record failed, 130 if interrupted.")

    @Option(help: "Template name or path.") var template: String
    @Option(help: "JSON Lines input, one record a line.") var data: String
    @Option(help: "Output folder; manifest.jsonl is written there.") var out: String
    @Option(help: "Worker threads (default: every core).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "pdf or png.") var format: String = "pdf"
    @Option(help: "PNG resolution in dots per inch (\(RenderOptions.dpiRangeText)).") var dpi: Double = 150
    @Option(help: "Seconds one record may take to render; a record past it fails and the run goes on (0 for no limit).")
    var timeLimit: Double = 60
    @Option(help: "Email each document to the address at this data path, e.g. '$.insured.email' (enqueued in the outbox).")
    var deliverTo: String?
    @Option(help: "Also keep each document in WENSHU_STORE_URL under this key prefix, e.g. 'certificates/2025'.")
    var storePrefix: String?
    @Flag(help: "With --deliver-to or --store-prefix: run the outbox after rendering until nothing is left to send.")
    var send = false
    @OptionGroup var pdf: PDFOutputOptions
    @OptionGroup var delivery: DeliveryOptions
    @OptionGroup(title: "Signing (PAdES)") var signing: SigningCommandOptions

    func validate() throws {
        guard OutputFormat(rawValue: format.lowercased()) != nil else { throw ValidationError("--format must be pdf or png, not '\(format)'") }
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256, not \(jobs)") }
        guard RenderOptions.dpiRange.contains(dpi) else { throw ValidationError(RenderOptions.dpiOutOfRange(dpi)) }
        guard timeLimit.isFinite, (0...86_400).contains(timeLimit) else { throw ValidationError("--time-limit must be between 0 and 86400 seconds, not \(timeLimit)") }
        if let deliverTo { do { _ = try DataLookup(deliverTo) } catch { throw ValidationError("--deliver-to: \(error.description)") } }
        if format.lowercased() != "pdf" && (pdf.archive || pdf.encryptPasswordFile != nil) {
            throw ValidationError("--archive and --encrypt-password-file apply to PDF output, not PNG")
        }
        if signing.requested && format.lowercased() != "pdf" {
            throw ValidationError("--sign-* signs PDF output: drop --format \(format)")
        }
        if (deliverTo != nil || storePrefix != nil) && format.lowercased() != "pdf" {
            throw ValidationError("--deliver-to and --store-prefix deliver PDF files: drop --format \(format)")
        }
    }

    func run() throws {
        // A password, key or certificate file in the output folder would travel with the documents
        // (the folder is what gets uploaded or sent on) and could be replaced by a record's file.
        for secret in pdf.secretFiles + signing.secretFiles where OutputSafety.isInside(secret.path, folder: out) {
            printError("error: the \(secret.flag) file '\(secret.path)' is inside the output folder '\(out)': keep secrets out of --out")
            throw ExitCode(64)  // EX_USAGE
        }
        signal(SIGINT) { _ in stopRequested = 1 }
        signal(SIGTERM) { _ in stopRequested = 1 }
        let service: RenderService
        do { service = try RenderService.standard() } catch { printError(error.description); throw ExitCode(65) }
        let protection = try pdf.protection()
        let signer: PDFSigner?
        do { signer = try signing.signer() } catch { printError("error: \(error.message)"); throw ExitCode(78) }
        let options = BatchOptions(template: template, input: data, outputDirectory: out, jobs: jobs,
                                   render: RenderOptions(format: OutputFormat(rawValue: format.lowercased())!, dpi: dpi, asOf: RenderOptions.instant(),
                                                         encryption: protection, archive: pdf.archive,
                                                         timeLimit: timeLimit > 0 ? timeLimit : nil),
                                   signer: signer)
        let runner = BatchRunner(service: service, options: options, shouldStop: { stopRequested != 0 })
        let runtime = try makeRuntime()
        // The database connection must be closed on every way out (SQLite asserts it was).
        func closeRuntime() { if let runtime { try? blocking { await runtime.shutdown() } } }
        let display = ProgressDisplay(terminal: isatty(STDERR_FILENO) != 0)
        let summary: BatchSummary
        do {
            if let runtime { runner.onDocument = try deliveryHook(runtime: runtime, service: service) }
            summary = try runner.run(progress: { display.update($0) }, failure: { record, message in
                display.message("record \(record): \(message)")
            })
        } catch let exit as ExitCode {
            closeRuntime()
            throw exit
        } catch {
            closeRuntime()
            printError("error: \(error)")
            throw ExitCode(65)
        }
        display.finish()
        if let runtime {
            do {
                let counts = try blocking { try await runtime.store.counts() }
                print("outbox: \(counts[.queued]) queued, \(counts[.retrying]) retrying, \(counts[.sent]) sent, \(counts[.dead]) dead")
                if send && !summary.interrupted {
                    let sent = try blocking { try await runtime.worker().run(untilIdle: true) }
                    print("sent \(sent.sent), retried \(sent.retried), dead-lettered \(sent.dead)")
                }
            } catch {
                closeRuntime()
                throw error
            }
            closeRuntime()
        }
        let rate = summary.seconds > 0 ? Double(summary.rendered) / summary.seconds : 0
        print("\(summary.rendered) rendered, \(summary.skipped) skipped (already done), \(summary.failed) failed of \(summary.total) in \(String(format: "%.1f", summary.seconds)) s (\(String(format: "%.1f", rate)) records/s); manifest: \(runner.manifestPath)")
        if summary.interrupted { printError("interrupted: run the same command again to resume"); throw ExitCode(130) }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}

extension BatchCommand {
    func makeRuntime() throws -> DeliveryRuntime? {
        guard deliverTo != nil || storePrefix != nil else { return nil }
        let options = delivery
        let runtime = try blocking { try await options.runtime() }
        if storePrefix != nil && runtime.storeChannel == nil {
            try? blocking { await runtime.shutdown() }
            printError("error: --store-prefix needs WENSHU_STORE_URL (file:///dir or s3://bucket?endpoint=…)")
            throw ExitCode(78)
        }
        return runtime
    }

    /// Enqueues each finished document. Keys are the template, the record's content hash and the
    /// target, so a resumed or repeated run enqueues nothing twice, and a corrected record is new.
    func deliveryHook(runtime: DeliveryRuntime, service: RenderService) throws -> @Sendable (BatchDocument) throws -> Void {
        let lookup = try deliverTo.map { path in
            do { return try DataLookup(path) } catch { printError("\(error)"); throw ExitCode(64) }
        }
        let template = self.template, prefix = storePrefix
        return { document in
            let digest = Identifiers.sha256Hex(document.line)
            var requests: [DeliveryRequest] = []
            if let lookup {
                let address = try lookup.string(in: document.line)
                let mail = try service.renderMail(template: template, data: document.line)
                requests.append(DeliveryRequest(
                    idempotencyKey: "\(template):\(digest.prefix(32)):email:\(address.lowercased())", channel: .email, target: address,
                    fileName: mail.attachmentName.map { $0 + ".pdf" } ?? document.fileName, mediaType: "application/pdf",
                    document: document.bytes,
                    email: EmailContent(subject: mail.subject, text: mail.text, html: mail.html, recipientName: mail.recipientName),
                    metadata: ["template": template, "key": document.key ?? "", "record": "\(document.record)"]))
            }
            if let prefix, let channel = runtime.storeChannel {
                let key = prefix.isEmpty ? document.fileName : prefix + "/" + document.fileName
                requests.append(DeliveryRequest(
                    idempotencyKey: "\(template):\(digest.prefix(32)):\(channel.rawValue):\(key)", channel: channel, target: key,
                    fileName: document.fileName, mediaType: "application/pdf", document: document.bytes,
                    metadata: ["template": template, "key": document.key ?? "", "record": "\(document.record)"]))
            }
            let all = requests
            _ = try blocking { try await runtime.enqueue(all) }
        }
    }
}

/// A progress bar on a terminal, plain lines (every 2 seconds) otherwise.
final class ProgressDisplay: @unchecked Sendable {
    let terminal: Bool
    private let lock = NSLock()
    private var lastDraw = 0.0
    private var drawn = false

    init(terminal: Bool) { self.terminal = terminal }

    func update(_ p: BatchProgress) {
        lock.lock(); defer { lock.unlock() }
        let interval = terminal ? 0.1 : 2.0
        guard p.elapsed - lastDraw >= interval || p.done == p.total else { return }
        lastDraw = p.elapsed
        let rate = p.elapsed > 0 ? Double(p.done - p.skipped) / p.elapsed : 0
        let left = rate > 0 ? Double(p.total - p.done) / rate : 0
        let stats = "\(p.done)/\(p.total)  \(String(format: "%.1f", rate)) rec/s  \(p.failed) failed  left \(Self.duration(left))"
        if terminal {
            let width = 30
            let filled = p.total > 0 ? width * p.done / p.total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(bar) \(stats)".utf8))
            drawn = true
        } else {
            FileHandle.standardError.write(Data("progress: \(stats)\n".utf8))
        }
    }

    func message(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data(((terminal && drawn ? "\r\u{1B}[2K" : "") + text + "\n").utf8))
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if terminal && drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
