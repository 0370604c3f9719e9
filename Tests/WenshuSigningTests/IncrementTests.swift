import Foundation
import Testing
import WenshuSigning

/// The incremental update itself: where the widget goes, what the increment writes, and which inputs
/// are refused.
@Suite struct IncrementTests {
    static func p256() async throws -> PDFSigner { try await PAdESSampleTests.signer("p256") }

    static func increment(_ signed: [UInt8], after unsigned: [UInt8]) -> String {
        String(decoding: signed[unsigned.count...], as: UTF8.self)
    }

    @Test func sealRectOnPageTwoCarriesTheWidget() async throws {
        let unsigned = HandMadePDF.make(sealRects: [nil, "[400.5 60 520 179.5]", "[1 1 2 2]"])
        let signed = try await Self.p256().sign(unsigned)
        let increment = Self.increment(signed, after: unsigned)
        // Page 2 is object 5 in the hand-made file: it is rewritten with /Annots, and the widget points at it.
        #expect(increment.contains("/Rect [400.5 60 520 179.5]"), "\(increment.prefix(2000))")
        #expect(increment.contains("/P 5 0 R"))
        #expect(increment.contains("\n5 0 obj\n") && increment.contains("/Annots ["))
        #expect(!increment.contains("\n3 0 obj\n"), "page 1 is left alone")
        #expect(increment.contains("/BBox [0 0 119.5 119.5]"))

        let path = Tools.temporaryDirectory() + "/seal.pdf"
        try Tools.write(signed, to: path)
        try await PAdESSampleTests.expectQpdfClean(path)
        try await PAdESSampleTests.expectPdfsigValid(path)
        // qpdf's JSON view: the field is a signature field whose widget sits on page 2 at the seal's rectangle.
        let json = try await Tools.run("qpdf", ["--json", "--json-key=acroform", path])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let fields = (object["acroform"] as! [String: Any])["fields"] as! [[String: Any]]
        try #require(fields.count == 1)
        #expect(fields[0]["fieldtype"] as? String == "/Sig")
        #expect(fields[0]["pageposfrom1"] as? Int == 2)
        #expect(fields[0]["fullname"] as? String == "Signature1")
    }

    @Test func withoutASealTheSignatureIsInvisibleOnPageOne() async throws {
        let unsigned = HandMadePDF.make(sealRects: [nil, nil])
        let signed = try await Self.p256().sign(unsigned)
        let increment = Self.increment(signed, after: unsigned)
        #expect(increment.contains("/Rect [0 0 0 0]"))
        #expect(increment.contains("/P 3 0 R"))
        #expect(increment.contains("/F 132"))
        #expect(increment.contains("/AcroForm <</Fields [") && increment.contains("/SigFlags 3"))
        #expect(increment.contains("/SubFilter /ETSI.CAdES.detached"))
        #expect(increment.contains("/M (D:"))
        #expect(increment.contains("/Prev "))
        let path = Tools.temporaryDirectory() + "/invisible.pdf"
        try Tools.write(signed, to: path)
        try await PAdESSampleTests.expectQpdfClean(path)
        try await PAdESSampleTests.expectPdfsigValid(path)
    }

    @Test func existingAnnotationsAreKept() async throws {
        let unsigned = HandMadePDF.make(sealRects: ["[10 10 110 110]"], annotsOnFirstPage: true)
        let signed = try await Self.p256().sign(unsigned)
        // Objects 6 to 8 are the signature, its field and its appearance.
        #expect(Self.increment(signed, after: unsigned).contains("/Annots [5 0 R 7 0 R]"))
    }

    @Test func directAnnotationsAreMovedIntoObjectsOfTheirOwn() async throws {
        let unsigned = HandMadePDF.make(sealRects: [nil], directLinkOnFirstPage: true)
        let signed = try await Self.p256().sign(unsigned)
        let increment = Self.increment(signed, after: unsigned)
        // Objects 5 to 7 are the signature, field and appearance; the link becomes object 8, unchanged.
        #expect(increment.contains("/Annots [8 0 R 6 0 R]"), "\(increment.suffix(1200))")
        #expect(increment.contains("8 0 obj\n<</Type /Annot /Subtype /Link /Rect [30 30 40 40] /A <</S /URI /URI (https://example.com/\\(x\\))>>>>"))
        let path = Tools.temporaryDirectory() + "/moved.pdf"
        try Tools.write(signed, to: path)
        try await PAdESSampleTests.expectQpdfClean(path)
        try await PAdESSampleTests.expectPdfsigValid(path)
    }

