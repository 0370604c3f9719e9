import Foundation
import WenshuDiagnostics
import WenshuDocument
import WenshuImage
import WenshuPages
import WenshuText

extension LayoutContext {
    /// A seal `diameter` points square, placed by its alignment: drawn (ring, arc text, star, name,
    /// number) or the insurer's image. One ``SealItem``, so the PDF writes it as one form XObject.
    ///
    /// The lettering is shaped with the text stage (fallback per cluster, a missing glyph is an
    /// error at the span's template line and data path) and drawn as filled outlines, not as text:
    /// a seal is decoration, and glyphs rotated around a circle would come out of `pdftotext` or a
    /// copy as stray characters between the document's lines. The company name is printed in the
    /// document's text already; the seal keeps nothing in the text layer.
    mutating func seal(_ block: SealBlock, width: Double, at location: SourceLocation) -> Fragment? {
        let d = min(block.diameter, width)
        guard d > 0 else {
            fail(DiagnosticError("seal size must be positive", at: location.description))
            return nil
        }
        let x0 = alignedX(d, in: width, block.alignment)
        let drawing: SealDrawing
        switch block.appearance {
        case .image(let data):
            let asset: ImageAsset
            do {
                asset = try engine.images.decode(data)
            } catch {
                fail(DiagnosticError("seal image does not decode: \(error)", at: location.description))
                return nil
            }
            drawing = SealDrawing(items: [.image(placed(asset, in: Rect(x: 0, y: 0, width: d, height: d), fit: .contain, source: location))])
        case .drawn(let lettering):
            guard let drawn = drawnSeal(lettering, diameter: d, color: color(block.color), at: location) else { return nil }
            drawing = drawn
        }
        let item = SealItem(frame: Rect(x: x0, y: 0, width: d, height: d), opacity: block.opacity, drawing: drawing, source: location)
        return Fragment(height: d, items: [.seal(item)])
    }

    /// The drawn seal's items in its own square: the ring stroked, then one filled path holding the
    /// star and every character's outline (nonzero winding; no two shapes overlap).
    private mutating func drawnSeal(_ lettering: SealBlock.Lettering, diameter: Double, color: Color, at location: SourceLocation) -> SealDrawing? {
        let key = SealCache.Key(company: lettering.company.text, name: lettering.name?.text ?? "",
                                number: lettering.number?.text ?? "", diameter: diameter, color: color)
        if let hit = engine.seals.get(key) { return hit }

        let style = TextStyle(family: SealLettering.family, weight: SealLettering.weight, size: 1)
        var failed = false
        func measure(_ span: Span?) -> [SealLettering.Cluster] {
            guard let span, !span.text.isEmpty else { return [] }
            do {
                return SealLettering.clusters(try engine.text.shape([TextSpan(span.text, style: style)]))
            } catch {
                fail(.missingGlyph(error, at: span.location))
                failed = true
                return []
            }
        }
        let company = measure(lettering.company), name = measure(lettering.name), number = measure(lettering.number)
        if failed { return nil }
        guard !company.isEmpty else {
            fail(DiagnosticError("a drawn seal needs the company name", at: lettering.company.location.description))
            return nil
        }

        var geometry = SealGeometry()
        if let primary = engine.fonts.font(family: SealLettering.family, weight: SealLettering.weight) {
            geometry.ascender = Double(primary.ascender) / Double(primary.unitsPerEm)
            geometry.descender = -Double(primary.descender) / Double(primary.unitsPerEm)
        }
        let layout: SealGeometry.Layout
        do {
            layout = try geometry.layout(diameter: diameter, company: company.map { $0.measured(geometry) },
                                         name: name.map { $0.measured(geometry) }, number: number.map { $0.measured(geometry) })
        } catch {
            fail(SealLettering.diagnostic(error, lettering: lettering, diameter: diameter))
            return nil
        }

        var ring = Path()
        let r = layout.outerRadius - layout.ringWidth / 2
        ring.addEllipse(in: Rect(x: layout.center.x - r, y: layout.center.y - r, width: 2 * r, height: 2 * r))
        var ink = Path()
        ink.move(to: layout.star[0])
        for p in layout.star.dropFirst() { ink.line(to: p) }
        ink.close()
        for (clusters, placed) in [(company, layout.company), (name, layout.name), (number, layout.number)] {
            for (cluster, place) in zip(clusters, placed) { cluster.draw(under: place.transform, into: &ink) }
        }
        let drawing = SealDrawing(items: [
            .path(PathItem(path: ring, stroke: Stroke(color: color, width: layout.ringWidth))),
            .path(PathItem(path: ink, fill: color)),
        ])
        engine.seals.put(key, drawing, cost: SealCache.cost(drawing))
        return drawing
    }
}

/// The seal's lettering: typeface, clusters measured from shaped glyphs, outlines placed.
enum SealLettering {
    /// Song/Ming (宋体) is the face of Chinese official seals; Noto Serif CJK is the project's Song
    /// face, in bold for the weight of a stamped impression.
    static let family = "serif"
    static let weight = 700

