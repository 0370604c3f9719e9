public import WenshuDiagnostics
import Foundation

/// One line of a batch manifest (JSON Lines): what happened to one input record.
public struct ManifestEntry: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case ok, failed, skipped }
    /// 1-based line number of the record in the input.
    public var record: Int
    public var key: String?
    /// File name inside the output folder.
    public var file: String?
    public var bytes: Int?
    public var sha256: String?
    public var status: Status
    public var error: String?
    /// SHA-256 of the record's line: a resumed run skips a record only when its line is unchanged.
    public var input: String?
    /// Files of a multi-page PNG record (`file` is the first); nil for one file.
    public var pages: Int?

    public init(record: Int, key: String?, file: String?, bytes: Int?, sha256: String?, status: Status, error: String?,
                input: String? = nil, pages: Int? = nil) {
        self.record = record; self.key = key; self.file = file; self.bytes = bytes; self.sha256 = sha256
        self.status = status; self.error = error; self.input = input; self.pages = pages
    }

    /// The name the record's files were made from: `file` without its extension (and without `-1`
    /// for a multi-page PNG).
    var base: String? {
        guard let file else { return nil }
        let stem = (file as NSString).deletingPathExtension
        return pages != nil && stem.hasSuffix("-1") ? String(stem.dropLast(2)) : stem
    }
}

/// Appends manifest lines as records finish, so an interrupted run leaves a manifest it can resume
/// from. Each line is written with one `write(2)` call on an `O_APPEND` descriptor: lines never
/// interleave, and a line cut by a kill is detected (it does not parse) and ignored on resume.
final class ManifestWriter: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()

    init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw BatchError("cannot open manifest '\(path)': \(String(cString: strerror(errno)))") }
        // A previous run killed mid-line left no newline at the end: start on a fresh line.
        if let data = FileManager.default.contents(atPath: path), let last = data.last, last != 0x0A {
            _ = "\n".withCString { write(descriptor, $0, 1) }
        }
    }

    deinit { close(descriptor) }

    func append(_ entry: ManifestEntry) {
        guard let line = try? ManifestWriter.line(entry) else { return }
        lock.lock()
        defer { lock.unlock() }
        line.withUnsafeBytes { _ = write(descriptor, $0.baseAddress, $0.count) }
    }

    func sync() { fsync(descriptor) }

    /// One manifest line: the entry as JSON with sorted keys, then a newline.
    static func line(_ entry: ManifestEntry) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(entry)) + [0x0A]
    }

    /// Rewrites the manifest at `path` with one line per record (the last one written wins),
    /// atomically, and returns those entries. Run before and after a batch, so a record re-rendered
    /// on resume is never listed twice.
    @discardableResult
    static func compact(path: String) throws -> [Int: ManifestEntry] {
        let entries = read(path: path)
        var bytes: [UInt8] = []
        for record in entries.keys.sorted() { bytes += try line(entries[record]!) }
        try AtomicFile.write(bytes, to: path)
        return entries
    }

    /// Entries of an existing manifest, last entry per record winning; unparsable lines are skipped.
    static func read(path: String) -> [Int: ManifestEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var entries: [Int: ManifestEntry] = [:]
        let decoder = JSONDecoder()
        for line in data.split(separator: 0x0A) {
            if let entry = try? decoder.decode(ManifestEntry.self, from: Data(line)) { entries[entry.record] = entry }
        }
        return entries
    }
}

public struct BatchError: DiagnosticConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
