public import WenshuDiagnostics
/// Why a PDF could not be signed: bad key or certificate files, an input PDF this pass cannot update,
/// a timestamp authority that failed, or a signature that did not fit its placeholder.
///
/// Equality is on the code only, so tests and callers can match the kind of failure while the
/// reason carries the specifics (which file, which object, which URL).
public struct SigningError: DiagnosticConvertible, Sendable, Hashable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// A key, certificate or PKCS#12 file could not be read or is unusable.
        public static let credentials = Code(name: "credentials")
        /// The private key does not belong to the signer certificate.
        public static let keyMismatch = Code(name: "keyMismatch")
        /// The input is not a PDF this pass can update (broken xref, missing catalog, unsupported form).
        public static let unsupportedPDF = Code(name: "unsupportedPDF")
        /// The input is encrypted and no string encryptor was given.
        public static let encryptedInput = Code(name: "encryptedInput")
        /// The timestamp authority could not be reached or answered badly.
        public static let timestamp = Code(name: "timestamp")
        /// The CMS signature is larger than the /Contents placeholder.
        public static let placeholderTooSmall = Code(name: "placeholderTooSmall")
        /// Signing itself failed (the crypto library refused the key or input).
        public static let signing = Code(name: "signing")
        public var description: String { name }
    }

    public var code: Code
    /// Lowercase, says what and where: "signer certificate 'cert.pem': no CERTIFICATE block".
    public var message: String
    public var file: String
    public var line: Int

    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code; self.message = message; self.file = file; self.line = line
    }

    public var description: String { message }

    public static func == (lhs: SigningError, rhs: SigningError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
