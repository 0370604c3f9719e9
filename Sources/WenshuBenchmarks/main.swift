import Foundation
import WenshuDiagnostics
import WenshuDocument
import WenshuLayout
import WenshuPDF
import WenshuText

let fonts = try FontBook(directory: "Fonts")
let engine = LayoutEngine(fonts: fonts)
let here = SourceLocation(file: "bench", line: 1)
var doc = Document()
doc.metadata.title = "电子保单 Electronic Policy"
doc.metadata.creationDate = "2026-11-25T10:00:00+08:00"
doc.body = [
    Block(.paragraph(Paragraph([Span("电子保单 Electronic Policy")], properties: TextProperties(weight: 700, size: 18, alignment: .center), keepWithNext: true)), at: here, spaceAfter: 8),
    Block(.paragraph(Paragraph([Span("被保险人 Insured: "), Span("李䶮 𠇔明", properties: TextProperties(weight: 700))])), at: here),
    Block(.paragraph(Paragraph([Span("保险期间：自2026年12月1日零时起至2026年12月31日二十四时止（北京时间）。Period of insurance: from 00:00 on 1 December 2026 to 24:00 on 31 December 2026 (Beijing time). 本保单为电子保单，与纸质保单具有同等法律效力。")], properties: TextProperties(alignment: .justify))), at: here, spaceAfter: 6),
    Block(.rule(RuleBlock()), at: here, spaceAfter: 6),
    Block(.qrCode(QRCodeBlock(payload: "https://verify.example.cn/p/1", size: 90, level: .M, alignment: .right)), at: here),
]
do {
    let pages = try engine.layout(doc)
    let pdf = try PDFExporter.export(pages)
    FileManager.default.createFile(atPath: "/tmp/core.pdf", contents: Data(pdf))
    print("wrote /tmp/core.pdf", pdf.count)
} catch {
    print("error: \(error)")
}
