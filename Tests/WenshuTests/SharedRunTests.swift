import Foundation
import Testing
import Wenshu
import WenshuText

/// Documents of a batch share glyph runs (the terms, labels and headings every record prints) and
/// the exporter reuses their encoded text operators: a document must come out byte for byte as it
/// does in a process that rendered nothing before it.
@Suite struct SharedRunTests {
    static func freshService() throws -> RenderService {
        RenderService(fonts: try FontBook(directory: Support.repository + "/Fonts"), templateSearchPaths: [Support.repository + "/Templates"])
    }

    @Test func aDocumentAfterOthersIsTheDocumentAlone() throws {
        let warm = try Self.freshService()
        // Other records of the same and other templates first: their runs fill the caches.
        for (template, sample) in [("epolicy", "epolicy"), ("epolicy", "epolicy-schengen"), ("visa-certificate", "visa-certificate"),
                                   ("epolicy", "epolicy-huge-amount")] {
            _ = try warm.render(template: template, data: Support.sample(sample))
        }
        for (template, sample) in [("epolicy", "epolicy-40rows"), ("visa-certificate", "visa-certificate-rare-name"), ("invoice", "invoice")] {
            let afterOthers = try warm.render(template: template, data: Support.sample(sample)).files[0]
            let alone = try Self.freshService().render(template: template, data: Support.sample(sample)).files[0]
            #expect(afterOthers == alone, "\(sample): \(afterOthers.count) bytes after other documents, \(alone.count) alone")
        }
    }

    /// The text of a document whose runs all came from the cache reads back like the first one.
    @Test func reusedRunsReadBack() throws {
        let service = try Self.freshService()
        let first = try service.render(template: "epolicy", data: Support.sample("epolicy")).files[0]
        let second = try service.render(template: "epolicy", data: Support.sample("epolicy")).files[0]
        #expect(first == second)
        let directory = Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/second.pdf"
        try Data(second).write(to: URL(fileURLWithPath: path))
        let text = try Support.run("pdftotext", [path, "-"]).stdout
        #expect(text.contains("电子保单"), "title")
        #expect(text.contains("Policy No."), "labels")
        #expect(try Support.run("qpdf", ["--check", path]).status == 0)
    }
}
