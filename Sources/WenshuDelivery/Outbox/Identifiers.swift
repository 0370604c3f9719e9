import Crypto
import Foundation

/// Ids and digests used by the outbox.
public enum Identifiers {
    /// A new job id: 16 random bytes, hex. Random rather than sequential so that ids from several
    /// nodes never collide and reveal nothing about volume.
    public static func newJobID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64, low = generator.next() as UInt64
        return withUnsafeBytes(of: (high, low)) { hex($0) }
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).withUnsafeBytes { hex($0) } }

    /// `<digest>@<domain>`: the same key always gives the same Message-ID (RFC 5322 §3.6.4 asks only
    /// that it be unique per message, and one job is one message however often it is tried).
    public static func messageID(idempotencyKey: String, domain: String) -> String {
        let digest = SHA256.hash(data: Array(("wenshu-message-id:" + idempotencyKey).utf8))
        return digest.withUnsafeBytes { hex(UnsafeRawBufferPointer(rebasing: $0.prefix(16))) } + "@" + domain
    }

    /// Lower-case hex written straight into one string: a string per byte, joined, cost more than
    /// the SHA-256 it spelled (an enqueue made three of these).
    static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            for (i, byte) in bytes.enumerated() {
                output[2 * i] = hexDigits[Int(byte >> 4)]
                output[2 * i + 1] = hexDigits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

extension Date {
    var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
