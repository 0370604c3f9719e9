import Crypto

/// Algorithm 2.B of ISO 32000-2 §7.6.4.3.4: the hash behind /U, /UE, /O and /OE for revision 6.
///
/// K starts as SHA-256(password ‖ salt ‖ udata). Each round builds K1 = (password ‖ K ‖ udata)
/// repeated 64 times, encrypts it with AES-128-CBC (key K[0..<16], IV K[16..<32], no padding) into E,
/// and takes the sum of E's first 16 bytes modulo 3 (the same as that 128-bit number mod 3, since
/// 256 ≡ 1 mod 3) to pick SHA-256, SHA-384 or SHA-512 of E as the next K. At least 64 rounds, then
/// rounds go on until E's last byte ≤ round number − 32. The result is K's first 32 bytes.
/// `udata` is the 48-byte /U string when computing or checking an owner hash, empty otherwise.
enum PasswordHash {
    static func hash(password: [UInt8], salt: [UInt8], udata: [UInt8]) -> [UInt8] {
        var k = Array(SHA256.hash(data: password + salt + udata))
        var round = 0
        while true {
            let unit = password + k + udata
            var k1: [UInt8] = []
            k1.reserveCapacity(unit.count * 64)
            for _ in 0..<64 { k1.append(contentsOf: unit) }
            let e = AESCBC.encrypt(k1, key: Array(k[0..<16]), iv: Array(k[16..<32]), pad: false)
            var sum = 0
            for byte in e[0..<16] { sum += Int(byte) }
            switch sum % 3 {
            case 0: k = Array(SHA256.hash(data: e))
            case 1: k = Array(SHA384.hash(data: e))
            default: k = Array(SHA512.hash(data: e))
            }
            round += 1
            if round >= 64 && Int(e[e.count - 1]) <= round - 32 { break }
        }
        return Array(k[0..<32])
    }
}
