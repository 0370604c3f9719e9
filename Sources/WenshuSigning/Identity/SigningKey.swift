import Crypto
import _CryptoExtras
import SwiftASN1

/// How an RSA key signs (RFC 8017 §8): PKCS#1 v1.5, or PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt.
public enum RSAPadding: String, Sendable, CaseIterable {
    case pkcs1v15
    case pss
}

/// A private key that can sign a PAdES signature: RSA (2048 bits or more) or ECDSA on P-256.
enum SigningKey: Sendable {
    case rsa(_RSA.Signing.PrivateKey)
    case p256(SharedP256Key)

    /// The public key as it appears in a certificate's subjectPublicKey bits.
    var subjectPublicKey: [UInt8] {
        switch self {
        case .rsa(let key): return Array(key.publicKey.pkcs1DERRepresentation)
        case .p256(let key): return Array(key.key.publicKey.x963Representation)
        }
    }

    var kind: String {
        switch self {
        case .rsa(let key): return "RSA-\(key.keySizeInBits)"
        case .p256: return "ECDSA P-256"
        }
    }

    /// Whether a certificate whose key has this algorithm can belong to this key.
    func fits(_ algorithm: ASN1ObjectIdentifier) -> Bool {
        switch self {
        case .rsa: return algorithm == OID.rsaEncryption || algorithm == OID.rsassaPSS
        case .p256: return algorithm == OID.ecPublicKey
        }
    }

    /// The largest signature this key makes, for sizing the placeholder before signing.
    var maximumSignatureLength: Int {
        switch self {
        case .rsa(let key): return (key.keySizeInBits + 7) / 8
        case .p256: return 72  // DER ECDSA-Sig-Value: two INTEGERs of up to 33 bytes (SEC 1 §C.8)
        }
    }

    /// Signs `message` with SHA-256 (the CMS signs the DER of its signed attributes, RFC 5652 §5.4).
    func sign(_ message: [UInt8], padding: RSAPadding) throws(SigningError) -> [UInt8] {
        do {
            switch self {
            case .rsa(let key):
                let digest = SHA256.hash(data: message)
                let signature = try key.signature(for: digest, padding: padding == .pss ? .PSS : .insecurePKCS1v1_5)
                return Array(signature.rawRepresentation)
            case .p256(let key):
                return Array(try key.key.signature(for: message).derRepresentation)
            }
        } catch {
            throw SigningError(.signing, "\(kind) signing failed: \(error)")
        }
    }

    /// Reads a private key from DER, the form told by `format`.
    /// - Throws: `SigningError.credentials` naming `source`, and the algorithm when it is not supported.
    static func from(der: [UInt8], format: Format, source: String) throws(SigningError) -> SigningKey {
        switch format {
        case .pkcs1RSA:
            return try rsa(der, source: source)
        case .sec1EC:
            // RFC 5915 §3: the optional [0] parameters name the curve.
            if let curve = try? sec1Curve(der), curve != OID.prime256v1 {
                throw SigningError(.credentials, "\(source): EC key on curve \(curve): only P-256 (prime256v1) is supported")
            }
            return try p256(der, source: source)
        case .pkcs8:
            let reader = ASN1Reader(context: source)
            let algorithm: (oid: ASN1ObjectIdentifier, parameters: ASN1Node?)
            do {
                let fields = try reader.sequence(try reader.parse(der, "PrivateKeyInfo"), "PrivateKeyInfo", atLeast: 3)
                algorithm = try reader.algorithm(fields[1], "privateKeyAlgorithm")
            } catch {
                throw SigningError(.credentials, error.message)
            }
            switch algorithm.oid {
            case OID.rsaEncryption:
                return try rsa(der, source: source)
            case OID.ecPublicKey:
                if let parameters = algorithm.parameters, let curve = try? ASN1ObjectIdentifier(derEncoded: parameters), curve != OID.prime256v1 {
                    throw SigningError(.credentials, "\(source): EC key on curve \(curve): only P-256 (prime256v1) is supported")
                }
                return try p256(der, source: source)
            case OID.rsassaPSS:
                throw SigningError(.credentials, "\(source): RSASSA-PSS-restricted keys (\(OID.rsassaPSS)) are not supported: use a plain RSA key (rsaEncryption) and choose PSS padding")
            case OID.ed25519, OID.ed448:
                throw SigningError(.credentials, "\(source): EdDSA keys (\(algorithm.oid)) are not supported for PAdES here: use RSA or ECDSA P-256")
            default:
                throw SigningError(.credentials, "\(source): private key algorithm \(OID.describe(algorithm.oid)) is not supported: use RSA or ECDSA P-256")
            }
        }
    }

    enum Format { case pkcs8, pkcs1RSA, sec1EC }

    private static func rsa(_ der: [UInt8], source: String) throws(SigningError) -> SigningKey {
        do { return .rsa(try _RSA.Signing.PrivateKey(derRepresentation: der)) } catch {
            throw SigningError(.credentials, "\(source): not a usable RSA private key (RSA keys must have 2048 bits or more): \(error)")
        }
    }

    private static func p256(_ der: [UInt8], source: String) throws(SigningError) -> SigningKey {
        do { return .p256(SharedP256Key(key: try P256.Signing.PrivateKey(derRepresentation: der))) } catch {
            throw SigningError(.credentials, "\(source): not a usable P-256 private key: \(error)")
        }
    }

    private static func sec1Curve(_ der: [UInt8]) throws -> ASN1ObjectIdentifier? {
        let reader = ASN1Reader(context: "EC private key")
        let fields = try reader.sequence(try DER.parse(der), "ECPrivateKey", atLeast: 2)
        guard let parameters = fields.first(where: { reader.isContext($0, 0) }) else { return nil }
        return try reader.oid(try reader.explicit(parameters, 0, "parameters"), "namedCurve")
    }
}

/// swift-crypto 3.x does not mark P-256 keys Sendable on Linux. The key never changes after loading and
/// BoringSSL's ECDSA signing only reads it (a const EC_KEY), so batch workers may share one.
struct SharedP256Key: @unchecked Sendable {
    let key: P256.Signing.PrivateKey
}
