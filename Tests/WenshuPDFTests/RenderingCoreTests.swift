import Foundation
import Testing
import WenshuDiagnostics
import WenshuDocument
import WenshuText

/// The rendering core checked with independent readers: qpdf, poppler (pdffonts, pdftotext, pdftoppm),
/// mupdf and zbar.
@Suite struct RenderingCoreTests {
    static let qrPayload = "https://verify.example-insurer.cn/p/PA2026110000123?code=7F3K9Q"

    static func bilingualDocument(name: String = "李䶮 𠇔明") -> Document {
        let here = SourceLocation(file: "bilingual-test", line: 1)
        var doc = Document()
        doc.metadata.title = "电子保单 Electronic Policy"
        doc.metadata.author = "示例财产保险股份有限公司"
        doc.metadata.creationDate = "2026-11-25T10:00:00+08:00"
        doc.body = [
            Block(.paragraph(Paragraph([Span("电子保单 Electronic Policy")], properties: TextProperties(weight: 700, size: 18, alignment: .center), keepWithNext: true)), at: here, spaceAfter: 8),
            Block(.paragraph(Paragraph([Span("被保险人 Insured: "), Span(name, properties: TextProperties(weight: 700))])), at: SourceLocation(file: "bilingual-test", line: 2)),
            Block(.paragraph(Paragraph([Span("保险期间：自2026年12月1日零时起至2026年12月31日二十四时止（北京时间）。Period of insurance: from 00:00 on 1 December 2026 to 24:00 on 31 December 2026 (Beijing time). 本保单为电子保单，与纸质保单具有同等法律效力。")], properties: TextProperties(alignment: .justify))), at: here, spaceAfter: 6),
            Block(.rule(RuleBlock()), at: here, spaceAfter: 6),
            Block(.qrCode(QRCodeBlock(payload: qrPayload, size: 90, level: .M, alignment: .right)), at: here),
        ]
        return doc
    }

    @Test func bilingualPolicyPassesIndependentReaders() throws {
        let pdf = try Support.pdf(Self.bilingualDocument())
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf, "bilingual.pdf", in: dir)

        let qpdf = try Support.run("qpdf", ["--check", path])
        #expect(qpdf.status == 0, "qpdf --check: \(qpdf.stdout) \(qpdf.stderr)")

        let mutool = try Support.run("mutool", ["draw", "-o", dir + "/page.png", "-r", "50", path])
        #expect(mutool.status == 0)
        let warnings = mutool.stderr.split(separator: "\n").filter { !$0.contains("ICC support is not available") && !$0.hasPrefix("page ") }
        #expect(warnings.isEmpty, "mutool warned: \(mutool.stderr)")

