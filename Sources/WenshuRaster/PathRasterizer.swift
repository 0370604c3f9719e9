import CFreeType

/// Fills device outlines with FreeType's anti-aliasing rasterizer ("smooth" renderer) through direct
/// rendering: `FT_Outline_Render` with `FT_RASTER_FLAG_AA | FT_RASTER_FLAG_DIRECT | FT_RASTER_FLAG_CLIP`
/// calls `gray_spans` with runs of equal coverage, which are blended straight into the canvas
/// (FreeType API reference, `FT_Raster_Params`). The fill rule is nonzero (no
/// `FT_OUTLINE_EVEN_ODD_FILL`), as PDF's `f` operator (ISO 32000-1 §8.5.3.3.2).
struct PathRasterizer {
    /// A FreeType library of this render only: the rasterizer's state is then never shared across threads.
    let library: FT_Library
    let canvas: Canvas

    /// `FT_Outline` counts points and contours in `short`: larger outlines are filled in chunks of
    /// whole contours. Overlapping contours in different chunks are painted twice, which only shows
    /// when the paint is translucent.
    static let maximumPoints = Int(Int16.max)

    /// Paints `outline` with `paint`.
    /// - Throws: ``RasterError`` when one contour alone has more than ``maximumPoints`` points or
    ///   FreeType reports an error.
    func fill(_ outline: DeviceOutline, paint: Paint) throws(RasterError) {
        guard !outline.isEmpty, paint.alpha > 0 else { return }
        var chunkStart = 0, firstContour = 0
        for (k, end) in outline.contourEnds.enumerated() {
            let contourStart = k == 0 ? 0 : outline.contourEnds[k - 1]
            if end - contourStart > PathRasterizer.maximumPoints {
                throw RasterError(.encodingFailure, "a path contour has \(end - contourStart) points, over FreeType's limit of \(PathRasterizer.maximumPoints)")
            }
            if end - chunkStart > PathRasterizer.maximumPoints {
                try render(outline, points: chunkStart..<contourStart, contours: firstContour..<k, paint: paint)
                chunkStart = contourStart; firstContour = k
            }
        }
        try render(outline, points: chunkStart..<outline.points.count, contours: firstContour..<outline.contourEnds.count, paint: paint)
    }

    private func render(_ outline: DeviceOutline, points: Range<Int>, contours: Range<Int>, paint: Paint) throws(RasterError) {
        guard !contours.isEmpty else { return }
        var vectors = Array(outline.points[points])
        var tags = Array(outline.tags[points])
        var ends = outline.contourEnds[contours].map { Int16($0 - points.lowerBound - 1) }
        let sink = SpanSink(canvas: canvas, paint: paint)
        let error: FT_Error = vectors.withUnsafeMutableBufferPointer { v in
            tags.withUnsafeMutableBufferPointer { t in
                ends.withUnsafeMutableBufferPointer { e in
                    var ftOutline = FT_Outline(n_contours: Int16(e.count), n_points: Int16(v.count),
                                               points: v.baseAddress, tags: t.baseAddress, contours: e.baseAddress,
                                               flags: Int32(FT_OUTLINE_NONE))
                    var params = FT_Raster_Params()
                    params.flags = Int32(FT_RASTER_FLAG_AA | FT_RASTER_FLAG_DIRECT | FT_RASTER_FLAG_CLIP)
                    params.gray_spans = graySpans
                    params.clip_box = FT_BBox(xMin: 0, yMin: 0, xMax: FT_Pos(canvas.width), yMax: FT_Pos(canvas.height))
                    return withExtendedLifetime(sink) {
                        params.user = Unmanaged.passUnretained(sink).toOpaque()
                        return FT_Outline_Render(library, &ftOutline, &params)
                    }
                }
            }
        }
        guard error == 0 else { throw RasterError(.encodingFailure, "FreeType failed to rasterize a path (error \(error))") }
    }
}

/// What the span callback paints into; passed through `FT_Raster_Params.user`.
final class SpanSink {
    let canvas: Canvas
    let paint: Paint
    init(canvas: Canvas, paint: Paint) { self.canvas = canvas; self.paint = paint }
}

/// `FT_SpanFunc`: `count` spans on FreeType row `y` (y up from the canvas bottom).
private let graySpans: FT_SpanFunc = { y, count, spans, user in
    guard let spans, let user else { return }
    let sink = Unmanaged<SpanSink>.fromOpaque(user).takeUnretainedValue()
    let row = sink.canvas.height - 1 - Int(y)
    for k in 0..<Int(count) {
        let span = spans[k]
        sink.canvas.blend(Int(span.x), count: Int(span.len), row: row, coverage: Int(span.coverage), paint: sink.paint)
    }
}
