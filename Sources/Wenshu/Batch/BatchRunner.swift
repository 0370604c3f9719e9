import Crypto
import Foundation
public import WenshuSigning
import WenshuTemplates
import WenshuText

/// What a batch run renders, and where.
public struct BatchOptions: Sendable {
    public var template: String
    /// JSON Lines: one record a line; blank lines are skipped.
    public var input: String
    public var outputDirectory: String
    /// Worker threads; defaults to the number of cores.
    public var jobs: Int
    /// Format, dpi and the per-record time limit (`render.timeLimit`): a record past it fails with an
    /// error in the manifest and the run goes on.
    public var render: RenderOptions
    /// Signs each PDF after it is rendered (PAdES B-B, or B-T with a timestamp authority); nil leaves
    /// documents unsigned. A record whose signing fails is a failed record.
    public var signer: PDFSigner?

    public init(template: String, input: String, outputDirectory: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                render: RenderOptions = RenderOptions(), signer: PDFSigner? = nil) {
        self.template = template; self.input = input; self.outputDirectory = outputDirectory; self.jobs = max(1, jobs); self.render = render
        self.signer = signer
    }
}

public struct BatchProgress: Sendable {
    public var done: Int
    public var total: Int
    public var failed: Int
    public var skipped: Int
    public var elapsed: Double
}

/// A record's finished document, handed to `BatchRunner.onDocument`.
public struct BatchDocument: Sendable {
    public var record: Int
    /// The record's JSON, as read.
    public var line: [UInt8]
    public var key: String?
    public var fileName: String
    public var bytes: [UInt8]
}

public struct BatchSummary: Sendable {
    public var total = 0
    public var rendered = 0
    public var skipped = 0
    public var failed = 0
    public var interrupted = false
    public var seconds = 0.0
}

/// Renders every record of a JSON Lines file to its own file, with a manifest that makes the run
/// resumable: records whose file is present with the recorded SHA-256 are skipped on the next run.
///
/// Memory stays flat: records are streamed through a bounded queue and no output is held after it is
/// written. Files are written atomically (temporary file, then rename), so a killed run leaves whole
/// files or none; leftover temporary files are removed on the next run.
public final class BatchRunner: @unchecked Sendable {
    let service: RenderService
    let options: BatchOptions
    /// `options.render`, without side threads when a worker per core already keeps every core busy
    /// (a document's own side threads would only hand off).
    let render: RenderOptions
    /// Polled between records; true stops the run after the records in flight.
    let shouldStop: @Sendable () -> Bool
    /// Called on a worker thread for every record whose file exists after this run — rendered now or
    /// by an earlier run — with its first file's name and bytes (delivery hooks in here). A thrown
    /// error marks the record failed in the summary; the file stays.
    public var onDocument: (@Sendable (BatchDocument) throws -> Void)?

    /// A record on its way to a worker, with the file name it was given in input order.
    private struct Job { var record: Int; var line: BatchLine; var base: String }
    private enum BatchLine { case record([UInt8]); case tooLong(Int) }

    private let lock = NSCondition()
    private var queue: [Job] = []
    private var producerDone = false
    private var summary = BatchSummary()
    private var previous: [Int: ManifestEntry] = [:]
    private var names: FileNames!

    public init(service: RenderService, options: BatchOptions, shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.service = service
        self.options = options
        var render = options.render
        if options.jobs >= ProcessInfo.processInfo.activeProcessorCount { render.sideThreads = false }
        self.render = render
        self.shouldStop = shouldStop
    }

    public var manifestPath: String { options.outputDirectory + "/manifest.jsonl" }

