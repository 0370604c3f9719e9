/// A place where issued documents are kept, write-once per key.
///
/// Contract shared by every adapter (and checked by the same tests):
/// - `put` never replaces existing bytes. Re-putting identical bytes succeeds with
///   `alreadyStored == true`, so a retry after a lost reply is safe; different bytes
///   under the same key fail permanently with code `ContentMismatch`.
/// - `put` refuses a `sha256Hex` that does not match `bytes` (code `BadDigest`).
/// - Keys are relative, `/`-separated paths; see `ObjectKey` for what is refused.
/// - `get` returns `nil` only when the key does not exist; every other problem throws.
public protocol ObjectStore: Sendable, CustomStringConvertible {
    func put(key: String, bytes: [UInt8], mediaType: String, sha256Hex: String) async throws(StorageFailure) -> StoredObject
    func get(key: String) async throws(StorageFailure) -> [UInt8]?
    /// Names the store for logs; never includes a secret.
    var description: String { get }
}
