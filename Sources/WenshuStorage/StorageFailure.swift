public import WenshuDiagnostics
/// Why a store could not keep or fetch a document.
///
/// The outbox decides from `kind` alone whether to retry, so every adapter maps
/// its errors here at the edge. `message` is written for logs: it never holds a
/// secret key, a session token or a signature.
public struct StorageFailure: DiagnosticConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// Retrying later may succeed: 5xx, 429, 408, timeouts, refused connections, a full disk.
        case temporary
        /// Retrying will fail the same way: bad key, wrong credentials, missing bucket,
        /// or the key already holds different content.
        case permanent
    }

    public var kind: Kind
    /// HTTP status when the failure came from an HTTP response.
    public var status: Int?
    /// Machine-readable code: the S3 `<Code>` (e.g. `SignatureDoesNotMatch`), an errno
    /// name (e.g. `ENOSPC`), or one of ours (`InvalidKey`, `ContentMismatch`, `InvalidStoreURL`).
    public var code: String?
    public var message: String

    public init(kind: Kind, status: Int? = nil, code: String? = nil, message: String) {
        self.kind = kind
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let status { parts.append("HTTP \(status)") }
        if let code { parts.append(code) }
        let prefix = parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
        return "\(kind == .temporary ? "temporary" : "permanent") storage failure\(prefix): \(message)"
    }
}

extension StorageFailure {
    static func invalidKey(_ key: String, _ reason: String) -> StorageFailure {
        StorageFailure(kind: .permanent, code: "InvalidKey", message: "refused key \(quoted(key)): \(reason)")
    }

    static func checksumMismatch(_ key: String, given: String, actual: String) -> StorageFailure {
        StorageFailure(kind: .permanent, code: "BadDigest",
                       message: "sha256 given for \(quoted(key)) is \(given) but the bytes hash to \(actual)")
    }

    static func contentMismatch(_ key: String, stored: String?, offered: String, status: Int? = nil) -> StorageFailure {
        let storedText = stored.map { "sha256 \($0)" } ?? "other bytes"
        return StorageFailure(kind: .permanent, status: status, code: "ContentMismatch",
                              message: "\(quoted(key)) already holds \(storedText), not sha256 \(offered); an issued document is never overwritten")
    }
}

/// Quotes a key for a message, escaping control characters so a hostile key cannot forge log lines.
func quoted(_ text: String) -> String {
    var out = "'"
    for scalar in text.unicodeScalars {
        switch scalar {
        case "'": out += "\\'"
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
            out += "\\u{\(String(scalar.value, radix: 16))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "'"
}
