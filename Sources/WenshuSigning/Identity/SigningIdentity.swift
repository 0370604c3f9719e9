import Foundation
import SwiftASN1

/// A signer: a private key, its certificate and the chain up to (and possibly including) the root.
///
/// Loaded from PEM files (PKCS#8, SEC 1 or PKCS#1 keys; certificates) or from a PKCS#12 file. The key
/// is checked against the certificate when loaded, so a mismatched pair fails here rather than
/// producing signatures no one can verify.
public struct SigningIdentity: Sendable {
    let key: SigningKey
    let certificate: SignerCertificate
    let chain: [SignerCertificate]

    /// The signer certificate's subject, e.g. "CN=Wenshu Test Signer,O=…".
    public var subject: String { certificate.subject }
    /// "RSA-2048" or "ECDSA P-256".
    public var keyKind: String { key.kind }

    init(key: SigningKey, certificate: SignerCertificate, chain: [SignerCertificate], keySource: String, certificateSource: String) throws(SigningError) {
        guard key.fits(certificate.publicKeyAlgorithm), key.subjectPublicKey == certificate.subjectPublicKey else {
            throw SigningError(.keyMismatch, "the private key (\(keySource), \(key.kind)) does not belong to the signer certificate (\(certificateSource), \(certificate.subject))")
        }
        self.key = key
        self.certificate = certificate
        // The signer's own certificate is not repeated in the chain.
        var seen: Set<[UInt8]> = [certificate.der]
        self.chain = chain.filter { seen.insert($0.der).inserted }
    }

    /// From PEM texts. The certificate text's first certificate is the signer's; any further ones, and
    /// all of `chainPEM`, are added to the CMS `certificates` (RFC 5652 §5.1).
    /// - Throws: `SigningError.credentials` for unreadable or unsupported input, `.keyMismatch` when the
    ///   key is not the certificate's.
    public init(keyPEM: String, certificatePEM: String, chainPEM: String? = nil,
                keySource: String = "key", certificateSource: String = "certificate", chainSource: String = "chain") throws(SigningError) {
        let key = try PEMKey.read(keyPEM, source: keySource)
        let certificates = try SignerCertificate.all(pem: certificatePEM, source: certificateSource)
        var chain = Array(certificates.dropFirst())
        if let chainPEM { chain += try SignerCertificate.all(pem: chainPEM, source: chainSource) }
        try self.init(key: key, certificate: certificates[0], chain: chain, keySource: keySource, certificateSource: certificateSource)
    }

    /// From PEM files named on the command line or in configuration.
    public static func load(keyFile: String, certificateFile: String, chainFile: String? = nil) throws(SigningError) -> SigningIdentity {
        try SigningIdentity(keyPEM: try readText(keyFile, "private key"), certificatePEM: try readText(certificateFile, "certificate"),
                            chainPEM: try chainFile.map { path throws(SigningError) in try readText(path, "certificate chain") },
                            keySource: "private key '\(keyFile)'", certificateSource: "certificate '\(certificateFile)'",
                            chainSource: "chain '\(chainFile ?? "")'")
    }

    /// From a PKCS#12 file (RFC 7292) as `openssl pkcs12 -export` writes it: PBES2 with PBKDF2 and AES
    /// (OpenSSL 3's default) and an HMAC integrity check. The signer certificate is the one matching
    /// the file's only private key; the other certificates form the chain.
    public init(pkcs12: [UInt8], password: String, source: String = "PKCS#12 file") throws(SigningError) {
        let contents = try PKCS12.open(pkcs12, password: password, source: source)
        guard contents.keys.count == 1 else {
            throw SigningError(.credentials, "\(source): holds \(contents.keys.count) private keys, expected exactly one")
        }
        let key = try SigningKey.from(der: contents.keys[0], format: .pkcs8, source: "\(source) (private key)")
        let certificates = try contents.certificates.enumerated().map { item throws(SigningError) in
            try SignerCertificate(der: item.element, source: "\(source) (certificate \(item.offset + 1))")
        }
        guard let signer = certificates.first(where: { key.fits($0.publicKeyAlgorithm) && $0.subjectPublicKey == key.subjectPublicKey }) else {
            throw SigningError(.keyMismatch, "\(source): none of its \(certificates.count) certificate(s) belongs to its private key (\(key.kind))")
        }
        try self.init(key: key, certificate: signer, chain: certificates, keySource: source, certificateSource: source)
    }

