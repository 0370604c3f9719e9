import Crypto

/// Lowercase hex SHA-256 of `bytes`, the form `ObjectStore.put` expects.
public func sha256Hex(_ bytes: [UInt8]) -> String {
    hexString(SHA256.hash(data: bytes))
}

func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// Bytes of a hex string, or nil when it is not exactly 64 hex digits (a SHA-256).
func sha256Digest(fromHex hex: String) -> [UInt8]? {
    hex.utf8.count == 64 ? bytes(fromHex: hex) : nil
}

/// Bytes of a string of hex digit pairs (either case), or nil for anything else.
public func bytes(fromHex hex: String) -> [UInt8]? {
    let utf8 = Array(hex.utf8)
    guard utf8.count % 2 == 0 else { return nil }
    func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
    var out: [UInt8] = []
    out.reserveCapacity(utf8.count / 2)
    var index = 0
    while index < utf8.count {
        guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
        out.append(high << 4 | low)
        index += 2
    }
    return out
}

/// Checks the caller's checksum against the bytes, so a store never records a wrong hash.
/// Returns the normalized (lowercase) hex.
func verifiedSHA256(key: String, bytes: [UInt8], claimed: String) throws(StorageFailure) -> String {
    let actual = sha256Hex(bytes)
    guard actual == claimed.lowercased() else {
        throw StorageFailure.checksumMismatch(key, given: claimed, actual: actual)
    }
    return actual
}
