import Foundation
import WenshuDiagnostics
import WenshuDocument
import WenshuLayout
import WenshuPDF
import WenshuText

// Prints the rendering core's figures. Run in release: swift run -c release WenshuBenchmarks
// Times are wall-clock medians on this machine; compare ratios measured in the same run.

func measure(_ label: String, repeat n: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<n {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let p99 = samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))]
    print("\(label): median \(String(format: "%.3f", median)) ms, p99 \(String(format: "%.3f", p99)) ms (n=\(n))")
    return median
}

let fontsDirectory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Fonts"

// 1. Font load: manifest, memory-map, HarfBuzz faces (cold, once per process).
var book: FontBook!
_ = try measure("font load (all faces)", repeat: 1) { book = try FontBook(directory: fontsDirectory) }
let sans = book.font(family: "sans", weight: 400)!

// 2. Subset and embed 400 distinct CJK glyphs of Noto Sans CJK SC.
var glyphs: [UInt32] = []
var scalar: UInt32 = 0x4E00
while glyphs.count < 400 {
    if let s = Unicode.Scalar(scalar), let g = sans.glyph(for: s) { glyphs.append(g) }
    scalar += 7
}
var coldBytes = 0
_ = try measure("subset 400 CJK glyphs without preparation (one-shot process)", repeat: 5) {
    coldBytes = try sans.subset(glyphs: glyphs).program.bytes.count
}
_ = coldBytes
_ = measure("subset preparation (hb_subset_preprocess, once per face)", repeat: 1) { sans.prepareForSubsetting() }
var subsetBytes = 0
_ = try measure("subset 400 CJK glyphs (warm)", repeat: 200) {
    subsetBytes = try sans.subset(glyphs: glyphs).program.bytes.count
}
print("subset 400 CJK glyphs: \(subsetBytes) bytes of CFF before compression")

// 3. A one-page bilingual document, end to end.
let engine = LayoutEngine(fonts: book)
let here = SourceLocation(file: "bench", line: 1)
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
book.prepareForSubsetting()
var pdf: [UInt8] = []
_ = try measure("one-page bilingual document, layout + PDF (warm)", repeat: 100) {
    pdf = try PDFExporter.export(try engine.layout(doc))
}
print("one-page bilingual PDF: \(pdf.count) bytes")
