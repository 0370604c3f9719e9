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

public struct AtomicFileError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Distinct temporary names for concurrent writers in one process.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
let counter = Counter()