    /// - Throws: `BatchError` when the input cannot be read (also: it is a folder, or a read fails part
    ///   way), the output folder cannot be written, another batch holds the output folder, or the
    ///   manifest would replace an input; a bad record is not an error of the run (it is reported in
    ///   the manifest and counted).
    public func run(progress: @escaping @Sendable (BatchProgress) -> Void = { _ in },
                    failure: @escaping @Sendable (Int, String) -> Void = { _, _ in }) throws -> BatchSummary {
        let start = Date()
        let fm = FileManager.default
        if options.signer != nil && options.render.format != .pdf {
            throw BatchError("only PDF output can be signed, not \(options.render.format.rawValue.uppercased())")
        }
        do { try fm.createDirectory(atPath: options.outputDirectory, withIntermediateDirectories: true) } catch {
            throw BatchError("cannot create output folder '\(options.outputDirectory)': \(error.localizedDescription)")
        }
        let folderLock = try OutputFolderLock(folder: options.outputDirectory)
        defer { folderLock.release() }
        if let clash = OutputSafety.clash(outputs: [manifestPath], inputs: [options.input, options.template, options.template + "/template.yaml"]) {
            throw BatchError("the manifest '\(clash.output)' would replace the input '\(clash.input)': choose another output folder")
        }
        let limit = TemplateLimits().dataBytes
        let total = try LineReader.countRecords(options.input, maximumBytes: limit)
        let template = try service.template(options.template)  // a broken template fails the run before any record
        service.fonts.prepareForSubsetting(afterDistinctSubsets: 8)
        try resumeState()
        let manifest = try ManifestWriter(path: manifestPath)
        summary.total = total

        var workers: [Thread] = []
        let finished = DispatchGroup()
        for _ in 0..<options.jobs {
            finished.enter()
            let thread = Thread { [self] in
                work(manifest: manifest, start: start, total: total, progress: progress, failure: failure)
                finished.leave()
            }
            thread.stackSize = 8 << 20
            workers.append(thread)
            thread.start()
        }

        var readError: (any Error)?
        do {
            let reader = try LineReader(path: options.input, maximumBytes: limit)
            var record = 0
            while let line = try reader.next() {
                record += 1
                let job: Job
                switch line {
                case .record(let bytes):
                    if LineReader.isBlank(bytes) { continue }
                    job = Job(record: record, line: .record(bytes), base: name(for: record, line: bytes, template: template))
                case .tooLong(let size):
                    job = Job(record: record, line: .tooLong(size), base: "")
                }
                if shouldStop() { lock.lock(); summary.interrupted = true; lock.unlock(); break }
                lock.lock()
                while queue.count >= options.jobs * 2 { lock.wait() }
                queue.append(job)
                lock.signal()
                lock.unlock()
            }
        } catch {
            readError = error
        }
        lock.lock(); producerDone = true; lock.broadcast(); lock.unlock()
        finished.wait()
        manifest.sync()
        try ManifestWriter.compact(path: manifestPath)
        if let readError { throw readError }
        lock.lock(); defer { lock.unlock() }
        if shouldStop() { summary.interrupted = true }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// The record's file name, settled in input order (so names do not depend on which worker is
    /// faster): the name of its earlier run when its line is unchanged, else a free name from its key.
    private func name(for record: Int, line: [UInt8], template: Template) -> String {
        if let earlier = previous[record], earlier.input == BatchRunner.sha256(line), let base = earlier.base { return base }
        return names.claim(SafeFileName.make(template.outputKey(data: line), record: record), record: record)
    }

    private func work(manifest: ManifestWriter, start: Date, total: Int,
                      progress: @Sendable (BatchProgress) -> Void, failure: @Sendable (Int, String) -> Void) {
        while true {
            lock.lock()
            while queue.isEmpty && !producerDone { lock.wait() }
            if queue.isEmpty { lock.unlock(); return }
            let job = queue.removeFirst()
            lock.signal()
            lock.unlock()
            if shouldStop() { continue }  // drain without starting new work
            let record = job.record
            var entry: ManifestEntry?
            var line: [UInt8] = []
            switch job.line {
            case .tooLong(let size):
                entry = ManifestEntry(record: record, key: nil, file: nil, bytes: nil, sha256: nil, status: .failed,
                                      error: "error: $: record is \(size) bytes, more than the limit of \(TemplateLimits().dataBytes)")
            case .record(let bytes):
                line = bytes
                entry = process(record: record, line: bytes, base: job.base)
            }
            if let onDocument, entry?.status != .failed, let document = document(record: record, line: line, entry: entry) {
                do { try onDocument(document) } catch {
                    failure(record, "delivery: \(error)")
                    entry = ManifestEntry(record: record, key: document.key, file: document.fileName, bytes: document.bytes.count,
                                          sha256: BatchRunner.sha256(document.bytes), status: .failed, error: "delivery: \(error)",
                                          input: BatchRunner.sha256(line))
                }
            }
            if let entry {
                manifest.append(entry)
                if entry.status == .failed { failure(record, entry.error ?? "failed") }
            }
            lock.lock()
            if let entry {
                if entry.status == .failed { summary.failed += 1 } else { summary.rendered += 1 }
            } else {
                summary.skipped += 1
            }
            let snapshot = BatchProgress(done: summary.rendered + summary.failed + summary.skipped, total: total,
                                         failed: summary.failed, skipped: summary.skipped, elapsed: Date().timeIntervalSince(start))
            lock.unlock()
            progress(snapshot)
        }
    }

    /// The file a record has now: from this run's manifest entry, or from the run being resumed.
    private func document(record: Int, line: [UInt8], entry: ManifestEntry?) -> BatchDocument? {
        guard let done = entry ?? previous[record], done.status == .ok, let file = done.file,
              let data = FileManager.default.contents(atPath: options.outputDirectory + "/" + file) else { return nil }
        return BatchDocument(record: record, line: line, key: done.key, fileName: file, bytes: Array(data))
    }

    /// Renders one record; nil when it was already done by an earlier run from the same line (same
    /// SHA-256) and its file is still there with the recorded hash.
    private func process(record: Int, line: [UInt8], base: String) -> ManifestEntry? {
        let input = BatchRunner.sha256(line)
        if let earlier = previous[record], earlier.status == .ok, earlier.input == input, let file = earlier.file {
            let path = options.outputDirectory + "/" + file
            if let data = FileManager.default.contents(atPath: path), BatchRunner.sha256(Array(data)) == earlier.sha256 {
                return nil
            }
        }
        do {
            var result = try service.render(template: options.template, data: line, options: render)
            if let signer = options.signer, options.render.format == .pdf {
                result.files[0] = try signer.encrypting(like: result.encryption).signBlocking(result.files[0])
            }
            var written: [(String, [UInt8])] = []
            if result.files.count == 1 {
                written = [(base + "." + options.render.format.rawValue, result.files[0])]
            } else {
                written = result.files.enumerated().map { ("\(base)-\($0.offset + 1).png", $0.element) }
            }
            try AtomicFile.writeAll(written.map { ($0.1, options.outputDirectory + "/" + $0.0) })
            // One manifest line per record: the first file and its hash (the only file for PDF).
            return ManifestEntry(record: record, key: result.key, file: written[0].0, bytes: written[0].1.count,
                                 sha256: BatchRunner.sha256(written[0].1), status: .ok, error: nil, input: input,
                                 pages: written.count > 1 ? written.count : nil)
        } catch {
            return ManifestEntry(record: record, key: nil, file: nil, bytes: nil, sha256: nil, status: .failed,
                                 error: "\(error)".replacingOccurrences(of: "\n", with: "; "), input: input)
        }
    }

    /// Reads the manifest of an earlier run, keeps its valid lines (one per record) and removes
    /// temporary files a killed run left behind.
    private func resumeState() throws {
        let fm = FileManager.default
        for file in (try? fm.contentsOfDirectory(atPath: options.outputDirectory)) ?? [] where file.hasPrefix(".") && file.hasSuffix(".tmp") {
            try? fm.removeItem(atPath: options.outputDirectory + "/" + file)
        }
        previous = try ManifestWriter.compact(path: manifestPath).filter { $0.value.status == .ok }
        names = FileNames(pagedPNG: options.render.format == .png)
        // An input kept in the output folder keeps its name: no record may be written over it.
        let folder = OutputSafety.resolved(options.outputDirectory)
        for input in [options.input, options.template] {
            guard let real = OutputSafety.resolved(input), let folder, real.hasPrefix(folder + "/") else { continue }
            names.reserve([((String(real.dropFirst(folder.count + 1))) as NSString).deletingPathExtension], record: 0)
        }
        for (record, entry) in previous.sorted(by: { $0.key < $1.key }) {
            if let base = entry.base { names.reserve([base], record: record) }
        }
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
