import Crypto
import Foundation

/// Ids and digests used by the outbox.
public enum Identifiers {
    /// A new job id: 16 random bytes, hex. Random rather than sequential so that ids from several
    /// nodes never collide and reveal nothing about volume.
    public static func newJobID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in hex2(UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map(hex2).joined() }

    /// `<digest>@<domain>`: the same key always gives the same Message-ID (RFC 5322 §3.6.4 asks only
    /// that it be unique per message, and one job is one message however often it is tried).
    public static func messageID(idempotencyKey: String, domain: String) -> String {
        let digest = sha256Hex(Array(("wenshu-message-id:" + idempotencyKey).utf8))
        return String(digest.prefix(32)) + "@" + domain
    }

    private static func hex2(_ byte: UInt8) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

extension Date {
    var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