    struct Glyph {
        var font: Font
        var id: UInt32
        /// Pen position from the cluster's start, and the shaper's offsets, em.
        var x: Double
        var yOffset: Double
    }

    /// One character: its glyphs and pen advance (em, shaped at size 1).
    struct Cluster {
        var glyphs: [Glyph]
        var advance: Double

        /// Advance and the box to keep clear: the em box joined with the outlines' bounds.
        func measured(_ geometry: SealGeometry) -> SealGeometry.Cluster {
            var box = (0.0, -geometry.descender, advance, geometry.ascender)
            for g in glyphs {
                guard let b = g.font.outline(of: g.id).bounds else { continue }
                let scale = 1 / Double(g.font.unitsPerEm)
                box = (min(box.0, g.x + b.0 * scale), min(box.1, g.yOffset + b.1 * scale),
                       max(box.2, g.x + b.2 * scale), max(box.3, g.yOffset + b.3 * scale))
            }
            return SealGeometry.Cluster(advance: advance, box: box)
        }

        /// Appends the cluster's outlines mapped by `t` (from em space), rounded to 1/100 pt: far
        /// below a device pixel, and it keeps the form's content short.
        func draw(under t: Transform, into path: inout Path) {
            for g in glyphs {
                let scale = 1 / Double(g.font.unitsPerEm)
                func map(_ x: Double, _ y: Double) -> Point {
                    let p = t.apply(Point(g.x + x * scale, g.yOffset + y * scale))
                    return Point((p.x * 100).rounded() / 100, (p.y * 100).rounded() / 100)
                }
                for e in g.font.outline(of: g.id).elements {
                    switch e {
                    case .move(let x, let y): path.move(to: map(x, y))
                    case .line(let x, let y): path.line(to: map(x, y))
                    case .cubic(let x1, let y1, let x2, let y2, let x, let y): path.curve(map(x1, y1), map(x2, y2), to: map(x, y))
                    case .close: path.close()
                    }
                }
            }
        }
    }

    /// Shaped glyphs (size 1) grouped into clusters: a cluster starts at each glyph carrying text.
    static func clusters(_ glyphs: [ShapedGlyph]) -> [Cluster] {
        var result: [Cluster] = []
        for g in glyphs {
            if !g.text.isEmpty || result.isEmpty { result.append(Cluster(glyphs: [], advance: 0)) }
            let k = result.count - 1
            result[k].glyphs.append(Glyph(font: g.font, id: g.glyphID, x: result[k].advance + g.xOffset, yOffset: g.yOffset))
            result[k].advance += g.advance
        }
        return result
    }

    static func diagnostic(_ failure: SealGeometry.Failure, lettering: SealBlock.Lettering, diameter: Double) -> DiagnosticError {
        let mm = String(format: "%.0f", diameter * 25.4 / 72)
        switch failure {
        case .companyTooLong(let n):
            return DiagnosticError("company name \"\(lettering.company.text)\" (\(n) characters) does not fit along the arc of a \(mm) mm seal",
                                   at: lettering.company.location.description,
                                   hints: ["names of up to about 24 characters fit a 42 mm seal; use the short registered name or a larger size"])
        case .nameTooLong(let n):
            let at = lettering.name?.location ?? lettering.company.location
            return DiagnosticError("seal name \"\(lettering.name?.text ?? "")\" (\(n) characters) does not fit under the star of a \(mm) mm seal",
                                   at: at.description, hints: ["seal names are short, e.g. 电子保单专用章 or 合同专用章"])
        case .numberTooLong(let n):
            let at = lettering.number?.location ?? lettering.company.location
            return DiagnosticError("seal number \"\(lettering.number?.text ?? "")\" (\(n) characters) does not fit along the lower arc of a \(mm) mm seal",
                                   at: at.description)
        case .crowded(let problem):
            return DiagnosticError("the seal's lettering does not fit a \(mm) mm seal: \(problem)", at: lettering.company.location.description,
                                   hints: ["shorten the company name, the seal name or the number, or use a larger size"])
        case .empty:
            return DiagnosticError("a drawn seal needs the company name", at: lettering.company.location.description)
        }
    }
}

/// Drawn seals by their lettering, size and colour: the key of the font book's `seals` cache
/// (``RenderCaches``). Every document of a batch carries the same seal, and shaping, fitting and
/// outlining it once per book is the whole cost. Handing out the same drawing also lets the PDF
/// backend reuse the seal's compressed form content.
enum SealCache {
    struct Key: Hashable {
        var company: String
        var name: String
        var number: String
        var diameter: Double
        var color: Color
    }

    /// Bytes a drawing holds, estimated from its path elements (about 56 bytes each).
    static func cost(_ drawing: SealDrawing) -> Int {
        var bytes = 256
        for item in drawing.items { if case .path(let p) = item { bytes += p.path.elements.count * 56 } }
        return bytes
    }
}
