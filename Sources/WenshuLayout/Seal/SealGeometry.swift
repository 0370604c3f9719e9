#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WenshuPages

/// Where a seal's parts go: the ring, the company name along the upper arc, the star, the seal's
/// name under the star and the number along the lower arc (domain.md §7).
///
/// Pure geometry on measured text: clusters come in as advances and boxes in em units, and leave as
/// one affine map each, from the cluster's em space (x along the advance from the pen position,
/// y up from the baseline) to the seal's square (points, origin top-left, y down). Every box is
/// checked against the others, the ring and the star before anything is drawn
/// (``Layout/problems``), so a seal whose text does not fit is an error, never a drawing in which
/// characters touch.
///
/// Angles are measured from twelve o'clock, clockwise, in radians. On the upper arc a character's
/// foot points at the centre: at angle θ its "up" is the outward radius u = (sin θ, −cos θ) and its
/// writing direction the clockwise tangent t = (cos θ, sin θ). On the lower arc the number is read
/// left to right with its head towards the centre, so "up" is inward and the writing direction is
/// the counter-clockwise tangent.
///
/// Worked example, the default 42 mm seal (R = 59.53 pt) with 文书财产保险股份有限公司 (12 clusters of
/// 1 em) and the seal name 电子保单专用章: the ring is 3.40 pt wide; the characters are 0.29 R = 17.26 pt
/// tall. At the preferred span (130° + 9° × 12 = 238°) they would have to be condensed below 0.85,
/// so the span grows, within the 270° the seal name leaves free, to 249° at a condensing of 0.72:
/// the first character is centred at −124.5° (lower left, about eight o'clock) and the last at
/// +124.5°, each turned by its own angle, baselines 37.6 pt from the centre. The seal name then
/// fits under the star at 10.7 pt, condensed to 0.62.
struct SealGeometry {
    /// One character (a grapheme cluster) measured in em units at size 1.
    struct Cluster {
        /// Pen advance, em.
        var advance: Double
        /// Box to keep clear (the em box joined with the ink), em, y up: (x0, y0, x1, y1).
        var box: (Double, Double, Double, Double)
    }

    /// Proportions, as fractions of the outer radius R unless named otherwise.
    struct Proportions {
        /// Ring width (a 1.2 mm ring on a 42 mm seal).
        var ring = 1.2 / 21
        /// Between the ring's inner edge and any text.
        var ringGap = 0.05
        /// Company name size (em height), and the smallest it may shrink to.
        var companySize = 0.29
        var minimumCompanySize = 0.2
        /// Star: radius of its circumscribed circle (a 14 mm star on 42 mm is 0.33).
        var starRadius = 0.31
        /// Seal-name size, and its widest extent (the name stays about as wide as the star band).
        var nameSize = 0.18
        var minimumNameSize = 0.12
        var nameMaxWidth = 1.15
        /// How far below the star the name may move to find room.
        var nameDrop = 0.15
        /// Number size, and extra space after each of its characters (em).
        var numberSize = 0.115
        var numberTracking = 0.12
        /// Clear space kept between any two parts.
        var clearance = 0.035
        /// Least space between neighbouring characters on an arc, at their inner corners (em).
        var characterGap = 0.1
        /// Narrowest horizontal scale a character may be condensed to.
        var minimumCondensing = 0.5
        /// Span between the first and last company centres: `base + perCluster · n` degrees, at
        /// least `minSpan` and at most `preferredMaxSpan`; grown only when the characters would
        /// otherwise be condensed below 0.85, until the text (end boxes included) covers `maxExtent`
        /// (`maxExtentWithName`) degrees of the circle or meets the number's opening.
        var spanBase = 130.0
        var spanPerCluster = 9.0
        var minSpan = 200.0
        var preferredMaxSpan = 250.0
        var maxExtent = 300.0
        /// The same with a seal name, which needs the arc's ends to leave it room under the star.
        var maxExtentWithName = 270.0
    }

