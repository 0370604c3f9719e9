import Foundation
import WenshuDiagnostics
import WenshuDocument
import WenshuPages
import WenshuText

extension LayoutContext {
    /// A paragraph as one fragment per line, with widow and orphan control: its first two lines stay
    /// together, and so do its last two.
    mutating func paragraph(_ p: Paragraph, width: Double, at location: SourceLocation, numbers: PageNumbers?) -> [Fragment] {
        var lines: [Fragment]
        do {
            lines = try textLines(p.spans, properties: p.properties, width: width, at: location, numbers: numbers)
        } catch {
            fail(error)
            return []
        }
        if lines.count >= 2 && lines.count <= 3 {
            for k in lines.indices.dropLast() { lines[k].keepWithNext = true }
        } else if lines.count >= 4 {
            lines[0].keepWithNext = true
            lines[lines.count - 2].keepWithNext = true
        }
        if p.keepWithNext, !lines.isEmpty { lines[lines.count - 1].keepWithNext = true }
        return lines
    }

    /// Shapes, breaks and positions spans; one fragment per line.
    ///
    /// A figure wider than `width` (an amount in a narrow cell) is never broken inside: the
    /// paragraph is set again at the size that makes it fit, down to the floor (`minSize`, else
    /// 6 pt), and fails with `LAYOUT_OVERFLOW` naming the place when even that is too wide.
    /// - Throws: a diagnostic at the span's (or block's) location for a character no font has, or
    ///   for a figure that does not fit.
    func textLines(_ spans: [Span], properties: TextProperties, width: Double, at location: SourceLocation,
                   numbers: PageNumbers?) throws(DiagnosticError) -> [Fragment] {
        var scale = 1.0
        let paragraphStyle = properties.resolved(over: base)
        let size = paragraphStyle.size!
        let floorScale = min(1, (paragraphStyle.minSize ?? 6) / size)
        while true {
            let (fragments, overflow) = try textLines(spans, properties: properties, scale: scale, width: width, at: location, numbers: numbers)
            guard let overflow else { return fragments }
            if scale <= floorScale + 1e-9 {
                let place = overflow.location == .unknown ? location : overflow.location
                throw DiagnosticError(
                    "figure '\(overflow.figure)' is \(points(overflow.width)) pt wide at the floor size \(points(size * scale)) pt, wider than its \(points(width)) pt cell",
                    at: place.description, code: Diagnostic.Code.layoutOverflow,
                    hints: ["widen the column or shorten the figure; a number is never broken across lines"])
            }
            // Widths scale with the size: one step to the size that fits (a hair under), or the floor.
            scale = max(min(scale * width / overflow.width * 0.995, scale * 0.98), floorScale)
        }
    }

    private func points(_ v: Double) -> String { String((v * 10).rounded() / 10) }

    /// A paragraph's spans with their styles resolved at `scale`: what the text engine shapes and what
    /// the cache keys hold.
    func prepare(_ spans: [Span], properties: TextProperties, scale: Double, numbers: PageNumbers?) -> PreparedSpans {
        let paragraphStyle = properties.resolved(over: base)
        var resolved: [TextProperties] = []
        var textSpans: [TextSpan] = []
        resolved.reserveCapacity(spans.count)
        textSpans.reserveCapacity(spans.count)
        for (index, span) in spans.enumerated() {
            let style = span.properties.resolved(over: paragraphStyle)
            var text = span.text
            switch span.kind {
            case .text: break
            case .pageNumber: text = numbers.map { String($0.page) } ?? "0"
            case .pageCount: text = numbers.map { String($0.count) } ?? "0"
            }
            var scaled = style
            scaled.size = style.size! * scale
            resolved.append(scaled)
            textSpans.append(TextSpan(text, style: TextStyle(family: style.family!, weight: style.weight!, size: scaled.size!,
                                                           letterSpacing: style.letterSpacing!,
                                                           compressPunctuation: style.compressPunctuation ?? true,
                                                           cjkLatinSpacing: style.cjkLatinSpacing ?? true), tag: index))
        }
        return PreparedSpans(paragraphStyle: paragraphStyle, resolved: resolved, textSpans: textSpans,
                             alignment: TextAlignment(paragraphStyle.alignment ?? .left))
    }

    private struct Overflow { var figure: String; var width: Double; var location: SourceLocation }

