#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WenshuPages

/// One subpath as straight segments, for stroking.
struct Polyline {
    var points: [Point]
    /// Whether the subpath was closed (`h`), so its last point joins its first.
    var closed: Bool
    /// For each point, whether it lies inside a flattened curve (joined smoothly, not with the
    /// stroke's join style, which applies only to corners between path elements).
    var smooth: [Bool]
}

enum Flattening {
    /// Subpaths of `path` with cubic curves replaced by chords no farther than `tolerance` from the
    /// curve. Consecutive equal points are merged; a closed subpath does not repeat its first point.
    ///
    /// Segment count for a cubic: `n = ⌈√(3·L / (4·tolerance))⌉`, where `L` is the larger second
    /// difference `|p0 − 2p1 + p2|`, `|p1 − 2p2 + p3|` (Wang's formula for degree 3).
    static func polylines(_ path: Path, tolerance: Double) -> [Polyline] {
        var result: [Polyline] = []
        var current = Polyline(points: [], closed: false, smooth: [])
        var start = Point(0, 0)
        var drawn = false  // a segment or `close` was seen: a degenerate subpath is still painted as a dot

        func finish(closed: Bool) {
            if closed, current.points.count > 1, distance(current.points[0], current.points[current.points.count - 1]) < 1e-9 {
                current.points.removeLast(); current.smooth.removeLast()
            }
            if !current.points.isEmpty && (current.points.count > 1 || drawn || closed) {
                current.closed = closed && current.points.count > 1
                result.append(current)
            }
            current = Polyline(points: [], closed: false, smooth: [])
            drawn = false
        }
        func append(_ p: Point, smooth: Bool) {
            if current.points.isEmpty { current.points.append(start); current.smooth.append(false) }
            drawn = true
            if distance(p, current.points[current.points.count - 1]) < 1e-9 { return }
            current.points.append(p); current.smooth.append(smooth)
        }

        for element in path.elements {
            switch element {
            case .move(let p):
                finish(closed: false)
                start = p
                current.points = [p]; current.smooth = [false]
            case .line(let p):
                append(p, smooth: false)
            case .cubic(let c1, let c2, let p):
                let p0 = current.points.last ?? start
                let l1 = length(p0.x - 2 * c1.x + c2.x, p0.y - 2 * c1.y + c2.y)
                let l2 = length(c1.x - 2 * c2.x + p.x, c1.y - 2 * c2.y + p.y)
                let n = max(1, min(500, Int(saturating: (3 * max(l1, l2) / (4 * tolerance)).squareRoot().rounded(.up))))
                for k in 1...n {
                    let t = Double(k) / Double(n), u = 1 - t
                    let q = Point(u * u * u * p0.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * p.x,
                                  u * u * u * p0.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * p.y)
                    append(q, smooth: k < n)
                }
            case .close:
                if current.points.isEmpty { current.points = [start]; current.smooth = [false] }
                finish(closed: true)
            }
        }
        // The point `close` leaves behind starts a subpath only if a segment follows.
        finish(closed: false)
        return result
    }

    /// Cuts polylines into dashes (ISO 32000-1 §8.4.3.6): `pattern` alternates dash and gap lengths
    /// starting with a dash, restarting at each subpath; an odd-length pattern repeats to even length
    /// (`[3]` is 3 on, 3 off). A pattern with a negative entry or zero total draws solid, as viewers do.
    ///
    /// A zero-length dash yields a one-point polyline, drawn as a dot when caps are round.
    static func dashed(_ lines: [Polyline], pattern: [Double]) -> [Polyline] {
        let dashes = pattern.count % 2 == 1 ? pattern + pattern : pattern
        guard !dashes.isEmpty, dashes.allSatisfy({ $0 >= 0 && $0.isFinite }), dashes.reduce(0, +) > 0 else { return lines }
        var result: [Polyline] = []
        for line in lines {
            var points = line.points, smooth = line.smooth
            if line.closed, let first = points.first { points.append(first); smooth.append(false) }
            var index = 0, remaining = dashes[0], on = true
            var piece = Polyline(points: [points[0]], closed: false, smooth: [false])
            if points.count == 1 { result.append(piece); continue }
            for k in 1..<points.count {
                let a = points[k - 1], b = points[k]
                let segment = distance(a, b)
                var travelled = 0.0
                while segment - travelled > remaining {
                    travelled += remaining
                    let t = travelled / segment
                    let cut = Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
                    if on {
                        piece.points.append(cut); piece.smooth.append(false)
                        result.append(piece)
                    } else {
                        piece = Polyline(points: [cut], closed: false, smooth: [false])
                    }
                    on.toggle()
                    index = (index + 1) % dashes.count
                    remaining = dashes[index]
                }
                remaining -= segment - travelled
                if on { piece.points.append(b); piece.smooth.append(smooth[k]) }
            }
            if on && piece.points.count > 1 { result.append(piece) }
        }
        return result
    }

    static func distance(_ a: Point, _ b: Point) -> Double { length(b.x - a.x, b.y - a.y) }
    static func length(_ x: Double, _ y: Double) -> Double { (x * x + y * y).squareRoot() }
}
