import Foundation
import Testing
import Wenshu

/// Every sample of the four documents through the whole pipeline, checked with independent readers.
@Suite struct SampleDocumentTests {
    static let samples: [(template: String, sample: String, pages: Int)] = [
        ("epolicy", "epolicy", 2), ("epolicy", "epolicy-40rows", 2), ("epolicy", "epolicy-schengen", 2), ("epolicy", "epolicy-huge-amount", 2),
        ("visa-certificate", "visa-certificate", 1), ("visa-certificate", "visa-certificate-rare-name", 1),
        ("visa-certificate", "visa-certificate-hong-kong", 1),
        ("invoice", "invoice", 1), ("invoice", "invoice-exempt", 1), ("invoice", "invoice-all-exempt", 1),
        ("claim-form", "claim-form", 2), ("claim-form", "claim-form-minor", 2),
        ("endorsement", "endorsement-passport", 1), ("endorsement", "endorsement-name", 1),
        ("endorsement", "endorsement-extension", 1), ("endorsement", "endorsement-cancellation", 1),
    ]

    @Test(arguments: samples.map { "\($0.template)/\($0.sample)/\($0.pages)" })
    func sampleRendersAndReadersAcceptIt(_ spec: String) throws {
        let parts = spec.split(separator: "/").map(String.init)
        let (result, path) = try Self.rendered(parts[0], parts[1])
        #expect(result.pageCount == Int(parts[2]))
        let qpdf = try Support.run("qpdf", ["--check", path])
        #expect(qpdf.status == 0, "\(qpdf.stdout)")
        let pdffonts = try Support.run("pdffonts", [path])
        #expect(pdffonts.status == 0, "\(pdffonts.stderr)")
        let fonts = pdffonts.stdout.split(separator: "\n").dropFirst(2)
        #expect(fonts.count >= 2, "pdffonts listed no fonts: \(pdffonts.stdout)\(pdffonts.stderr)")
        for row in fonts {
            #expect(row.split(separator: " ").suffix(5).prefix(3).map(String.init) == ["yes", "yes", "yes"], "\(row)")
        }
        let again = try Support.service.render(template: parts[0], data: Support.sample(parts[1]))
        #expect(again.files[0] == result.files[0], "same input, same bytes")
    }

    @Test func fortyRowCoverageTableRunsOntoPageTwoWithItsHeader() throws {
        let path = try Self.rendered("epolicy", "epolicy-40rows").path
        let pages = try Support.run("pdftotext", ["-layout", path, "-"]).stdout.split(separator: "\u{0C}").map(String.init)
        #expect(pages.count >= 2)
        #expect(pages[1].contains("保障项目 Coverage"), "header repeated on page 2")
        #expect(pages[1].contains("Page 2 of 2"))
        #expect(pages[0].contains("Page 1 of 2"))
        #expect(pages[1].contains("40"))
    }

    /// Residence IDs are masked 3 + 4; a passport number prints whole, as consulates match it.
    @Test func ePolicyMasksResidentIDsButNotPassports() throws {
        let text = try Support.run("pdftotext", [try Self.rendered("epolicy", "epolicy").path, "-"]).stdout
        #expect(text.contains("护照 EA1234567"))
        #expect(text.contains("310***********001X"))
        #expect(!text.contains("31010519850312001X"), "no resident ID in full")
    }

    /// Each endorsement lists before → after and states the premium in figures and uppercase.
    @Test func endorsementsListTheChangeAndThePremium() throws {
        let passport = try Support.run("pdftotext", [try Self.rendered("endorsement", "endorsement-passport").path, "-"]).stdout
        #expect(passport.contains("EA1234567") && passport.contains("EB7654321"), "passport numbers print in full")
        // The ¼ em CJK–Latin gaps (clreq) read as spaces in pdftotext: "2025 年 04 月 25 日".
        #expect(passport.contains("自 2025 年 04 月 25 日零时起"))
        let extensionText = try Support.run("pdftotext", [try Self.rendered("endorsement", "endorsement-extension").path, "-"]).stdout
        #expect(extensionText.contains("¥86.40") && extensionText.contains("人民币捌拾陆元肆角"))
        #expect(extensionText.contains("投保人应补交保险费"))
        let cancellation = try Support.run("pdftotext", [try Self.rendered("endorsement", "endorsement-cancellation").path, "-"]).stdout
        #expect(cancellation.contains("退还保费") && cancellation.contains("玖佰零肆元零伍分") && cancellation.contains("解除本保险合同"))
        let name = try Support.run("pdftotext", [try Self.rendered("endorsement", "endorsement-name").path, "-"]).stdout
        #expect(name.contains("OUYAN LELE") && name.contains("OUYANG LELE") && name.contains("12 时起"))
    }

    @Test func rareNameCharactersSurviveToText() throws {
        let text = try Support.run("pdftotext", [try Self.rendered("visa-certificate", "visa-certificate-rare-name").path, "-"]).stdout
        #expect(text.contains("䶮"))
        #expect(text.contains("𠇔"))
    }

    /// A sample rendered to PDF and written to a temporary file for the readers.
    static func rendered(_ template: String, _ sample: String) throws -> (result: RenderResult, path: String) {
        let result = try Support.service.render(template: template, data: Support.sample(sample))
        let path = Support.temporaryDirectory() + "/\(sample).pdf"
        try #require(FileManager.default.createFile(atPath: path, contents: Data(result.files[0])))
        return (result, path)
    }
}