    private func textLines(_ spans: [Span], properties: TextProperties, scale: Double, width: Double, at location: SourceLocation,
                           numbers: PageNumbers?) throws(DiagnosticError) -> ([Fragment], Overflow?) {
        let prepared = prepare(spans, properties: properties, scale: scale, numbers: numbers)
        let paragraphStyle = prepared.paragraphStyle, resolved = prepared.resolved
        let textSpans = prepared.textSpans, alignment = prepared.alignment
        let key = LineFragmentCache.Key(prepared, sources: spans, width: width, location: location)
        if let cached = engine.positionedLines.get(key) { return (cached, nil) }
        let lines: [TextLine]
        do {
            lines = try engine.text.lines(textSpans, width: width, alignment: alignment)
        } catch {
            let spanIndex = spanContaining(offset: error.offset, in: spans)
            let place = spanIndex.map { spans[$0].location == .unknown ? location : spans[$0].location } ?? location
            throw .missingGlyph(error, at: place)
        }
        if let line = lines.first(where: { $0.overflowingFigure != nil }) {
            let span = line.glyphs.first.map { spans[$0.glyph.span].location } ?? location
            return ([], Overflow(figure: line.overflowingFigure!, width: line.width, location: span))
        }
        let fragments = positionedLines(lines, spans, styles: resolved, paragraphStyle: paragraphStyle, at: location)
        engine.positionedLines.put(key, fragments, cost: LineFragmentCache.cost(keyBytes: key.byteCount, fragments))
        return (fragments, nil)
    }

    private func positionedLines(_ lines: [TextLine], _ spans: [Span], styles resolved: [TextProperties], paragraphStyle: TextProperties,
                                 at location: SourceLocation) -> [Fragment] {
        if lines.isEmpty {
            // An empty paragraph still takes one line, so blank values do not collapse the layout.
            let size = resolved.first?.size ?? paragraphStyle.size!
            var fragment = Fragment(height: size * paragraphStyle.lineHeight!)
            fragment.location = location
            return [fragment]
        }
        var fragments: [Fragment] = []
        fragments.reserveCapacity(lines.count)
        for line in lines {
            let lineHeight = max(line.fontSize * paragraphStyle.lineHeight!, line.ascent + line.descent)
            let baseline = (lineHeight - line.ascent - line.descent) / 2 + line.ascent
            var fragment = Fragment(height: lineHeight)
            fragment.items = runs(line, baseline: baseline, styles: resolved, spans: spans, location: location)
            // The block's place, as `fragments(_:)` would set it on every use (the key holds it).
            fragment.location = location
            fragments.append(fragment)
        }
        return fragments
    }

    private func spanContaining(offset: Int, in spans: [Span]) -> Int? {
        var start = 0
        for (k, span) in spans.enumerated() {
            let length = span.text.utf16.count
            if offset < start + length { return k }
            start += length
        }
        return nil
    }

    /// Glyphs of one line grouped into runs of one font, size and colour, plus underlines and links.
    private func runs(_ line: TextLine, baseline: Double, styles: [TextProperties], spans: [Span], location: SourceLocation) -> [PageItem] {
        var items: [PageItem] = []
        var decorations: [PageItem] = []
        var run: OpenRun?
        var runGlyphs: [PlacedGlyph] = []
        var runSpan = -1
        var spanStart = 0.0
        var spanEnd = 0.0

        func flushDecorations(span: Int) {
            guard span >= 0, spanEnd > spanStart else { return }
            let style = styles[span]
            if style.underline == true {
                let size = style.size!
                var path = Path()
                path.move(to: Point(spanStart, baseline + size * 0.12))
                path.line(to: Point(spanEnd, baseline + size * 0.12))
                decorations.append(.path(PathItem(path: path, stroke: Stroke(color: color(style.color!), width: max(0.4, size * 0.05)))))
            }
            if let url = spans[span].link {
                let size = style.size!
                decorations.append(.link(LinkItem(rect: Rect(x: spanStart, y: baseline - size, width: spanEnd - spanStart, height: size * 1.25), url: url)))
            }
        }

        for placed in line.glyphs {
            let glyph = placed.glyph
            let style = styles[glyph.span]
            let colour = color(style.color!)
            if glyph.span != runSpan {
                flushDecorations(span: runSpan)
                runSpan = glyph.span
                spanStart = placed.x
            }
            spanEnd = placed.x + glyph.advance
            // The glyphs of the open run live apart from its other fields: appending through an
            // optional struct may copy the array for every glyph (quadratic on a long line, such as a
            // letter with thousands of combining marks).
            if let current = run, current.font === glyph.font, current.size == glyph.size, current.color == colour {
                runGlyphs.append(PlacedGlyph(glyphID: glyph.glyphID, x: placed.x + glyph.xOffset - current.origin.x,
                                             yOffset: glyph.yOffset, advance: glyph.advance, text: glyph.text))
            } else {
                if let current = run { items.append(.glyphs(current.run(runGlyphs))) }
                let source = spans[glyph.span].location == .unknown ? location : spans[glyph.span].location
                run = OpenRun(font: glyph.font, size: glyph.size, color: colour, origin: Point(placed.x, baseline), source: source)
                runGlyphs = [PlacedGlyph(glyphID: glyph.glyphID, x: glyph.xOffset, yOffset: glyph.yOffset,
                                         advance: glyph.advance, text: glyph.text)]
            }
        }
        flushDecorations(span: runSpan)
        if let current = run { items.append(.glyphs(current.run(runGlyphs))) }
        return items + decorations
    }
}

