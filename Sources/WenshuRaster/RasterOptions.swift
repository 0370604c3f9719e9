/// How a page becomes pixels.
public struct RasterOptions: Sendable, Hashable {
    /// Resolution in dots per inch; one point is `dpi / 72` pixels. Default 150 (an A4 page is
    /// 1240×1754 pixels). Must lie in ``dpiRange``.
    public var dpi: Double = 150

    /// Resolutions accepted by ``RasterExporter``.
    public static let dpiRange: ClosedRange<Double> = 10...2400

    /// Largest canvas rendered, in pixels: 100 megapixels is 300 MB of RGB, an A4 page at about 1750 dpi.
    public static let maximumPixels = 100_000_000

    public init(dpi: Double = 150) { self.dpi = dpi }

    /// Pixels per PDF point (1/72 inch).
    var pixelsPerPoint: Double { dpi / 72 }
}
