import ArgumentParser
import Foundation
import WenshuSigning

/// `--sign-*` and `--tsa`, shared by `render` and `batch`: a PAdES signature on each PDF.
struct SigningCommandOptions: ParsableArguments {
    @Option(help: "Sign the PDF with this private key (PEM: PKCS#8, SEC 1 EC or PKCS#1 RSA).")
    var signKey: String?
    @Option(help: "The signer's certificate (PEM); further certificates in the file join the chain.")
    var signCert: String?
    @Option(help: "Intermediate certificates (PEM) to include with the signature.")
    var signChain: String?
    @Option(help: "Sign with the key and certificates of this PKCS#12 file instead of --sign-key/--sign-cert.")
    var signP12: String?
    @Option(help: "File holding the PKCS#12 password (one trailing newline is ignored).")
    var signP12PasswordFile: String?
    @Flag(help: "RSA keys: sign with RSASSA-PSS (SHA-256, 32-byte salt) instead of PKCS#1 v1.5.")
    var signRsaPss = false
    @Option(help: "RFC 3161 timestamp authority URL: adds a signature timestamp (PAdES B-T).")
    var tsa: String?
    @Option(help: "Seconds to wait for the timestamp authority.")
    var tsaTimeout: Int = 15

    var files: SignerFiles {
        SignerFiles(keyFile: signKey, certificateFile: signCert, chainFile: signChain, pkcs12File: signP12,
                    pkcs12PasswordFile: signP12PasswordFile, rsaPSS: signRsaPss, timestampAuthorityURL: tsa,
                    timestampTimeout: .seconds(tsaTimeout))
    }

    var requested: Bool { files.requested }

    func validate() throws {
        if let conflict = files.conflict(names: (key: "--sign-key", certificate: "--sign-cert", chain: "--sign-chain", pkcs12: "--sign-p12",
                                                 pkcs12Password: "--sign-p12-password-file", rsaPSS: "--sign-rsa-pss", tsa: "--tsa")) {
            throw ValidationError(conflict)
        }
        guard (1...600).contains(tsaTimeout) else { throw ValidationError("--tsa-timeout must be between 1 and 600 seconds, not \(tsaTimeout)") }
    }

    /// The key, certificate and password files given, by flag: no output may be written over them.
    var secretFiles: [(flag: String, path: String)] {
        [("--sign-key", signKey), ("--sign-cert", signCert), ("--sign-chain", signChain), ("--sign-p12", signP12),
         ("--sign-p12-password-file", signP12PasswordFile)].compactMap { flag, path in path.map { (flag, $0) } }
    }

    /// The signer, with its key and certificates loaded and checked; nil when no signing was asked for.
    func signer() throws(SigningError) -> PDFSigner? { try files.signer() }
}
