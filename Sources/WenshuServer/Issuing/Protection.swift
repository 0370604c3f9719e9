import Foundation
import Wenshu
import WenshuDiagnostics
import WenshuPDF
import WenshuSigning

/// What an issued document gets besides its render (issue 12): a PAdES signature, the archive
/// form, and an encrypted copy for email.
///
/// The kept copy (the registry's file and `store` deliveries) is never encrypted: it is the archive
/// copy, and PDF/A forbids encryption. Only email copies are encrypted, each signed after
/// encryption, so the copy a customer opens validates as well.
public struct Protection: Sendable, Equatable {
    /// Nil signs when the service has a signer (`WENSHU_SIGN_*`); false never; true requires one.
    public var sign: Bool?
    /// The kept copy is PDF/A-2b (PDF/A-3b when the document carries attachments).
    public var archive: Bool
    /// Email copies are encrypted (AES-256, print allowed, changes not).
    public var encryption: Encryption?

    public enum Encryption: Sendable, Equatable {
        /// The caller's password: the caller tells the customer (an SMS, the app).
        case password(String)
        /// A fresh password per document (``PDFPassword/generate()``), sent to each email recipient
        /// in a second message from the mail template's `password:` section.
        case generated
    }

    public init(sign: Bool? = nil, archive: Bool = false, encryption: Encryption? = nil) {
        self.sign = sign; self.archive = archive; self.encryption = encryption
    }

    /// Passwords a PDF reader takes: ISO 32000-2 §7.6.4.3.3 truncates a revision 6 password to 127
    /// bytes of UTF-8, so a longer one would open with its prefix.
    static func checkPassword(_ password: String, at path: String) -> Diagnostic? {
        if password.isEmpty { return Diagnostic(.error, "must not be empty", at: path) }
        if password.utf8.count > 127 { return Diagnostic(.error, "must be at most 127 bytes of UTF-8", at: path) }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return Diagnostic(.error, "must not hold control characters", at: path)
        }
        return nil
    }
}

/// The copies of one document that protection produced.
struct ProtectedCopies {
    /// Kept in the registry and stored: signed, PDF/A when asked, never encrypted.
    var kept: [UInt8]
    /// Attached to emails: encrypted and signed when asked, else the kept copy.
    var emailed: [UInt8]
    /// The generated password that opens ``emailed``, for the second message; nil otherwise.
    var generatedPassword: String?
    var signed: Bool
}

extension DocumentIssuer {
    /// Whether a document issued with `protection` is signed; refuses a signature asked for on a
    /// service that has no signer.
    func signs(_ protection: Protection) throws(IssueError) -> Bool {
        switch protection.sign {
        case false?: return false
        case true?:
            guard signer != nil else {
                throw .invalid(DiagnosticError("this service has no signing key (WENSHU_SIGN_KEY_FILE and WENSHU_SIGN_CERT_FILE, or WENSHU_SIGN_P12_FILE)",
                                               at: "$.sign"))
            }
            return true
        case nil: return signer != nil
        }
    }

    /// Signs a rendered result with the service's signer, turning a failure into an issue error:
    /// a timestamp authority that does not answer is the service's trouble (500), not the caller's.
    func signed(_ result: RenderResult) async throws(IssueError) -> RenderResult {
        guard let signer else { return result }
        do { return try await renderService.sign(result, with: signer) } catch {
            throw .failed("signing: \(error.message)")
        }
    }
}
