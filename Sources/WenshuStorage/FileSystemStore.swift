#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps documents as files under a root folder, one file per key.
///
/// Writes are crash-safe and write-once: bytes go to a temporary file in the
/// target folder, which is fsynced and then hard-linked into place. `link(2)`
/// fails when the name exists, where `rename(2)` would silently replace it, so
/// two concurrent writers can never overwrite an issued document. The folder is
/// fsynced last so the new name survives a crash. Only on a filesystem without
/// hard links does it fall back to `rename(2)`, after checking the name is free.
///
/// Containment: besides the `ObjectKey` rules, every folder on the way is
/// resolved with `realpath(3)` and must stay inside the resolved root, so a
/// symlink inside the root that points elsewhere is refused (symlinks that stay
/// inside are fine). The final name is never followed if it is a symlink.
///
/// The calls block the calling thread; documents are small and the outbox runs a few at a time.
public struct FileSystemStore: ObjectStore {
    /// The root folder as given; created (with parents) on the first `put`.
    public let root: String

    /// Longest final segment accepted: NAME_MAX (255) minus room for the temporary name's affixes.
    static let maximumNameLength = 200

    public init(root: String) {
        self.root = root
    }

    public var description: String { "file store at \(quoted(root))" }

    public func put(key: String, bytes: [UInt8], mediaType: String, sha256Hex: String) async throws(StorageFailure) -> StoredObject {
        try ObjectKey.validate(key)
        let digest = try verifiedSHA256(key: key, bytes: bytes, claimed: sha256Hex)
        var segments = key.split(separator: "/").map(String.init)
        let name = segments.removeLast()
        if name.utf8.count > Self.maximumNameLength {
            throw StorageFailure.invalidKey(key, "the last segment is longer than \(Self.maximumNameLength) UTF-8 bytes")
        }
        let rootPath = try createRoot()
        let folder = try makeFolders(segments, under: rootPath, key: key)
        let path = folder + "/" + name

        func stored(already: Bool) -> StoredObject {
            StoredObject(key: key, sha256Hex: digest, size: bytes.count, alreadyStored: already, location: path)
        }

        switch try POSIX.fileType(path) {
        case .missing: break
        case .regular: return stored(already: try existingMatches(path, key: key, digest: digest))
        case .directory, .other:
            throw StorageFailure(kind: .permanent, code: "NotAFile", message: "\(quoted(path)) exists and is not a regular file")
        }

        let temporary = folder + "/." + name + ".tmp-" + hexString(withUnsafeBytes(of: UInt64.random(in: .min ... .max)) { Array($0) })
        try POSIX.writeNewFile(temporary, bytes: bytes)
        defer { unlink(temporary) }
        if link(temporary, path) != 0 {
            switch errno {
            case EEXIST:
                // Another writer got there first; the same rules as above apply.
                guard try POSIX.fileType(path) == .regular else {
                    throw StorageFailure(kind: .permanent, code: "NotAFile", message: "\(quoted(path)) exists and is not a regular file")
                }
                return stored(already: try existingMatches(path, key: key, digest: digest))
            case EPERM, EOPNOTSUPP, EXDEV, EMLINK:
                guard rename(temporary, path) == 0 else { throw POSIX.failure("renaming into", path) }
            default:
                throw POSIX.failure("linking into", path)
            }
        }
        try POSIX.syncDirectory(folder)
        return stored(already: false)
    }

    public func get(key: String) async throws(StorageFailure) -> [UInt8]? {
        try ObjectKey.validate(key)
        guard let rootPath = try POSIX.realPath(root),
              let path = try POSIX.realPath(rootPath + "/" + key) else { return nil }
        guard POSIX.isInside(path, root: rootPath) else {
            throw StorageFailure.invalidKey(key, "it resolves outside the store root (through a symlink)")
        }
        return try POSIX.readFile(path)
    }

    /// Creates the root and its parents if needed; returns its canonical path.
    private func createRoot() throws(StorageFailure) -> String {
        if let resolved = try POSIX.realPath(root) { return resolved }
        var prefix = root.hasPrefix("/") ? "" : "."
        for component in root.split(separator: "/") {
            prefix += "/" + component
            _ = try POSIX.makeDirectory(prefix)
        }
        guard let resolved = try POSIX.realPath(root) else { throw POSIX.failure("resolving", root, errno: ENOENT) }
        return resolved
    }

    /// Walks the key's folders from the root, creating missing ones; returns the canonical
    /// last folder. Each folder is resolved before anything is created inside it.
    private func makeFolders(_ segments: [String], under rootPath: String, key: String) throws(StorageFailure) -> String {
        var folder = rootPath
        for segment in segments {
            let next = folder + "/" + segment
            if try POSIX.makeDirectory(next) {
                try POSIX.syncDirectory(folder)
            }
            guard let resolved = try POSIX.realPath(next) else { throw POSIX.failure("resolving", next, errno: ENOENT) }
            guard POSIX.isInside(resolved, root: rootPath) else {
                throw StorageFailure.invalidKey(key, "folder \(quoted(segment)) leads outside the store root (through a symlink)")
            }
            guard try POSIX.fileType(resolved) == .directory else {
                throw StorageFailure(kind: .permanent, code: "ENOTDIR", message: "\(quoted(next)) is not a folder")
            }
            folder = resolved
        }
        return folder
    }

    /// True when the file holds exactly the offered bytes; throws `ContentMismatch` otherwise.
    private func existingMatches(_ path: String, key: String, digest: String) throws(StorageFailure) -> Bool {
        guard let existing = try POSIX.readFile(path) else {
            throw StorageFailure(kind: .temporary, code: "ENOENT", message: "\(quoted(path)) vanished while being compared")
        }
        let existingDigest = sha256Hex(existing)
        guard existingDigest == digest else {
            throw StorageFailure.contentMismatch(key, stored: existingDigest, offered: digest)
        }
        return true
    }
}
