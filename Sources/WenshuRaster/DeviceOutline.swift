import CFreeType
import WenshuPages

/// A fill outline in device pixels, gathered in FreeType's form (FreeType API reference, "Outline
/// Processing": `FT_Outline`): points in 26.6 fixed point with y up, one tag per point
/// (`FT_CURVE_TAG_ON`, `FT_CURVE_TAG_CUBIC` for cubic control points, `FT_CURVE_TAG_CONIC` for the
/// quadratic ones TrueType glyphs bring), and the index of each contour's last point.
///
/// Worked example: the page point (10, 20) on a 1754-pixel-high canvas at 150 dpi maps to the device
/// pixel (20.833, 41.667) and is stored as (1333, (1754 − 41.667)·64 = 109589): FreeType's y grows
/// upwards from the canvas bottom, so the span for FreeType row `r` paints canvas row `1753 − r`.
///
/// Contours are implicitly closed, as PDF closes subpaths for filling (ISO 32000-1 §8.5.3.1).
struct DeviceOutline {
    /// Canvas height in pixels, for the y flip.
    let height: Double
    private(set) var points: [FT_Vector] = []
    private(set) var tags: [CChar] = []
    /// Index after each contour's last point.
    private(set) var contourEnds: [Int] = []
    private var contourStart = 0

    init(height: Int) { self.height = Double(height) }

    var isEmpty: Bool { contourEnds.isEmpty }

    /// Pixels are clamped to ±1,000,000 so that 26.6 values stay far inside FreeType's coordinate range.
    private func fixed(_ p: Point) -> FT_Vector {
        let x = min(max(p.x, -1_000_000), 1_000_000), y = min(max(height - p.y, -1_000_000), 1_000_000)
        return FT_Vector(x: FT_Pos(Int(saturating: (x * 64).rounded())), y: FT_Pos(Int(saturating: (y * 64).rounded())))
    }

    /// Starts a new contour at device point `p`, ending the one before.
    mutating func move(to p: Point) {
        closeContour()
        points.append(fixed(p)); tags.append(CChar(FT_CURVE_TAG_ON))
    }

    mutating func line(to p: Point) {
        points.append(fixed(p)); tags.append(CChar(FT_CURVE_TAG_ON))
    }

    mutating func cubic(_ c1: Point, _ c2: Point, to p: Point) {
        points.append(fixed(c1)); tags.append(CChar(FT_CURVE_TAG_CUBIC))
        points.append(fixed(c2)); tags.append(CChar(FT_CURVE_TAG_CUBIC))
        points.append(fixed(p)); tags.append(CChar(FT_CURVE_TAG_ON))
    }

    /// Appends a point with a raw FreeType curve tag (a glyph outline's own points, already in pixels).
    mutating func point(_ p: Point, tag: CChar) {
        points.append(fixed(p)); tags.append(tag)
    }

    /// Ends the current contour; a contour of fewer than two points encloses nothing and is dropped.
    mutating func closeContour() {
        if points.count - contourStart >= 2 {
            contourEnds.append(points.count)
            contourStart = points.count
        } else {
            points.removeSubrange(contourStart...)
            tags.removeSubrange(contourStart...)
        }
    }

    /// Adds a closed polygon of device points.
    mutating func polygon(_ polygon: [Point]) {
        guard polygon.count >= 3 else { return }
        move(to: polygon[0])
        for p in polygon.dropFirst() { line(to: p) }
        closeContour()
    }

    /// Adds the outline of a path under `transform` (page points to device pixels).
    mutating func add(_ path: Path, transform t: Transform) {
        for element in path.elements {
            switch element {
            case .move(let p): move(to: t.apply(p))
            case .line(let p): line(to: t.apply(p))
            case .cubic(let a, let b, let p): cubic(t.apply(a), t.apply(b), to: t.apply(p))
            case .close: closeContour()
            }
        }
        closeContour()
    }
}
