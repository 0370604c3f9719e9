import CPNG
import Foundation
import WenshuDiagnostics
import WenshuImage
import WenshuPages
import WenshuRaster
import WenshuText

/// Shared inputs: the repository's fonts, shaped text and small helpers to read results.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fonts: FontBook = {
        do { return try FontBook(directory: repository.appendingPathComponent("Fonts").path) } catch { fatalError("\(error)") }
    }()
    static let a4 = Size(width: 595.276, height: 841.89)
    static let options = RasterOptions(dpi: 150)
    static let pixelsPerPoint = 150.0 / 72

    /// `text` shaped with the "sans" family at `size` as one run with its baseline starting at `origin`.
    static func run(_ text: String, size: Double, at origin: Point, color: Color = .black) throws -> (run: GlyphRun, width: Double) {
        let shaped = try TextEngine(fonts: fonts).shape([TextSpan(text, style: TextStyle(family: "sans", size: size))])
        var x = 0.0
        var placed: [PlacedGlyph] = []
        var font: Font?
        for g in shaped {
            if font == nil { font = g.font }
            guard g.font == font else { continue }  // these tests use text one face covers
            placed.append(PlacedGlyph(glyphID: g.glyphID, x: x + g.xOffset, yOffset: g.yOffset, advance: g.advance, text: g.text))
            x += g.advance
        }
        return (GlyphRun(font: font!, size: size, color: color, origin: origin, glyphs: placed, source: .unknown), x)
    }

    static func rect(_ r: Rect, _ color: Color) -> PageItem {
        var path = Path()
        path.addRect(r)
        return .path(PathItem(path: path, fill: color))
    }

    /// Pixel bounds (columns, rows) of a rect given in points, shrunk by `inset` pixels on each side.
    static func pixels(of r: Rect, inset: Int = 0) -> (x: Range<Int>, y: Range<Int>) {
        let s = pixelsPerPoint
        return (Int((r.x * s).rounded(.up)) + inset..<Int((r.maxX * s).rounded(.down)) - inset,
                Int((r.y * s).rounded(.up)) + inset..<Int((r.maxY * s).rounded(.down)) - inset)
    }

    /// The darkest channel of each pixel in a region.
    static func darkest(_ image: RasterImage, x: Range<Int>, y: Range<Int>) -> UInt8 {
        var value: UInt8 = 255
        for row in y.clamped(to: 0..<image.height) {
            for col in x.clamped(to: 0..<image.width) {
                let p = image.pixel(x: col, y: row)
                value = min(value, p.red, p.green, p.blue)
            }
        }
        return value
    }

    /// A PNG made by libpng's simplified writer from RGBA rows, decoded as the layout would.
    static func imageAsset(width: Int, height: Int, rgba: [UInt8]) throws -> ImageAsset {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width); image.height = UInt32(height)
        image.format = UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        var size = 0
        _ = rgba.withUnsafeBytes { png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, 0, nil) }
        var bytes = [UInt8](repeating: 0, count: size)
        let ok = bytes.withUnsafeMutableBytes { out in
            rgba.withUnsafeBytes { png_image_write_to_memory(&image, out.baseAddress, &size, 0, $0.baseAddress, 0, nil) }
        }
        precondition(ok != 0, "libpng could not write the fixture")
        return try ImageAsset.decode(Array(bytes.prefix(size)))
    }

    /// Reads a PNG back with libpng as 8-bit RGB: (width, height, pixels).
    static func decodePNG(_ bytes: [UInt8]) -> (width: Int, height: Int, rgb: [UInt8])? {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        guard bytes.withUnsafeBytes({ png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }) != 0 else { return nil }
        defer { png_image_free(&image) }
        image.format = UInt32(PNG_FORMAT_FLAG_COLOR)
        var rgb = [UInt8](repeating: 0, count: Int(image.width * image.height) * 3)
        guard rgb.withUnsafeMutableBytes({ png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }) != 0 else { return nil }
        return (Int(image.width), Int(image.height), rgb)
    }

    /// IHDR fields (PNG §11.2.2): bit depth and colour type (0 grey, 2 RGB, 3 palette).
    static func header(_ png: [UInt8]) -> (bitDepth: UInt8, colorType: UInt8) { (png[24], png[25]) }

    /// Runs a program and returns its standard output and exit status.
    static func run(_ executable: String, _ arguments: [String]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    static func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-raster-\(getpid())-\(name)")
        try Data(bytes).write(to: url)
        return url
    }
}
