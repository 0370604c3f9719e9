import Foundation
#if canImport(Glibc) && canImport(CoreFoundation)
// Since the signing stage's packages joined this module's graph, release builds resolve the C
// `struct stat` to its declaration in CoreFoundation's clang module, and MemberImportVisibility
// refuses `stat()` and `st_mode` unless that module is imported here too.
import CoreFoundation
#endif

/// Reads a JSON Lines file record by record with bounded memory: a line longer than the limit is
/// read past to its end and reported by its size, never held whole (a 1.5 GB line costs a scan, not
/// 1.5 GB). Only regular files are read (a folder is an error, not an empty input), and a read error
/// is an error, not the end of the input.
final class LineReader {
    enum Line {
        case record([UInt8])
        /// A line of this many bytes, over the limit.
        case tooLong(Int)
    }

    private let file: UnsafeMutablePointer<FILE>
    private let path: String
    let maximumBytes: Int

    init(path: String, maximumBytes: Int) throws {
        self.path = path
        self.maximumBytes = maximumBytes
        guard let file = fopen(path, "r") else { throw BatchError("cannot read input '\(path)': \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fileno(file), &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            fclose(file)
            throw BatchError("cannot read input '\(path)': not a regular file")
        }
        self.file = file
    }

    deinit { fclose(file) }

    /// The next line without its newline, or nil at the end.
    /// - Throws: `BatchError` on a read error.
    func next() throws -> Line? {
        var line: [UInt8] = []
        var length = 0
        var sawAny = false
        flockfile(file)
        defer { funlockfile(file) }
        while true {
            let c = getc_unlocked(file)
            if c == EOF {
                if ferror(file) != 0 { throw BatchError("cannot read input '\(path)': \(String(cString: strerror(errno)))") }
                if !sawAny { return nil }
                break
            }
            sawAny = true
            if c == 0x0A { break }
            length += 1
            if length <= maximumBytes { line.append(UInt8(truncatingIfNeeded: c)) } else if !line.isEmpty { line = [] }
        }
        return length > maximumBytes ? .tooLong(length) : .record(line)
    }

    /// Non-blank lines of the file: the number of records, for progress.
    static func countRecords(_ path: String, maximumBytes: Int) throws -> Int {
        let reader = try LineReader(path: path, maximumBytes: maximumBytes)
        var count = 0
        while let line = try reader.next() {
            if case .record(let bytes) = line, isBlank(bytes) { continue }
            count += 1
        }
        return count
    }

    static func isBlank(_ line: [UInt8]) -> Bool { line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
}
