#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WenshuPages

extension Transform {
    /// The inverse map, or nil when the transform collapses the plane (zero determinant).
    var inverted: Transform? {
        let det = a * d - b * c
        guard det != 0, det.isFinite else { return nil }
        return Transform(a: d / det, b: -b / det, c: -c / det, d: a / det,
                         e: (c * f - d * e) / det, f: (b * e - a * f) / det)
    }

    /// The largest factor by which the map stretches a length (largest singular value): curve
    /// flattening divides its pixel tolerance by this to get a tolerance in user space.
    var maximumScale: Double {
        let p = a * a + b * b, q = c * c + d * d, r = a * c + b * d
        let mean = (p + q) / 2, spread = ((p - q) * (p - q) / 4 + r * r).squareRoot()
        return (mean + spread).squareRoot()
    }

    /// True when the map only scales and translates, keeping axis-aligned rectangles axis-aligned.
    var isAxisAligned: Bool { b == 0 && c == 0 }
}
