import Foundation
import Testing
import WenshuDiagnostics
import WenshuDocument
import WenshuLayout
import WenshuPages
import WenshuPDF
import WenshuText

/// A seal in the PDF: one form XObject drawn from the page, the page's `/WenshuSeal` rectangle for
/// the signing stage, nothing in the text layer; read back with qpdf, pdftotext and pdffonts.
@Suite struct SealPDFTests {
    let here = SourceLocation(file: "seal-test", line: 7)

    func paragraph(_ text: String) -> Block { Block(.paragraph(Paragraph([Span(text)])), at: here) }

    func drawnSeal(company: String = "文书财产保险股份有限公司", name: String? = "合同专用章", number: String? = "3101150123456",
                   opacity: Double = 0.9) -> SealBlock {
        SealBlock(appearance: .drawn(.init(company: Span(company, at: SourceLocation(file: "seal-test", line: 3, dataPath: "$.insurer.nameZh")),
                                           name: name.map { Span($0, at: here) }, number: number.map { Span($0, at: here) })),
                  opacity: opacity)
    }

    /// Four lines of text with the seal laid over the second and third, as the templates place it.
    func document(_ seal: SealBlock) -> Document {
        var doc = Document()
        doc.body = [
            paragraph("第一行 First line of the policy"),
            paragraph("第二行 Second line, under the seal"),
            Block(.overlay(Overlay(blocks: [Block(.seal(seal), at: here)], x: 120, y: -60, width: seal.diameter)), at: here),
            paragraph("第三行 Third line, under the seal"),
            paragraph("第四行 Fourth line"),
        ]
        return doc
    }

    /// The seals on a page with their frames in page coordinates (groups' transforms applied).
    func seals(_ page: Page) -> [(SealItem, Rect)] {
        var found: [(SealItem, Rect)] = []
        func walk(_ items: [PageItem], _ t: Transform) {
            for item in items {
                switch item {
                case .seal(let s):
                    let a = t.apply(Point(s.frame.x, s.frame.y)), b = t.apply(Point(s.frame.maxX, s.frame.maxY))
                    found.append((s, Rect(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(b.x - a.x), height: abs(b.y - a.y))))
                case .group(let g): walk(g.items, t.concatenating(g.transform))
                default: break
                }
            }
        }
        walk(page.items, .identity)
        return found
    }

    /// qpdf's JSON (version 2) of a file: object id ("12 0 R") → value.
    func objects(_ path: String) throws -> [String: Any] {
        let result = try Support.run("qpdf", ["--json=2", "--json-key=qpdf", path])
        try #require(result.status == 0, "qpdf --json failed: \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let qpdf = try #require(json?["qpdf"] as? [Any])
        let table = try #require(qpdf.count == 2 ? qpdf[1] as? [String: Any] : nil)
        var out: [String: Any] = [:]
        for (key, value) in table where key.hasPrefix("obj:") {
            out[String(key.dropFirst(4))] = (value as? [String: Any])?["value"] ?? (value as? [String: Any])?["stream"]
        }
        return out
    }

    func dictionary(_ object: Any?) -> [String: Any]? {
        if let d = object as? [String: Any] { return (d["dict"] as? [String: Any]) ?? d }
        return nil
    }

    @Test func sealIsOneFormXObjectAndThePageNamesItsRectangle() throws {
        let doc = document(drawnSeal())
        let laidOut = try Support.layout.layout(doc)
        let placed = seals(laidOut.pages[0])
        try #require(placed.count == 1)
        let frame = placed[0].1
        #expect(abs(frame.width - SealBlock.defaultDiameter) < 1e-9 && abs(frame.height - SealBlock.defaultDiameter) < 1e-9)

        let pdf = try Support.pdf(doc)
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf, "seal.pdf", in: dir)
        let check = try Support.run("qpdf", ["--check", path])
        #expect(check.status == 0, "qpdf --check: \(check.stdout) \(check.stderr)")

        let objects = try objects(path)
        let pages = objects.filter { (dictionary($0.value)?["/Type"] as? String) == "/Page" }
        try #require(pages.count == 1)
        let page = try #require(dictionary(pages.first!.value))
        let entry = try #require(page["/WenshuSeal"] as? [String: Any], "page has no /WenshuSeal: \(page.keys.sorted())")
        let rect = try #require(entry["/Rect"] as? [Double])
        // Default user space: y up from the page's bottom edge (A4 is 841.89 pt high).
        let pageHeight = doc.page.height
        let expected = [frame.x, pageHeight - frame.maxY, frame.maxX, pageHeight - frame.y]
        #expect(zip(rect, expected).allSatisfy { abs($0 - $1) <= 0.001 }, "Rect \(rect), expected \(expected)")