/// A paragraph's spans with their styles resolved (``LayoutContext/prepare(_:properties:scale:numbers:)``).
struct PreparedSpans {
    var paragraphStyle: TextProperties
    /// Each span's style over the paragraph's, at the scale asked for.
    var resolved: [TextProperties]
    var textSpans: [TextSpan]
    var alignment: TextAlignment
}

extension TextAlignment {
    /// The text stage's alignment for the document's (the same four cases).
    init(_ alignment: Alignment) {
        switch alignment {
        case .left: self = .left
        case .center: self = .center
        case .right: self = .right
        case .justify: self = .justify
        }
    }
}

/// A glyph run still being filled (a `GlyphRun` is immutable but for its origin).
private struct OpenRun {
    var font: Font
    var size: Double
    var color: Color
    var origin: Point
    var source: SourceLocation
    func run(_ glyphs: [PlacedGlyph]) -> GlyphRun { GlyphRun(font: font, size: size, color: color, origin: origin, glyphs: glyphs, source: source) }
}

/// Positioned lines of paragraphs by everything that decides them (text, styles, links, width,
/// source): the key of the font book's `positioned-lines` cache (``RenderCaches``).
///
/// The text cache below it saves shaping; this one also saves building glyph runs, underlines and links
/// for the labels, headers and table cells a template repeats in every document.
enum LineFragmentCache {
    static let stripes = 16

    /// Bytes an entry holds, estimated: the key's bytes and about 160 per item and 40 per glyph.
    static func cost(keyBytes: Int, _ fragments: [Fragment]) -> Int {
        var bytes = 64 + keyBytes
        for fragment in fragments {
            bytes += 96
            for item in fragment.items {
                bytes += 160
                if case .glyphs(let run) = item { bytes += run.glyphs.count * 40 }
            }
        }
        return bytes
    }

    /// Everything that decides a paragraph's lines, flattened into bytes: hashing and comparing one
    /// byte string costs a fraction of walking nested spans, styles and locations field by field
    /// (this lookup runs for every cell of every table).
    struct Key: Hashable {
        private let content: ContentKey
        var byteCount: Int { content.byteCount }

        /// The key of a paragraph's lines: its prepared spans, set `width` wide, from the block at `location`.
        init(_ prepared: PreparedSpans, sources: [Span], width: Double, location: SourceLocation) {
            var w = ContentKeyWriter()
            Key.write(prepared, sources: sources, width: width, location: location, into: &w)
            self.init(w)
        }

        private init(_ writer: consuming ContentKeyWriter) {
            content = writer.key()
        }

        /// Everything that decides a paragraph's lines.
        static func write(_ prepared: PreparedSpans, sources: [Span], width: Double, location: SourceLocation, into w: inout ContentKeyWriter) {
            w.append(prepared.paragraphStyle.lineHeight!); w.append(width); w.append(prepared.alignment.rawValue); w.append(location)
            for (k, span) in prepared.textSpans.enumerated() {
                w.append(span.text); w.append(span.style.family); w.append(span.style.weight); w.append(span.style.size)
                w.append(span.style.letterSpacing); w.append(span.tag)
                w.append((span.style.compressPunctuation ? 1 : 0) + (span.style.cjkLatinSpacing ? 2 : 0))
                let style = prepared.resolved[k]
                w.append(style.color?.red ?? -1); w.append(style.color?.green ?? -1); w.append(style.color?.blue ?? -1)
                w.append(style.underline == true ? 1 : 0)
                w.append(sources[k].link ?? "\u{0}")
                w.append(sources[k].location, fileOf: location)
            }
        }

    }
}