    /// A placed cluster: its map from em space, its box as a quadrilateral, and where it sits.
    struct Placed {
        var transform: Transform
        /// The cluster's box corners in seal coordinates.
        var corners: [Point]
        /// Angle of the cluster's centre line (arc text), radians; 0 for straight text.
        var angle: Double
        /// Radius of the baseline's midpoint (arc text); the distance from the centre otherwise.
        var baselineRadius: Double
    }

    struct Layout {
        var diameter: Double
        var center: Point
        var outerRadius: Double
        var ringWidth: Double
        var company: [Placed]
        var name: [Placed]
        var number: [Placed]
        var star: [Point]
        /// Company size and condensing, for the tests and the messages.
        var companySize: Double
        var companyCondensing: Double
        var companySpan: Double

        var ringInnerRadius: Double { outerRadius - ringWidth }

        /// The star's axis-aligned bounding box.
        var starBox: Rect {
            let xs = star.map(\.x), ys = star.map(\.y)
            return Rect(x: xs.min()!, y: ys.min()!, width: xs.max()! - xs.min()!, height: ys.max()! - ys.min()!)
        }

        /// Every way the parts fail to keep `clearance` apart: boxes overlapping each other or the
        /// star's box, or reaching closer than `ringGap` to the ring. Empty for a good seal.
        func problems(clearance: Double, ringGap: Double) -> [String] {
            var found: [String] = []
            let limit = ringInnerRadius - ringGap + 1e-6
            let parts: [(String, [Placed])] = [("company name", company), ("seal name", name), ("number", number)]
            var all: [(String, [Point])] = []
            for (label, placed) in parts {
                for (k, p) in placed.enumerated() {
                    all.append(("\(label) character \(k + 1)", p.corners))
                    if let far = p.corners.map({ hypot($0.x - center.x, $0.y - center.y) }).max(), far > limit {
                        found.append("\(label) character \(k + 1) reaches the ring")
                    }
                }
            }
            let s = starBox
            let starQuad = [Point(s.x, s.y), Point(s.maxX, s.y), Point(s.maxX, s.maxY), Point(s.x, s.maxY)]
            for (label, quad) in all where SealGeometry.separation(quad, starQuad) < clearance - 1e-6 {
                found.append("\(label) overlaps the star")
            }
            // Neighbours within one part are spaced by their own rules (the straight name is set
            // solid, its em boxes abut) and must only not overlap; any other pair keeps half the
            // clearance at least.
            let lastOfPart = Set([company.count, company.count + name.count, all.count].map { $0 - 1 })
            for i in all.indices {
                for j in all.indices where j > i {
                    let neighbours = j == i + 1 && !lastOfPart.contains(i)
                    if SealGeometry.separation(all[i].1, all[j].1) < (neighbours ? -1e-6 : clearance * 0.5 - 1e-6) {
                        found.append("\(all[i].0) overlaps \(all[j].0)")
                    }
                }
            }
            return found
        }
    }

    enum Failure: Error, Equatable {
        /// The company name needs more than the seal's upper arc even at the smallest size.
        case companyTooLong(clusters: Int)
        /// The seal's name does not fit between the star and the arc text.
        case nameTooLong(clusters: Int)
        /// The number needs more of the lower arc than the company name leaves.
        case numberTooLong(clusters: Int)
        /// The parts fitted but do not keep clear of each other (a font with unusual metrics).
        case crowded(String)
        case empty
    }

    var proportions = Proportions()
    /// Em box of the text's primary font: ascender and descender depth, em (Noto CJK: 0.88, 0.12).
    var ascender = 0.88
    var descender = 0.12

    // MARK: - Layout