        // /Form names the form XObject, which the page's resources list and its content draws once.
        let formRef = try #require(entry["/Form"] as? String)
        let form = try #require(dictionary(objects[formRef]))
        #expect(form["/Type"] as? String == "/XObject" && form["/Subtype"] as? String == "/Form")
        let bbox = try #require(form["/BBox"] as? [Double])
        #expect(bbox.count == 4 && bbox[0] == 0 && bbox[1] == 0 && abs(bbox[2] - frame.width) <= 0.001 && abs(bbox[3] - frame.height) <= 0.001)
        let resourcesRef = try #require(page["/Resources"] as? String)
        let resources = try #require(dictionary(objects[resourcesRef]))
        let xobjects = try #require(dictionary(resources["/XObject"]))
        let names = xobjects.filter { ($0.value as? String) == formRef }.map(\.key)
        try #require(names.count == 1, "resources list the seal form as \(names)")
        let contentsRef = try #require(page["/Contents"] as? String)
        let content = try Support.run("qpdf", ["--show-object=\(contentsRef.split(separator: " ")[0])", "--filtered-stream-data", path])
        #expect(content.stdout.components(separatedBy: "\(names[0]) Do").count == 2, "the page draws the seal form once")
        // The form's own content: the ring stroked, the ink filled, at the seal's opacity.
        let formContent = try Support.run("qpdf", ["--show-object=\(formRef.split(separator: " ")[0])", "--filtered-stream-data", path]).stdout
        #expect(formContent.contains(" gs\n") && formContent.contains("\nS\n") && formContent.contains("\nf\n"))
        #expect(!formContent.contains("BT"), "the seal draws no text objects")
    }

    @Test func sealLetteringStaysOutOfTheTextLayer() throws {
        let pdf = try Support.pdf(document(drawnSeal()))
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf, "seal.pdf", in: dir)
        let text = try Support.run("pdftotext", [path, "-"])
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != "\u{0C}" }
        #expect(lines == ["第一行 First line of the policy", "第二行 Second line, under the seal",
                          "第三行 Third line, under the seal", "第四行 Fourth line"], "pdftotext gave \(lines)")
        // The seal's face (Noto Serif CJK Bold) is not embedded: its glyphs are outlines, not text.
        let fonts = try Support.run("pdffonts", [path])
        #expect(fonts.status == 0)
        #expect(!fonts.stdout.contains("Serif"), "pdffonts lists a seal font:\n\(fonts.stdout)")
    }

    @Test func sameSealSameBytes() throws {
        let a = try Support.pdf(document(drawnSeal()))
        let b = try Support.pdf(document(drawnSeal()))
        #expect(a == b)
        // Another seal name is another drawing.
        let c = try Support.pdf(document(drawnSeal(name: "电子保单专用章")))
        #expect(a != c)
    }

    @Test func imageSealIsAFormXObjectWithItsRectangleToo() throws {
        let png = Array(try Data(contentsOf: URL(fileURLWithPath: Support.repository + "/Templates/epolicy/seal.png")))
        let pdf = try Support.pdf(document(SealBlock(appearance: .image(png), diameter: 100, opacity: 0.85)))
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf, "seal.pdf", in: dir)
        #expect(try Support.run("qpdf", ["--check", path]).status == 0)
        let objects = try objects(path)
        let page = try #require(objects.values.compactMap(dictionary).first { ($0["/Type"] as? String) == "/Page" })
        let entry = try #require(page["/WenshuSeal"] as? [String: Any])
        let rect = try #require(entry["/Rect"] as? [Double])
        #expect(abs(rect[2] - rect[0] - 100) <= 0.001 && abs(rect[3] - rect[1] - 100) <= 0.001)
        let formRef = try #require(entry["/Form"] as? String)
        let formContent = try Support.run("qpdf", ["--show-object=\(formRef.split(separator: " ")[0])", "--filtered-stream-data", path]).stdout
        #expect(formContent.contains("/Im0 Do"), "the image is drawn inside the seal's form: \(formContent)")
    }

    @Test func aCharacterNoFontHasIsAnErrorAtTheSealsDataPath() throws {
        do {
            _ = try Support.layout.layout(document(drawnSeal(company: "文书\u{10FFFD}保险股份有限公司")))
            Issue.record("a seal with a character no font has was drawn")
        } catch {
            let messages = error.diagnostics.map(\.description).joined(separator: "\n")
            #expect(messages.contains("U+10FFFD"), "\(messages)")
            #expect(messages.contains("seal-test:3 ($.insurer.nameZh)"), "\(messages)")
        }
    }

    @Test func aCompanyNameTooLongIsAnErrorNotACrowdedSeal() throws {
        do {
            _ = try Support.layout.layout(document(drawnSeal(company: String(repeating: "文书财产保险股份有限公司", count: 5))))
            Issue.record("a 60-character company name was drawn")
        } catch {
            let messages = error.diagnostics.map(\.description).joined(separator: "\n")
            #expect(messages.contains("does not fit along the arc of a 42 mm seal"), "\(messages)")
        }
    }
}
