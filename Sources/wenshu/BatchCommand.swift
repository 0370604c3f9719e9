import ArgumentParser
import Foundation
import WenshuDiagnostics
import Wenshu

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
    @Option(help: "PNG resolution in dots per inch (10–2400).") var dpi: Double = 150

    func validate() throws {
        guard OutputFormat(rawValue: format.lowercased()) != nil else { throw ValidationError("--format must be pdf or png, not '\(format)'") }
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256, not \(jobs)") }
        guard (10...2400).contains(dpi) else { throw ValidationError("--dpi must be between 10 and 2400, not \(dpi)") }
    }

    func run() throws {
        signal(SIGINT) { _ in stopRequested = 1 }
        signal(SIGTERM) { _ in stopRequested = 1 }
        let service: RenderService
        do { service = try RenderService.standard() } catch { printError(error.description); throw ExitCode(65) }
        let options = BatchOptions(template: template, input: data, outputDirectory: out, jobs: jobs,
                                   render: RenderOptions(format: OutputFormat(rawValue: format.lowercased())!, dpi: dpi))
        let runner = BatchRunner(service: service, options: options, shouldStop: { stopRequested != 0 })
        let display = ProgressDisplay(terminal: isatty(STDERR_FILENO) != 0)
        let summary: BatchSummary
        do {
            summary = try runner.run(progress: { display.update($0) }, failure: { record, message in
                display.message("record \(record): \(message)")
            })
        } catch {
            printError("error: \(error)")
            throw ExitCode(65)
        }
        display.finish()
        let rate = summary.seconds > 0 ? Double(summary.rendered) / summary.seconds : 0
        print("\(summary.rendered) rendered, \(summary.skipped) skipped (already done), \(summary.failed) failed of \(summary.total) in \(String(format: "%.1f", summary.seconds)) s (\(String(format: "%.1f", rate)) records/s); manifest: \(runner.manifestPath)")
        if summary.interrupted { printError("interrupted: run the same command again to resume"); throw ExitCode(130) }
        if summary.failed > 0 { throw ExitCode(1) }
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
