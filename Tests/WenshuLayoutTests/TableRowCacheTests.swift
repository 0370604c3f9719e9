import Foundation
import Testing
import WenshuDiagnostics
import WenshuDocument
import WenshuLayout
import WenshuPages
import WenshuPDF
import WenshuText

/// Table rows come whole from the `table-rows` cache when a document repeats them: every input
/// that decides a row must be part of its key. Each variant below changes one such input of a
/// table whose rows an earlier document put in the cache, and must come out byte for byte as it
/// does from an engine that has laid out nothing before.
@Suite struct TableRowCacheTests {
    static let here = SourceLocation(file: "row-cache-test", line: 3)

    static func cell(_ text: String, properties: TextProperties = TextProperties(), link: String? = nil,
                     fill: RGB? = nil, padding: Insets? = nil) -> TableCell {
        TableCell(blocks: [Block(.paragraph(Paragraph([Span(text, link: link)], properties: properties)), at: here)],
                  fill: fill, padding: padding, at: here)
    }

    /// The rows every variant starts from, made once: a template hands the rows it kept to every
    /// document as the same arrays, and the layout knows those arrays again.
    static let header = [TableRow(cells: [cell("序号 No."), cell("保障项目 Coverage"), cell("保险金额 Sum insured")], at: here)]
    static let rows = (1...30).map { k in
        TableRow(cells: [cell("\(k)"), cell("意外身故 Accidental death \(k % 3)"), cell("CNY \(k % 4 * 10_000).00")], at: here)
    }

    /// A schedule of cover: 30 rows, header and zebra fills.
    static func document(change: (inout Document, inout Table) -> Void = { _, _ in }) -> Document {
        var document = Document()
        var table = Table(columns: [.points(40), .fraction(1), .points(110)], header: header, rows: rows,
                          headerFill: RGB(red: 0.9, green: 0.93, blue: 0.96), zebraFill: RGB(red: 0.96, green: 0.97, blue: 0.98))
        change(&document, &table)
        document.body = [Block(.paragraph(Paragraph([Span("保障责任 Schedule of Cover")])), at: here),
                         Block(.table(table), at: here)]
        return document
    }

    static func pdf(_ document: Document, with engine: LayoutEngine) throws -> [UInt8] {
        let pages = try engine.layout(document, sideThreads: false)
        return try PDFExporter.export(pages)
    }

    static func variants() -> [(String, Document)] {
        [
            ("same", document()),
            ("base size", document { d, _ in d.baseStyle.size = 11 }),
            ("base colour", document { d, _ in d.baseStyle.color = RGB(red: 0.2, green: 0, blue: 0) }),
            ("page width", document { d, _ in d.page.width = 500 }),
            ("column widths", document { _, t in t.columns = [.points(50), .fraction(1), .points(100)] }),
            ("zebra", document { _, t in t.zebraFill = RGB(red: 1, green: 0.9, blue: 0.9) }),
            ("header fill", document { _, t in t.headerFill = nil }),
            ("padding", document { _, t in t.padding = Insets(top: 2, right: 3, bottom: 2, left: 3) }),
            ("vertical alignment", document { _, t in t.verticalAlignment = .top }),
            ("borders", document { _, t in t.borders = Borders(all: BorderLine(width: 0.8, color: RGB(red: 0, green: 0, blue: 0.5), dash: [2, 1])) }),
            ("cell style", document { _, t in t.rows[4].cells[1] = cell("意外身故 Accidental death 2", properties: TextProperties(weight: 700)) }),
            ("cell span", document { _, t in t.rows[3].cells = [cell("4"), TableCell(blocks: [Block(.paragraph(Paragraph([Span("意外身故")])), at: here)], colspan: 2, at: here)] }),
            ("a fourth column", document { _, t in t.columns = [.points(40), .fraction(1), .points(90), .points(30)] }),
            ("cell alignment", document { _, t in t.rows[5].cells[2] = cell("CNY 20000.00", properties: TextProperties(alignment: .right)) }),
            ("cell link", document { _, t in t.rows[6].cells[1] = cell("意外身故 Accidental death 1", link: "https://example.com/terms") }),
            ("cell fill", document { _, t in t.rows[7].cells[0] = cell("8", fill: RGB(red: 1, green: 1, blue: 0.8)) }),
            ("cell padding", document { _, t in t.rows[8].cells[0] = cell("9", padding: Insets(all: 6)) }),
            ("row fill", document { _, t in t.rows[9].fill = RGB(red: 0.8, green: 1, blue: 0.8) }),
            ("row order", document { _, t in t.rows.swapAt(0, 1) }),
        ]
    }

    @Test func aRowFromTheCacheIsTheRowLaidOutAgain() throws {
        let fonts = try FontBook(directory: Support.repository + "/Fonts")
        let warm = LayoutEngine(fonts: fonts)
        func rowHits() -> Int { fonts.caches.statistics.first { $0.name == "table-rows" }?.hits ?? 0 }
        // A row is kept the second time it is laid out, and comes from the cache the third.
        for _ in 0..<2 { _ = try Self.pdf(Self.document(), with: warm) }
        #expect(rowHits() == 0)
        _ = try Self.pdf(Self.document(), with: warm)
        #expect(rowHits() == 31, "the header and 30 rows come from the cache the third time")
        for (name, variant) in Self.variants() {
            let afterOthers = try Self.pdf(variant, with: warm)
            let fresh = LayoutEngine(fonts: try FontBook(directory: Support.repository + "/Fonts"))
            let alone = try Self.pdf(variant, with: fresh)
            let same = afterOthers == alone  // compared apart: a failed #expect on the bytes would print them all
            #expect(same, "\(name): \(afterOthers.count) bytes after the first document, \(alone.count) alone")
        }
    }

    /// With the cache off, a document is the same too: the cache only saves work.
    @Test func theCacheChangesNoByte() throws {
        var limits = RenderCaches.Limits.defaults
        limits.bytes["table-rows"] = 0
        let without = LayoutEngine(fonts: try FontBook(directory: Support.repository + "/Fonts", cacheLimits: limits))
        let with = LayoutEngine(fonts: try FontBook(directory: Support.repository + "/Fonts"))
        for (name, variant) in Self.variants() {
            let same = try Self.pdf(variant, with: with) == Self.pdf(variant, with: without)
            #expect(same, "\(name)")
        }
    }

    /// A row taller than the space a page leaves, first cached from a taller page, is split between
    /// lines on the shorter one.
    @Test func aCachedRowTooTallForThePageIsSplit() throws {
        let long = String(repeating: "保险责任条款 coverage terms ", count: 120)
        func document(height: Double) -> Document {
            var document = Document()
            document.page.height = height
            let rows = [TableRow(cells: [Self.cell("1"), Self.cell(long)], at: Self.here)]
            document.body = [Block(.table(Table(columns: [.points(30), .fraction(1)], rows: rows)), at: Self.here)]
            return document
        }
        let fonts = try FontBook(directory: Support.repository + "/Fonts")
        let warm = LayoutEngine(fonts: fonts)
        for _ in 0..<2 { #expect(try warm.layout(document(height: 2000), sideThreads: false).pages.count == 1) }
        let short = try warm.layout(document(height: 400), sideThreads: false)
        #expect(short.pages.count >= 2)
        #expect(fonts.caches.statistics.first { $0.name == "table-rows" }?.hits == 1, "the row came from the cache")
        let fresh = LayoutEngine(fonts: try FontBook(directory: Support.repository + "/Fonts"))
        let same = try Self.pdf(document(height: 400), with: warm) == Self.pdf(document(height: 400), with: fresh)
        #expect(same)
    }
}
