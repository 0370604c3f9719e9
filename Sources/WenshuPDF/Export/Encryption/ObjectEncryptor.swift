import Crypto

/// Encrypts the strings and streams of one file as the writer emits them (ISO 32000-2 §7.6.2).
///
/// Every string and stream is encrypted except those §7.6.2 exempts: the /Encrypt dictionary's own
/// strings (written with ``PDFWriter/writeUnencrypted(_:_:)``), the trailer's /ID (the trailer is
/// not an object) and cross-reference streams (this writer writes a table). The metadata stream is
/// encrypted too (/EncryptMetadata is left at its default, true).
///
/// IVs are synthetic (see ``PDFEncryption``): HMAC-SHA-256 under `ivKey`, a key derived from the file
/// key, over the object number, the string's index within the object (`UInt32.max` for a stream's
/// data) and the plaintext, cut to 16 bytes.
struct ObjectEncryptor {
    let fileKey: [UInt8]
    let ivKey: SymmetricKey

    init(_ encryption: PDFEncryption) {
        fileKey = encryption.fileKey
        ivKey = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array("wenshu synthetic iv".utf8), using: SymmetricKey(data: encryption.fileKey))))
    }

    func encrypt(_ plaintext: [UInt8], object: Int, index: UInt32) -> [UInt8] {
        var mac = HMAC<SHA256>(key: ivKey)
        let position = UInt64(UInt32(object)) << 32 | UInt64(index)
        mac.update(data: withUnsafeBytes(of: position.bigEndian) { Array($0) })
        mac.update(data: plaintext)
        let iv = Array(Array(mac.finalize()).prefix(16))
        return iv + AESCBC.encrypt(plaintext, key: fileKey, iv: iv, pad: true)
    }

    /// The value with every string replaced by its ciphertext, as hex (ciphertext is binary).
    func encryptStrings(in value: PDFValue, object: Int) -> PDFValue {
        var index: UInt32 = 0
        return encryptStrings(in: value, object: object, index: &index)
    }

    private func encryptStrings(in value: PDFValue, object: Int, index: inout UInt32) -> PDFValue {
        switch value {
        case .literal(let bytes), .hex(let bytes):
            defer { index += 1 }
            return .hex(encrypt(bytes, object: object, index: index))
        case .array(let items):
            return .array(items.map { encryptStrings(in: $0, object: object, index: &index) })
        case .dict(let entries):
            return .dict(entries.map { ($0.0, encryptStrings(in: $0.1, object: object, index: &index)) })
        case .raw:
            // Raw values are number arrays (/W); they never hold strings.
            return value
        case .null, .bool, .int, .real, .name, .ref:
            return value
        }
    }
}