    func layout(diameter: Double, company: [Cluster], name: [Cluster], number: [Cluster]) throws(Failure) -> Layout {
        guard !company.isEmpty else { throw Failure.empty }
        let p = proportions
        let R = diameter / 2
        let center = Point(R, R)
        let ring = p.ring * R
        let textLimit = R - ring - p.ringGap * R  // no text box corner beyond this radius

        // The number first: it claims the bottom of the ring, the company name gets the rest.
        var numberPlaced: [Placed] = []
        var numberHalfAngle = 0.0
        if !number.isEmpty {
            let size = p.numberSize * R
            let clusters = number.map { Cluster(advance: $0.advance + p.numberTracking, box: $0.box) }
            // Condensed only when the number would take more than a third of the circle.
            var condensing = 1.0
            while true {
                let arc = lowerArc(clusters, size: size, condensing: condensing, limit: textLimit, center: center)
                if arc.halfSpan <= .pi / 3 || condensing <= p.minimumCondensing {
                    guard arc.halfSpan <= .pi / 3 else { throw Failure.numberTooLong(clusters: number.count) }
                    numberPlaced = arc.placed
                    numberHalfAngle = arc.halfSpan
                    break
                }
                condensing -= 0.02
            }
        }

        // The company name: span by length, condensed to fit, span grown before condensing hard,
        // and the size reduced only when even the widest span and narrowest characters fail.
        let n = company.count
        let clearAngle = p.clearance * R / (textLimit - p.companySize * R)
        let openingNeeded = numberPlaced.isEmpty ? 0 : 2 * (numberHalfAngle + clearAngle)
        let absoluteMax = min((name.isEmpty ? p.maxExtent : p.maxExtentWithName) * .pi / 180, 2 * .pi - openingNeeded)
        let target = min(max(p.spanBase + p.spanPerCluster * Double(n), p.minSpan), p.preferredMaxSpan) * .pi / 180
        var size = p.companySize * R
        var chosen: UpperArc?
        sizes: while size >= p.minimumCompanySize * R - 1e-9 {
            // Widest span allowed: the ends' boxes must stay clear of the number's opening.
            func fits(_ arc: UpperArc) -> Bool { arc.span + 2 * arc.endHalfAngle <= absoluteMax + 1e-9 && arc.gapOK }
            for condensing in stride(from: 1.0, through: p.minimumCondensing - 1e-9, by: -0.01) {
                // At the preferred span while the characters keep most of their width, wider after.
                let preferred = upperArc(company, size: size, condensing: condensing, span: min(target, absoluteMax), limit: textLimit, center: center)
                if fits(preferred) { chosen = preferred; break sizes }
                if condensing < 0.85 {
                    let widest = upperArc(company, size: size, condensing: condensing,
                                          span: absoluteMax - 2 * preferred.endHalfAngle, limit: textLimit, center: center)
                    if fits(widest) {
                        // The narrowest span at this condensing that still keeps the gaps.
                        var lo = min(target, absoluteMax), hi = widest.span
                        for _ in 0..<40 {
                            let mid = (lo + hi) / 2
                            if upperArc(company, size: size, condensing: condensing, span: mid, limit: textLimit, center: center).gapOK { hi = mid } else { lo = mid }
                        }
                        chosen = upperArc(company, size: size, condensing: condensing, span: hi, limit: textLimit, center: center)
                        break sizes
                    }
                }
            }
            size *= 0.95
        }
        guard let arc = chosen else { throw Failure.companyTooLong(clusters: n) }

        let starRadius = p.starRadius * R
        let star = SealGeometry.star(center: center, radius: starRadius)

        // The seal's name: under the star, as wide as it may be without meeting the arc text. It
        // may sit a little lower than just under the star where the arc's ends leave more room;
        // the position giving the least condensing wins, the highest among equals.
        var namePlaced: [Placed] = []
        if !name.isEmpty {
            let starBottom = center.y + starRadius * cos(.pi / 5)
            var nameSize = p.nameSize * R
            let others = arc.placed.map(\.corners) + numberPlaced.map(\.corners)
            func fits(_ placed: [Placed]) -> Bool {
                placed.allSatisfy { q in
                    q.corners.allSatisfy { hypot($0.x - center.x, $0.y - center.y) <= textLimit }
                        && others.allSatisfy { SealGeometry.separation(q.corners, $0) >= p.clearance * R }
                }
            }
            while namePlaced.isEmpty {
                let natural = name.reduce(0) { $0 + $1.advance } * nameSize
                let widest = min(1, p.nameMaxWidth * R / natural)
                var best: (condensing: Double, placed: [Placed])?
                for step in 0...Int(p.nameDrop / 0.01) {
                    let top = starBottom + p.clearance * R + Double(step) * 0.01 * R
                    var condensing = widest
                    while condensing >= max(p.minimumCondensing, (best?.condensing ?? 0) + 0.005) - 1e-9 {
                        let placed = straight(name, size: nameSize, condensing: condensing, top: top, center: center)
                        if fits(placed) { best = (condensing, placed); break }
                        condensing -= 0.01
                    }
                }
                if let best { namePlaced = best.placed; break }
                nameSize *= 0.95
                guard nameSize >= p.minimumNameSize * R else { throw Failure.nameTooLong(clusters: name.count) }
            }
        }

        let result = Layout(diameter: diameter, center: center, outerRadius: R, ringWidth: ring, company: arc.placed,
                            name: namePlaced, number: numberPlaced, star: star,
                            companySize: arc.size, companyCondensing: arc.condensing, companySpan: arc.span)
        // The fitting above keeps every part clear by construction; this is the proof, so that no
        // input ever reaches the page with characters touching the ring, the star or each other.
        if let problem = result.problems(clearance: p.clearance * R, ringGap: p.ringGap * R).first {
            throw Failure.crowded(problem)
        }
        return result
    }

