import Foundation
import Testing
import WenshuPages
import WenshuRaster

/// Time and size of a text-heavy A4 page at 150 dpi. Not a timed test: it asserts nothing about
/// speed and runs only with `WENSHU_BENCHMARK=1` (build with `-c release` for meaningful numbers).
@Suite struct RasterMeasurement {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["WENSHU_BENCHMARK"] == "1"))
    func textHeavyA4PageAt150Dpi() throws {
        let lines = [
            "兹证明被保险人张三（护照号 E12345678）已投保申根旅行医疗保险，保险期间自2026年1月1日起至",
            "This certifies that the insured person ZHANG San (passport E12345678) holds Schengen travel",
            "2026年3月31日止，保险金额为人民币叁拾万元整（¥300,000.00），覆盖紧急医疗、住院及遣返费用。",
            "medical insurance from 1 January 2026 to 31 March 2026 with cover of EUR 30,000 for emergency",
        ]
        // Typical: 40 lines of 10.5 pt (五号) text, about 40 characters each (1 400–1 600 glyphs).
        try measure(lines: lines.map { String($0.prefix(40)) }, count: 40, size: 10.5, leading: 18, label: "typical text")
        try measure(lines: lines.map { String($0.prefix(40)) }, count: 40, size: 10.5, leading: 18, label: "typical text + red seal", seal: true)
        // Dense: 64 full-width lines of 9.5 pt (about 4 600 glyphs), three times a typical page.
        try measure(lines: lines, count: 64, size: 9.5, leading: 11.8, label: "dense text")
        try measure(lines: lines, count: 64, size: 9.5, leading: 11.8, label: "dense text + red seal", seal: true)
        // Blue heading, grey shading and a seal at opacity 0.85: over 256 colours, a quantized palette.
        let coloured = try QuantizedPaletteTests.sealPage()
        let glyphs = coloured.items.reduce(0) { n, item in if case .glyphs(let run) = item { n + run.glyphs.count } else { n } }
        try measure(coloured, glyphCount: glyphs, label: "text + translucent seal (quantized palette)")
    }

    private func measure(lines: [String], count: Int, size: Double, leading: Double, label: String, seal: Bool = false) throws {
        var items: [PageItem] = []
        var glyphCount = 0
        for k in 0..<count {
            let (run, _) = try Fixtures.run(lines[k % lines.count], size: size, at: Point(50, 60 + Double(k) * leading))
            glyphCount += run.glyphs.count
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
            var (stamp, width) = try Fixtures.run("保险专用章", size: 14, at: Point(0, 740), color: red)
            stamp.origin.x = 475 - width / 2
            items += [.path(PathItem(path: circle, stroke: Stroke(color: red, width: 3))), .glyphs(stamp)]
            glyphCount += stamp.glyphs.count
        }
        try measure(Page(size: Fixtures.a4, items: items), glyphCount: glyphCount, label: label)
    }

    private func measure(_ page: Page, glyphCount: Int, label: String) throws {
        let clock = ContinuousClock()
        // The first call opens faces and renders glyph bitmaps the earlier pages did not need.
        let first = try clock.measure { _ = try RasterExporter.png(page, options: Fixtures.options) }
        let rounds = 20
        var bytes = 0
        var renderOnly = Duration.zero, withPNG = Duration.zero
        for _ in 0..<rounds { renderOnly += try clock.measure { _ = try RasterExporter.render(page, options: Fixtures.options) } }
        for _ in 0..<rounds { withPNG += try clock.measure { bytes = try RasterExporter.png(page, options: Fixtures.options).count } }
        func ms(_ d: Duration) -> String { String(format: "%.2f", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000) }
        print("raster (\(label)): \(glyphCount) glyphs; render \(ms(renderOnly / rounds)) ms, render+png \(ms(withPNG / rounds)) ms, \(bytes) bytes; first call \(ms(first)) ms")
    }
}
