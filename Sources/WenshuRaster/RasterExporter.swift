import CFreeType
import WenshuPages

/// Renders laid-out pages to pixels and PNG files, drawing what the PDF backend draws: the same
/// glyphs of the same faces at the same positions, the same paths, images, colours and opacities,
/// on a white page.
///
/// Deterministic: the same page and options give the same pixels and bytes. Safe to call from
/// several threads at once (each call has its own canvas and FreeType library; font faces are shared
/// under a lock per face).
public enum RasterExporter {
    /// Draws `page` at `options.dpi`. The canvas is `page.size × dpi / 72` pixels, rounded (A4 at
    /// 150 dpi: 1240×1754).
    /// - Throws: ``RasterError`` when the dpi is outside ``RasterOptions/dpiRange``, the canvas would
    ///   exceed ``RasterOptions/maximumPixels`` or FreeType cannot load a font.
    public static func render(_ page: Page, options: RasterOptions) throws(RasterError) -> RasterImage {
        let canvas = try makeCanvas(page, options: options)
        try paint(page, on: canvas, options: options)
        return canvas.image()
    }

    /// Draws `page` as ``render(_:options:)`` does and encodes it as PNG: greyscale when the page is
    /// grey, a palette when it has at most 256 colours, else RGB.
    /// - Throws: as ``render(_:options:)``.
    public static func png(_ page: Page, options: RasterOptions) throws(RasterError) -> [UInt8] {
        let canvas = try makeCanvas(page, options: options)
        try paint(page, on: canvas, options: options)
        return PNGEncoder.encode(UnsafeBufferPointer(canvas.pixels), width: canvas.width, height: canvas.height)
    }

    private static func makeCanvas(_ page: Page, options: RasterOptions) throws(RasterError) -> Canvas {
        guard options.dpi.isFinite, RasterOptions.dpiRange.contains(options.dpi) else {
            throw RasterError(.invalidResolution, "dpi \(options.dpi) is outside \(Int(RasterOptions.dpiRange.lowerBound))...\(Int(RasterOptions.dpiRange.upperBound))")
        }
        let width = (page.size.width * options.pixelsPerPoint).rounded()
        let height = (page.size.height * options.pixelsPerPoint).rounded()
        guard width >= 1, height >= 1, width.isFinite, height.isFinite else {
            throw RasterError(.pageTooLarge, "page of \(page.size.width)×\(page.size.height) pt has no pixels at \(options.dpi) dpi")
        }
        guard width * height <= Double(RasterOptions.maximumPixels) else {
            throw RasterError(.pageTooLarge, "page of \(Int(width))×\(Int(height)) pixels at \(options.dpi) dpi is over the limit of \(RasterOptions.maximumPixels) pixels")
        }
        return Canvas(width: Int(width), height: Int(height))
    }

    private static func paint(_ page: Page, on canvas: Canvas, options: RasterOptions) throws(RasterError) {
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else {
            throw RasterError(.encodingFailure, "failed to start FreeType")
        }
        defer { FT_Done_FreeType(library) }
        let paths = PathRasterizer(library: library, canvas: canvas)
        let renderer = PageRenderer(canvas: canvas, paths: paths, glyphs: GlyphRasterizer(canvas: canvas, paths: paths))
        let s = options.pixelsPerPoint
        try renderer.draw(page.items, transform: Transform(a: s, b: 0, c: 0, d: s, e: 0, f: 0), opacity: 1)
    }
}
