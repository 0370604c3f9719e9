import Crypto
import _CryptoExtras
import SwiftASN1

/// Reads the private keys and certificates out of a PKCS#12 file (RFC 7292).
///
/// Supported: password integrity (HMAC over the AuthenticatedSafe, key from the appendix B KDF),
/// plain and PBES2-encrypted SafeContents (RFC 8018 §6.2: PBKDF2 with HMAC-SHA-1/256/384/512, AES-CBC),
/// keyBag, pkcs8ShroudedKeyBag and x509 certBag. That is what `openssl pkcs12 -export` of OpenSSL 3
/// writes by default. The legacy RC2, RC4 and 3DES schemes are refused by name.
enum PKCS12 {
    struct Contents {
        /// PKCS#8 PrivateKeyInfo DER.
        var keys: [[UInt8]] = []
        var certificates: [[UInt8]] = []
    }

    static func open(_ bytes: [UInt8], password: String, source: String) throws(SigningError) -> Contents {
        do {
            return try read(bytes, password: password, reader: ASN1Reader(context: source))
        } catch let failure as ASN1Reader.Failure {
            throw SigningError(.credentials, failure.message)
        } catch let error as SigningError {
            throw error
        } catch {
            throw SigningError(.credentials, "\(source): \(error)")
        }
    }