    @Test func aBadSealRectIsAClearError() async throws {
        let error = await #expect(throws: SigningError.self) {
            _ = try await Self.p256().sign(HandMadePDF.make(sealRects: ["[1 2 3]"]))
        }
        #expect(error?.message == "input PDF: page 1 /WenshuSeal /Rect must be an array of four numbers [x0 y0 x1 y1]")
    }

    @Test func sameInputsAndTimeGiveTheSameBytesWithPKCS1() async throws {
        let signer = try await PAdESSampleTests.signer("rsa")
        let unsigned = try Tools.render("claim-form")
        let time = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86400).rounded(.down) * 86400 + 86400 + 3723)  // tomorrow 01:02:03, inside the test certificates' validity
        let first = try await signer.sign(unsigned, at: time)
        let second = try signer.signWithoutTimestamp(unsigned, at: time)
        #expect(first == second)
        #expect(String(decoding: first, as: UTF8.self).contains("010203+00'00')"), "/M is the given time in UTC, to the second")
    }

    @Test func aSignedDocumentCanBeSignedAgain() async throws {
        let pki = try await TestPKI.get()
        let once = try await PAdESSampleTests.signer("p256").sign(try Tools.render("epolicy"))
        var options = SigningOptions()  // the field name is picked after the one already there
        options.rsaPadding = .pss
        let identity = try SigningIdentity.load(keyFile: pki.path("rsa.key"), certificateFile: pki.path("rsa.pem"), chainFile: pki.path("intermediate.pem"))
        let twice = try await PDFSigner(identity: identity, options: options).sign(once)
        let path = Tools.temporaryDirectory() + "/twice.pdf"
        try Tools.write(twice, to: path)
        try await PAdESSampleTests.expectQpdfClean(path)
        let report = try await Tools.pyhanko(path, trust: [pki.path("root.pem")])
        try #require(report.signatures.count == 2)
        #expect(report.signatures.allSatisfy { $0.intact && $0.valid && $0.trusted }, "\(report.signatures)")
        #expect(report.signatures.map(\.coverage) == ["ENTIRE_REVISION", "ENTIRE_FILE"])
        #expect(report.signatures.map(\.field) == ["Signature1", "Signature2"])
        #expect(report.signatures[0].modification_level == "FORM_FILLING", "adding a signature field is a permitted change")
        #expect(report.signatures[0].docmdp_ok == true)
        let pdfsig = try await Tools.pdfsig(path)
        #expect(pdfsig.stdout.components(separatedBy: "Signature is Valid.").count - 1 == 2, "\(pdfsig.stdout)")
    }

    @Test func retriesOnceWhenTheTimestampTokenOutgrowsItsReserve() async throws {
        let pki = try await TestPKI.get()
        let signer = try await PAdESSampleTests.signer("p256", tsa: try await LocalTSA.get().url, tokenReserve: 16)
        let signed = try await signer.sign(try Tools.render("visa-certificate"))
        let path = Tools.temporaryDirectory() + "/retry.pdf"
        try Tools.write(signed, to: path)
        #expect(try await Tools.pyhanko(path, trust: [pki.path("root.pem")]).signatures.first?.pades_level == "B-T")
    }

    @Test(arguments: [
        ("not a pdf", Array("hello".utf8), "input is not a PDF"),
        ("truncated", Array(HandMadePDF.make(sealRects: [nil]).prefix(300)), "no 'startxref'"),
    ])
    func unusableInputIsRefused(what: String, bytes: [UInt8], message: String) async throws {
        let error = await #expect(throws: SigningError.self) { _ = try await Self.p256().sign(bytes) }
        #expect(error?.code == .unsupportedPDF, "\(what)")
        #expect(error?.message.contains(message) == true, "\(what): \(error?.message ?? "")")
    }

    @Test func crossReferenceStreamsAreRefusedClearly() async throws {
        // qpdf rewrites the file with object streams, hence a cross-reference stream.
        let dir = Tools.temporaryDirectory()
        try Tools.write(HandMadePDF.make(sealRects: [nil]), to: dir + "/in.pdf")
        let rewrite = try await Tools.run("qpdf", ["--object-streams=generate", dir + "/in.pdf", dir + "/xrefstream.pdf"])
        #expect(rewrite.status == 0, "\(rewrite.stderr)")
        let bytes = Array(FileManager.default.contents(atPath: dir + "/xrefstream.pdf")!)
        let error = await #expect(throws: SigningError.self) { _ = try await Self.p256().sign(bytes) }
        #expect(error?.message.contains("cross-reference stream") == true, "\(error?.message ?? "")")
    }

    @Test func aBadFieldNameIsRefused() async throws {
        let identity = try await Self.p256().identity
        let error = await #expect(throws: SigningError.self) {
            _ = try await PDFSigner(identity: identity, options: SigningOptions(fieldName: "签名(1)")).sign(HandMadePDF.make(sealRects: [nil]))
        }
        #expect(error?.message.contains("signature field name") == true)
    }
}
