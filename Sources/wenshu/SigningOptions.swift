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

    var requested: Bool { signKey != nil || signCert != nil || signP12 != nil }

    func validate() throws {
        if signP12 != nil {
            if signKey != nil || signCert != nil { throw ValidationError("--sign-p12 replaces --sign-key and --sign-cert: give one or the other") }
            if signP12PasswordFile == nil { throw ValidationError("--sign-p12 needs --sign-p12-password-file") }
        } else {
            if (signKey == nil) != (signCert == nil) { throw ValidationError("--sign-key and --sign-cert go together") }
            if signP12PasswordFile != nil { throw ValidationError("--sign-p12-password-file goes with --sign-p12") }
        }
        if !requested {
            if signChain != nil { throw ValidationError("--sign-chain needs --sign-key and --sign-cert, or --sign-p12") }
            if tsa != nil { throw ValidationError("--tsa needs a signature: add --sign-key and --sign-cert, or --sign-p12") }
            if signRsaPss { throw ValidationError("--sign-rsa-pss needs --sign-key and --sign-cert, or --sign-p12") }
        }
        guard (1...600).contains(tsaTimeout) else { throw ValidationError("--tsa-timeout must be between 1 and 600 seconds, not \(tsaTimeout)") }
    }

    /// The key, certificate and password files given, by flag: no output may be written over them.
    var secretFiles: [(flag: String, path: String)] {
        [("--sign-key", signKey), ("--sign-cert", signCert), ("--sign-chain", signChain), ("--sign-p12", signP12),
         ("--sign-p12-password-file", signP12PasswordFile)].compactMap { flag, path in path.map { (flag, $0) } }
    }

    /// The signer, with its key and certificates loaded and checked; nil when no signing was asked for.
    func signer() throws(SigningError) -> PDFSigner? {
        guard requested else { return nil }
        var identity: SigningIdentity
        if let signP12, let signP12PasswordFile {
            identity = try SigningIdentity.load(pkcs12File: signP12, passwordFile: signP12PasswordFile)
        } else if let signKey, let signCert {
            identity = try SigningIdentity.load(keyFile: signKey, certificateFile: signCert, chainFile: signChain)
        } else {
            return nil
        }
        if signP12 != nil, let signChain {
            // Intermediates the PKCS#12 file lacks.
            identity = try identity.adding(chainFile: signChain)
        }
        let authority = tsa.map { TimestampAuthority(url: $0, timeout: .seconds(tsaTimeout)) }
        return PDFSigner(identity: identity, options: SigningOptions(rsaPadding: signRsaPss ? .pss : .pkcs1v15, timestampAuthority: authority))
    }
}
