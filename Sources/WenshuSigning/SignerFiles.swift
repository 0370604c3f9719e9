import Foundation

/// Where a signer's key and certificates are, as configuration names them: the CLI's `--sign-*`
/// options and the service's `WENSHU_SIGN_*` variables both come here, so the two load a signer
/// the same way. Secrets stay in files; only their paths pass through configuration.
public struct SignerFiles: Sendable, Equatable {
    public var keyFile: String?
    public var certificateFile: String?
    /// Intermediates to include; with PKCS#12, those the file lacks.
    public var chainFile: String?
    public var pkcs12File: String?
    public var pkcs12PasswordFile: String?
    public var rsaPSS: Bool
    public var timestampAuthorityURL: String?
    public var timestampTimeout: Duration

    public init(keyFile: String? = nil, certificateFile: String? = nil, chainFile: String? = nil, pkcs12File: String? = nil,
                pkcs12PasswordFile: String? = nil, rsaPSS: Bool = false, timestampAuthorityURL: String? = nil,
                timestampTimeout: Duration = .seconds(15)) {
        self.keyFile = keyFile; self.certificateFile = certificateFile; self.chainFile = chainFile; self.pkcs12File = pkcs12File
        self.pkcs12PasswordFile = pkcs12PasswordFile; self.rsaPSS = rsaPSS; self.timestampAuthorityURL = timestampAuthorityURL
        self.timestampTimeout = timestampTimeout
    }

    /// Whether any key source is named (a signature was asked for).
    public var requested: Bool { keyFile != nil || certificateFile != nil || pkcs12File != nil }

    /// Names that do not fit together, as `name(option)` reads them: `("--sign-key", ...)` or the
    /// environment's variable names. Nil when the combination is usable.
    public func conflict(names: (key: String, certificate: String, chain: String, pkcs12: String, pkcs12Password: String,
                                 rsaPSS: String, tsa: String)) -> String? {
        if pkcs12File != nil {
            if keyFile != nil || certificateFile != nil { return "\(names.pkcs12) replaces \(names.key) and \(names.certificate): give one or the other" }
            if pkcs12PasswordFile == nil { return "\(names.pkcs12) needs \(names.pkcs12Password)" }
        } else {
            if (keyFile == nil) != (certificateFile == nil) { return "\(names.key) and \(names.certificate) go together" }
            if pkcs12PasswordFile != nil { return "\(names.pkcs12Password) goes with \(names.pkcs12)" }
        }
        if !requested {
            let needs = "needs \(names.key) and \(names.certificate), or \(names.pkcs12)"
            if chainFile != nil { return "\(names.chain) \(needs)" }
            if timestampAuthorityURL != nil { return "\(names.tsa) needs a signature: \(needs)" }
            if rsaPSS { return "\(names.rsaPSS) \(needs)" }
        }
        return nil
    }

    /// The signer, with its key and certificates loaded and checked; nil when none is named.
    public func signer() throws(SigningError) -> PDFSigner? {
        var identity: SigningIdentity
        if let pkcs12File, let pkcs12PasswordFile {
            identity = try SigningIdentity.load(pkcs12File: pkcs12File, passwordFile: pkcs12PasswordFile)
            // Intermediates the PKCS#12 file lacks.
            if let chainFile { identity = try identity.adding(chainFile: chainFile) }
        } else if let keyFile, let certificateFile {
            identity = try SigningIdentity.load(keyFile: keyFile, certificateFile: certificateFile, chainFile: chainFile)
        } else {
            return nil
        }
        let authority = timestampAuthorityURL.map { TimestampAuthority(url: $0, timeout: timestampTimeout) }
        return PDFSigner(identity: identity, options: SigningOptions(rsaPadding: rsaPSS ? .pss : .pkcs1v15, timestampAuthority: authority))
    }
}
