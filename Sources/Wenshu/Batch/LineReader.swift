import Foundation

/// Reads a file line by line with constant memory (getline(3) on a buffered stream).
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>? = nil
    private var capacity = 0

    init(path: String) throws {
        guard let file = fopen(path, "r") else { throw BatchError("cannot read input '\(path)': \(String(cString: strerror(errno)))") }
        self.file = file
    }

    deinit {
        free(buffer)
        fclose(file)
    }

    /// The next line without its newline, or nil at the end.
    func next() -> [UInt8]? {
        let length = getline(&buffer, &capacity, file)
        guard length >= 0, let buffer else { return nil }
        var count = length
        if count > 0 && buffer[count - 1] == 0x0A { count -= 1 }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
    }

    /// Non-blank lines of the file: the number of records, for progress.
    static func countRecords(_ path: String) throws -> Int {
        let reader = try LineReader(path: path)
        var count = 0
        while let line = reader.next() {
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { count += 1 }
        }
        return count
    }
}
