import Crypto
import _CryptoExtras
import Foundation
import Testing
import WenshuSigning

/// Encrypted-then-signed: a file encrypted by qpdf (AES-256, revision 6) is signed with a string
/// encryptor built from its file key, then validated with the user password. The real encryptor
/// comes from Wenshu's own encryption; this test stands in for it with qpdf's key.
@Suite struct EncryptedInputTests {
    /// ISO 32000-2 §7.6.3.2 with AESV3: a random 16-byte IV, then AES-256-CBC with PKCS#7 padding.
    static func encryptor(fileKey: [UInt8]) -> StringEncryptor {
        return { plain, _, _ in
            let key = SymmetricKey(data: fileKey)
            let iv = (0..<16).map { _ in UInt8.random(in: 0...255) }
            return iv + Array(try! AES._CBC.encrypt(plain, using: key, iv: try! AES._CBC.IV(ivBytes: iv)))
        }
    }

    static func encrypted(_ sample: String, dir: String) async throws -> (bytes: [UInt8], fileKey: [UInt8]) {
        try Tools.write(try Tools.render(sample), to: dir + "/plain.pdf")
        let encrypt = try await Tools.run("qpdf", ["--encrypt", "user-pw", "owner-pw", "256", "--print=full", "--modify=none", "--",
                                             "--object-streams=disable", dir + "/plain.pdf", dir + "/encrypted.pdf"])
        guard encrypt.status == 0 else { throw Tools.Failure(description: "qpdf --encrypt: \(encrypt.stderr)") }
        let shown = try await Tools.run("qpdf", ["--show-encryption-key", "--show-encryption", "--password=user-pw", dir + "/encrypted.pdf"])
        guard let line = shown.stdout.split(separator: "\n").first(where: { $0.hasPrefix("Encryption key = ") }) else {
            throw Tools.Failure(description: "no encryption key in: \(shown.stdout)")
        }
        let hex = Array(line.dropFirst("Encryption key = ".count).utf8)
        let key = stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0...$0 + 1], as: UTF8.self), radix: 16)! }
        return (Array(FileManager.default.contents(atPath: dir + "/encrypted.pdf")!), key)
    }

    @Test func encryptedInputWithoutAnEncryptorIsRefused() async throws {
        let dir = Tools.temporaryDirectory()
        let (bytes, _) = try await Self.encrypted("epolicy", dir: dir)
        let error = await #expect(throws: SigningError.self) { _ = try await PAdESSampleTests.signer("p256").sign(bytes) }
        #expect(error?.code == .encryptedInput)
        #expect(error?.message.contains("encrypted") == true)
    }

    @Test func encryptedThenSignedValidates() async throws {
        let pki = try await TestPKI.get()
        let dir = Tools.temporaryDirectory()
        let (bytes, fileKey) = try await Self.encrypted("epolicy", dir: dir)
        let identity = try await PAdESSampleTests.signer("p256").identity
        let signer = PDFSigner(identity: identity, options: SigningOptions(timestampAuthority: TimestampAuthority(url: try await LocalTSA.get().url),
                                                                             stringEncryptor: Self.encryptor(fileKey: fileKey)))
        let signed = try await signer.sign(bytes)
        let increment = String(decoding: signed[bytes.count...], as: UTF8.self)
        #expect(!increment.contains("(Signature1)") && !increment.contains("/M (D:"), "strings in the increment are encrypted")
        #expect(increment.contains("/Encrypt ") && increment.contains("/ID ["), "the trailer repeats /Encrypt and /ID")
        let path = dir + "/signed.pdf"
        try Tools.write(signed, to: path)

        let check = try await Tools.run("qpdf", ["--check", "--password=user-pw", path])
        #expect(check.status == 0 && !check.stderr.contains("WARNING"), "qpdf --check: \(check.stdout) \(check.stderr)")
        let pdfsig = try await Tools.run("pdfsig", ["-upw", "user-pw", path])
        #expect(pdfsig.stdout.contains("Signature is Valid.") && pdfsig.stdout.contains("Total document signed"), "pdfsig: \(pdfsig.stdout)")
        let report = try await Tools.pyhanko(path, trust: [pki.path("root.pem")], password: "user-pw")
        let signature = try #require(report.signatures.first)
        #expect(signature.intact && signature.valid && signature.trusted, "\(signature)")
        #expect(signature.field == "Signature1", "the field name decrypts to what was written")
        #expect(signature.signer_reported_time != nil, "/M decrypts to a date")
        #expect(signature.pades_level == "B-T")
        // The decrypted file still reads as the same document.
        let text = try await Tools.run("pdftotext", ["-upw", "user-pw", path, "-"])
        let plain = try await Tools.run("pdftotext", [dir + "/plain.pdf", "-"])
        #expect(text.stdout == plain.stdout && !plain.stdout.isEmpty)
    }
}
