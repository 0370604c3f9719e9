#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls `FileSystemStore` needs, each turning `errno`
/// into a `StorageFailure` that names the operation and the path.
enum POSIX {
    static func failure(_ operation: String, _ path: String, errno code: Int32 = errno) -> StorageFailure {
        let reason = String(cString: strerror(code))
        return StorageFailure(kind: isTemporary(code) ? .temporary : .permanent,
                              code: errnoName(code),
                              message: "\(operation) \(quoted(path)) failed: \(reason)")
    }

    /// Errors that can clear up by themselves (space freed, descriptors released,
    /// a flaky disk or network filesystem). Anything else needs a person.
    static func isTemporary(_ code: Int32) -> Bool {
        [ENOSPC, EDQUOT, EIO, EMFILE, ENFILE, EINTR, EAGAIN, ENOMEM, EBUSY, ETIMEDOUT, ESTALE].contains(code)
    }

    static func errnoName(_ code: Int32) -> String {
        let names: [Int32: String] = [
            ENOENT: "ENOENT", EACCES: "EACCES", EPERM: "EPERM", EROFS: "EROFS", ENOSPC: "ENOSPC",
            EDQUOT: "EDQUOT", EIO: "EIO", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", ELOOP: "ELOOP",
            ENAMETOOLONG: "ENAMETOOLONG", EMFILE: "EMFILE", ENFILE: "ENFILE", EEXIST: "EEXIST",
            EXDEV: "EXDEV", EINTR: "EINTR", EAGAIN: "EAGAIN", ENOMEM: "ENOMEM", EBUSY: "EBUSY",
        ]
        return names[code] ?? "errno \(code)"
    }

    /// The canonical absolute path, or nil when some component does not exist.
    static func realPath(_ path: String) throws(StorageFailure) -> String? {
        guard let resolved = realpath(path, nil) else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw failure("resolving", path)
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` equals `root` or lies below it; both must be canonical.
    static func isInside(_ path: String, root: String) -> Bool {
        if path == root { return true }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix)
    }

    enum FileType { case missing, regular, directory, other }

    /// The type of `path` itself, without following a final symlink.
    static func fileType(_ path: String) throws(StorageFailure) -> FileType {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT { return .missing }
            throw failure("inspecting", path)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Creates a directory; returns false when it already existed.
    static func makeDirectory(_ path: String) throws(StorageFailure) -> Bool {
        if mkdir(path, 0o755) == 0 { return true }
        if errno == EEXIST { return false }
        throw failure("creating folder", path)
    }

    /// Makes a folder's entries (a new file name, a rename) durable: without this a
    /// crash can lose a file whose data was already fsynced.
    static func syncDirectory(_ path: String) throws(StorageFailure) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("opening folder", path) }
        defer { close(fd) }
        if fsync(fd) != 0 && errno != EINVAL { throw failure("syncing folder", path) }
    }

    /// Creates `path` exclusively (never through a symlink), writes all bytes and
    /// fsyncs before closing. Removes the file again if any step fails.
    static func writeNewFile(_ path: String, bytes: [UInt8]) throws(StorageFailure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("creating", path) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let failure = failure("writing", path)
                close(fd)
                unlink(path)
                throw failure
            }
            written += result
        }
        if fsync(fd) != 0 {
            let failure = failure("syncing", path)
            close(fd)
            unlink(path)
            throw failure
        }
        if close(fd) != 0 {
            let failure = failure("closing", path)
            unlink(path)
            throw failure
        }
    }

    /// Reads a whole regular file; nil when it does not exist. Does not follow a final symlink.
    static func readFile(_ path: String) throws(StorageFailure) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw failure("opening", path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("inspecting", path) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw StorageFailure(kind: .permanent, code: "NotAFile", message: "\(quoted(path)) is not a regular file")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("reading", path)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}
