import Foundation
import WenshuDiagnostics
import WenshuDocument
import WenshuLayout
import WenshuPDF
import WenshuText

/// Issue 2's figures: font load, subsetting 400 distinct CJK glyphs, a one-page bilingual PDF.
func coreFigures(fontsDirectory: String) throws {
    print("== rendering core")
    var book: FontBook!
    try Timing.measure("font load (all faces, cold)", repeat: 1) { book = try FontBook(directory: fontsDirectory) }
    let sans = book.font(family: "sans", weight: 400)!

    var glyphs: [UInt32] = []
    var scalar: UInt32 = 0x4E00
    while glyphs.count < 400 {
        if let s = Unicode.Scalar(scalar), let g = sans.glyph(for: s) { glyphs.append(g) }
        scalar += 7
    }
    // Each iteration changes one glyph, so the per-font subset cache never answers: this is the real cost.
    var variant = 0
    func nextSet() -> [UInt32] { variant += 1; var g = glyphs; g[0] = UInt32(20_000 + variant); return g }
    // The first subset flattens all 400 charstrings; later ones find 399 flattened already.
    try Timing.measure("subset 400 CJK glyphs, first in the process (charstrings flattened)", repeat: 1) { _ = try sans.subset(glyphs: nextSet()) }
    var subset: FontSubset!
    try Timing.measure("subset 400 CJK glyphs, warm (one new glyph each time)", repeat: 300) { subset = try sans.subset(glyphs: nextSet()) }
    print("subset 400 CJK glyphs: \(subset.program.bytes.count) bytes CFF")

    // Embedded size of those 400 glyphs: a page holding exactly them, minus an empty page.
    let engine = LayoutEngine(fonts: book)
    let here = SourceLocation(file: "bench", line: 1)
    var text = ""
    scalar = 0x4E00
    var count = 0
    while count < 400 {
        if let s = Unicode.Scalar(scalar), sans.glyph(for: s) != nil { text.unicodeScalars.append(s); count += 1 }
        scalar += 7
    }
    var cjkDoc = Document()
    cjkDoc.body = [Block(.paragraph(Paragraph([Span(text)])), at: here)]
    var embedded: [UInt8] = []
    try Timing.measure("layout + PDF of a page with those 400 glyphs, warm", repeat: 100) {
        embedded = try PDFExporter.export(try engine.layout(cjkDoc))
    }
    print("page with 400 distinct CJK glyphs: \(embedded.count) bytes PDF (font subset compressed inside)")

    var doc = Document()
    doc.metadata.title = "电子保单 Electronic Policy"
    doc.metadata.creationDate = "2026-11-25T10:00:00+08:00"
    let notice = "保险期间：自2026年12月1日零时起至2026年12月31日二十四时止（北京时间）。Period of insurance: from 00:00 on 1 December 2026 to 24:00 on 31 December 2026 (Beijing time). 本保单为电子保单，与纸质保单具有同等法律效力。投保人、被保险人可通过本公司官方网站或客户服务电话查询、验证保单信息。"
    doc.body = [
        Block(.paragraph(Paragraph([Span("电子保单 Electronic Policy")], properties: TextProperties(weight: 700, size: 18, alignment: .center), keepWithNext: true)), at: here, spaceAfter: 8),
        Block(.paragraph(Paragraph([Span("被保险人 Insured: "), Span("李䶮 𠇔明 LI YAN", properties: TextProperties(weight: 700))])), at: here),
    ] + Array(repeating: Block(.paragraph(Paragraph([Span(notice)], properties: TextProperties(alignment: .justify))), at: here, spaceAfter: 6), count: 6) + [
        Block(.qrCode(QRCodeBlock(payload: "https://verify.example.cn/p/PA2026110000123?code=7F3K9Q", size: 90, level: .M, alignment: .right)), at: here),
    ]
    var pdf: [UInt8] = []
    try Timing.measure("one-page bilingual document, layout + PDF, warm", repeat: 200) {
        pdf = try PDFExporter.export(try engine.layout(doc))
    }
    print("one-page bilingual PDF: \(pdf.count) bytes")
}
