import Foundation
import Testing
import Wenshu

/// Every sample of the four documents through the whole pipeline, checked with independent readers.
@Suite struct SampleDocumentTests {
    static let samples: [(template: String, sample: String, pages: Int)] = [
        ("epolicy", "epolicy", 2), ("epolicy", "epolicy-40rows", 2),
        ("visa-certificate", "visa-certificate", 1), ("visa-certificate", "visa-certificate-rare-name", 1),
        ("invoice", "invoice", 1), ("invoice", "invoice-exempt", 1),
        ("claim-form", "claim-form", 2), ("claim-form", "claim-form-minor", 2),
    ]

    @Test(arguments: samples.map { "\($0.template)/\($0.sample)/\($0.pages)" })
    func sampleRendersAndReadersAcceptIt(_ spec: String) throws {
        let parts = spec.split(separator: "/").map(String.init)
        let result = try Support.service.render(template: parts[0], data: Support.sample(parts[1]))
        #expect(result.pageCount == Int(parts[2]))
        let dir = Support.temporaryDirectory()
        let path = dir + "/\(parts[1]).pdf"
        FileManager.default.createFile(atPath: path, contents: Data(result.files[0]))
        let qpdf = try Support.run("qpdf", ["--check", path])
        #expect(qpdf.status == 0, "\(qpdf.stdout)")
        let fonts = try Support.run("pdffonts", [path]).stdout.split(separator: "\n").dropFirst(2)
        for row in fonts {
            #expect(row.split(separator: " ").suffix(5).prefix(3).map(String.init) == ["yes", "yes", "yes"], "\(row)")
        }
        let again = try Support.service.render(template: parts[0], data: Support.sample(parts[1]))
        #expect(again.files[0] == result.files[0], "same input, same bytes")
    }

    @Test func fortyRowCoverageTableRunsOntoPageTwoWithItsHeader() throws {
        let result = try Support.service.render(template: "epolicy", data: Support.sample("epolicy-40rows"))
        let dir = Support.temporaryDirectory()
        let path = dir + "/e.pdf"
        FileManager.default.createFile(atPath: path, contents: Data(result.files[0]))
        let pages = try Support.run("pdftotext", ["-layout", path, "-"]).stdout.split(separator: "\u{0C}").map(String.init)
        #expect(pages.count >= 2)
        #expect(pages[1].contains("保障项目 Coverage"), "header repeated on page 2")
        #expect(pages[1].contains("Page 2 of 2"))
        #expect(pages[0].contains("Page 1 of 2"))
        #expect(pages[1].contains("40"))
    }

    /// Residence IDs are masked 3 + 4; a passport number prints whole, as consulates match it.
    @Test func ePolicyMasksResidentIDsButNotPassports() throws {
        let result = try Support.service.render(template: "epolicy", data: Support.sample("epolicy"))
        let dir = Support.temporaryDirectory()
        let path = dir + "/e.pdf"
        FileManager.default.createFile(atPath: path, contents: Data(result.files[0]))
        let text = try Support.run("pdftotext", [path, "-"]).stdout
        #expect(text.contains("护照 EA1234567"))
        #expect(text.contains("310***********001X"))
        #expect(!text.contains("31010519850312001X"), "no resident ID in full")
    }

    @Test func rareNameCharactersSurviveToText() throws {
        let result = try Support.service.render(template: "visa-certificate", data: Support.sample("visa-certificate-rare-name"))
        let dir = Support.temporaryDirectory()
        let path = dir + "/v.pdf"
        FileManager.default.createFile(atPath: path, contents: Data(result.files[0]))
        let text = try Support.run("pdftotext", [path, "-"]).stdout
        #expect(text.contains("䶮"))
        #expect(text.contains("𠇔"))
    }
}
