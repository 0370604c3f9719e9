/// Rules for object keys, shared by every store so a key valid for one is valid for all.
///
/// A key is a relative path of `/`-separated segments. Refused, because on a
/// filesystem each could escape the root or alias another key:
/// - empty keys, keys over 1024 UTF-8 bytes (the S3 limit);
/// - absolute keys (`/a`), empty segments (`a//b`, `a/`), `.` and `..` segments;
/// - NUL, backslash, and control characters (C0, DEL, C1).
enum ObjectKey {
    static let maximumUTF8Length = 1024

    static func validate(_ key: String) throws(StorageFailure) {
        if key.isEmpty { throw .invalidKey(key, "the key is empty") }
        if key.utf8.count > maximumUTF8Length {
            throw .invalidKey(key, "the key is longer than \(maximumUTF8Length) UTF-8 bytes")
        }
        if key.hasPrefix("/") { throw .invalidKey(key, "absolute keys are not allowed") }
        for scalar in key.unicodeScalars {
            if scalar == "\0" { throw .invalidKey(key, "the key contains NUL") }
            if scalar == "\\" { throw .invalidKey(key, "the key contains a backslash") }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                throw .invalidKey(key, "the key contains a control character")
            }
        }
        for segment in key.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { throw .invalidKey(key, "the key has an empty segment") }
            if segment == "." || segment == ".." {
                throw .invalidKey(key, "'.' and '..' segments are not allowed")
            }
        }
    }
}