    /// From a PKCS#12 file and a file holding its password (one trailing newline is ignored), so the
    /// password never appears on a command line.
    public static func load(pkcs12File: String, passwordFile: String) throws(SigningError) -> SigningIdentity {
        guard let data = FileManager.default.contents(atPath: pkcs12File) else {
            throw SigningError(.credentials, "cannot read PKCS#12 file '\(pkcs12File)'")
        }
        var password = try readText(passwordFile, "PKCS#12 password")
        if password.hasSuffix("\n") { password.removeLast() }
        if password.hasSuffix("\r") { password.removeLast() }
        return try SigningIdentity(pkcs12: Array(data), password: password, source: "PKCS#12 file '\(pkcs12File)'")
    }

    /// The same signer with more certificates (PEM) for the chain, e.g. intermediates a PKCS#12 file lacks.
    public func adding(chainFile: String) throws(SigningError) -> SigningIdentity {
        let extra = try SignerCertificate.all(pem: try Self.readText(chainFile, "certificate chain"), source: "chain '\(chainFile)'")
        return try SigningIdentity(key: key, certificate: certificate, chain: chain + extra, keySource: "key", certificateSource: "certificate")
    }

    /// Fails when `time` is outside the signer certificate's validity, which every validator would reject.
    func checkValidity(at time: Date) throws(SigningError) {
        guard time >= certificate.notValidBefore, time <= certificate.notValidAfter else {
            let formatter = ISO8601DateFormatter()
            throw SigningError(.credentials, "the signer certificate (\(certificate.subject)) is valid from \(formatter.string(from: certificate.notValidBefore)) to \(formatter.string(from: certificate.notValidAfter)), not at the signing time \(formatter.string(from: time))")
        }
    }

    private static func readText(_ path: String, _ what: String) throws(SigningError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SigningError(.credentials, "cannot read \(what) file '\(path)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SigningError(.credentials, "\(what) file '\(path)' is not text (PEM expected)")
        }
        return text
    }
}

/// Private keys in PEM (RFC 7468 §10 PKCS#8, §11 encrypted PKCS#8; RFC 5915 SEC 1; RFC 8017 PKCS#1).
enum PEMKey {
    static func read(_ pem: String, source: String) throws(SigningError) -> SigningKey {
        if pem.contains("Proc-Type: 4,ENCRYPTED") {
            throw SigningError(.credentials, "\(source): the PEM key is encrypted (legacy Proc-Type header): decrypt it (openssl pkey) or use a PKCS#12 file with a password file")
        }
        let documents: [PEMDocument]
        do { documents = try PEMDocument.parseMultiple(pemString: pem) } catch {
            throw SigningError(.credentials, "\(source): not a PEM file (\(error))")
        }
        for document in documents {
            switch document.discriminator {
            case "PRIVATE KEY": return try SigningKey.from(der: document.derBytes, format: .pkcs8, source: source)
            case "EC PRIVATE KEY": return try SigningKey.from(der: document.derBytes, format: .sec1EC, source: source)
            case "RSA PRIVATE KEY": return try SigningKey.from(der: document.derBytes, format: .pkcs1RSA, source: source)
            case "ENCRYPTED PRIVATE KEY":
                throw SigningError(.credentials, "\(source): the PEM key is encrypted (ENCRYPTED PRIVATE KEY): decrypt it (openssl pkey) or use a PKCS#12 file with a password file")
            default: continue  // EC PARAMETERS and the like come before the key
            }
        }
        let found = documents.map(\.discriminator).joined(separator: ", ")
        throw SigningError(.credentials, "\(source): no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block\(found.isEmpty ? "" : " (found \(found))")")
    }
}
