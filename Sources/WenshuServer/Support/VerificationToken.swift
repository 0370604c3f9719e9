import Crypto
import Foundation
import WenshuMail
import WenshuStorage

/// The token in a document's QR code: the document id, its version and a fingerprint of its
/// content, signed with the service's Ed25519 key (RFC 8032), in RFC 4648 base32 so a QR holds it in
/// alphanumeric mode. The verify page checks it without the database (a forged or altered token
/// fails the signature) and reads the database only for the document's status.
///
/// The fingerprint is the SHA-256 of the data the document was rendered from, as submitted: a QR
/// cannot carry the hash of the file it is printed in. 16 of its bytes are kept, which binds the
/// token to the content at 128-bit second-preimage strength and keeps the code short. An Ed25519
/// signature alone is 64 bytes (103 base32 characters), so a token is 152 characters.
struct VerificationToken: Equatable, Sendable {
    /// The 12 random bytes of a `doc_…` id.
    var documentID: String
    var version: Int
    var contentDigest: [UInt8]

    static let format: UInt8 = 1

    var signedBytes: [UInt8]? {
        guard documentID.hasPrefix("doc_"), let id = bytes(fromHex: String(documentID.dropFirst(4))), id.count == 12,
              (0...0xFFFF).contains(version), contentDigest.count == 16 else { return nil }
        return [Self.format] + id + [UInt8(version >> 8), UInt8(version & 0xFF)] + contentDigest
    }

    init(documentID: String, version: Int, contentSHA256: [UInt8]) {
        self.documentID = documentID; self.version = version; self.contentDigest = Array(contentSHA256.prefix(16))
    }

    func encoded(with key: VerificationKey) -> String? {
        guard let message = signedBytes, let signature = key.sign(message) else { return nil }
        return Base32.encode(message + signature)
    }

    /// The token's content when its signature is good; nil for anything forged, altered or malformed.
    static func verified(_ text: String, key: VerificationKey) -> VerificationToken? {
        guard text.utf8.count == 152, let bytes = Base32.decode(text.uppercased()), bytes.count == 95, bytes[0] == format else { return nil }
        let message = Array(bytes[0..<31]), signature = Array(bytes[31...])
        guard key.isValid(signature, for: message) else { return nil }
        let id = "doc_" + bytes[1..<13].map { String(format: "%02x", $0) }.joined()
        var token = VerificationToken(documentID: id, version: Int(bytes[13]) << 8 | Int(bytes[14]), contentSHA256: [])
        token.contentDigest = Array(bytes[15..<31])
        return token
    }
}

/// The service's token key: `WENSHU_VERIFY_KEY_FILE` (an Ed25519 PKCS#8 PEM, `openssl genpkey
/// -algorithm ed25519`), or one made on first start and kept in the data folder (mode 0600). Nodes
/// that share a database must share the key file, or each accepts only its own tokens.
public struct VerificationKey: Sendable {
    /// The Ed25519 seed; the key is rebuilt per use (microseconds) because swift-crypto's key type
    /// is not Sendable.
    let seed: [UInt8]
    let publicKey: [UInt8]

    public init(seed: [UInt8]) throws {
        self.seed = seed
        publicKey = Array(try Curve25519.Signing.PrivateKey(rawRepresentation: seed).publicKey.rawRepresentation)
    }

    public static func random() -> VerificationKey { try! VerificationKey(seed: Array(Curve25519.Signing.PrivateKey().rawRepresentation)) }

    func sign(_ message: [UInt8]) -> [UInt8]? {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else { return nil }
        return (try? key.signature(for: message)).map(Array.init)
    }

    func isValid(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    static func load(file: String?, dataDirectory: String) throws -> VerificationKey {
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8), let seed = Ed25519PEM.seed(text),
                  let key = try? VerificationKey(seed: seed) else {
                throw ServerConfigurationError("WENSHU_VERIFY_KEY_FILE: not a readable Ed25519 private key (PKCS#8 PEM)")
            }
            return key
        }
        let path = (dataDirectory as NSString).appendingPathComponent("verify-ed25519.pem")
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let seed = Ed25519PEM.seed(text), let key = try? VerificationKey(seed: seed) else {
                throw ServerConfigurationError("\(path): not a readable Ed25519 private key")
            }
            return key
        }
        let key = VerificationKey.random()
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(Ed25519PEM.pem(seed: key.seed).utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw ServerConfigurationError("cannot write the verification key in \(dataDirectory)")
        }
        // link(2) fails if another process made the key first: then that one is used.
        if link(temporary, path) != 0 {
            unlink(temporary)
            return try load(file: nil, dataDirectory: dataDirectory)
        }
        unlink(temporary)
        return key
    }
}

/// RFC 4648 §6 base32 without padding.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for b in bytes {
            buffer = buffer << 8 | Int(b); bits += 8
            while bits >= 5 { bits -= 5; out.append(alphabet[(buffer >> bits) & 31]) }
            buffer &= (1 << bits) - 1
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for c in text.utf8 {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            buffer = buffer << 5 | v; bits += 5
            if bits >= 8 { bits -= 8; out.append(UInt8((buffer >> bits) & 0xFF)) }
            buffer &= (1 << bits) - 1
        }
        // Leftover bits must be zero padding (a canonical encoding), so one token has one spelling.
        return buffer == 0 ? out : nil
    }
}
