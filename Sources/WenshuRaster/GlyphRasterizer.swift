#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFreeType
import WenshuPages
import WenshuText

/// Draws glyph runs with FreeType from the faces the layout shaped with.
///
/// Each glyph's pen sits at `origin.x + glyph.x` on the baseline `origin.y − glyph.yOffset` (page
/// points), the place the PDF backend gives it with `Tm`, `TJ` and `Ts` (ISO 32000-1 §9.4.2–9.4.3).
/// Under a transform that only scales uniformly and translates, glyphs are cached coverage bitmaps
/// rendered at the pen's quarter-pixel phase; under rotation or skew, or above
/// ``largestBitmapSize`` pixels per em, the glyph outline itself is transformed and filled as a path.
///
/// Worked example at 150 dpi (25/12 pixels per point): a 10 pt run at origin (72, 100) with a glyph
/// at x = 5.3 has its pen at (161.04, 208.33) px: integer pen (161, 208), phase (0, 1) quarters, size
/// 20.83 px = 1333 in 26.6; the bitmap's top-left is (161 + left, 208 − top).
struct GlyphRasterizer {
    let canvas: Canvas
    let paths: PathRasterizer

    /// Bitmaps above this size (pixels per em) are not worth caching: outlines are filled instead.
    static let largestBitmapSize = 256.0

    /// - Throws: ``RasterError`` with code `fontFailure` when FreeType cannot open the face or a glyph.
    func draw(_ run: GlyphRun, transform ctm: Transform, opacity: Double) throws(RasterError) {
        guard !run.glyphs.isEmpty, run.size > 0 else { return }
        let paint = Paint(run.color, opacity: opacity)
        guard paint.alpha > 0 else { return }
        let face = try RasterFace.face(for: run.font)
        let pixelsPerEm = run.size * ctm.a
        if ctm.isAxisAligned, ctm.a == ctm.d, ctm.a > 0, pixelsPerEm <= GlyphRasterizer.largestBitmapSize {
            try drawBitmaps(run, face: face, transform: ctm, pixelsPerEm: pixelsPerEm, paint: paint)
        } else {
            try drawOutlines(run, face: face, transform: ctm, paint: paint)
        }
    }

    private func drawBitmaps(_ run: GlyphRun, face: RasterFace, transform ctm: Transform, pixelsPerEm: Double, paint: Paint) throws(RasterError) {
        let size = FT_F26Dot6((pixelsPerEm * 64).rounded())
        guard size > 0 else { return }
        var placed: [(bitmap: GlyphBitmap, x: Int, y: Int)] = []
        placed.reserveCapacity(run.glyphs.count)
        try face.withLock { (access: inout RasterFace.Access) throws(RasterError) in
            for glyph in run.glyphs {
                let pen = ctm.apply(Point(run.origin.x + glyph.x, run.origin.y - glyph.yOffset))
                let (x, phaseX) = GlyphRasterizer.quarterPixels(pen.x)
                let (y, phaseY) = GlyphRasterizer.quarterPixels(pen.y)
                let bitmap = try access.bitmap(GlyphBitmap.Key(glyph: glyph.glyphID, pixelSize: size, phaseX: phaseX, phaseY: phaseY))
                placed.append((bitmap, x, y))
            }
        }
        for (bitmap, x, y) in placed where bitmap.width > 0 {
            canvas.blend(mask: bitmap, left: x + bitmap.left, top: y - bitmap.top, paint: paint)
        }
    }

    /// Splits a pixel coordinate into its integer part and the remainder rounded to quarters (0…3),
    /// carrying 4/4 into the next pixel.
    static func quarterPixels(_ v: Double) -> (Int, Int) {
        let whole = v.rounded(.down)
        let quarters = Int(saturating: ((v - whole) * 4).rounded())
        return quarters == 4 ? (Int(saturating: whole) + 1, 0) : (Int(saturating: whole), quarters)
    }

    private func drawOutlines(_ run: GlyphRun, face: RasterFace, transform ctm: Transform, paint: Paint) throws(RasterError) {
        var outlines: [GlyphOutline] = []
        try face.withLock { (access: inout RasterFace.Access) throws(RasterError) in
            for glyph in run.glyphs { outlines.append(try access.outline(glyph.glyphID)) }
        }
        let scale = run.size / Double(run.font.unitsPerEm)  // font units → points
        var device = DeviceOutline(height: canvas.height)
        for (glyph, outline) in zip(run.glyphs, outlines) {
            let penX = run.origin.x + glyph.x, penY = run.origin.y - glyph.yOffset
            var start = 0
            for end in outline.contourEnds {
                for k in start..<end {
                    let p = outline.points[k]
                    device.point(ctm.apply(Point(penX + p.x * scale, penY - p.y * scale)), tag: outline.tags[k])
                }
                device.closeContour()
                start = end
            }
        }
        try paths.fill(device, paint: paint)
    }
}
