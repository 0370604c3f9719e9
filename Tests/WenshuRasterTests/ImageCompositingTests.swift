import Foundation
import Testing
import WenshuDiagnostics
import WenshuImage
import WenshuPages
import WenshuRaster

@Suite struct ImageCompositingTests {
    /// A 2×1 image: left pixel red at alpha 128, right pixel blue fully transparent.
    @Test func halfTransparentPixelsBlendAndTransparentOnesLeaveThePage() throws {
        let asset = try Fixtures.imageAsset(width: 2, height: 1, rgba: [255, 0, 0, 128, 0, 0, 255, 0])
        let rect = Rect(x: 100, y: 100, width: 200, height: 100)
        let page = Page(size: Fixtures.a4, items: [.image(ImageItem(image: asset, rect: rect, source: .unknown))])
        let image = try RasterExporter.render(page, options: Fixtures.options)
        let s = Fixtures.pixelsPerPoint
        let left = image.pixel(x: Int(120 * s), y: Int(150 * s))
        #expect(left.red == 255 && abs(Int(left.green) - 127) <= 2 && left.green == left.blue)
        #expect(image.pixel(x: Int(280 * s), y: Int(150 * s)) == (255, 255, 255))
        #expect(image.pixel(x: Int(90 * s), y: Int(150 * s)) == (255, 255, 255))
    }

    @Test func clipLimitsTheImage() throws {
        let asset = try Fixtures.imageAsset(width: 1, height: 1, rgba: [0, 128, 0, 255])
        let rect = Rect(x: 100, y: 100, width: 200, height: 200)
        let clip = Rect(x: 150, y: 150, width: 50, height: 50)
        let page = Page(size: Fixtures.a4, items: [.image(ImageItem(image: asset, rect: rect, clip: clip, source: .unknown))])
        let image = try RasterExporter.render(page, options: Fixtures.options)
        let s = Fixtures.pixelsPerPoint
        #expect(image.pixel(x: Int(175 * s), y: Int(175 * s)) == (0, 128, 0))
        #expect(image.pixel(x: Int(120 * s), y: Int(120 * s)) == (255, 255, 255))
    }

    @Test func jpegImagesAreDecodedAndComposited() throws {
        // A 32×32 JPEG made with ImageMagick: red above, blue below (Tests/Fixtures/red-over-blue.jpg).
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        let bytes = Array(try Data(contentsOf: url.appendingPathComponent("Fixtures/red-over-blue.jpg")))
        let asset = try ImageAsset.decode(bytes)
        #expect(asset.format == .jpeg && asset.width == 32 && asset.height == 32 && asset.sampleComponents == 3)
        let page = Page(size: Fixtures.a4, items: [.image(ImageItem(image: asset, rect: Rect(x: 100, y: 100, width: 64, height: 64), source: .unknown))])
        let image = try RasterExporter.render(page, options: Fixtures.options)
        let s = Fixtures.pixelsPerPoint
        let top = image.pixel(x: Int(132 * s), y: Int(112 * s)), bottom = image.pixel(x: Int(132 * s), y: Int(152 * s))
        #expect(top.0 > 180 && top.1 < 60 && top.2 < 60, "red half: \(top)")
        #expect(bottom.0 < 60 && bottom.2 > 150, "blue half: \(bottom)")
    }

    @Test func truncatedJPEGIsACorruptImageError() {
        // SOI and a SOF0 frame header of 16×16 with no scan data.
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03] + [UInt8](repeating: 0, count: 16)
        #expect(throws: ImageError.self) { _ = try ImageAsset.decode(jpeg) }
    }
}
