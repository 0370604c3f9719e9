import Foundation
import Testing

/// A throwaway PKI made with openssl when the tests start, in a temporary folder; no key is committed.
///
/// Root CA → intermediate CA → signers (RSA-2048, ECDSA P-256, and a second RSA key for the mismatch
/// test); the root also issues the TSA certificate (extendedKeyUsage critical timeStamping). Keys come
/// in every PEM form the loader reads (PKCS#8, PKCS#1, SEC 1) and the P-256 signer also as a PKCS#12
/// file with OpenSSL 3's default encryption, and one with legacy 3DES for the refusal test.
final class TestPKI: Sendable {
    let folder: String

    static let shared = Task { try await Tools.offPool { try TestPKI() } }

    static func get() async throws -> TestPKI { try await shared.value }

    func path(_ name: String) -> String { folder + "/" + name }

    private init() throws {
        folder = NSTemporaryDirectory() + "wenshu-pki-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(Self.extensions.utf8).write(to: URL(fileURLWithPath: folder + "/ext.cnf"))
        try Data("test-p12-password\n".utf8).write(to: URL(fileURLWithPath: folder + "/p12-password.txt"))
        try Data("not the password\n".utf8).write(to: URL(fileURLWithPath: folder + "/wrong-password.txt"))

        let rsa = ["-newkey", "rsa:2048"]
        let p256 = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
        try openssl(["req", "-x509", "-nodes"] + p256 + ["-keyout", "root.key", "-out", "root.pem", "-days", "3650",
                     "-subj", "/CN=Wenshu Test Root CA/O=Wenshu Tests", "-extensions", "root", "-config", "ext.cnf"])
        try issue("intermediate", key: p256, subject: "/CN=Wenshu Test Signing CA/O=Wenshu Tests", by: "root", extensions: "intermediate", serial: 2)
        try issue("rsa", key: rsa, subject: "/CN=Wenshu Test Insurer RSA/O=Wenshu Tests", by: "intermediate", extensions: "signer", serial: 10)
        try issue("p256", key: p256, subject: "/CN=Wenshu Test Insurer P-256/O=Wenshu Tests", by: "intermediate", extensions: "signer", serial: 11)
        try issue("other", key: rsa, subject: "/CN=Wenshu Test Other Signer/O=Wenshu Tests", by: "intermediate", extensions: "signer", serial: 12)
        try issue("tsa", key: rsa, subject: "/CN=Wenshu Test TSA/O=Wenshu Tests", by: "root", extensions: "tsa", serial: 20)
        try openssl(["pkey", "-in", "rsa.key", "-traditional", "-out", "rsa-pkcs1.key"])
        try openssl(["pkey", "-in", "p256.key", "-traditional", "-out", "p256-sec1.key"])
        try openssl(["pkcs12", "-export", "-inkey", "p256.key", "-in", "p256.pem", "-certfile", "intermediate.pem",
                     "-out", "p256.p12", "-passout", "file:p12-password.txt"])
        try openssl(["pkcs12", "-export", "-inkey", "rsa.key", "-in", "rsa.pem", "-certfile", "intermediate.pem",
                     "-out", "rsa.p12", "-passout", "file:p12-password.txt"])
        try openssl(["pkcs12", "-export", "-inkey", "p256.key", "-in", "p256.pem", "-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES",
                     "-macalg", "sha1", "-out", "legacy.p12", "-passout", "file:p12-password.txt"])
        try openssl(["pkey", "-in", "p256.key", "-aes256", "-passout", "file:p12-password.txt", "-out", "p256-encrypted.key"])
    }

    private func issue(_ name: String, key: [String], subject: String, by issuer: String, extensions: String, serial: Int) throws {
        try openssl(["req", "-new", "-nodes"] + key + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject])
        try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "\(issuer).pem", "-CAkey", "\(issuer).key", "-set_serial", String(serial),
                     "-days", "825", "-sha256", "-extfile", "ext.cnf", "-extensions", extensions, "-out", "\(name).pem"])
    }

    @discardableResult
    func openssl(_ arguments: [String]) throws -> String {
        let result = try Tools.runBlocking("openssl", arguments, in: folder)
        guard result.status == 0 else {
            throw Tools.Failure(description: "openssl \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result.stdout
    }

    private static let extensions = """
    [ root ]
    basicConstraints = critical, CA:TRUE
    keyUsage = critical, keyCertSign, cRLSign
    subjectKeyIdentifier = hash
    [ req ]
    distinguished_name = dn
    [ dn ]
    [ intermediate ]
    basicConstraints = critical, CA:TRUE, pathlen:0
    keyUsage = critical, keyCertSign, cRLSign
    subjectKeyIdentifier = hash
    authorityKeyIdentifier = keyid
    [ signer ]
    basicConstraints = critical, CA:FALSE
    keyUsage = critical, digitalSignature, nonRepudiation
    subjectKeyIdentifier = hash
    authorityKeyIdentifier = keyid
    [ tsa ]
    basicConstraints = critical, CA:FALSE
    keyUsage = critical, digitalSignature
    extendedKeyUsage = critical, timeStamping
    subjectKeyIdentifier = hash
    authorityKeyIdentifier = keyid

    """
}
