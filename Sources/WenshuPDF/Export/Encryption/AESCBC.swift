import Crypto
import _CryptoExtras

/// AES in CBC mode over byte arrays, as the standard security handler uses it (ISO 32000-2 §7.6.3).
///
/// swift-crypto's `AES._CBC` works on `Data` and pads every message; the handler also needs CBC
/// without padding (algorithm 2.B, /UE, /OE) and ECB on one block (/Perms), so the mode is written
/// here over the block function `AES.permute` (FIPS 197), which BoringSSL runs with AES-NI where the
/// processor has it. One 16-byte block buffer is reused for the whole message: the chaining is done
/// in place in the output, without an allocation per block.
enum AESCBC {
    static let blockSize = 16

    /// CBC encryption. With `pad`, PKCS #5 padding (RFC 8018 §6.1.1: 1–16 bytes, each the pad
    /// length) is added first; without it the input must be whole blocks.
    /// - Precondition: `key` is 16 or 32 bytes, `iv` 16 bytes; without `pad`, `plaintext.count % 16 == 0`.
    static func encrypt(_ plaintext: [UInt8], key: [UInt8], iv: [UInt8], pad: Bool) -> [UInt8] {
        precondition(key.count == 16 || key.count == 32, "AES key must be 128 or 256 bits")
        precondition(iv.count == blockSize, "AES-CBC IV must be 16 bytes")
        precondition(pad || plaintext.count % blockSize == 0, "unpadded AES-CBC input must be whole blocks")
        let padLength = pad ? blockSize - plaintext.count % blockSize : 0
        var out = plaintext
        if padLength > 0 { out.append(contentsOf: repeatElement(UInt8(padLength), count: padLength)) }
        let symmetric = SymmetricKey(data: key)
        var block = iv
        out.withUnsafeMutableBufferPointer { buffer in
            block.withUnsafeMutableBufferPointer { chain in
                var offset = 0
                while offset < buffer.count {
                    for k in 0..<blockSize { chain[k] ^= buffer[offset + k] }
                    // The block function only fails on a wrong key or block size, which the preconditions exclude.
                    var cursor = chain  // the same 16 bytes: the block is permuted in place
                    try! AES.permute(&cursor, key: symmetric)
                    for k in 0..<blockSize { buffer[offset + k] = chain[k] }
                    offset += blockSize
                }
            }
        }
        return out
    }

    /// CBC decryption; with `pad`, checks and removes PKCS #5 padding. Nil when the input is not whole
    /// blocks or the padding is malformed (a wrong key, usually).
    static func decrypt(_ ciphertext: [UInt8], key: [UInt8], iv: [UInt8], pad: Bool) -> [UInt8]? {
        precondition(key.count == 16 || key.count == 32, "AES key must be 128 or 256 bits")
        guard iv.count == blockSize, ciphertext.count % blockSize == 0, !(pad && ciphertext.isEmpty) else { return nil }
        let symmetric = SymmetricKey(data: key)
        var out = [UInt8](repeating: 0, count: ciphertext.count)
        var previous = iv
        var offset = 0
        while offset < ciphertext.count {
            let cipherBlock = Array(ciphertext[offset..<offset + blockSize])
            var block = cipherBlock
            try! AES.inversePermute(&block, key: symmetric)
            for k in 0..<blockSize { out[offset + k] = block[k] ^ previous[k] }
            previous = cipherBlock
            offset += blockSize
        }
        guard pad else { return out }
        let padLength = Int(out[out.count - 1])
        guard (1...blockSize).contains(padLength), out.suffix(padLength).allSatisfy({ Int($0) == padLength }) else { return nil }
        out.removeLast(padLength)
        return out
    }

    /// One block through the cipher with no chaining (ECB, as §7.6.4.4.8 uses for /Perms).
    static func encryptBlock(_ block: [UInt8], key: [UInt8]) -> [UInt8] {
        encrypt(block, key: key, iv: [UInt8](repeating: 0, count: blockSize), pad: false)
    }

    static func decryptBlock(_ block: [UInt8], key: [UInt8]) -> [UInt8]? {
        decrypt(block, key: key, iv: [UInt8](repeating: 0, count: blockSize), pad: false)
    }
}
