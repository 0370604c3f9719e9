public import WenshuDiagnostics
internal import Foundation

/// Reads input files (templates, assets, data) with their size limit applied before reading: the
/// size is taken from the open descriptor, and at most `limit + 1` bytes are ever read, so a 1.5 GB
/// file costs one `fstat`, not 1.5 GB of memory, and a file growing under us cannot slip past.
public enum BoundedFile {
    /// The bytes of the regular file at `path`.
    /// - Throws: ``BoundedFileError``: not found (also for a path that cannot be opened), not a regular
    ///   file (a folder, a device, a pipe), larger than `limit` bytes, or a read error.
    public static func read(_ path: String, limit: Int) throws(BoundedFileError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw BoundedFileError(errno == ENOENT || errno == ENOTDIR ? .notFound : .unreadable(String(cString: strerror(errno))), path: path)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw BoundedFileError(.unreadable(String(cString: strerror(errno))), path: path) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw BoundedFileError(.notRegularFile, path: path) }
        let size = Int(info.st_size)
        guard size <= limit else { throw BoundedFileError(.tooLarge(size: size, limit: limit), path: path) }
        // One byte past the size shows whether the file grew; growth is read up to one past the limit.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var count = 0
        while count <= limit {
            if count == bytes.count { bytes += [UInt8](repeating: 0, count: min(bytes.count, limit + 1 - bytes.count)) }
            let n = bytes.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BoundedFileError(.unreadable(String(cString: strerror(errno))), path: path)
            }
            if n == 0 { break }
            count += n
        }
        guard count <= limit else { throw BoundedFileError(.tooLarge(size: count, limit: limit), path: path) }
        bytes.removeSubrange(count...)
        return bytes
    }
}

public struct BoundedFileError: DiagnosticConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        case notFound
        case notRegularFile
        case tooLarge(size: Int, limit: Int)
        case unreadable(String)
    }
    public var kind: Kind
    public var path: String
    init(_ kind: Kind, path: String) { self.kind = kind; self.path = path }

    /// Lowercase, without the path (the caller places it).
    public var message: String {
        switch kind {
        case .notFound: "not found"
        case .notRegularFile: "not a regular file"
        case .tooLarge(let size, let limit): "file is \(size) bytes, more than the limit of \(limit)"
        case .unreadable(let why): "cannot be read: \(why)"
        }
    }
    public var location: String { path }
    public var diagnosticCode: String {
        if case .tooLarge = kind { return Diagnostic.Code.limit }
        return Diagnostic.Code.invalid
    }
    public var description: String { "'\(path)': \(message)" }
}

/// read(2), named apart from ``BoundedFile/read(_:limit:)``.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