    // MARK: - Arcs

    struct UpperArc {
        var placed: [Placed]
        var size: Double
        var condensing: Double
        /// Between the first and last centres, radians.
        var span: Double
        /// Half the angle the first (or last) box covers at its inner edge.
        var endHalfAngle: Double
        /// Whether neighbouring boxes keep the minimum gap.
        var gapOK: Bool
    }

    /// Clusters centred on angles from −span/2 to +span/2, heads outward, spaced evenly between
    /// their boxes. The baseline sits as far out as the widest box's outer corners allow.
    func upperArc(_ clusters: [Cluster], size: Double, condensing: Double, span: Double, limit: Double, center: Point) -> UpperArc {
        let top = clusters.map { $0.box.3 }.max()!
        let halfWidth = clusters.map { max($0.advance / 2 - $0.box.0, $0.box.2 - $0.advance / 2) }.max()! * condensing * size
        // Outer corners at (halfWidth, baseline + top·size) must lie within `limit`.
        let outer = (limit * limit - halfWidth * halfWidth).squareRoot()
        let baseline = outer - top * size
        let bottom = clusters.map { $0.box.1 }.min()!
        let inner = baseline + bottom * size  // inner edge radius (bottom is negative)
        let halves = clusters.map { c in atan(max(c.advance / 2 - c.box.0, c.box.2 - c.advance / 2) * condensing * size / inner) }
        var placed: [Placed] = []
        var gapOK = true
        var angles = [-span / 2]
        if clusters.count > 1 {
            var occupied = 0.0
            for k in 0..<(clusters.count - 1) { occupied += halves[k] + halves[k + 1] }
            let gap = (span - occupied) / Double(clusters.count - 1)
            gapOK = gap * inner >= proportions.characterGap * size
            for k in 0..<(clusters.count - 1) { angles.append(angles[k] + halves[k] + halves[k + 1] + gap) }
        } else {
            angles = [0]
        }
        for (k, c) in clusters.enumerated() {
            let theta = angles[k]
            let u = Point(sin(theta), -cos(theta)), t = Point(cos(theta), sin(theta))
            let origin = Point(center.x + baseline * u.x - c.advance / 2 * condensing * size * t.x,
                               center.y + baseline * u.y - c.advance / 2 * condensing * size * t.y)
            let map = Transform(a: condensing * size * t.x, b: condensing * size * t.y, c: size * u.x, d: size * u.y, e: origin.x, f: origin.y)
            placed.append(Placed(transform: map, corners: SealGeometry.corners(c.box, map), angle: theta, baselineRadius: baseline))
        }
        return UpperArc(placed: placed, size: size, condensing: condensing, span: clusters.count > 1 ? span : 0,
                        endHalfAngle: max(halves.first!, halves.last!), gapOK: gapOK)
    }

