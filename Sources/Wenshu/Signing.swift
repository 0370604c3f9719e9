import Foundation
public import WenshuDiagnostics
import WenshuPDF
public import WenshuSigning

/// Signing is a step after export: the render stays deterministic and byte-identical, and the signer
/// appends a PAdES signature to the finished PDF as an incremental update.
extension RenderService {
    /// Signs a rendered PDF (B-B, or B-T when the signer has a timestamp authority). An encrypted
    /// result (``RenderResult/encryption``) is signed as it is, encrypted-then-signed: the strings the
    /// signature adds are encrypted with the result's file key, its /Contents stays clear.
    /// - Parameter time: the claimed signing time (/M); now by default.
    /// - Throws: `SigningError` (its `code` tells a timestamp authority failure from the rest); PNG
    ///   results are refused.
    public func sign(_ result: RenderResult, with signer: PDFSigner, at time: Date = Date()) async throws(SigningError) -> RenderResult {
        guard result.files.count == 1, result.files[0].starts(with: Array("%PDF-".utf8)) else {
            throw SigningError(.unsupportedPDF, "only PDF output can be signed")
        }
        var signed = result
        signed.files[0] = try await signer.encrypting(like: result.encryption).sign(result.files[0], at: time)
        return signed
    }

    /// Signs PDF bytes that are not encrypted, with the error as a diagnostic located at "signing".
    public func sign(pdf: [UInt8], with signer: PDFSigner, at time: Date = Date()) async throws(DiagnosticError) -> [UInt8] {
        do { return try await signer.sign(pdf, at: time) } catch {
            throw DiagnosticError(error, at: "signing")
        }
    }
}

extension PDFSigner {
    /// This signer with the string encryptor of a PDF written with `encryption` (AES-256, revision 6:
    /// one file key for every string and stream, ISO 32000-2 §7.6.3.3); itself when nil.
    func encrypting(like encryption: PDFEncryption?) -> PDFSigner {
        guard let encryption else { return self }
        var options = self.options
        let fileKey = encryption.fileKey
        options.stringEncryptor = { plain, _, _ in PDFEncryption.encryptString(plain, fileKey: fileKey) }
        return PDFSigner(identity: identity, options: options)
    }

    /// Signs on the calling thread: directly for B-B; for B-T the timestamp request runs as a task
    /// and this thread waits for it. For worker threads (batch), never for the cooperative pool.
    func signBlocking(_ pdf: [UInt8], at time: Date = Date()) throws(SigningError) -> [UInt8] {
        guard options.timestampAuthority != nil else { return try signWithoutTimestamp(pdf, at: time) }
        let done = DispatchSemaphore(value: 0)
        let box = SigningResultBox()
        Task {
            do throws(SigningError) { box.result = .success(try await sign(pdf, at: time)) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

private final class SigningResultBox: @unchecked Sendable {
    var result: Result<[UInt8], SigningError>?
}
