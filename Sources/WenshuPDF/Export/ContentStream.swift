import WenshuPages

/// Builds a page content stream (ISO 32000-1 §8–9 operators) in page coordinates with y flipped:
/// the layout's y grows downwards from the top, PDF's upwards from the bottom.
struct ContentStream {
    /// The stream is `storage[..<length]`; the rest is room, never read. A page writes thousands of
    /// numbers and operators: writing each into room made once (`write(upTo:_:)`) replaced an
    /// `Array.append` per byte, each checking the array's uniqueness and capacity.
    private var storage: [UInt8]
    private var length = 0
    let pageHeight: Double

    init(pageHeight: Double) {
        self.pageHeight = pageHeight
        storage = ContentStream.room(64 * 1024)
    }

    /// The stream's bytes.
    var bytes: [UInt8] { Array(storage[..<length]) }

    /// Bytes to write into, not zeroed: only `storage[..<length]` is ever read.
    private static func room(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// Lets `body` write at most `count` bytes at the end; it returns how many it wrote.
    @inline(__always)
    mutating func write(upTo count: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if length + count > storage.count {
            var grown = ContentStream.room(max(storage.count * 2, length + count))
            let kept = length
            grown.withUnsafeMutableBufferPointer { to in storage.withUnsafeBufferPointer { from in to.baseAddress!.update(from: from.baseAddress!, count: kept) } }
            storage = grown
        }
        let start = length
        length += storage.withUnsafeMutableBufferPointer { body($0.baseAddress! + start) }
    }

    mutating func append(_ byte: UInt8) {
        write(upTo: 1) { p in p.pointee = byte; return 1 }
    }

    mutating func append(contentsOf source: UnsafeRawBufferPointer) {
        guard let from = source.baseAddress, !source.isEmpty else { return }
        write(upTo: source.count) { p in UnsafeMutableRawPointer(p).copyMemory(from: from, byteCount: source.count); return source.count }
    }

    mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBytes { append(contentsOf: $0) }
    }

    mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: UnsafeRawBufferPointer($0)) }
    }

    mutating func op(_ text: String) {
        append(utf8: text)
        append(0x0A)
    }

    mutating func number(_ v: Double) {
        write(upTo: PDFNumber.maximumLength + 1) { p in
            let n = PDFNumber.write(v, to: p)
            p[n] = UInt8(ascii: " ")
            return n + 1
        }
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
                operator3(UInt8(ascii: "r"), UInt8(ascii: "e"))
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

    /// A one-letter operator and its newline.
    private mutating func operator2(_ name: UInt8) {
        write(upTo: 2) { p in p[0] = name; p[1] = 0x0A; return 2 }
    }

    /// A two-letter operator and its newline.
    private mutating func operator3(_ first: UInt8, _ second: UInt8) {
        write(upTo: 3) { p in p[0] = first; p[1] = second; p[2] = 0x0A; return 3 }
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
        operator3(UInt8(ascii: "r"), UInt8(ascii: "e"))
    }

    mutating func stroke(_ s: Stroke) {
        strokeColor(s.color)
        numbers(s.width, op: "w")
        if !s.dash.isEmpty {
            append(UInt8(ascii: "["))
            for (k, d) in s.dash.enumerated() {
                if k > 0 { append(UInt8(ascii: " ")) }
                write(upTo: PDFNumber.maximumLength) { PDFNumber.write(d, to: $0) }
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
