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

    /// Four independent lanes over 32-byte blocks, then single words, then bytes: one lane's
    /// chain of dependent multiplies held the loop to a word every ~6 cycles, and a document's lines
    /// and rows hash some 300 KB of keys.
    private static func hash(_ bytes: [UInt8]) -> UInt64 {
        let m: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(bytes.count)
        bytes.withUnsafeBytes { raw in
            var i = 0
            if raw.count >= 32 {
                var a = h, b = h ^ 0x6A09_E667_F3BC_C908, c = h ^ 0xBB67_AE85_84CA_A73B, d = h ^ 0x3C6E_F372_FE94_F82B
                while i + 32 <= raw.count {
                    a = (a ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* m; a ^= a &>> 29
                    b = (b ^ raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* m; b ^= b &>> 29
                    c = (c ^ raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* m; c ^= c &>> 29
                    d = (d ^ raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* m; d ^= d &>> 29
                    i += 32
                }
                h = ((a &* 3) ^ (b &* 5) ^ (c &* 7) ^ (d &* 11)) &* m
                h ^= h &>> 31
            }
            while i + 8 <= raw.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* m
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
