import Foundation
import Testing
import WenshuPages
import WenshuRaster

@Suite struct PNGOutputTests {
    @Test func greyTextPageIsAnEightBitGreyscalePNGThatDecodesToTheSamePixels() throws {
        let (run, _) = try Fixtures.run("灰度 greyscale", size: 12, at: Point(72, 100))
        let page = Page(size: Fixtures.a4, items: [.glyphs(run), Fixtures.rect(Rect(x: 72, y: 120, width: 100, height: 2), Color(red: 0.5, green: 0.5, blue: 0.5))])
        let png = try RasterExporter.png(page, options: Fixtures.options)
        #expect(Fixtures.header(png) == (8, 0))
        let decoded = try #require(Fixtures.decodePNG(png))
        let image = try RasterExporter.render(page, options: Fixtures.options)
        #expect(decoded.width == 1240 && decoded.height == 1754)
        #expect(decoded.rgb == image.rgb)
    }

    @Test func blackAndWhitePageIsOneBitGrey() throws {
        let page = Page(size: Fixtures.a4, items: [Fixtures.rect(Rect(x: 72, y: 72, width: 144, height: 144), .black)])
        let png = try RasterExporter.png(page, options: Fixtures.options)
        #expect(Fixtures.header(png) == (1, 0))
        let decoded = try #require(Fixtures.decodePNG(png))
        #expect(decoded.rgb == (try RasterExporter.render(page, options: Fixtures.options)).rgb)
    }

    @Test func fewColoursMakeAPaletteAndManyMakeRGB() throws {
        let red = Fixtures.rect(Rect(x: 72, y: 72, width: 100, height: 100), Color(red: 1, green: 0, blue: 0))
        let few = Page(size: Fixtures.a4, items: [red])
        let png = try RasterExporter.png(few, options: Fixtures.options)
        #expect(Fixtures.header(png) == (1, 3))  // white and red: a 1-bit palette
        #expect(Fixtures.decodePNG(png)?.rgb == (try RasterExporter.render(few, options: Fixtures.options)).rgb)

        var items: [PageItem] = []
        for k in 0..<300 {
            items.append(Fixtures.rect(Rect(x: 20 + Double(k % 20) * 25, y: 20 + Double(k / 20) * 25, width: 20, height: 20),
                                       Color(red: Double(k) / 300, green: 0.3, blue: 1 - Double(k) / 300)))
        }
        let many = Page(size: Fixtures.a4, items: items)
        let rgb = try RasterExporter.png(many, options: Fixtures.options)
        #expect(Fixtures.header(rgb) == (8, 2))
        #expect(Fixtures.decodePNG(rgb)?.rgb == (try RasterExporter.render(many, options: Fixtures.options)).rgb)
    }

    /// Every packed depth: rectangles in `levels` greys (multiples of 85 or 17 pack to 2 or 4 bits)
    /// or in `colours` colours (palettes of up to 4 and 16 entries), decoded by libpng pixel for pixel.
    /// Widths not a multiple of the samples per byte exercise the padded last byte of each row.
    @Test(arguments: [(true, 3, UInt8(2)), (true, 15, 4), (false, 3, 2), (false, 12, 4), (false, 100, 8)])
    func packedDepthsDecodeToTheSamePixels(grey: Bool, count: Int, expectedDepth: UInt8) throws {
        var items: [PageItem] = []
        for k in 0..<count {
            let v = grey ? Double(k * (count == 3 ? 85 : 17)) / 255 : Double(k) / Double(count)
            let colour = grey ? Color(red: v, green: v, blue: v) : Color(red: v, green: 1 - v, blue: 0.5)
            items.append(Fixtures.rect(Rect(x: 10 + Double(k % 10) * 30, y: 10 + Double(k / 10) * 30, width: 25, height: 25), colour))
        }
        let page = Page(size: Size(width: 333.3, height: 200), items: items)  // 694 px wide at 150 dpi
        let png = try RasterExporter.png(page, options: Fixtures.options)
        #expect(Fixtures.header(png) == (expectedDepth, grey ? 0 : 3))
        let decoded = try #require(Fixtures.decodePNG(png))
        #expect(decoded.rgb == (try RasterExporter.render(page, options: Fixtures.options)).rgb)
    }

    @Test func pngIsAcceptedByPython() throws {
        let (run, _) = try Fixtures.run("Python 读取", size: 12, at: Point(72, 100), color: Color(red: 0, green: 0, blue: 0.6))
        let png = try RasterExporter.png(Page(size: Fixtures.a4, items: [.glyphs(run)]), options: Fixtures.options)
        let file = try Fixtures.temporaryFile("python.png", png)
        defer { try? FileManager.default.removeItem(at: file) }
        // An independent reader: walk the chunks, check every CRC, inflate IDAT, check the size.
        let script = """
        import struct, sys, zlib
        d = open(sys.argv[1], 'rb').read()
        assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        i, idat, ihdr = 8, b'', None
        while i < len(d):
            n, = struct.unpack('>I', d[i:i+4]); t = d[i+4:i+8]; body = d[i+8:i+8+n]
            assert zlib.crc32(t + body) == struct.unpack('>I', d[i+8+n:i+12+n])[0]
            if t == b'IHDR': ihdr = struct.unpack('>IIBBBBB', body)
            if t == b'IDAT': idat += body
            i += 12 + n
        w, h, depth, ctype = ihdr[:4]
        channels = {0: 1, 2: 3, 3: 1}[ctype]
        raw = zlib.decompress(idat)
        assert len(raw) == h * (1 + (w * channels * depth + 7) // 8)
        print(w, h, ctype)
        """
        let result = try Fixtures.run("/usr/bin/env", ["python3", "-c", script, file.path])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("1240 1754"))
    }
}
