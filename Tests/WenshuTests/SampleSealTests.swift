import Foundation
import Testing
import Wenshu

/// The templates' drawn seals, end to end: the page the seal is on names its rectangle and form for
/// signing (read with qpdf), the seal adds nothing to pdftotext's text, our PNG paints it red where
/// the PDF says it is, and an insurer's own image replaces the drawing.
@Suite struct SampleSealTests {
    /// Template, sample, the page with the seal, the seal's name, and how often that name is printed
    /// as text by the template itself (the claim form mentions its seal in a sentence).
    static let seals: [(template: String, sample: String, page: Int, name: String, printed: Int)] = [
        ("epolicy", "epolicy", 2, "电子保单专用章", 0),
        ("visa-certificate", "visa-certificate", 1, "承保专用章", 0),
        ("claim-form", "claim-form", 2, "理赔专用章", 1),
        ("endorsement", "endorsement-passport", 1, "电子保单专用章", 0),
    ]

    /// The pages of a PDF in order, as qpdf's JSON gives their dictionaries, and every object.
    static func pages(_ path: String) throws -> (pages: [[String: Any]], objects: [String: Any]) {
        let json = try Support.run("qpdf", ["--json=2", "--json-key=qpdf", path])
        try #require(json.status == 0, "qpdf --json: \(json.stderr)")
        let root = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let list = try #require(root?["qpdf"] as? [Any])
        let table = try #require(list.count == 2 ? list[1] as? [String: Any] : nil)
        var objects: [String: Any] = [:]
        for (key, value) in table where key.hasPrefix("obj:") {
            let v = value as? [String: Any]
            objects[String(key.dropFirst(4))] = v?["value"] ?? (v?["stream"] as? [String: Any])?["dict"]
        }
        let tree = try #require(objects.values.compactMap { $0 as? [String: Any] }.first { ($0["/Type"] as? String) == "/Pages" })
        let kids = try #require(tree["/Kids"] as? [String])
        return (try kids.map { try #require(objects[$0] as? [String: Any]) }, objects)
    }

    static func rendered(_ template: String, _ data: [UInt8]) throws -> String {
        let result = try Support.service.render(template: template, data: data)
        let path = Support.temporaryDirectory() + "/\(template).pdf"
        try #require(FileManager.default.createFile(atPath: path, contents: Data(result.files[0])))
        return path
    }

    @Test(arguments: seals.map { "\($0.template)/\($0.sample)" })
    func sampleCarriesOneDrawnSealOnItsSignaturePage(_ spec: String) throws {
        let seal = try #require(Self.seals.first { "\($0.template)/\($0.sample)" == spec })
        let path = try Self.rendered(seal.template, Support.sample(seal.sample))
        #expect(try Support.run("qpdf", ["--check", path]).status == 0)
        let (pages, objects) = try Self.pages(path)
        let sealed = pages.enumerated().filter { $0.element["/WenshuSeal"] != nil }.map(\.offset)
        #expect(sealed == [seal.page - 1], "seal on pages \(sealed.map { $0 + 1 })")
        let page = pages[seal.page - 1]
        let entry = try #require(page["/WenshuSeal"] as? [String: Any])
        let rect = try #require(entry["/Rect"] as? [Double])
        let media = try #require(page["/MediaBox"] as? [Double])
        // 40 mm across, wholly on the page.
        let side = 40 * 72 / 25.4
        #expect(abs(rect[2] - rect[0] - side) < 0.002 && abs(rect[3] - rect[1] - side) < 0.002, "\(rect)")
        #expect(rect[0] >= media[0] && rect[1] >= media[1] && rect[2] <= media[2] && rect[3] <= media[3])
        let formRef = try #require(entry["/Form"] as? String)
        let form = try #require(objects[formRef] as? [String: Any])
        #expect(form["/Subtype"] as? String == "/Form")

        // pdftotext gives the document's own text only: the seal's name no more often than the
        // template prints it, and the seal number not at all.
        let text = try Support.run("pdftotext", [path, "-"]).stdout
        #expect(text.components(separatedBy: seal.name).count - 1 == seal.printed, "\(seal.name) in:\n\(text)")
        #expect(!text.contains("3101150123456"))
    }

    /// The e-policy's text around its seal stays in reading order: the insurer's name, the e-seal
    /// note and the address, then the footer, with nothing of the seal between them.
    @Test func ePolicyTextAroundTheSealStaysInOrder() throws {
        let path = try Self.rendered("epolicy", Support.sample("epolicy"))
        let pages = try Support.run("pdftotext", [path, "-"]).stdout.split(separator: "\u{0C}").map(String.init)
        try #require(pages.count >= 2)
        let lines = pages[1].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let name = try #require(lines.lastIndex(of: "文书财产保险股份有限公司"), "\(lines)")  // the first is the page header
        #expect(lines[name + 1] == "（电子签章 e-seal）", "\(lines[name...])")
        // The ¼ em CJK–Latin gaps read as spaces in pdftotext: compare without them.
        #expect(lines[name + 2].replacingOccurrences(of: " ", with: "").hasPrefix("上海市浦东新区世纪大道100号"), "\(lines[name...])")
    }

    /// Our PNG draws the seal where the PDF puts it: red at the star's centre and on the ring,
    /// paper between the ring and the lettering's outer edge at the top.
    @Test func visaCertificatePNGPaintsTheSealWhereThePDFPlacesIt() throws {
        let data = Support.sample("visa-certificate")
        let path = try Self.rendered("visa-certificate", data)
        let entry = try #require(try Self.pages(path).pages[0]["/WenshuSeal"] as? [String: Any])
        let r = try #require(entry["/Rect"] as? [Double])
        let dpi = 200.0, scale = dpi / 72, pageHeight = 841.89
        let png = try Support.service.render(template: "visa-certificate", data: data, options: RenderOptions(format: .png, dpi: dpi, page: 1))
        let image = try #require(RGBImage(bytes: png.files[0]))
        func pixel(_ x: Double, _ y: Double) -> (Int, Int, Int) {
            let px = Int((x * scale).rounded()), py = Int(((pageHeight - y) * scale).rounded())
            let k = (py * image.width + px) * 3
            return (Int(image.rgb[k]), Int(image.rgb[k + 1]), Int(image.rgb[k + 2]))
        }
        func isRed(_ p: (Int, Int, Int)) -> Bool { p.0 > 180 && p.1 < 100 && p.2 < 100 }
        let cx = (r[0] + r[2]) / 2, cy = (r[1] + r[3]) / 2, radius = (r[2] - r[0]) / 2
        let ring = radius * (1 - 0.6 / 21)  // the middle of a 1.2 mm ring on 42 mm, in proportion
        #expect(isRed(pixel(cx, cy)), "star centre \(pixel(cx, cy))")
        for (dx, dy) in [(0.0, 1.0), (1.0, 0.0), (0.0, -1.0), (-1.0, 0.0), (0.7071, 0.7071)] {
            let p = pixel(cx + dx * ring, cy + dy * ring)
            #expect(isRed(p), "ring at (\(dx), \(dy)): \(p)")
        }
        // Just inside the ring at twelve o'clock: the gap between ring and lettering, white paper
        // (no text of the certificate runs there).
        let gap = pixel(cx, cy + radius * (1 - 0.055 - 0.025))
        #expect(gap.0 > 200 && gap.1 > 200 && gap.2 > 200, "gap inside the ring \(gap)")
    }

    /// An insurer's own seal image, given in the data, replaces the drawing: the seal form draws the
    /// image, and the page still names the seal for signing.
    @Test func anInsurerSealImageInTheDataReplacesTheDrawing() throws {
        var data = try #require(try JSONSerialization.jsonObject(with: Data(Support.sample("visa-certificate"))) as? [String: Any])
        var insurer = try #require(data["insurer"] as? [String: Any])
        let png = try Data(contentsOf: URL(fileURLWithPath: Support.repository + "/Templates/visa-certificate/seal.png"))
        insurer["sealImage"] = "data:image/png;base64," + png.base64EncodedString()
        data["insurer"] = insurer
        let path = try Self.rendered("visa-certificate", Array(try JSONSerialization.data(withJSONObject: data)))
        let (pages, _) = try Self.pages(path)
        let entry = try #require(pages[0]["/WenshuSeal"] as? [String: Any])
        let formRef = try #require(entry["/Form"] as? String)
        let content = try Support.run("qpdf", ["--show-object=\(formRef.split(separator: " ")[0])", "--filtered-stream-data", path]).stdout
        #expect(content.contains(" Do\n") && !content.contains("\nf\n"), "the form draws the image, not the drawn seal:\n\(content)")
    }
}
