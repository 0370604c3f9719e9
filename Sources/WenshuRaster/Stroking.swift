#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WenshuPages

/// Turns a polyline into the polygons its stroke covers (ISO 32000-1 §8.5.3.2, line width, cap and
/// join styles of §8.4.3.3–8.4.3.5), filled afterwards with the nonzero rule.
///
/// The construction is FreeType's `FT_Stroker` (src/base/ftstroke.c) done in Swift, because the
/// `CFreeType` shim exposes `FT_OUTLINE_H` but not `FT_STROKER_H`: the left border walked forwards,
/// the end cap, the right border walked backwards and the start cap make one contour; a closed
/// subpath gives an outer and an inner border instead. At each corner the outer border gets the join
/// and the inner border passes through the corner itself, so overlaps there wind the same way and
/// the nonzero rule fills them once.
///
/// Worked example: a horizontal open line (0, 0)→(10, 0), width 2, butt caps: direction (1, 0),
/// normal (0, 1) (y down), left border (0, 1)→(10, 1), right border (10, −1)→(0, −1), one
/// rectangle contour with negative shoelace area. Every contour is given negative area so that
/// overlapping strokes of one path add up instead of cancelling.
struct Stroker {
    /// Half the line width, in the path's units.
    let halfWidth: Double
    let cap: Stroke.Cap
    let join: Stroke.Join
    /// Largest distance a chord may stray from a round join or cap.
    let tolerance: Double
    /// PDF's default miter limit (§8.4.3.5, ExtGState `ML`, default 10); the PDF backend sets none.
    static let miterLimit = 10.0

    func polygons(_ line: Polyline) -> [[Point]] {
        let p = line.points
        if p.count == 1 {
            guard cap == .round else { return [] }  // §8.5.3.2: a degenerate subpath is painted only with round caps
            return [oriented(arc(center: p[0], from: 0, sweep: 2 * .pi))]
        }
        if line.closed && p.count > 2 {
            let n = p.count
            var left: [Point] = [], right: [Point] = []
            for i in 0..<n {
                let d0 = direction(p[(i + n - 1) % n], p[i]), d1 = direction(p[i], p[(i + 1) % n])
                left += joinPoints(at: p[i], d0, d1, side: 1, smooth: line.smooth[i])
                right += joinPoints(at: p[i], d0, d1, side: -1, smooth: line.smooth[i])
            }
            right.reverse()
            // The outer border (the larger) decides the winding; both flip together.
            if abs(area(left)) >= abs(area(right)) ? area(left) > 0 : area(right) > 0 {
                left.reverse(); right.reverse()
            }
            return [left, right]
        }
        let n = p.count
        let first = direction(p[0], p[1]), last = direction(p[n - 2], p[n - 1])
        var left = [offset(p[0], first, 1)], right = [offset(p[0], first, -1)]
        for i in 1..<(n - 1) {
            let d0 = direction(p[i - 1], p[i]), d1 = direction(p[i], p[i + 1])
            left += joinPoints(at: p[i], d0, d1, side: 1, smooth: line.smooth[i])
            right += joinPoints(at: p[i], d0, d1, side: -1, smooth: line.smooth[i])
        }
        left.append(offset(p[n - 1], last, 1))
        right.append(offset(p[n - 1], last, -1))
        var contour = left
        contour += capPoints(at: p[n - 1], last)
        contour += right.reversed()
        contour += capPoints(at: p[0], Point(-first.x, -first.y))
        return [oriented(contour)]
    }

    /// Unit direction from `a` to `b` (the points differ: flattening merged equal neighbours).
    private func direction(_ a: Point, _ b: Point) -> Point {
        let dx = b.x - a.x, dy = b.y - a.y, l = (dx * dx + dy * dy).squareRoot()
        return Point(dx / l, dy / l)
    }

    /// The border point on `side` (+1 left, −1 right) of direction `d` at `p`; normal is (−dy, dx).
    private func offset(_ p: Point, _ d: Point, _ side: Double) -> Point {
        Point(p.x - side * halfWidth * d.y, p.y + side * halfWidth * d.x)
    }

    /// Border points at corner `p` between incoming direction `d0` and outgoing `d1` on one side.
    private func joinPoints(at p: Point, _ d0: Point, _ d1: Point, side: Double, smooth: Bool) -> [Point] {
        let a = offset(p, d0, side), b = offset(p, d1, side)
        let cross = d0.x * d1.y - d0.y * d1.x, dot = d0.x * d1.x + d0.y * d1.y
        if abs(cross) < 1e-12 && dot > 0 { return [a] }          // straight on
        if side * cross > 0 { return [a, p, b] }                  // inner side: through the corner
        switch smooth ? .miter : join {
        case .bevel:
            return [a, b]
        case .miter:
            // Miter length / line width = 1 / sin(φ/2) = √(2 / (1 + cos θ)), θ the turn between the normals.
            guard 1 + dot >= 2 / (Stroker.miterLimit * Stroker.miterLimit) else { return [a, b] }
            let k = side * halfWidth / (1 + dot)
            return [a, Point(p.x + k * (-d0.y - d1.y), p.y + k * (d0.x + d1.x)), b]
        case .round:
            let start = atan2(a.y - p.y, a.x - p.x)
            var sweep = atan2(b.y - p.y, b.x - p.x) - start
            if sweep > .pi { sweep -= 2 * .pi } else if sweep < -.pi { sweep += 2 * .pi }
            return arc(center: p, from: start, sweep: sweep)
        }
    }

    /// Cap points from the left border end to the right border end at `p`, facing direction `d`.
    private func capPoints(at p: Point, _ d: Point) -> [Point] {
        switch cap {
        case .butt:
            return []
        case .square:
            let l = offset(p, d, 1), r = offset(p, d, -1)
            return [Point(l.x + halfWidth * d.x, l.y + halfWidth * d.y), Point(r.x + halfWidth * d.x, r.y + halfWidth * d.y)]
        case .round:
            let l = offset(p, d, 1)
            let start = atan2(l.y - p.y, l.x - p.x)
            // From the left normal (−dy, dx) to the right one through d: turning by −π in y-down angles.
            return arc(center: p, from: start, sweep: -.pi)
        }
    }

    /// Points on a circular arc of radius `halfWidth`, both ends included, chords within `tolerance`.
    private func arc(center: Point, from start: Double, sweep: Double) -> [Point] {
        let ratio = max(-1, 1 - tolerance / max(halfWidth, 1e-12))
        let step = min(.pi / 8, max(2 * acos(ratio), 1e-3))
        let n = max(1, min(1000, Int(saturating: (abs(sweep) / step).rounded(.up))))
        return (0...n).map { k in
            let angle = start + sweep * Double(k) / Double(n)
            return Point(center.x + halfWidth * cos(angle), center.y + halfWidth * sin(angle))
        }
    }

    private func area(_ polygon: [Point]) -> Double {
        var sum = 0.0
        for i in polygon.indices {
            let a = polygon[i], b = polygon[(i + 1) % polygon.count]
            sum += a.x * b.y - b.x * a.y
        }
        return sum / 2
    }

    private func oriented(_ polygon: [Point]) -> [Point] {
        area(polygon) > 0 ? polygon.reversed() : polygon
    }
}
