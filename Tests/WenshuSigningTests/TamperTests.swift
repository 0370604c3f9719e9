import Foundation
import Testing
import WenshuSigning

/// One byte changed inside the signed range: both validators must say the signature no longer holds.
@Suite struct TamperTests {
    @Test(arguments: [("a byte of the rendered document", 0.3), ("a byte of the signing increment", 0.999)])
    func oneChangedByteInsideTheSignedRangeIsInvalid(what: String, position: Double) async throws {
        let pki = try await TestPKI.get()
        let signed = try await PAdESSampleTests.signer("p256").sign(try Tools.render("epolicy"))
        let (first, second) = try Self.byteRanges(signed)
        // A byte in the first range (document body) or the second (after /Contents: the xref and trailer).
        var index = position < 0.5 ? Int(Double(first.count) * position) : second.lowerBound + Int(Double(second.count) * 0.5)
        // Change a digit of an xref offset or a content byte, but never a line ending, so the file still parses.
        while signed[index] == 0x0A || signed[index] == 0x0D { index += 1 }
        var tampered = signed
        tampered[index] = signed[index] == UInt8(ascii: "7") ? UInt8(ascii: "8") : (signed[index] >= 0x30 && signed[index] <= 0x39 ? UInt8(ascii: "7") : signed[index] ^ 0x01)
        #expect(first.contains(index) || second.contains(index))
        let dir = Tools.temporaryDirectory()
        let path = dir + "/tampered.pdf"
        try Tools.write(tampered, to: path)

        let pdfsig = try await Tools.pdfsig(path)
        #expect(!pdfsig.stdout.contains("Signature is Valid"), "pdfsig still says valid after changing \(what): \(pdfsig.stdout)")
        let report = try? await Tools.pyhanko(path, trust: [pki.path("root.pem")])
        if let signature = report?.signatures.first {
            #expect(!signature.intact || !signature.valid, "pyHanko still says intact after changing \(what): \(signature)")
            #expect(signature.pades_level == "none")
        } else {
            // pyHanko may refuse to read the damaged file at all, which is also a failed validation.
            let cli = try await Tools.run("pyhanko", ["sign", "validate", "--no-revocation-check", "--trust", pki.path("root.pem"), path])
            #expect(cli.status != 0, "pyhanko validate accepted the tampered file: \(cli.stdout)")
        }
    }

    /// Issue 12 item 6: the claimant's strokes travel in an embedded file the signature covers, so a
    /// forger who moves one point (and rewrites the stream and its /Length) breaks the signature.
    @Test func changingAStrokeInTheClaimFormsEvidenceIsInvalid() async throws {
        let pki = try await TestPKI.get()
        let signed = try await PAdESSampleTests.signer("p256").sign(try Tools.render("claim-form"))
        let dir = Tools.temporaryDirectory()
        try Tools.write(signed, to: dir + "/signed.pdf")
        let edit = try await Tools.run("python3", [Tools.servers + "/edit_evidence_stroke.py", dir + "/signed.pdf", dir + "/forged.pdf"])
        #expect(edit.status == 0 && edit.stdout.contains("\"new\""), "\(edit.stdout) \(edit.stderr)")
        // The forged file still parses and still holds the moved point.
        let detach = try await Tools.run("pdfdetach", ["-save", "1", "-o", dir + "/evidence.json", dir + "/forged.pdf"])
        #expect(detach.status == 0, "\(detach.stderr)")
        let evidence = String(decoding: try #require(FileManager.default.contents(atPath: dir + "/evidence.json")), as: UTF8.self)
        #expect(evidence.contains("\"x\":61,"), "the first point moved from x 60 to 61")
        #expect(try await Tools.pdfsig(dir + "/signed.pdf").stdout.contains("Signature is Valid"), "the control validates")
        let pdfsig = try await Tools.pdfsig(dir + "/forged.pdf")
        #expect(pdfsig.stdout.contains("Signature Validation: Digest Mismatch."), "pdfsig must find the moved stroke: \(pdfsig.stdout)")
        let cli = try await Tools.run("pyhanko", ["sign", "validate", "--no-revocation-check", "--trust", pki.path("root.pem"),
                                                  "--executive-summary", dir + "/forged.pdf"])
        #expect(cli.status != 0 && cli.stdout.hasSuffix(":INVALID\n"), "pyhanko accepted a moved stroke: \(cli.stdout)")
    }

    @Test func theUntamperedControlStillValidates() async throws {
        let pki = try await TestPKI.get()
        let signed = try await PAdESSampleTests.signer("p256").sign(try Tools.render("epolicy"))
        let path = Tools.temporaryDirectory() + "/control.pdf"
        try Tools.write(signed, to: path)
        let cli = try await Tools.run("pyhanko", ["sign", "validate", "--no-revocation-check", "--trust", pki.path("root.pem"), "--executive-summary", path])
        #expect(cli.status == 0, "pyhanko sign validate: \(cli.stdout) \(cli.stderr)")
        #expect(cli.stdout.hasPrefix("Signature1:") && cli.stdout.hasSuffix(":VALID\n"), "\(cli.stdout)")
    }

    static func byteRanges(_ pdf: [UInt8]) throws -> (Range<Int>, Range<Int>) {
        let text = String(decoding: pdf, as: UTF8.self)
        guard let start = text.range(of: "/ByteRange [", options: .backwards) else { throw Tools.Failure(description: "no /ByteRange") }
        let n = text[start.upperBound...].prefix { $0 != "]" }.split(separator: " ").compactMap { Int($0) }
        return (n[0]..<(n[0] + n[1]), n[2]..<(n[2] + n[3]))
    }
}
