import Foundation
import WenshuDiagnostics
import WenshuPages
import WenshuRaster
import WenshuText

/// Time and size of a text-heavy A4 page at 150 dpi (moved here from the raster tests: speed is the
/// benchmark's business, never a test's). `swift run -c release WenshuBenchmarks raster`.
func rasterFigures(fontsDirectory: String) throws {
    print("== raster")
    let fonts = try FontBook(directory: fontsDirectory)
    let lines = [
        "兹证明被保险人张三（护照号 E12345678）已投保申根旅行医疗保险，保险期间自2026年1月1日起至",
        "This certifies that the insured person ZHANG San (passport E12345678) holds Schengen travel",
        "2026年3月31日止，保险金额为人民币叁拾万元整（¥300,000.00），覆盖紧急医疗、住院及遣返费用。",
        "medical insurance from 1 January 2026 to 31 March 2026 with cover of EUR 30,000 for emergency",
    ]
    // Typical: 40 lines of 10.5 pt (五号) text, about 40 characters each (1 400–1 600 glyphs).
    for seal in [false, true] {
        let (page, glyphs) = try textPage(fonts, lines.map { String($0.prefix(40)) }, count: 40, size: 10.5, leading: 18, seal: seal)
        try rasterTiming(page, glyphs: glyphs, label: "typical text" + (seal ? " + red seal" : ""))
    }
    // Dense: 64 full-width lines of 9.5 pt (about 4 600 glyphs), three times a typical page.
    for seal in [false, true] {
        let (page, glyphs) = try textPage(fonts, lines, count: 64, size: 9.5, leading: 11.8, seal: seal)
        try rasterTiming(page, glyphs: glyphs, label: "dense text" + (seal ? " + red seal" : ""))
    }
}

private let a4 = Size(width: 595.276, height: 841.89)

/// `text` shaped in the sans family as one run of the first face it uses, and its width.
private func glyphRun(_ fonts: FontBook, _ text: String, size: Double, at origin: Point, color: Color = .black) throws -> (GlyphRun, Double) {
    let shaped = try TextEngine(fonts: fonts).shape([TextSpan(text, style: TextStyle(family: "sans", size: size))])
    var x = 0.0
    var placed: [PlacedGlyph] = []
    let font = shaped[0].font
    for g in shaped where g.font == font {
        placed.append(PlacedGlyph(glyphID: g.glyphID, x: x + g.xOffset, yOffset: g.yOffset, advance: g.advance, text: g.text))
        x += g.advance
    }
    return (GlyphRun(font: font, size: size, color: color, origin: origin, glyphs: placed, source: .unknown), x)
}

private func textPage(_ fonts: FontBook, _ lines: [String], count: Int, size: Double, leading: Double, seal: Bool) throws -> (Page, Int) {
    var items: [PageItem] = []
    var glyphs = 0
    for k in 0..<count {
        let (run, _) = try glyphRun(fonts, lines[k % lines.count], size: size, at: Point(50, 60 + Double(k) * leading))
        glyphs += run.glyphs.count
        items.append(.glyphs(run))
    }
    var rule = Path()
    rule.move(to: Point(50, 45)); rule.line(to: Point(545, 45))
    items.append(.path(PathItem(path: rule, stroke: Stroke(color: .black, width: 0.8))))
    if seal {
        // A red seal (stroked circle and red text) makes the page RGB.
        let red = Color(red: 0.85, green: 0.1, blue: 0.1)
        var circle = Path()
        circle.addEllipse(in: Rect(x: 420, y: 680, width: 110, height: 110))
        var (stamp, width) = try glyphRun(fonts, "保险专用章", size: 14, at: Point(0, 740), color: red)
        stamp.origin.x = 475 - width / 2
        items += [.path(PathItem(path: circle, stroke: Stroke(color: red, width: 3))), .glyphs(stamp)]
        glyphs += stamp.glyphs.count
    }
    return (Page(size: a4, items: items), glyphs)
}

private func rasterTiming(_ page: Page, glyphs: Int, label: String) throws {
    let options = RasterOptions(dpi: 150)
    let clock = ContinuousClock()
    // The first call opens faces and renders glyph bitmaps the earlier pages did not need.
    let first = try clock.measure { _ = try RasterExporter.png(page, options: options) }
    let rounds = 20
    var bytes = 0
    var renderOnly = Duration.zero, withPNG = Duration.zero
    for _ in 0..<rounds { renderOnly += try clock.measure { _ = try RasterExporter.render(page, options: options) } }
    for _ in 0..<rounds { withPNG += try clock.measure { bytes = try RasterExporter.png(page, options: options).count } }
    func ms(_ d: Duration) -> String { String(format: "%.2f", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000) }
    print("raster (\(label)): \(glyphs) glyphs; render \(ms(renderOnly / rounds)) ms, render+png \(ms(withPNG / rounds)) ms, \(bytes) bytes; first call \(ms(first)) ms")
}
