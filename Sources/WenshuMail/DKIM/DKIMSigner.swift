import Crypto
import Foundation
import _CryptoExtras

/// Signs rendered messages with DKIM (RFC 6376): rsa-sha256 with an RSA key of at least 2048
/// bits, or ed25519-sha256 (RFC 8463); relaxed/relaxed canonicalization.
///
/// The signature covers From, To, Subject, Date, Message-ID, MIME-Version and Content-Type and
/// the whole body (`bh=`, no `l=`). It carries `t=` from the message date, never the clock, so
/// the output stays deterministic (Ed25519 and PKCS#1 v1.5 signatures are deterministic too).
public struct DKIMSigner: Sendable {
    enum Key: @unchecked Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    public let domain: String
    public let selector: String
    let key: Key

    static let signedHeaders = ["from", "to", "subject", "date", "message-id", "mime-version", "content-type"]

    /// - Parameter privateKeyPEM: PKCS#8 (`PRIVATE KEY`) for Ed25519 or RSA, or PKCS#1
    ///   (`RSA PRIVATE KEY`), as `openssl genpkey` writes them.
    /// - Throws: `MailError.invalidDKIMKey` for a malformed domain or selector, an unreadable
    ///   key, or an RSA key shorter than 2048 bits.
    public init(domain: String, selector: String, privateKeyPEM: String) throws(MailError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._".utf8)
        guard !domain.isEmpty, !selector.isEmpty, domain.utf8.allSatisfy(allowed.contains),
              selector.utf8.allSatisfy(allowed.contains)
        else {
            throw MailError(.invalidDKIMKey, "domain and selector must be ascii host labels")
        }
        self.domain = domain
        self.selector = selector
        if let seed = Self.ed25519Seed(pem: privateKeyPEM) {
            do {
                key = .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: seed))
            } catch {
                throw MailError(.invalidDKIMKey, "unreadable ed25519 key")
            }
        } else {
            do {
                key = .rsa(try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM))
            } catch {
                throw MailError(.invalidDKIMKey, "key is neither ed25519 nor an rsa key of at least 2048 bits")
            }
        }
    }

    var algorithm: String {
        switch key {
        case .rsa: "rsa-sha256"
        case .ed25519: "ed25519-sha256"
        }
    }

    /// The `DKIM-Signature` field, folded and with its CRLF, for these header fields (each with
    /// its CRLF, in message order) and body.
    ///
    /// RFC 6376 §3.7: the signed data is the canonical form of each field named in `h=`, then the
    /// signature field itself with an empty `b=` and no final CRLF. The verifier removes the `b=`
    /// value, folds included, so the field is signed exactly as it is later sent.
    func signatureHeader(headers: [String], body: [UInt8], date: Date) throws(MailError) -> String {
        let bodyHash = Base64.encode(Array(SHA256.hash(data: RelaxedCanonicalization.body(body))))
        var fields: [String: String] = [:]
        for header in headers {
            let name = header.prefix(while: { $0 != ":" }).lowercased()
            fields[name] = header
        }
        let timestamp = max(0, Int(date.timeIntervalSince1970))
        var unsigned = "DKIM-Signature: v=1; a=\(algorithm); c=relaxed/relaxed;\r\n"
            + "\td=\(domain); s=\(selector); t=\(timestamp);\r\n"
            + "\th=\(Self.signedHeaders.joined(separator: ":"));\r\n"
            + "\tbh=\(bodyHash);\r\n"
            + "\tb="
        var signedData = ""
        for name in Self.signedHeaders {
            guard let field = fields[name] else { continue }
            signedData += RelaxedCanonicalization.header(field) + "\r\n"
        }
        signedData += RelaxedCanonicalization.header(unsigned)
        let signature = try sign(Array(signedData.utf8))
        let encoded = Array(Base64.encode(signature))
        // Fold b= after 70 characters per line; FWS inside b= is ignored (RFC 6376 §3.5).
        var offset = 0
        while offset < encoded.count {
            let end = min(encoded.count, offset + (offset == 0 ? 64 : 70))
            if offset > 0 { unsigned += "\r\n\t" }
            unsigned += String(encoded[offset..<end])
            offset = end
        }
        return unsigned + "\r\n"
    }

    private func sign(_ data: [UInt8]) throws(MailError) -> [UInt8] {
        do {
            switch key {
            case .rsa(let key):
                return Array(try key.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation)
            case .ed25519(let key):
                // RFC 8463 §3: Ed25519 (PureEdDSA) over the SHA-256 hash, not over the data.
                return Array(try key.signature(for: Data(SHA256.hash(data: data))))
            }
        } catch {
            throw MailError(.invalidDKIMKey, "signing failed")
        }
    }

    /// The 32-byte seed of a PKCS#8 Ed25519 key (RFC 8410 §7): the DER is a fixed 48 bytes,
    /// `30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20` followed by the seed.
    private static func ed25519Seed(pem: String) -> [UInt8]? { Ed25519PEM.seed(pem) }
}