        // pdffonts: every font embedded (emb), subset (sub) and with ToUnicode (uni).
        let fonts = try Support.run("pdffonts", [path])
        #expect(fonts.status == 0, "\(fonts.stderr)")
        let rows = fonts.stdout.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty, "pdffonts listed no fonts: \(fonts.stdout)\(fonts.stderr)")
        for row in rows {
            let columns = row.split(separator: " ", omittingEmptySubsequences: true)
            #expect(columns.suffix(5).prefix(3).map(String.init) == ["yes", "yes", "yes"], "font row: \(row)")
        }

        let text = try Support.run("pdftotext", ["-layout", path, "-"]).stdout
        #expect(text.contains("电子保单 Electronic Policy"))
        #expect(text.contains("李䶮 𠇔明"), "rare characters must survive copy: \(text)")
        #expect(text.contains("Period of insurance"))
        #expect(text.contains("同等法律效力"))
    }

    /// Glyph codes go in literal strings as raw bytes: Noto's CIDs for `G`, `H`, `{`, `)` and `,` are
    /// 0x28 `(`, 0x29 `)`, 0x5C `\\`, 0x0A (LF) and 0x0D (CR), which must be escaped or a reader ends the
    /// string early or reads CR as LF. Both readers must give the text back, and so must the title,
    /// a UTF-16 text string written the same way.
    @Test func glyphCodesNeedingEscapesReadBack() throws {
        let line = "GHIJ{}+., (a\\b) 文书，GG HH {{ ,, ))"
        var doc = Document()
        doc.metadata.title = "保单（第一版）\\ (draft)"
        doc.body = [Block(.paragraph(Paragraph([Span(line)])), at: SourceLocation(file: "escapes-test", line: 1))]
        let pdf = try Support.pdf(doc)
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf, "escapes.pdf", in: dir)
        #expect(try Support.run("qpdf", ["--check", path]).status == 0)
        let poppler = try Support.run("pdftotext", [path, "-"]).stdout
        #expect(poppler.contains(line), "pdftotext: \(poppler)")
        let mupdf = try Support.run("mutool", ["draw", "-F", "txt", path]).stdout
        #expect(mupdf.contains(line), "mutool: \(mupdf)")
        let info = try Support.run("pdfinfo", [path]).stdout
        #expect(info.contains("保单（第一版）\\ (draft)"), "pdfinfo: \(info)")
    }

    @Test func trueTypeFallbackIsEmbeddedAndSearchable() throws {
        let noto = Support.fonts.font(family: "sans", weight: 400)!
        guard let hana = Support.fonts.faces.first(where: { $0.family.hasPrefix("HanaMin") }) else {
            Issue.record("fonts-hanazono is not installed: run scripts/setup-debian.sh")
            return
        }
        let rare = (0x20000...0x2A6DF).lazy.compactMap(Unicode.Scalar.init).first { noto.glyph(for: $0) == nil && hana.glyph(for: $0) != nil }!
        let pdf = try Support.pdf(Self.bilingualDocument(name: "张\(rare)"))
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf, "truetype.pdf", in: dir)
        #expect(try Support.run("qpdf", ["--check", path]).status == 0)
        let fonts = try Support.run("pdffonts", [path]).stdout
        let row = fonts.split(separator: "\n").first { $0.contains("HanaMin") }
        #expect(row?.contains("CID TrueType") == true, "\(fonts)")
        #expect(row.map { $0.split(separator: " ").suffix(5).prefix(3).map(String.init) } == ["yes", "yes", "yes"])
        let text = try Support.run("pdftotext", [path, "-"]).stdout
        #expect(text.contains("张\(rare)"))
    }

    @Test func pngWithAlphaAndJPEGImagesReachTheReaders() throws {
        let png = Array(try Data(contentsOf: URL(fileURLWithPath: Support.repository + "/Templates/epolicy/seal.png")))
        let jpeg = Array(try Data(contentsOf: URL(fileURLWithPath: Support.repository + "/Tests/Fixtures/red-over-blue.jpg")))
        let here = SourceLocation(file: "images-test", line: 1)
        var doc = Document()
        doc.body = [Block(.image(ImageBlock(data: jpeg, width: 144, height: 144)), at: here),
                    Block(.image(ImageBlock(data: png, width: 100)), at: here)]
        let pdf = try Support.pdf(doc)
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.contains("/DCTDecode"), "JPEG passed through")
        #expect(text.contains("/SMask"), "PNG alpha as a soft mask")
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf, "images.pdf", in: dir)
        #expect(try Support.run("qpdf", ["--check", path]).status == 0)
        // Poppler draws the JPEG: red in its upper half at 72 dpi (page margin 56.7 pt, image 144 pt).
        #expect(try Support.run("pdftoppm", ["-r", "72", "-singlefile", path, dir + "/p"]).status == 0)
        let ppm = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/p.ppm")))
        // Binary PPM: "P6\n<w> <h>\n255\n" then RGB.
        var newlines = 0, offset = 0
        var header: [UInt8] = []
        while newlines < 3 { if ppm[offset] == 0x0A { newlines += 1 }; header.append(ppm[offset]); offset += 1 }
        let width = Int(String(decoding: header, as: UTF8.self).split(whereSeparator: \.isWhitespace)[1])!
        let pixel = offset + ((57 + 30) * width + (57 + 72)) * 3
        #expect(ppm[pixel] > 180 && ppm[pixel + 1] < 70 && ppm[pixel + 2] < 70, "red: \(ppm[pixel]) \(ppm[pixel + 1]) \(ppm[pixel + 2])")
    }

    @Test func qrCodeDecodesFromPopplerRender() throws {
        let pdf = try Support.pdf(Self.bilingualDocument())
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf, "qr.pdf", in: dir)
        let render = try Support.run("pdftoppm", ["-r", "150", "-png", "-singlefile", path, dir + "/qr"])
        #expect(render.status == 0)
        let zbar = try Support.run("zbarimg", ["--quiet", "--raw", dir + "/qr.png"])
        #expect(zbar.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == Self.qrPayload)
    }

    @Test func sameInputGivesIdenticalBytes() throws {
        let a = try Support.pdf(Self.bilingualDocument())
        let b = try Support.pdf(Self.bilingualDocument())
        #expect(a == b)
        #expect(a.count < 40_000, "one-page bilingual PDF is \(a.count) bytes")
    }

    @Test func characterNoFontHasFailsNamingIt() throws {
        // U+2EBF0 is CJK Extension I: no installed font covers it (domain.md §2.5).
        let doc = Self.bilingualDocument(name: "王\u{2EBF0}")
        do {
            _ = try Support.pdf(doc)
            Issue.record("render should fail")
        } catch {
            let text = error.description
            #expect(text.contains("U+2EBF0"), "\(text)")
            #expect(text.contains("bilingual-test:2"), "error names the template line: \(text)")
            #expect(text.contains("Noto Sans CJK SC"), "error names the fonts tried: \(text)")
        }
    }
}
