public import WenshuDiagnostics
import Foundation

/// Writes files so that readers never see a partial one: bytes go to a temporary file in the same
/// folder (same file system), which is then renamed over the target (rename(2) is atomic).
public enum AtomicFile {
    /// - Throws: `AtomicFileError` naming the path and the system's reason; no partial file remains.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/.\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(counter.next()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw AtomicFileError("cannot write '\(path)' (is the folder '\(directory)' there and writable?)")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AtomicFileError("cannot write '\(path)': \(reason)")
        }
    }
}

extension AtomicFile {
    /// Writes several files as one: every file goes to its temporary first, and only when all are
    /// written are they renamed into place. A failure leaves none of them behind (files renamed before
    /// a failed rename are removed again), so a multi-page PNG run that fails on page 2 leaves no page 1.
    /// - Throws: `AtomicFileError` naming the path that failed.
    public static func writeAll(_ files: [(bytes: [UInt8], path: String)]) throws {
        var temporaries: [(temporary: String, path: String)] = []
        func discard() { for t in temporaries { unlink(t.temporary) } }
        for file in files {
            let url = URL(fileURLWithPath: file.path)
            let directory = url.deletingLastPathComponent().path
            let temporary = directory + "/.\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(counter.next()).tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(file.bytes)) else {
                discard()
                throw AtomicFileError("cannot write '\(file.path)' (is the folder '\(directory)' there and writable?)")
            }
            temporaries.append((temporary, file.path))
        }
        for (k, t) in temporaries.enumerated() where rename(t.temporary, t.path) != 0 {
            let reason = String(cString: strerror(errno))
            for done in temporaries[..<k] { unlink(done.path) }
            for rest in temporaries[k...] { unlink(rest.temporary) }
            throw AtomicFileError("cannot write '\(t.path)': \(reason)")
        }
    }
}

public struct AtomicFileError: DiagnosticConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Distinct temporary names for concurrent writers in one process.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
let counter = Counter()
