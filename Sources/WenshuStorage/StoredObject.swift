/// What a store reports after it has made sure a document is kept.
public struct StoredObject: Sendable, Equatable {
    /// The key the caller asked for, unchanged.
    public var key: String
    /// Lowercase hex SHA-256 of the stored bytes; equal to the caller's checksum.
    public var sha256Hex: String
    /// Size of the stored bytes.
    public var size: Int
    /// True when the key already held exactly these bytes, so nothing was written.
    /// A retry after a lost response lands here instead of failing.
    public var alreadyStored: Bool
    /// Where the object lives: a file path, or `s3://bucket/key`.
    public var location: String

    public init(key: String, sha256Hex: String, size: Int, alreadyStored: Bool, location: String) {
        self.key = key
        self.sha256Hex = sha256Hex
        self.size = size
        self.alreadyStored = alreadyStored
        self.location = location
    }
}