    private static func read(_ bytes: [UInt8], password: String, reader: ASN1Reader) throws -> Contents {
        // §4: PFX ::= SEQUENCE { version 3, authSafe ContentInfo, macData MacData OPTIONAL }
        let pfx = try reader.sequence(try reader.parse(bytes, "PFX"), "PFX", atLeast: 2)
        guard try reader.integer(pfx[0], "PFX version") == 3 else { throw reader.fail("PFX version is not 3") }
        let authSafe = try reader.sequence(pfx[1], "authSafe", atLeast: 2)
        let authType = try reader.oid(authSafe[0], "authSafe contentType")
        guard authType == OID.data else {
            throw reader.fail("authSafe is \(authType), not data: public-key integrity mode is not supported")
        }
        let safeBytes = try reader.octets(try reader.explicit(authSafe[1], 0, "authSafe content"), "authSafe content")
        if pfx.count > 2 {
            try verifyMAC(pfx[2], content: safeBytes, password: password, reader: reader)
        }

        var contents = Contents()
        for info in try reader.sequence(try reader.parse(safeBytes, "AuthenticatedSafe"), "AuthenticatedSafe", atLeast: 0) {
            let fields = try reader.sequence(info, "AuthenticatedSafe ContentInfo", atLeast: 2)
            let type = try reader.oid(fields[0], "ContentInfo contentType")
            let content = try reader.explicit(fields[1], 0, "ContentInfo content")
            switch type {
            case OID.data:
                try readBags(try reader.octets(content, "SafeContents"), password: password, reader: reader, into: &contents, depth: 0)
            case OID.encryptedData:
                // RFC 5652 §8: EncryptedData ::= SEQUENCE { version, EncryptedContentInfo, ... }
                let encrypted = try reader.sequence(content, "EncryptedData", atLeast: 2)
                let info = try reader.sequence(encrypted[1], "EncryptedContentInfo", atLeast: 3)
                let ciphertext = try reader.octets(info[2], "encryptedContent", tag: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific))
                let plain = try decrypt(ciphertext, algorithm: info[1], password: password, reader: reader, what: "certificates")
                try readBags(plain, password: password, reader: reader, into: &contents, depth: 0)
            default:
                throw reader.fail("ContentInfo of type \(OID.describe(type)) is not supported")
            }
        }
        return contents
    }

    private static func readBags(_ der: [UInt8], password: String, reader: ASN1Reader, into contents: inout Contents, depth: Int) throws {
        guard depth < 4 else { throw reader.fail("SafeContents nest too deep") }
        for bag in try reader.sequence(try reader.parse(der, "SafeContents"), "SafeContents", atLeast: 0) {
            // §4.2: SafeBag ::= SEQUENCE { bagId, bagValue [0] EXPLICIT, bagAttributes SET OPTIONAL }
            let fields = try reader.sequence(bag, "SafeBag", atLeast: 2)
            let bagType = try reader.oid(fields[0], "bagId")
            let value = try reader.explicit(fields[1], 0, "bagValue")
            switch bagType {
            case OID.keyBag:
                contents.keys.append(Array(value.encodedBytes))
            case OID.pkcs8ShroudedKeyBag:
                // RFC 5958 §3: EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData OCTET STRING }
                let shrouded = try reader.sequence(value, "EncryptedPrivateKeyInfo", atLeast: 2)
                let ciphertext = try reader.octets(shrouded[1], "encryptedData")
                contents.keys.append(try decrypt(ciphertext, algorithm: shrouded[0], password: password, reader: reader, what: "private key"))
            case OID.certBag:
                let cert = try reader.sequence(value, "CertBag", atLeast: 2)
                guard try reader.oid(cert[0], "certId") == OID.x509Certificate else { continue }  // SDSI certificates are not X.509
                contents.certificates.append(try reader.octets(try reader.explicit(cert[1], 0, "certValue"), "certValue"))
            case OID.safeContentsBag:
                var nested = DER.Serializer()
                nested.serialize(value)
                try readBags(nested.serializedBytes, password: password, reader: reader, into: &contents, depth: depth + 1)
            default:
                continue  // CRL and secret bags carry nothing a signer needs
            }
        }
    }

    // MARK: Password-based encryption

    /// Decrypts with PBES2 (RFC 8018 §6.2), refusing the legacy schemes by name.
    private static func decrypt(_ ciphertext: [UInt8], algorithm node: ASN1Node, password: String, reader: ASN1Reader, what: String) throws -> [UInt8] {
        let algorithm = try reader.algorithm(node, "\(what) encryption")
        guard algorithm.oid == OID.pbes2 else {
            throw SigningError(.credentials, "\(reader.context): the \(what) are encrypted with \(OID.describe(algorithm.oid)), which is not supported: export again with OpenSSL 3's defaults (PBES2, PBKDF2, AES-256-CBC), i.e. without -legacy")
        }
        guard let parametersNode = algorithm.parameters else { throw reader.fail("PBES2 without parameters") }
        // PBES2-params ::= SEQUENCE { keyDerivationFunc, encryptionScheme }
        let parameters = try reader.sequence(parametersNode, "PBES2-params", atLeast: 2)
        let kdf = try reader.algorithm(parameters[0], "keyDerivationFunc")
        guard kdf.oid == OID.pbkdf2, let kdfParametersNode = kdf.parameters else {
            throw SigningError(.credentials, "\(reader.context): key derivation \(OID.describe(kdf.oid)) is not supported (PBKDF2 expected)")
        }
        let scheme = try reader.algorithm(parameters[1], "encryptionScheme")
        let keyLength: Int
        switch scheme.oid {
        case OID.aes128CBC: keyLength = 16
        case OID.aes192CBC: keyLength = 24
        case OID.aes256CBC: keyLength = 32
        default:
            throw SigningError(.credentials, "\(reader.context): the \(what) are encrypted with \(OID.describe(scheme.oid)), which is not supported (AES-CBC expected)")
        }
        guard let ivNode = scheme.parameters else { throw reader.fail("AES-CBC without an IV") }
        let iv = try reader.octets(ivNode, "AES-CBC IV")

        // PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount, keyLength OPTIONAL, prf DEFAULT hmacWithSHA1 }
        let kdfParameters = try reader.sequence(kdfParametersNode, "PBKDF2-params", atLeast: 2)
        let salt = try reader.octets(kdfParameters[0], "PBKDF2 salt")
        let iterations = try reader.integer(kdfParameters[1], "PBKDF2 iterationCount")
        guard (1...10_000_000).contains(iterations) else { throw reader.fail("PBKDF2 iteration count \(iterations) is out of range") }
        var prf = OID.hmacWithSHA1
        for extra in kdfParameters.dropFirst(2) where extra.identifier == .sequence {
            prf = try reader.algorithm(extra, "PBKDF2 prf").oid
        }
        let hash: KDF.Insecure.PBKDF2.HashFunction
        switch prf {
        case OID.hmacWithSHA1: hash = .insecureSHA1
        case OID.hmacWithSHA256: hash = .sha256
        case OID.hmacWithSHA384: hash = .sha384
        case OID.hmacWithSHA512: hash = .sha512
        default: throw SigningError(.credentials, "\(reader.context): PBKDF2 pseudo-random function \(OID.describe(prf)) is not supported")
        }
        // RFC 8018 §6.2 and RFC 7292 appendix B.1: PBES2 takes the password as UTF-8 octets.
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: hash,
                                                    outputByteCount: keyLength, unsafeUncheckedRounds: iterations)
        do {
            return Array(try AES._CBC.decrypt(ciphertext, using: key, iv: try AES._CBC.IV(ivBytes: iv)))
        } catch {
            throw SigningError(.credentials, "\(reader.context): cannot decrypt the \(what): wrong password or damaged file")
        }
    }

    // MARK: Integrity

    /// Checks `MacData` (§4: mac DigestInfo, macSalt, iterations DEFAULT 1) over the AuthenticatedSafe.
    private static func verifyMAC(_ node: ASN1Node, content: [UInt8], password: String, reader: ASN1Reader) throws {
        let macData = try reader.sequence(node, "MacData", atLeast: 2)
        let digestInfo = try reader.sequence(macData[0], "MacData DigestInfo", atLeast: 2)
        let algorithm = try reader.algorithm(digestInfo[0], "MAC digest").oid
        let expected = try reader.octets(digestInfo[1], "MAC digest")
        let salt = try reader.octets(macData[1], "macSalt")
        let iterations = macData.count > 2 ? try reader.integer(macData[2], "MAC iterations") : 1
        guard (1...10_000_000).contains(iterations) else { throw reader.fail("MAC iteration count \(iterations) is out of range") }
        let computed: [UInt8]
        switch algorithm {
        case OID.sha1: computed = mac(Insecure.SHA1.self, content, password: password, salt: salt, iterations: iterations)
        case OID.sha256: computed = mac(SHA256.self, content, password: password, salt: salt, iterations: iterations)
        case OID.sha384: computed = mac(SHA384.self, content, password: password, salt: salt, iterations: iterations)
        case OID.sha512: computed = mac(SHA512.self, content, password: password, salt: salt, iterations: iterations)
        default:
            throw SigningError(.credentials, "\(reader.context): integrity MAC with \(OID.describe(algorithm)) is not supported")
        }
        guard computed.count == expected.count, zip(computed, expected).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw SigningError(.credentials, "\(reader.context): the integrity check failed: wrong password or damaged file")
        }
    }

    private static func mac<H: HashFunction>(_ hash: H.Type, _ content: [UInt8], password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = derive(hash, id: 3, password: password, salt: salt, iterations: iterations, length: H.Digest.byteCount)
        return Array(HMAC<H>.authenticationCode(for: content, using: SymmetricKey(data: key)))
    }

    /// The PKCS#12 key derivation (RFC 7292 appendix B.2), still used for the MAC key (ID 3).
    static func derive<H: HashFunction>(_ hash: H.Type, id: UInt8, password: String, salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        let u = H.Digest.byteCount, v = H.blockByteCount
        // B.1: the password as a BMPString with a two-byte terminator.
        var passwordBytes: [UInt8] = []
        for unit in password.utf16 { passwordBytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        passwordBytes += [0, 0]
        func stretch(_ bytes: [UInt8]) -> [UInt8] {
            guard !bytes.isEmpty else { return [] }
            let count = v * ((bytes.count + v - 1) / v)
            return (0..<count).map { bytes[$0 % bytes.count] }
        }
        var i = stretch(salt) + stretch(passwordBytes)
        let d = [UInt8](repeating: id, count: v)
        var output: [UInt8] = []
        while output.count < length {
            var a = Array(H.hash(data: d + i))
            for _ in 1..<max(iterations, 1) { a = Array(H.hash(data: a)) }
            output += a
            guard output.count < length else { break }
            // I_j = (I_j + B + 1) mod 2^(8v), B being A repeated to v bytes.
            let b = (0..<v).map { a[$0 % u] }
            for blockStart in stride(from: 0, to: i.count, by: v) {
                var carry: UInt16 = 1
                for k in stride(from: v - 1, through: 0, by: -1) {
                    let sum = UInt16(i[blockStart + k]) + UInt16(b[k]) + carry
                    i[blockStart + k] = UInt8(sum & 0xFF)
                    carry = sum >> 8
                }
            }
        }
        return Array(output.prefix(length))
    }
}
