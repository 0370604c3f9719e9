import Foundation
import Testing
import WenshuPages
import WenshuRaster

/// Colour pages of more than 256 colours are written as an approximate palette within 8 per channel.
@Suite struct QuantizedPaletteTests {
    /// The bound `PaletteQuantizer.maximumError` promises, restated here so a change to it is deliberate.
    static let maximumError = 8

    /// Blue heading, black and grey body text, a light table shading, and a red seal (disc, ring and
    /// text) painted at opacity 0.85 over the text, as the templates' e-seal is.
    static func sealPage() throws -> Page {
        var items: [PageItem] = [Fixtures.rect(Rect(x: 60, y: 150, width: 470, height: 18), Color(red: 0.97, green: 0.97, blue: 0.97))]
        let blue = Color(red: 0x12 / 255.0, green: 0x48 / 255.0, blue: 0x8C / 255.0)
        items.append(.glyphs(try Fixtures.run("一、投保人与被保险人 Policyholder and Insured", size: 11, at: Point(60, 120), color: blue).run))
        for k in 0..<30 {
            let grey = k % 3 == 0 ? Color(red: 1 / 3.0, green: 1 / 3.0, blue: 1 / 3.0) : Color.black
            items.append(.glyphs(try Fixtures.run("保险期间 Period of insurance 2025年05月01日 00:00 – 21 May 2025", size: 10.5, at: Point(60, 163 + Double(k) * 16), color: grey).run))
        }
        let red = Color(red: 0.85, green: 0.1, blue: 0.1)
        var disc = Path(), ring = Path()
        disc.addEllipse(in: Rect(x: 330, y: 300, width: 150, height: 150))
        ring.addEllipse(in: Rect(x: 340, y: 310, width: 130, height: 130))
        var (stamp, width) = try Fixtures.run("保险专用章", size: 16, at: Point(0, 380), color: red)
        stamp.origin.x = 405 - width / 2
        let seal: [PageItem] = [.path(PathItem(path: disc, fill: Color(red: 1, green: 0.85, blue: 0.85))),
                                .path(PathItem(path: ring, stroke: Stroke(color: red, width: 4))), .glyphs(stamp)]
        items.append(.group(GroupItem(opacity: 0.85, items: seal)))
        return Page(size: Fixtures.a4, items: items)
    }

    @Test func translucentRedSealOverBlueAndBlackTextIsAPaletteWithinTheBound() throws {
        let page = try Self.sealPage()
        let image = try RasterExporter.render(page, options: Fixtures.options)
        var colours = Set<UInt32>()
        for p in stride(from: 0, to: image.rgb.count, by: 3) {
            colours.insert(UInt32(image.rgb[p]) << 16 | UInt32(image.rgb[p + 1]) << 8 | UInt32(image.rgb[p + 2]))
        }
        #expect(colours.count > 256, "the page must need approximation; it has only \(colours.count) colours")

        let png = try RasterExporter.png(page, options: Fixtures.options)
        #expect(Fixtures.header(png) == (8, 3))
        let decoded = try #require(Fixtures.decodePNG(png))
        var maximum = 0
        for i in 0..<image.rgb.count { maximum = max(maximum, abs(Int(image.rgb[i]) - Int(decoded.rgb[i]))) }
        #expect(maximum <= Self.maximumError)

        // Flat colours stay exact: white paper, the 97 % grey shading (within 8 of white), the seal's disc.
        for (x, y) in [(20, 20), (Int(520 * Fixtures.pixelsPerPoint), Int(155 * Fixtures.pixelsPerPoint)),
                       (Int(476 * Fixtures.pixelsPerPoint), Int(375 * Fixtures.pixelsPerPoint))] {
            let i = (y * image.width + x) * 3
            #expect(Array(decoded.rgb[i..<i + 3]) == Array(image.rgb[i..<i + 3]), "pixel (\(x), \(y)) changed")
        }
        let shading = (Int(520 * Fixtures.pixelsPerPoint) + Int(155 * Fixtures.pixelsPerPoint) * image.width) * 3
        #expect(decoded.rgb[shading] == 247)
    }

    @Test func pageOfManyFlatColoursStaysRGB() throws {
        // 300 flat squares: more than 256 colours that must each stay exact.
        var items: [PageItem] = []
        for k in 0..<300 {
            items.append(Fixtures.rect(Rect(x: 20 + Double(k % 20) * 25, y: 20 + Double(k / 20) * 25, width: 20, height: 20),
                                       Color(red: Double(k) / 300, green: 0.3, blue: 1 - Double(k) / 300)))
        }
        let png = try RasterExporter.png(Page(size: Fixtures.a4, items: items), options: Fixtures.options)
        #expect(Fixtures.header(png) == (8, 2))
    }
}
