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

    func y(_ v: Double) -> Double { pageHeight - v }

    mutating func fillColor(_ c: Color) {
        if c.isGrey { numbers(c.red, op: "g") } else { numbers(c.red, c.green, c.blue, op: "rg") }
    }

    mutating func strokeColor(_ c: Color) {
        if c.isGrey { numbers(c.red, op: "G") } else { numbers(c.red, c.green, c.blue, op: "RG") }
    }

    mutating func path(_ path: Path) {
        for element in path.elements {
            switch element {
            case .move(let p): numbers(p.x, y(p.y), op: "m")
            case .line(let p): numbers(p.x, y(p.y), op: "l")
            case .cubic(let a, let b, let p): numbers(a.x, y(a.y), b.x, y(b.y), p.x, y(p.y), op: "c")
            case .close: op("h")
            }
        }
    }

    mutating func rectangle(_ r: Rect) {
        numbers(r.x, y(r.maxY), r.width, r.height, op: "re")
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
