import Foundation
import Testing
import WenshuSigning

/// The RFC 3161 client against a TSA that misbehaves: each failure is a clear error naming the TSA's
/// URL without its secrets, and no signed file comes out.
@Suite struct TimestampAuthorityTests {
    func sign(tsa url: String, timeout: Duration = .seconds(20)) async throws {
        let pki = try await TestPKI.get()
        let identity = try SigningIdentity.load(keyFile: pki.path("p256.key"), certificateFile: pki.path("p256.pem"))
        let signer = PDFSigner(identity: identity, options: SigningOptions(timestampAuthority: TimestampAuthority(url: url, timeout: timeout)))
        _ = try await signer.sign(HandMadePDF.make(sealRects: [nil]))
    }

    func withSecret(_ path: String) async throws -> (url: String, shown: String) {
        let base = try await LocalTSA.get().url  // http://127.0.0.1:PORT/
        let url = base.replacingOccurrences(of: "http://", with: "http://wenshu:s3cr3t-token@") + path + "?apikey=s3cr3t-key"
        return (url, base + path + "?…")
    }

    @Test(arguments: [
        ("status/500", "answered HTTP 500"),
        ("garbage", "is not valid ASN.1"),
        ("other-imprint", "messageImprint is not the SHA-256 of our signature value"),
        ("reject", "not granted: status 2 (rejection) [failInfo: badAlg]"),
    ])
    func aMisbehavingTSAIsAClearError(path: String, message: String) async throws {
        let (url, shown) = try await withSecret(path)
        let error = await #expect(throws: SigningError.self) { try await sign(tsa: url) }
        #expect(error?.code == .timestamp)
        #expect(error?.message.contains("timestamp authority \(shown)") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("s3cr3t") == false, "a secret leaked into the error: \(error?.message ?? "")")
    }

    @Test func aSlowTSATimesOut() async throws {
        let (url, shown) = try await withSecret("slow")
        let start = Date()
        let error = await #expect(throws: SigningError.self) { try await sign(tsa: url, timeout: .seconds(1)) }
        // The server answers after 30 s; well before that proves the 1 s deadline cut it off, with
        // room for a machine loaded by the rest of the suite.
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(error?.message == "timestamp authority \(shown): no answer within 1.0 seconds", "\(error?.message ?? "")")
    }

    @Test func anUnreachableTSAIsAClearError() async throws {
        let error = await #expect(throws: SigningError.self) { try await sign(tsa: "http://127.0.0.1:9/tsa", timeout: .seconds(5)) }
        #expect(error?.code == .timestamp)
        #expect(error?.message.hasPrefix("timestamp authority http://127.0.0.1:9/tsa: ") == true, "\(error?.message ?? "")")
    }

    @Test func aNonHTTPURLIsRefused() async throws {
        let error = await #expect(throws: SigningError.self) { try await sign(tsa: "ftp://tsa.example/") }
        #expect(error?.message == "timestamp authority ftp://tsa.example/: not an http or https URL")
    }

    @Test func basicAuthenticationFromTheURLReachesTheTSA() async throws {
        // The local TSA ignores credentials; this checks a URL with user information still signs.
        let pki = try await TestPKI.get()
        let (url, _) = try await withSecret("")
        let identity = try SigningIdentity.load(keyFile: pki.path("p256.key"), certificateFile: pki.path("p256.pem"), chainFile: pki.path("intermediate.pem"))
        let signed = try await PDFSigner(identity: identity, options: SigningOptions(timestampAuthority: TimestampAuthority(url: url))).sign(try Tools.render("epolicy"))
        let path = Tools.temporaryDirectory() + "/auth.pdf"
        try Tools.write(signed, to: path)
        #expect(try await Tools.pyhanko(path, trust: [pki.path("root.pem")]).signatures.first?.pades_level == "B-T")
    }
}