    /// The number along the bottom, centred on six o'clock, read left to right, heads inward, its
    /// feet as far out as its boxes' outer corners allow.
    func lowerArc(_ clusters: [Cluster], size: Double, condensing: Double, limit: Double, center: Point) -> (placed: [Placed], halfSpan: Double) {
        let foot = clusters.map { $0.box.1 }.min()!  // negative: below the baseline, i.e. outward
        let halfWidth = clusters.map { max($0.advance / 2 - $0.box.0, $0.box.2 - $0.advance / 2) }.max()! * condensing * size
        let outer = (limit * limit - halfWidth * halfWidth).squareRoot()
        let baseline = outer + foot * size  // radius of the baseline
        // Spaced by advance along the baseline circle.
        let total = clusters.reduce(0) { $0 + $1.advance } * condensing * size
        var pen = -total / 2
        var placed: [Placed] = []
        for c in clusters {
            let mid = pen + c.advance * condensing * size / 2
            let phi = .pi - mid / baseline  // left of six o'clock first
            let position = Point(center.x + baseline * sin(phi), center.y - baseline * cos(phi))
            let u = Point(-sin(phi), cos(phi)), t = Point(-cos(phi), -sin(phi))
            let origin = Point(position.x - c.advance / 2 * condensing * size * t.x, position.y - c.advance / 2 * condensing * size * t.y)
            let map = Transform(a: condensing * size * t.x, b: condensing * size * t.y, c: size * u.x, d: size * u.y, e: origin.x, f: origin.y)
            placed.append(Placed(transform: map, corners: SealGeometry.corners(c.box, map), angle: phi, baselineRadius: baseline))
            pen += c.advance * condensing * size
        }
        let outerHalf = (total / 2) / baseline + atan(halfWidth / (baseline - size * 0.9))
        return (placed, outerHalf)
    }

    /// Straight text centred on the vertical axis, its em box's top at `top`.
    func straight(_ clusters: [Cluster], size: Double, condensing: Double, top: Double, center: Point) -> [Placed] {
        let total = clusters.reduce(0) { $0 + $1.advance } * condensing * size
        let boxTop = clusters.map { $0.box.3 }.max()!
        let baseline = top + boxTop * size
        var x = center.x - total / 2
        var placed: [Placed] = []
        for c in clusters {
            let map = Transform(a: condensing * size, b: 0, c: 0, d: -size, e: x, f: baseline)
            placed.append(Placed(transform: map, corners: SealGeometry.corners(c.box, map), angle: 0, baselineRadius: baseline - center.y))
            x += c.advance * condensing * size
        }
        return placed
    }

    // MARK: - Shapes

    /// A five-pointed star, one point up: ten vertices alternating between the outer radius and the
    /// inner one, r·sin 18° / sin 126° = 0.381966·r for a regular pentagram.
    static func star(center: Point, radius: Double) -> [Point] {
        let inner = radius * sin(.pi / 10) / sin(7 * .pi / 10)
        return (0..<10).map { k in
            let angle = Double(k) * .pi / 5
            let r = k % 2 == 0 ? radius : inner
            return Point(center.x + r * sin(angle), center.y - r * cos(angle))
        }
    }

    static func corners(_ box: (Double, Double, Double, Double), _ t: Transform) -> [Point] {
        [Point(box.0, box.1), Point(box.2, box.1), Point(box.2, box.3), Point(box.0, box.3)].map(t.apply)
    }

    /// The gap between two convex quadrilaterals: the largest separation along any edge normal
    /// (separating axis theorem), negative when they overlap.
    static func separation(_ a: [Point], _ b: [Point]) -> Double {
        var best = -Double.infinity
        for poly in [a, b] {
            for k in poly.indices {
                let p = poly[k], q = poly[(k + 1) % poly.count]
                var nx = q.y - p.y, ny = p.x - q.x
                let length = hypot(nx, ny)
                guard length > 0 else { continue }
                nx /= length; ny /= length
                let pa = a.map { $0.x * nx + $0.y * ny }, pb = b.map { $0.x * nx + $0.y * ny }
                best = max(best, pb.min()! - pa.max()!, pa.min()! - pb.max()!)
            }
        }
        return best
    }
}
