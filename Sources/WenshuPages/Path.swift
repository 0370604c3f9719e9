/// A vector outline made of lines and cubic Bézier curves, in page coordinates.
public struct Path: Sendable, Hashable {
    public enum Element: Sendable, Hashable {
        case move(Point)
        case line(Point)
        case cubic(Point, Point, Point)
        case close
    }

    public var elements: [Element] = []
    public init(_ elements: [Element] = []) { self.elements = elements }

    public mutating func move(to p: Point) { elements.append(.move(p)) }
    public mutating func line(to p: Point) { elements.append(.line(p)) }
    public mutating func curve(_ c1: Point, _ c2: Point, to p: Point) { elements.append(.cubic(c1, c2, p)) }
    public mutating func close() { elements.append(.close) }

    public mutating func addRect(_ r: Rect) {
        move(to: Point(r.x, r.y)); line(to: Point(r.maxX, r.y)); line(to: Point(r.maxX, r.maxY)); line(to: Point(r.x, r.maxY)); close()
    }

    /// Circular-arc corners approximated by cubics (control distance 0.5523 of the radius).
    public mutating func addRoundedRect(_ r: Rect, radius: Double) {
        let radius = min(radius, r.width / 2, r.height / 2)
        guard radius > 0 else { addRect(r); return }
        let k = 0.5522847498 * radius
        move(to: Point(r.x + radius, r.y))
        line(to: Point(r.maxX - radius, r.y))
        curve(Point(r.maxX - radius + k, r.y), Point(r.maxX, r.y + radius - k), to: Point(r.maxX, r.y + radius))
        line(to: Point(r.maxX, r.maxY - radius))
        curve(Point(r.maxX, r.maxY - radius + k), Point(r.maxX - radius + k, r.maxY), to: Point(r.maxX - radius, r.maxY))
        line(to: Point(r.x + radius, r.maxY))
        curve(Point(r.x + radius - k, r.maxY), Point(r.x, r.maxY - radius + k), to: Point(r.x, r.maxY - radius))
        line(to: Point(r.x, r.y + radius))
        curve(Point(r.x, r.y + radius - k), Point(r.x + radius - k, r.y), to: Point(r.x + radius, r.y))
        close()
    }

    public mutating func addEllipse(in r: Rect) {
        let kx = 0.5522847498 * r.width / 2, ky = 0.5522847498 * r.height / 2
        let cx = r.x + r.width / 2, cy = r.y + r.height / 2
        move(to: Point(r.maxX, cy))
        curve(Point(r.maxX, cy + ky), Point(cx + kx, r.maxY), to: Point(cx, r.maxY))
        curve(Point(cx - kx, r.maxY), Point(r.x, cy + ky), to: Point(r.x, cy))
        curve(Point(r.x, cy - ky), Point(cx - kx, r.y), to: Point(cx, r.y))
        curve(Point(cx + kx, r.y), Point(r.maxX, cy - ky), to: Point(r.maxX, cy))
        close()
    }

    public var isEmpty: Bool { elements.isEmpty }
}

public struct Stroke: Sendable, Hashable {
    public enum Cap: Sendable, Hashable { case butt, round, square }
    public enum Join: Sendable, Hashable { case miter, round, bevel }
    public var color: Color
    public var width: Double
    /// Dash and gap lengths in points; empty for a solid line.
    public var dash: [Double]
    public var cap: Cap
    public var join: Join
    public init(color: Color = .black, width: Double = 0.5, dash: [Double] = [], cap: Cap = .butt, join: Join = .miter) {
        self.color = color; self.width = width; self.dash = dash; self.cap = cap; self.join = join
    }
}

extension Path {
    /// The same lines with touching or overlapping horizontal and vertical segments joined into one
    /// each: a table's borders come cell by cell, but a row's top edge is one line.
    ///
    /// Stroked with butt, round or square caps and no dash, the joined path covers exactly what the
    /// pieces covered (one path is painted once, so overlaps do not darken). Returns the path
    /// unchanged unless it is made only of single-segment subpaths.
    public func joiningAxisAlignedSegments() -> Path {
        // Horizontal segments (axis 0, at y) sort before vertical ones (axis 1, at x); then by line and start.
        struct Segment { var axis: Int; var at: Double; var from: Double; var to: Double }
        var segments: [Segment] = []
        segments.reserveCapacity(elements.count / 2)
        var other: [(Point, Point)] = []
        var k = 0
        while k < elements.count {
            guard k + 1 < elements.count, case .move(let a) = elements[k], case .line(let b) = elements[k + 1] else { return self }
            if a.y == b.y { segments.append(Segment(axis: 0, at: a.y, from: min(a.x, b.x), to: max(a.x, b.x))) }
            else if a.x == b.x { segments.append(Segment(axis: 1, at: a.x, from: min(a.y, b.y), to: max(a.y, b.y))) }
            else { other.append((a, b)) }
            k += 2
        }
        segments.sort { a, b in
            if a.axis != b.axis { return a.axis < b.axis }
            if a.at != b.at { return a.at < b.at }
            return a.from < b.from
        }
        var joined = Path()
        joined.elements.reserveCapacity(elements.count)
        func emit(_ s: Segment) {
            if s.axis == 0 { joined.move(to: Point(s.from, s.at)); joined.line(to: Point(s.to, s.at)) }
            else { joined.move(to: Point(s.at, s.from)); joined.line(to: Point(s.at, s.to)) }
        }
        var current: Segment?
        for segment in segments {
            if var c = current, c.axis == segment.axis, c.at == segment.at, segment.from <= c.to {
                c.to = max(c.to, segment.to)
                current = c
            } else {
                if let c = current { emit(c) }
                current = segment
            }
        }
        if let c = current { emit(c) }
        for (a, b) in other { joined.move(to: a); joined.line(to: b) }
        return joined
    }
}
