import Foundation
import Testing
import WenshuSigning

/// The four documents signed at B-B and B-T, checked by pdfsig (poppler), pyHanko and qpdf.
@Suite(.serialized) struct PAdESSampleTests {
    static func signer(_ name: String, padding: RSAPadding = .pkcs1v15, tsa: String? = nil, tokenReserve: Int = 8192) async throws -> PDFSigner {
        let pki = try await TestPKI.get()
        let identity = try SigningIdentity.load(keyFile: pki.path("\(name).key"), certificateFile: pki.path("\(name).pem"),
                                                chainFile: pki.path("intermediate.pem"))
        let authority = tsa.map { TimestampAuthority(url: $0, timeout: .seconds(20), tokenReserve: tokenReserve) }
        return PDFSigner(identity: identity, options: SigningOptions(rsaPadding: padding, timestampAuthority: authority))
    }

    /// pdfsig: one signature, cryptographically valid, covering the whole file.
    static func expectPdfsigValid(_ path: String, count: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let report = try await Tools.pdfsig(path)
        #expect(report.stdout.components(separatedBy: "Signature Validation: Signature is Valid.").count - 1 == count,
                "pdfsig: \(report.stdout) \(report.stderr)", sourceLocation: sourceLocation)
        #expect(report.stdout.contains("Total document signed"), "pdfsig: \(report.stdout)", sourceLocation: sourceLocation)
        #expect(report.stdout.contains("ETSI.CAdES.detached"), "pdfsig: \(report.stdout)", sourceLocation: sourceLocation)
    }

    static func expectQpdfClean(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let check = try await Tools.qpdfCheck(path)
        #expect(check.status == 0, "qpdf --check: \(check.stdout) \(check.stderr)", sourceLocation: sourceLocation)
        #expect(check.stdout.contains("No syntax or stream encoding errors found"), "qpdf --check: \(check.stdout)", sourceLocation: sourceLocation)
        #expect(!check.stderr.contains("WARNING"), "qpdf --check warned: \(check.stderr)", sourceLocation: sourceLocation)
    }

    @Test(arguments: Tools.samples)
    func sampleSignedAtBaselineBValidatesEverywhere(sample: String) async throws {
        let pki = try await TestPKI.get()
        let unsigned = try Tools.render(sample)
        let signed = try await Self.signer("p256").sign(unsigned)
        #expect(Array(signed.prefix(unsigned.count)) == unsigned, "the increment must leave the original bytes untouched")
        let dir = Tools.temporaryDirectory()
        let path = dir + "/\(sample)-bb.pdf"
        try Tools.write(signed, to: path)

        try await Self.expectPdfsigValid(path)
        try await Self.expectQpdfClean(path)
        let report = try await Tools.pyhanko(path, trust: [pki.path("root.pem")])
        try #require(report.signatures.count == 1)
        let signature = report.signatures[0]
        #expect(signature.intact && signature.valid && signature.trusted, "\(signature)")
        #expect(signature.coverage == "ENTIRE_FILE")
        #expect(signature.pades_level == "B-B")
        #expect(signature.subfilter == "/ETSI.CAdES.detached")
        #expect(Set(signature.signed_attributes) == ["content_type", "message_digest", "signing_certificate_v2"])
        #expect(signature.signer_reported_time != nil, "/M carries the claimed time")
        #expect(signature.timestamp == nil)
    }

    @Test(arguments: Tools.samples)
    func sampleSignedAtBaselineTCarriesATrustedTimestamp(sample: String) async throws {
        let pki = try await TestPKI.get()
        let tsa = try await LocalTSA.get()
        let signed = try await Self.signer("rsa", tsa: tsa.url).sign(try Tools.render(sample))
        let path = Tools.temporaryDirectory() + "/\(sample)-bt.pdf"
        try Tools.write(signed, to: path)

        try await Self.expectPdfsigValid(path)
        try await Self.expectQpdfClean(path)
        let report = try await Tools.pyhanko(path, trust: [pki.path("root.pem")])
        try #require(report.signatures.count == 1)
        let signature = report.signatures[0]
        #expect(signature.intact && signature.valid && signature.trusted, "\(signature)")
        #expect(signature.pades_level == "B-T")
        #expect(signature.unsigned_attributes == ["signature_time_stamp_token"])
        let timestamp = try #require(signature.timestamp)
        #expect(timestamp.intact && timestamp.valid && timestamp.trusted)
    }

    @Test func timestampIsUntrustedWithoutTheTSARoot() async throws {
        // The TSA's certificate chains to the root only; trusting just an unrelated anchor (the
        // intermediate) must leave the timestamp untrusted, so the B-T level really depends on it.
        let pki = try await TestPKI.get()
        let signed = try await Self.signer("p256", tsa: try await LocalTSA.get().url).sign(try Tools.render("epolicy"))
        let path = Tools.temporaryDirectory() + "/untrusted-tsa.pdf"
        try Tools.write(signed, to: path)
        let report = try await Tools.pyhanko(path, trust: [pki.path("intermediate.pem")])
        let timestamp = try #require(report.signatures.first?.timestamp)
        #expect(timestamp.intact && !timestamp.trusted)
        #expect(report.signatures[0].pades_level != "B-T")
    }

    @Test(arguments: [("rsa", RSAPadding.pkcs1v15, "sha256_rsa"), ("rsa", .pss, "rsassa_pss"), ("p256", .pkcs1v15, "sha256_ecdsa")])
    func everyKeyKindValidates(key: String, padding: RSAPadding, mechanism: String) async throws {
        let pki = try await TestPKI.get()
        let signed = try await Self.signer(key, padding: padding).sign(try Tools.render("visa-certificate"))
        let path = Tools.temporaryDirectory() + "/\(key)-\(padding).pdf"
        try Tools.write(signed, to: path)
        let report = try await Tools.pyhanko(path, trust: [pki.path("root.pem")])
        let signature = try #require(report.signatures.first)
        #expect(signature.intact && signature.valid && signature.trusted, "\(signature)")
        #expect(signature.mechanism == mechanism)
        #expect(signature.md_algorithm == "sha256")
        #expect(signature.pades_level == "B-B")
        try await Self.expectPdfsigValid(path)
        // openssl reads the CMS too: the signature verifies over the byte ranges.
        try await Self.expectOpenSSLVerifies(signed, dir: (path as NSString).deletingLastPathComponent)
    }

    /// `openssl cms -verify` over the signed bytes with the CMS from /Contents: a third, independent reader.
    static func expectOpenSSLVerifies(_ signed: [UInt8], dir: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let pki = try await TestPKI.get()
        let (cms, content) = try extractSignature(signed)
        try Tools.write(cms, to: dir + "/signature.der")
        try Tools.write(content, to: dir + "/content.bin")
        let result = try await Tools.run("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", dir + "/signature.der",
                                               "-content", dir + "/content.bin", "-CAfile", pki.path("root.pem"),
                                               "-purpose", "any", "-out", "/dev/null"])
        #expect(result.status == 0 && result.stderr.contains("Verification successful"), "openssl cms: \(result.stderr)", sourceLocation: sourceLocation)
        let printed = try await Tools.run("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", dir + "/signature.der"])
        #expect(!printed.stdout.contains("signingTime"), "PAdES forbids the signing-time attribute", sourceLocation: sourceLocation)
        #expect(printed.stdout.contains("id-smime-aa-signingCertificateV2"), sourceLocation: sourceLocation)
    }

    /// The last signature's DER (zero padding trimmed by its own length) and the bytes its ByteRange covers.
    static func extractSignature(_ pdf: [UInt8]) throws -> (cms: [UInt8], content: [UInt8]) {
        let text = String(decoding: pdf, as: UTF8.self)
        guard let rangeStart = text.range(of: "/ByteRange [", options: .backwards) else { throw Tools.Failure(description: "no /ByteRange") }
        let numbers = text[rangeStart.upperBound...].prefix { $0 != "]" }.split(separator: " ").compactMap { Int($0) }
        guard numbers.count == 4 else { throw Tools.Failure(description: "bad /ByteRange") }
        let hex = Array(pdf[(numbers[1] + 1)..<(numbers[2] - 1)])
        var der: [UInt8] = []
        var index = 0
        while index + 1 < hex.count {
            der.append(UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16)!)
            index += 2
        }
        // DER length of the outer SEQUENCE tells where the padding starts.
        let length: Int
        if der[1] < 0x80 { length = 2 + Int(der[1]) } else {
            let count = Int(der[1] & 0x7F)
            length = 2 + count + der[2..<(2 + count)].reduce(0) { $0 << 8 | Int($1) }
        }
        let content = Array(pdf[numbers[0]..<(numbers[0] + numbers[1])]) + Array(pdf[numbers[2]..<(numbers[2] + numbers[3])])
        return (Array(der.prefix(length)), content)
    }
}
