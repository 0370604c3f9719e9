/// The passwords and permissions a caller asks for; ``PDFEncryption`` is made from it once per
/// document, so every document gets its own file key and salts.
public struct PDFProtection: Sendable {
    /// Opens the file with ``permissions``. See ``PDFPassword/generate()`` for one per document.
    public var userPassword: String
    /// Opens the file with every right; nil draws a random one per document that is never kept.
    public var ownerPassword: String?
    public var permissions: PDFPermissions

    public init(userPassword: String, ownerPassword: String? = nil, permissions: PDFPermissions = .recipient) {
        self.userPassword = userPassword; self.ownerPassword = ownerPassword; self.permissions = permissions
    }

    /// A fresh file key and salts from the system's generator.
    /// - Throws: ``PDFEncryptionError`` for a password SASLprep refuses, or equal passwords.
    public func makeEncryption() throws(PDFEncryptionError) -> PDFEncryption {
        try PDFEncryption(userPassword: userPassword, ownerPassword: ownerPassword, permissions: permissions)
    }
}
