import Testing
import WenshuPages
@testable import WenshuRaster

/// Rows written from the colour count's runs, and the paths around them: runs longer than 16 bits,
/// pages too busy to keep runs, and canvases and buffers reused from the scratch pool.
@Suite struct PNGRunsTests {
    /// Encodes RGB pixels and decodes them with libpng.
    static func roundTrip(_ rgb: [UInt8], width: Int, height: Int) throws -> (png: [UInt8], decoded: [UInt8]) {
        let png = rgb.withUnsafeBufferPointer { PNGEncoder.encode($0, width: width, height: height) }
        let decoded = try #require(Fixtures.decodePNG(png))
        #expect(decoded.width == width && decoded.height == height)
        return (png, decoded.rgb)
    }

    @Test func runsLongerThanSixteenBitsAreSplit() throws {
        // Two rows 70,000 pixels wide: white with a red pixel near the end, then all blue (one run of
        // 70,000: two list entries), so a row's runs must still sum to its width.
        let width = 70_000
        var rgb = [UInt8](repeating: 255, count: width * 2 * 3)
        rgb[(width - 3) * 3 + 1] = 0; rgb[(width - 3) * 3 + 2] = 0
        for x in 0..<width { rgb[(width + x) * 3] = 0; rgb[(width + x) * 3 + 1] = 0 }
        let counts = try #require(rgb.withUnsafeBufferPointer { ColourCounts($0, width: width, height: 2, limit: 16) })
        #expect(counts.runs?.count == 6)  // 65,535 + 1,462 white, red, white, 65,535 + 4,465 blue
        let (png, decoded) = try Self.roundTrip(rgb, width: width, height: 2)
        #expect(Fixtures.header(png) == (2, 3))
        #expect(decoded == rgb)
    }

    @Test func pagesWithMoreRunsThanHalfTheirPixelsAreReadAgain() throws {
        // A checkerboard of two greys and two colours: every pixel is a run, so no list is kept and
        // rows are written from the pixels.
        let width = 101, height = 37
        let colours: [[UInt8]] = [[0, 0, 0], [200, 10, 10], [255, 255, 255], [10, 200, 10]]
        var rgb: [UInt8] = []
        for y in 0..<height { for x in 0..<width { rgb += colours[(x + y) % 2 + 2 * (y % 2)] } }
        let counts = try #require(rgb.withUnsafeBufferPointer { ColourCounts($0, width: width, height: height, limit: 16) })
        #expect(counts.runs == nil)
        let (png, decoded) = try Self.roundTrip(rgb, width: width, height: height)
        #expect(Fixtures.header(png) == (2, 3))
        #expect(decoded == rgb)
    }

    @Test func coloursAreNumberedInReadingOrderAndCounted() throws {
        let rgb: [UInt8] = [9, 9, 9, 9, 9, 9, 1, 2, 3, 9, 9, 9, 1, 2, 3, 1, 2, 3]
        let counts = try #require(rgb.withUnsafeBufferPointer { ColourCounts($0, width: 3, height: 2, limit: 16) })
        #expect(counts.colours == [0x090909, 0x010203])
        #expect(counts.counts == [3, 3])
        #expect(counts.number(of: 0x010203) == 1 && counts.number(of: 0x0A0A0A) == -1)
        #expect(rgb.withUnsafeBufferPointer { ColourCounts($0, width: 3, height: 2, limit: 1) } == nil)
    }

    @Test func reusedCanvasesStartWhiteAndGiveTheSameBytes() throws {
        // A busy page, then a blank one on what is likely the same pooled canvas: the blank page must
        // be all white (1-bit grey), and the busy page must come out the same the second time.
        let size = Size(width: 200, height: 120)
        var items: [PageItem] = []
        for k in 0..<12 { items.append(Fixtures.rect(Rect(x: Double(k) * 15, y: 10, width: 12, height: 90), Color(red: Double(k) / 12, green: 0.2, blue: 0.7))) }
        items.append(.glyphs(try Fixtures.run("保险单 Policy", size: 14, at: Point(10, 110)).run))
        let busy = Page(size: size, items: items)
        let first = try RasterExporter.png(busy, options: Fixtures.options)
        let blank = try RasterExporter.png(Page(size: size, items: []), options: Fixtures.options)
        #expect(Fixtures.header(blank) == (1, 0))
        let decoded = try #require(Fixtures.decodePNG(blank))
        #expect(decoded.rgb.allSatisfy { $0 == 255 })
        #expect(try RasterExporter.png(busy, options: Fixtures.options) == first)
    }

    @Test func poolKeepsBoundedBuffersAndFreesLargeOnes() {
        let pool = ScratchPool()
        let small = pool.take(bytes: 1000)
        pool.give(small)
        let again = pool.take(bytes: 800)
        #expect(again.baseAddress == small.baseAddress, "a kept buffer that fits is reused")
        pool.give(again)
        let large = pool.take(bytes: ScratchPool.largestKept + 1)
        pool.give(large)  // freed, not kept
        let next = pool.take(bytes: ScratchPool.largestKept + 1)
        #expect(next.count >= ScratchPool.largestKept + 1)
        pool.give(next)
    }
}
