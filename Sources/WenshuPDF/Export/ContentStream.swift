import WenshuPages

/// Builds a page content stream (ISO 32000-1 §8–9 operators) in page coordinates with y flipped:
/// the layout's y grows downwards from the top, PDF's upwards from the bottom.
struct ContentStream {
    var bytes: [UInt8] = []
    let pageHeight: Double

    init(pageHeight: Double) {
        self.pageHeight = pageHeight
        bytes.reserveCapacity(64 * 1024)
    }

    mutating func op(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(0x0A)
    }

    mutating func number(_ v: Double) {
        PDFNumber.append(v, to: &bytes)
        bytes.append(UInt8(ascii: " "))
    }

    mutating func numbers(_ vs: Double..., op name: String) {
        for v in vs { number(v) }
        op(name)
    }

    // One and two operands (Tf, Td, g, w) without the variadic form's array: a page writes hundreds.
    mutating func numbers(_ a: Double, op name: String) {
        number(a)
        op(name)
    }

    mutating func numbers(_ a: Double, _ b: Double, op name: String) {
        number(a)
        number(b)
        op(name)
    }

    func y(_ v: Double) -> Double { pageHeight - v }

    mutating func fillColor(_ c: Color) {
        if c.isGrey { numbers(c.red, op: "g") } else { numbers(c.red, c.green, c.blue, op: "rg") }
    }

    mutating func strokeColor(_ c: Color) {
        if c.isGrey { numbers(c.red, op: "G") } else { numbers(c.red, c.green, c.blue, op: "RG") }
    }

    /// Writes a path; an axis-aligned rectangle subpath (a QR code has hundreds) becomes one `re`.
    mutating func path(_ path: Path) {
        let elements = path.elements
        var k = 0
        while k < elements.count {
            if let r = ContentStream.rectangle(elements, at: k) {
                // From the top-left corner with a negative height: the same corners in the same
                // order as the elements, so the winding (and any nonzero fill) is unchanged.
                number(r.x); number(y(r.y)); number(r.width); number(-r.height)
                bytes.append(UInt8(ascii: "r")); bytes.append(UInt8(ascii: "e")); bytes.append(0x0A)
                k += 5
                continue
            }
            switch elements[k] {
            case .move(let p): point(p); operator2(UInt8(ascii: "m"))
            case .line(let p): point(p); operator2(UInt8(ascii: "l"))
            case .cubic(let a, let b, let p): point(a); point(b); point(p); operator2(UInt8(ascii: "c"))
            case .close: operator2(UInt8(ascii: "h"))
            }
            k += 1
        }
    }

    private mutating func point(_ p: Point) {
        number(p.x)
        number(y(p.y))
    }

    private mutating func operator2(_ name: UInt8) {
        bytes.append(name)
        bytes.append(0x0A)
    }

    /// The rectangle drawn by move, three lines and close starting at `k` (as `Path.addRect` makes
    /// them), if those elements are one: `re` draws the same subpath (§8.5.2.1).
    static func rectangle(_ e: [Path.Element], at k: Int) -> Rect? {
        guard k + 4 < e.count, case .move(let a) = e[k], case .line(let b) = e[k + 1], case .line(let c) = e[k + 2],
              case .line(let d) = e[k + 3], case .close = e[k + 4] else { return nil }
        guard a.y == b.y, b.x == c.x, c.y == d.y, d.x == a.x, b.x > a.x, c.y > b.y else { return nil }
        return Rect(x: a.x, y: a.y, width: b.x - a.x, height: c.y - b.y)
    }

    mutating func rectangle(_ r: Rect) {
        number(r.x); number(y(r.maxY)); number(r.width); number(r.height)
        bytes.append(UInt8(ascii: "r")); bytes.append(UInt8(ascii: "e")); bytes.append(0x0A)
    }

    mutating func stroke(_ s: Stroke) {
        strokeColor(s.color)
        numbers(s.width, op: "w")
        if !s.dash.isEmpty {
            bytes.append(UInt8(ascii: "["))
            for (k, d) in s.dash.enumerated() {
                if k > 0 { bytes.append(UInt8(ascii: " ")) }
                PDFNumber.append(d, to: &bytes)
            }
            op("] 0 d")
        }
        switch s.cap { case .butt: break; case .round: op("1 J"); case .square: op("2 J") }
        switch s.join { case .miter: break; case .round: op("1 j"); case .bevel: op("2 j") }
    }

    /// The layout transform conjugated by the y flip: F·T·F with F(x, y) = (x, H − y).
    mutating func concat(_ t: Transform) {
        let h = pageHeight
        numbers(t.a, -t.b, -t.c, t.d, t.e + t.c * h, h - t.f - t.d * h, op: "cm")
    }
}
