#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes that say everything deciding a piece of content, as the key of a cache: the template's
/// memo of table rows and the layout's caches of lines and rows write what decides their value into
/// bytes and look those up.
///
/// Hashing is a multiply-xor over 8-byte words, computed once: SipHash over every byte of every
/// key was an eighth of layout time, and a striped cache hashes a key twice. Equality still
/// compares all the bytes.
public struct ContentKey: Hashable, Sendable {
    private let bytes: [UInt8]
    private let hash64: UInt64

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        hash64 = ContentKey.hash(bytes)
    }

    public var byteCount: Int { bytes.count }

    /// The key's 64-bit hash, to remember a key without its bytes.
    public var fingerprint: UInt64 { hash64 }

    public func hash(into hasher: inout Hasher) { hasher.combine(hash64) }

    public static func == (a: ContentKey, b: ContentKey) -> Bool {
        a.hash64 == b.hash64 && a.bytes.count == b.bytes.count
            && a.bytes.withUnsafeBytes { x in b.bytes.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }

    private static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h = UInt64(bytes.count)
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i + 8 <= raw.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                h ^= h &>> 29
                i += 8
            }
            while i < raw.count {
                h = (h ^ UInt64(raw[i])) &* 0x100_0000_01B3
                i += 1
            }
        }
        return h
    }
}
