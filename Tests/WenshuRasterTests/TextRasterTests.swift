import Testing
import WenshuPages
import WenshuRaster
import WenshuText

@Suite struct TextRasterTests {
    @Test func bilingualLineDarkensOnlyItsOwnBox() throws {
        let (run, width) = try Fixtures.run("保险单 Policy No. 2026-0001 被保险人", size: 12, at: Point(72, 100))
        let image = try RasterExporter.render(Page(size: Fixtures.a4, items: [.glyphs(run)]), options: Fixtures.options)
        let s = Fixtures.pixelsPerPoint
        // Vertically the ink lies within the typographic ascender and the deepest Latin descender
        // ('y' reaches about 0.22 em below the baseline in Noto Sans CJK, past the OS/2 descender).
        let em = 12.0 / Double(run.font.unitsPerEm)
        let box = (x: Int(72 * s)..<Int((72 + width) * s) + 1,
                   y: Int((100 - Double(run.font.ascender) * em) * s)..<Int((100 + 0.25 * 12) * s) + 1)
        #expect(Fixtures.darkest(image, x: box.x, y: box.y) < 40)
        // Anti-aliasing may touch the pixel next to the box; nothing may land farther away.
        let near = (x: box.x.lowerBound - 2..<box.x.upperBound + 2, y: box.y.lowerBound - 2..<box.y.upperBound + 2)
        var strays = 0
        for y in 0..<image.height { for x in 0..<image.width where !(near.x.contains(x) && near.y.contains(y)) {
            if image.pixel(x: x, y: y) != (255, 255, 255) { strays += 1 }
        } }
        #expect(strays == 0)
    }

    @Test func runColourIsUsedForGlyphs() throws {
        let red = Color(red: 0.8, green: 0, blue: 0)
        let (run, _) = try Fixtures.run("红色印章", size: 20, at: Point(100, 200), color: red)
        let image = try RasterExporter.render(Page(size: Fixtures.a4, items: [.glyphs(run)]), options: Fixtures.options)
        #expect(image.rgb.count > 0)
        var sawRed = false
        for y in 0..<image.height { for x in 0..<image.width {
            let p = image.pixel(x: x, y: y)
            #expect(p.green == p.blue)
            if p == (204, 0, 0) { sawRed = true }
        } }
        #expect(sawRed)
    }

    @Test func outlineGlyphsUnderATinyRotationMatchBitmapGlyphs() throws {
        let (run, _) = try Fixtures.run("Outline 轮廓 agrees", size: 14, at: Point(80, 150))
        let plain = try RasterExporter.render(Page(size: Fixtures.a4, items: [.glyphs(run)]), options: Fixtures.options)
        let turn = Transform.rotation(degrees: 0.0001, about: Point(80, 150))
        let turned = try RasterExporter.render(Page(size: Fixtures.a4, items: [.group(GroupItem(transform: turn, items: [.glyphs(run)]))]), options: Fixtures.options)
        var inkPlain = 0, inkTurned = 0, largest = 0
        for i in stride(from: 0, to: plain.rgb.count, by: 3) {
            inkPlain += 255 - Int(plain.rgb[i]); inkTurned += 255 - Int(turned.rgb[i])
            largest = max(largest, abs(Int(plain.rgb[i]) - Int(turned.rgb[i])))
        }
        #expect(abs(inkPlain - inkTurned) * 100 < inkPlain * 2)  // within 2 % of the ink
        #expect(largest < 80)                                     // quarter-pixel phase, no misplaced glyphs
    }

    @Test func rotatedTranslucentWatermarkIsLightAndCoversTheCentre() throws {
        let (run, width) = try Fixtures.run("样本 SPECIMEN", size: 60, at: Point(0, 0))
        let centre = Point(Fixtures.a4.width / 2, Fixtures.a4.height / 2)
        let place = Transform.rotation(degrees: 45, about: centre)
            .concatenating(Transform(a: 1, b: 0, c: 0, d: 1, e: centre.x - width / 2, f: centre.y + 20))
        let page = Page(size: Fixtures.a4, items: [.group(GroupItem(transform: place, opacity: 0.25, items: [.glyphs(run)]))])
        let image = try RasterExporter.render(page, options: Fixtures.options)
        let darkest = image.rgb.min()!
        #expect(darkest >= 185 && darkest <= 195)  // 75 % white over black: 191
        let s = Fixtures.pixelsPerPoint
        #expect(Fixtures.darkest(image, x: Int((centre.x - 100) * s)..<Int((centre.x + 100) * s), y: Int((centre.y - 100) * s)..<Int((centre.y + 100) * s)) < 200)
        #expect(Fixtures.darkest(image, x: 0..<200, y: 0..<200) == 255)
    }
}

extension Transform {
    /// `self` after `inner` (tests build group transforms the way layout would).
    func concatenating(_ inner: Transform) -> Transform {
        Transform(a: a * inner.a + c * inner.b, b: b * inner.a + d * inner.b,
                  c: a * inner.c + c * inner.d, d: b * inner.c + d * inner.d,
                  e: a * inner.e + c * inner.f + e, f: b * inner.e + d * inner.f + f)
    }
}
