import Foundation
import Testing
import WenshuDiagnostics
import WenshuDocument
import WenshuPDF

/// The PDF/A archive copy checked with Apache PDFBox Preflight (PDF/A-1b, with the allowlist of
/// what PDF/A-2b/3b allow beyond it), pikepdf (XMP identification, output intent, attachments) and
/// qpdf.
@Suite struct ArchiveTests {
    static let profilePath = "/usr/share/color/icc/sRGB.icc"

    static func profile() throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: profilePath) else {
            throw DiagnosticError("no sRGB ICC profile at \(profilePath): install icc-profiles-free (scripts/setup-debian.sh)", at: profilePath)
        }
        return Array(data)
    }

    /// Text in three fonts, a link, a PNG with alpha (soft mask), a JPEG and a translucent watermark
    /// (ExtGState /ca): everything the templates put on a page.
    static func document() throws -> Document {
        var doc = RenderingCoreTests.bilingualDocument()
        let here = SourceLocation(file: "archive-test", line: 1)
        let png = Array(try Data(contentsOf: URL(fileURLWithPath: Support.repository + "/Templates/epolicy/seal.png")))
        let jpeg = Array(try Data(contentsOf: URL(fileURLWithPath: Support.repository + "/Tests/Fixtures/red-over-blue.jpg")))
        doc.body += [
            Block(.paragraph(Paragraph([Span("核验 Verify", link: "https://verify.example-insurer.cn/p/PA2026110000123")])), at: here),
            Block(.image(ImageBlock(data: png, width: 60)), at: here),
            Block(.image(ImageBlock(data: jpeg, width: 40, height: 40)), at: here),
        ]
        doc.watermark = Watermark(text: "样本 SPECIMEN", style: TextProperties(family: "sans", weight: 700, size: 48, color: RGB(red: 0.8, green: 0.1, blue: 0.1)))
        return doc
    }

    static let evidence = PDFAttachment(fileName: "evidence.json", mediaType: "application/json", description: "证据 Evidence",
                                        relationship: .supplement, contents: Array(#"{"a":1}"#.utf8))

    struct PreflightRule {
        var code: String
        var parts: Set<Int>
        var text: String
    }

    static func allowlist() throws -> [PreflightRule] {
        let text = try String(contentsOfFile: Support.repository + "/Tests/WenshuPDFTests/PreflightAllowlist.txt", encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { line in
            let f = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return PreflightRule(code: f[0], parts: Set(f[1].split(separator: ",").compactMap { Int($0) }), text: f[2])
        }
    }

    /// Preflight's error lines (`code : message`) for a file; fails the test when Java or the jars are missing.
    static func preflight(_ path: String) throws -> [(code: String, message: String)] {
        let jars = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api"]
            .map { "/usr/share/java/\($0).jar" }
        for jar in jars where !FileManager.default.fileExists(atPath: jar) {
            throw DiagnosticError("\(jar) is missing: scripts/setup-debian.sh installs libpdfbox2-java, libactivation-java and libjaxb-api-java", at: jar)
        }
        let result = try Support.run("java", ["-cp", jars.joined(separator: ":"), "org.apache.pdfbox.preflight.Validator_A1b", path])
        let output = result.stdout + result.stderr
        guard output.contains("is a valid PDF/A-1b file") || output.contains("is not a valid PDF/A-1b file") else {
            throw DiagnosticError("preflight did not run: \(output)", at: path)
        }
        return output.split(separator: "\n").compactMap { line in
            guard let match = line.firstMatch(of: /^(\d+(?:\.\d+)+) : (.*)$/) else { return nil }
            return (String(match.1), String(match.2))
        }
    }

    static func unexplained(_ errors: [(code: String, message: String)], part: Int) throws -> [String] {
        let rules = try allowlist()
        return errors.filter { e in !rules.contains { $0.code == e.code && $0.parts.contains(part) && e.message.contains($0.text) } }
            .map { "\($0.code) : \($0.message)" }
    }

    @Test func pdfA2bPassesPreflightButForThe1bDifferences() throws {
        let pdf = try Support.pdf(try Self.document(), options: PDFOptions(archive: PDFArchive(part: .pdfA2b, outputIntentProfile: try Self.profile())))
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf, "archive-2b.pdf", in: dir)
        let errors = try Self.preflight(path)
        let unexplained = try Self.unexplained(errors, part: 2)
        #expect(unexplained.isEmpty, "preflight: \(unexplained)")
        #expect(errors.contains { $0.code == "7.11.2" }, "preflight saw pdfaid:part 2")
        let check = try Support.run("qpdf", ["--check", path])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        try Self.pikepdf(path, expect: "2B", attachments: [])
    }

    @Test func plainExportFailsPreflightOnWhatTheArchiveCopyAdds() throws {
        // The control: without the archive options Preflight finds what the allowlist does not excuse
        // (device colour with no output intent, no PDF/A identification).
        let dir = Support.temporaryDirectory()
        let path = Support.write(try Support.pdf(try Self.document()), "plain.pdf", in: dir)
        let unexplained = try Self.unexplained(try Self.preflight(path), part: 2)
        #expect(unexplained.contains { $0.hasPrefix("2.4.3") }, "\(unexplained)")
        #expect(!unexplained.isEmpty)
    }

    @Test func pdfA3bCarriesItsAttachmentAsAnAssociatedFile() throws {
        let options = PDFOptions(archive: PDFArchive(part: .pdfA3b, outputIntentProfile: try Self.profile()), attachments: [Self.evidence])
        let dir = Support.temporaryDirectory()
        let path = Support.write(try Support.pdf(try Self.document(), options: options), "archive-3b.pdf", in: dir)
        let errors = try Self.preflight(path)
        let unexplained = try Self.unexplained(errors, part: 3)
        #expect(unexplained.isEmpty, "preflight: \(unexplained)")
        #expect(errors.contains { $0.code == "1.4.7" }, "preflight saw the embedded file")
        #expect(try Support.run("qpdf", ["--check", path]).status == 0)
        try Self.pikepdf(path, expect: "3B", attachments: [("evidence.json", "/Supplement", #"{"a":1}"#)])
        let detach = try Support.run("pdfdetach", ["-list", path])
        #expect(detach.stdout.contains("evidence.json"), "\(detach.stdout)")
    }

    /// pikepdf (over qpdf) reads the XMP identification, the output intent and the attachments.
    static func pikepdf(_ path: String, expect status: String, attachments: [(name: String, relationship: String, contents: String)]) throws {
        let script = """
            import sys, pikepdf, hashlib
            pdf = pikepdf.open(sys.argv[1])
            meta = pdf.open_metadata()
            print('status', meta.pdfa_status)
            for oi in pdf.Root.OutputIntents:
                profile = oi.DestOutputProfile
                print('intent', str(oi.S), str(oi.OutputConditionIdentifier), int(profile.N),
                      hashlib.sha256(profile.read_bytes()).hexdigest() == hashlib.sha256(open(sys.argv[2], 'rb').read()).hexdigest())
            af = [str(x.UF) for x in pdf.Root.get('/AF', [])]
            for name, spec in pdf.attachments.items():
                f = spec.get_file()
                print('file', name, str(spec.obj.AFRelationship), f.mime_type, f.size, f.read_bytes().decode(), name in af,
                      f.obj.Params.get('/ModDate') is not None, str(spec.obj.F) == name)
            """
        let result = try Support.run("python3", ["-c", script, path, profilePath])
        #expect(result.status == 0, "pikepdf: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("status \(status)"), "\(result.stdout)")
        #expect(lines.contains("intent /GTS_PDFA1 sRGB IEC61966-2.1 3 True"), "\(result.stdout)")
        let files = lines.filter { $0.hasPrefix("file ") }
        #expect(files.count == attachments.count, "\(result.stdout)")
        for a in attachments {
            #expect(files.contains("file \(a.name) \(a.relationship) application/json \(a.contents.utf8.count) \(a.contents) True True True"), "\(result.stdout)")
        }
    }

    @Test func archiveRefusesEncryptionAttachmentsInPart2AndBadProfiles() throws {
        let profile = try Self.profile()
        let doc = try Self.document()
        let encryption = try PDFEncryption(userPassword: "pw", testSeed: [0])
        #expect(throws: DiagnosticError.self) {
            try Support.pdf(doc, options: PDFOptions(encryption: encryption, archive: PDFArchive(part: .pdfA2b, outputIntentProfile: profile)))
        }
        #expect(throws: DiagnosticError.self) {
            try Support.pdf(doc, options: PDFOptions(archive: PDFArchive(part: .pdfA2b, outputIntentProfile: profile), attachments: [Self.evidence]))
        }
        let gray = Array(try Data(contentsOf: URL(fileURLWithPath: "/usr/share/color/icc/Gray.icc")))
        for bad in [Array(profile.prefix(100)), gray, Array(repeating: 0, count: 200)] {
            #expect(throws: DiagnosticError.self) { try Support.pdf(doc, options: PDFOptions(archive: PDFArchive(part: .pdfA2b, outputIntentProfile: bad))) }
        }
        do {
            _ = try Support.pdf(doc, options: PDFOptions(encryption: encryption, archive: PDFArchive(part: .pdfA3b, outputIntentProfile: profile)))
        } catch {
            #expect(error.description.contains("PDF/A forbids encryption"), "\(error)")
        }
    }

    @Test func attachmentsInAPlainPDFAreAssociatedAndChecked() throws {
        let dir = Support.temporaryDirectory()
        let data = PDFAttachment(fileName: "数据.json", mediaType: "application/json", relationship: .source, contents: Array("{}".utf8),
                                 modificationDate: "2026-01-02T03:04:05+08:00")
        let path = Support.write(try Support.pdf(try Self.document(), options: PDFOptions(attachments: [Self.evidence, data])), "plain.pdf", in: dir)
        #expect(try Support.run("qpdf", ["--check", path]).status == 0)
        let listed = try Support.run("qpdf", ["--list-attachments", "--verbose", path])
        #expect(listed.stdout.contains("数据.json") && listed.stdout.contains("evidence.json"), "\(listed.stdout)")
        #expect(listed.stdout.contains("D:20260102030405+08'00'"), "the attachment's own date: \(listed.stdout)")
        #expect(throws: DiagnosticError.self) { try Support.pdf(Document(), options: PDFOptions(attachments: [Self.evidence, Self.evidence])) }
        var bad = Self.evidence
        bad.mediaType = "json"
        #expect(throws: DiagnosticError.self) { try Support.pdf(Document(), options: PDFOptions(attachments: [bad])) }
    }
}
