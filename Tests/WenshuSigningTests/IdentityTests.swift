import Foundation
import Testing
import WenshuSigning

/// Keys and certificates: every PEM form, PKCS#12, and clear refusals.
@Suite struct IdentityTests {
    @Test(arguments: ["rsa.key", "rsa-pkcs1.key", "p256.key", "p256-sec1.key"])
    func everyPEMKeyFormLoads(keyFile: String) async throws {
        let pki = try await TestPKI.get()
        let certificate = keyFile.hasPrefix("rsa") ? "rsa.pem" : "p256.pem"
        let pem = try String(contentsOfFile: pki.path(keyFile), encoding: .utf8)
        #expect(pem.contains(keyFile.contains("pkcs1") ? "BEGIN RSA PRIVATE KEY" : keyFile.contains("sec1") ? "BEGIN EC PRIVATE KEY" : "BEGIN PRIVATE KEY"))
        let identity = try SigningIdentity.load(keyFile: pki.path(keyFile), certificateFile: pki.path(certificate))
        #expect(identity.keyKind == (keyFile.hasPrefix("rsa") ? "RSA-2048" : "ECDSA P-256"))
        #expect(identity.subject.contains("Wenshu Test Insurer"))
    }

    @Test func wrongKeyForTheCertificateIsRefused() async throws {
        let pki = try await TestPKI.get()
        let error = #expect(throws: SigningError.self) {
            try SigningIdentity.load(keyFile: pki.path("other.key"), certificateFile: pki.path("rsa.pem"))
        }
        #expect(error?.code == .keyMismatch)
        #expect(error?.message.contains("other.key") == true && error?.message.contains("Wenshu Test Insurer RSA") == true, "\(error?.message ?? "")")
        // An EC key against an RSA certificate is the same refusal, not a crash.
        let mixed = #expect(throws: SigningError.self) {
            try SigningIdentity.load(keyFile: pki.path("p256.key"), certificateFile: pki.path("rsa.pem"))
        }
        #expect(mixed?.code == .keyMismatch)
    }

    @Test func pkcs12FromOpenSSL3DefaultsSignsAndValidates() async throws {
        let pki = try await TestPKI.get()
        // OpenSSL 3's default: PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC, MAC HMAC-SHA256.
        let info = try await Tools.run("openssl", ["pkcs12", "-info", "-noout", "-in", pki.path("p256.p12"), "-passin", "file:" + pki.path("p12-password.txt")])
        #expect(info.stderr.contains("PBES2") && info.stderr.contains("AES-256-CBC") && info.stderr.contains("sha256"), "\(info.stderr)")

        for name in ["p256", "rsa"] {
            let identity = try SigningIdentity.load(pkcs12File: pki.path("\(name).p12"), passwordFile: pki.path("p12-password.txt"))
            #expect(identity.subject.contains("Wenshu Test Insurer"))
            let signed = try await PDFSigner(identity: identity).sign(try Tools.render("invoice"))
            let path = Tools.temporaryDirectory() + "/p12-\(name).pdf"
            try Tools.write(signed, to: path)
            let report = try await Tools.pyhanko(path, trust: [pki.path("root.pem")])
            let signature = try #require(report.signatures.first)
            // Trusted only if the intermediate from the .p12 travelled into the CMS.
            #expect(signature.intact && signature.valid && signature.trusted, "\(signature)")
            #expect(signature.pades_level == "B-B")
        }
    }

    @Test func pkcs12WithTheWrongPasswordIsRefused() async throws {
        let pki = try await TestPKI.get()
        let error = #expect(throws: SigningError.self) {
            try SigningIdentity.load(pkcs12File: pki.path("p256.p12"), passwordFile: pki.path("wrong-password.txt"))
        }
        #expect(error?.code == .credentials)
        #expect(error?.message.contains("wrong password") == true, "\(error?.message ?? "")")
    }

    @Test func legacyPKCS12EncryptionIsRefusedByName() async throws {
        let pki = try await TestPKI.get()
        let error = #expect(throws: SigningError.self) {
            try SigningIdentity.load(pkcs12File: pki.path("legacy.p12"), passwordFile: pki.path("p12-password.txt"))
        }
        #expect(error?.message.contains("pbeWithSHAAnd3-KeyTripleDES-CBC") == true, "\(error?.message ?? "")")
    }

    @Test func encryptedPEMKeyIsRefusedWithAHint() async throws {
        let pki = try await TestPKI.get()
        let error = #expect(throws: SigningError.self) {
            try SigningIdentity.load(keyFile: pki.path("p256-encrypted.key"), certificateFile: pki.path("p256.pem"))
        }
        #expect(error?.message.contains("encrypted") == true, "\(error?.message ?? "")")
    }

    @Test func missingAndNonPEMFilesNameTheFile() async throws {
        let pki = try await TestPKI.get()
        let missing = #expect(throws: SigningError.self) {
            try SigningIdentity.load(keyFile: pki.path("nope.key"), certificateFile: pki.path("p256.pem"))
        }
        #expect(missing?.message.contains("nope.key") == true)
        let notACertificate = #expect(throws: SigningError.self) {
            try SigningIdentity.load(keyFile: pki.path("p256.key"), certificateFile: pki.path("p256.key"))
        }
        #expect(notACertificate?.message.contains("no CERTIFICATE block") == true, "\(notACertificate?.message ?? "")")
    }

    @Test func expiredCertificateIsRefusedAtSigningTime() async throws {
        let pki = try await TestPKI.get()
        let identity = try SigningIdentity.load(keyFile: pki.path("p256.key"), certificateFile: pki.path("p256.pem"))
        let error = await #expect(throws: SigningError.self) {
            _ = try await PDFSigner(identity: identity).sign(HandMadePDF.make(sealRects: [nil]), at: Date(timeIntervalSinceNow: 10 * 365 * 86400))
        }
        #expect(error?.message.contains("not at the signing time") == true, "\(error?.message ?? "")")
    }
}
