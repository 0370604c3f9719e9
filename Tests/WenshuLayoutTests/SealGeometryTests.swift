import Foundation
import Testing
import WenshuPages
@testable import WenshuLayout

/// The seal's geometry on measured text (no fonts): where each character of the company name, the
/// seal's name and the number lands, and that no part meets another, the star or the ring.
@Suite struct SealGeometryTests {
    /// A 42 mm seal in points.
    static let diameter = 42 * 72 / 25.4
    /// A CJK character: one em wide, the em box of Noto CJK (0.12 below the baseline, 0.88 above).
    static let ideograph = SealGeometry.Cluster(advance: 1, box: (0, -0.12, 1, 0.88))
    static let digit = SealGeometry.Cluster(advance: 0.55, box: (0.03, -0.12, 0.52, 0.88))

    static func clusters(_ n: Int) -> [SealGeometry.Cluster] { Array(repeating: ideograph, count: n) }

    /// The midpoint of a placed cluster's baseline, in seal coordinates.
    static func baselineMidpoint(_ p: SealGeometry.Placed, advance: Double = 1) -> Point {
        p.transform.apply(Point(advance / 2, 0))
    }

    @Test(arguments: [6, 8, 10, 12, 14, 17, 20])
    func companyNameSitsOnOneArcMirroredAboutTheVerticalAxis(characters n: Int) throws {
        let layout = try SealGeometry().layout(diameter: Self.diameter, company: Self.clusters(n), name: [], number: [])
        let c = layout.center
        #expect(layout.company.count == n)
        let radius = layout.company[0].baselineRadius
        for (k, p) in layout.company.enumerated() {
            // On the arc: the baseline's midpoint is `radius` from the centre, at the cluster's angle.
            let m = Self.baselineMidpoint(p)
            #expect(abs(hypot(m.x - c.x, m.y - c.y) - radius) < 1e-9, "character \(k + 1) is off the arc")
            #expect(abs(atan2(m.x - c.x, c.y - m.y) - p.angle) < 1e-9, "character \(k + 1) is not at its angle")
            #expect(p.baselineRadius == radius)
            // Upright towards the centre: its "up" (em y) points straight out along the radius, its
            // writing direction (em x) along the clockwise tangent.
            let up = Point(p.transform.c, p.transform.d), along = Point(p.transform.a, p.transform.b)
            let outward = Point((m.x - c.x) / radius, (m.y - c.y) / radius)
            #expect(abs((up.x * outward.x + up.y * outward.y) / hypot(up.x, up.y) - 1) < 1e-9, "character \(k + 1) does not face out")
            #expect(abs(along.x * outward.x + along.y * outward.y) < 1e-9)
            #expect(along.x * outward.y - along.y * outward.x < 0, "character \(k + 1) runs anticlockwise")
            // Mirror image of its partner across the vertical axis.
            let partner = layout.company[n - 1 - k]
            #expect(abs(p.angle + partner.angle) < 1e-9, "angles \(p.angle), \(partner.angle) are not symmetric")
            let pm = Self.baselineMidpoint(partner)
            #expect(abs((m.x - c.x) + (pm.x - c.x)) < 1e-9 && abs(m.y - pm.y) < 1e-9)
        }
        // Clockwise from lower left to lower right: angles increase, the first and last characters
        // stand below the horizontal through the centre for names of eight or more characters.
        #expect(zip(layout.company, layout.company.dropFirst()).allSatisfy { $0.angle < $1.angle })
        let first = Self.baselineMidpoint(layout.company[0]), last = Self.baselineMidpoint(layout.company[n - 1])
        #expect(first.x < c.x && last.x > c.x)
        if n >= 8 { #expect(first.y > c.y && last.y > c.y, "a long name starts at the lower left") }
        // A sensible span: more than a half circle, less than the whole ring; condensing within bounds.
        let degrees = layout.companySpan * 180 / .pi
        #expect(degrees > 180 && degrees < 300, "span \(degrees)°")
        #expect(layout.companyCondensing >= 0.5 && layout.companyCondensing <= 1)
        #expect(layout.problems(clearance: 0.035 * layout.outerRadius, ringGap: 0.05 * layout.outerRadius).isEmpty)
    }

    @Test func longerNamesSpanMoreOfTheArcAndCondenseBeforeTheyShrink() throws {
        let seals = try [6, 12, 16, 20].map { try SealGeometry().layout(diameter: Self.diameter, company: Self.clusters($0), name: [], number: []) }
        #expect(zip(seals, seals.dropFirst()).allSatisfy { $0.companySpan < $1.companySpan }, "\(seals.map(\.companySpan))")
        #expect(seals[0].companyCondensing == 1 && seals[1].companyCondensing >= 0.75 && seals[1].companySize == seals[0].companySize)
        // Sixteen characters keep the full size, condensed; twenty shrink a little as well.
        #expect(seals[2].companyCondensing < 1 && seals[2].companySize == seals[0].companySize)
        #expect(seals[3].companySize < seals[0].companySize && seals[3].companySize >= 0.85 * seals[0].companySize)
    }

    @Test(arguments: [6, 12, 20])
    func nothingOverlapsTheStarAndNothingTouchesTheRing(characters n: Int) throws {
        let number = Array(repeating: Self.digit, count: 13)
        let layout = try SealGeometry().layout(diameter: Self.diameter, company: Self.clusters(n), name: Self.clusters(7), number: number)
        let c = layout.center
        let star = layout.starBox
        let starQuad = [Point(star.x, star.y), Point(star.maxX, star.y), Point(star.maxX, star.maxY), Point(star.x, star.maxY)]
        let ringInside = layout.ringInnerRadius
        let parts = [layout.company, layout.name, layout.number]
        let all = parts.flatMap { $0 }
        #expect(layout.name.count == 7 && layout.number.count == 13)
        for (k, p) in all.enumerated() {
            #expect(SealGeometry.separation(p.corners, starQuad) > 0, "box \(k) meets the star's box")
            let far = p.corners.map { hypot($0.x - c.x, $0.y - c.y) }.max()!
            #expect(far < ringInside - 0.04 * layout.outerRadius, "box \(k) comes within \(ringInside - far) pt of the ring")
        }
        // Characters on an arc keep apart; the straight name is set solid (its em boxes abut);
        // different parts never meet.
        for arc in [layout.company, layout.number] {
            for (p, q) in zip(arc, arc.dropFirst()) { #expect(SealGeometry.separation(p.corners, q.corners) > 0) }
        }
        for (i, a) in parts.enumerated() {
            for b in parts[(i + 1)...] {
                for p in a { for q in b { #expect(SealGeometry.separation(p.corners, q.corners) > 0) } }
            }
        }
        #expect(layout.problems(clearance: 0.035 * layout.outerRadius, ringGap: 0.05 * layout.outerRadius).isEmpty)
        // The seal's name is straight, centred under the star.
        let nameTop = layout.name.flatMap(\.corners).map(\.y).min()!
        #expect(nameTop > star.maxY)
        let xs = layout.name.flatMap(\.corners).map(\.x)
        #expect(abs((xs.min()! + xs.max()!) / 2 - c.x) < 1e-9)
        #expect(layout.name.allSatisfy { $0.transform.b == 0 && $0.transform.c == 0 && $0.transform.d < 0 })
        // The number reads left to right along the bottom, heads towards the centre, centred on six o'clock.
        for (k, p) in layout.number.enumerated() {
            let m = Self.baselineMidpoint(p, advance: 0.67)
            #expect(m.y > c.y + 0.6 * layout.outerRadius)
            #expect(abs(p.angle + layout.number[12 - k].angle - 2 * .pi) < 1e-9)
            let up = Point(p.transform.c, p.transform.d)
            #expect(up.x * (m.x - c.x) + up.y * (m.y - c.y) < 0, "number character \(k + 1) does not face the centre")
        }
        #expect(zip(layout.number, layout.number.dropFirst()).allSatisfy { Self.baselineMidpoint($0, advance: 0.67).x < Self.baselineMidpoint($1, advance: 0.67).x })
    }

    @Test func theStarIsARegularPentagramPointUp() {
        let c = Point(50, 50)
        let star = SealGeometry.star(center: c, radius: 20)
        #expect(star.count == 10)
        #expect(abs(star[0].x - 50) < 1e-12 && abs(star[0].y - 30) < 1e-12)
        for (k, p) in star.enumerated() {
            let r = hypot(p.x - c.x, p.y - c.y)
            #expect(abs(r - (k % 2 == 0 ? 20 : 20 * 0.381966)) < 1e-4)
        }
        // Mirror symmetric about the vertical axis.
        for k in 1..<5 { #expect(abs((star[k].x - 50) + (star[10 - k].x - 50)) < 1e-9 && abs(star[k].y - star[10 - k].y) < 1e-9) }
    }

    @Test func aNameTooLongForTheSealIsRefused() {
        #expect(throws: SealGeometry.Failure.companyTooLong(clusters: 60)) {
            try SealGeometry().layout(diameter: Self.diameter, company: Self.clusters(60), name: [], number: [])
        }
        #expect(throws: SealGeometry.Failure.nameTooLong(clusters: 30)) {
            try SealGeometry().layout(diameter: Self.diameter, company: Self.clusters(12), name: Self.clusters(30), number: [])
        }
        #expect(throws: SealGeometry.Failure.numberTooLong(clusters: 60)) {
            try SealGeometry().layout(diameter: Self.diameter, company: Self.clusters(12), name: [], number: Array(repeating: Self.digit, count: 60))
        }
    }

    @Test func separationOfBoxes() {
        let a = [Point(0, 0), Point(10, 0), Point(10, 10), Point(0, 10)]
        #expect(abs(SealGeometry.separation(a, a.map { Point($0.x + 12, $0.y) }) - 2) < 1e-12)
        #expect(SealGeometry.separation(a, a.map { Point($0.x + 5, $0.y + 5) }) < 0)
        // A diamond near the square's corner but clear of it.
        let diamond = [Point(12, 11), Point(13, 12), Point(12, 13), Point(11, 12)]
        #expect(SealGeometry.separation(a, diamond) > 0)
    }
}
