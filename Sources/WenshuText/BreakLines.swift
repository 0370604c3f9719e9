/// Horizontal alignment of the lines of a paragraph.
public enum TextAlignment: String, Sendable, CaseIterable {
    case left, center, right
    /// Both edges flush except the last line; CJK text is spaced between characters, Latin at spaces.
    case justify
}

/// A glyph placed on a line: `x` is from the line's start edge, in points.
public struct LineGlyph: Sendable {
    public var glyph: ShapedGlyph
    public var x: Double
}

/// One line of a paragraph, before it is given a vertical place.
public struct TextLine: Sendable {
    public var glyphs: [LineGlyph]
    /// Width of the visible content (without trailing spaces), points.
    public var width: Double
    /// Largest font size on the line, points; line height is a multiple of it.
    public var fontSize: Double
    /// Ascent and descent (positive) of the tallest font on the line, points.
    public var ascent: Double
    public var descent: Double
}

/// Fits shaped glyphs into lines of a given width at the break opportunities (greedy, first fit).
///
/// Worked example: "保险期间：2026年1月1日。" at a width where "。" would start the second line.
/// ICU and the prohibition set give no opportunity before "。", so the segment "日。" moves to the next
/// line whole and no line starts with "。".
public enum LineBreaker {
    public static func breakLines(_ glyphs: [ShapedGlyph], opportunities: [BreakOpportunity], width: Double,
                                  alignment: TextAlignment) -> [TextLine] {
        guard !glyphs.isEmpty else { return [] }
        // Segments: the glyphs between two consecutive opportunities.
        struct Segment { var range: Range<Int>; var width: Double; var trailingSpace: Double; var mandatory: Bool }
        var segments: [Segment] = []
        var g = 0
        for opportunity in opportunities {
            let start = g
            var segmentWidth = 0.0, trailing = 0.0
            while g < glyphs.count && glyphs[g].cluster.lowerBound < opportunity.offset {
                segmentWidth += glyphs[g].advance
                trailing = glyphs[g].isSpace ? trailing + glyphs[g].advance : 0
                g += 1
            }
            if g > start || opportunity.mandatory {
                segments.append(Segment(range: start..<g, width: segmentWidth, trailingSpace: trailing, mandatory: opportunity.mandatory))
            }
        }
        if g < glyphs.count {
            let w = glyphs[g...].reduce(0) { $0 + $1.advance }
            segments.append(Segment(range: g..<glyphs.count, width: w, trailingSpace: 0, mandatory: true))
        }

        var lines: [TextLine] = []
        var lineStart: Int? = nil
        var lineEnd = 0
        var lineWidth = 0.0
        let tolerance = 1e-6

        func emit(_ range: Range<Int>, ended mandatory: Bool) {
            lines.append(makeLine(glyphs, range, width: width, alignment: alignment, isLast: mandatory))
        }

        for segment in segments {
            if let start = lineStart, lineWidth + segment.width - segment.trailingSpace > width + tolerance {
                emit(start..<lineEnd, ended: false)
                lineStart = nil
                lineWidth = 0
            }
            if lineStart == nil && segment.width - segment.trailingSpace > width + tolerance {
                // A segment wider than the line (a long number or word): break between clusters.
                var pieceStart = segment.range.lowerBound
                var pieceWidth = 0.0
                var k = segment.range.lowerBound
                while k < segment.range.upperBound {
                    var clusterEnd = k + 1
                    while clusterEnd < segment.range.upperBound && glyphs[clusterEnd].cluster == glyphs[k].cluster { clusterEnd += 1 }
                    let w = glyphs[k..<clusterEnd].reduce(0) { $0 + $1.advance }
                    if pieceWidth + w > width + tolerance && k > pieceStart {
                        emit(pieceStart..<k, ended: false)
                        pieceStart = k
                        pieceWidth = 0
                    }
                    pieceWidth += w
                    k = clusterEnd
                }
                lineStart = pieceStart
                lineEnd = segment.range.upperBound
                lineWidth = pieceWidth
            } else {
                if lineStart == nil { lineStart = segment.range.lowerBound }
                lineEnd = segment.range.upperBound
                lineWidth += segment.width
            }
            if segment.mandatory, let start = lineStart {
                emit(start..<lineEnd, ended: true)
                lineStart = nil
                lineWidth = 0
            }
        }
        if let start = lineStart { emit(start..<lineEnd, ended: true) }
        return lines
    }

    static func makeLine(_ glyphs: [ShapedGlyph], _ range: Range<Int>, width: Double, alignment: TextAlignment, isLast: Bool) -> TextLine {
        var end = range.upperBound
        while end > range.lowerBound && glyphs[end - 1].isSpace { end -= 1 }
        let visible = glyphs[range.lowerBound..<end]
        let contentWidth = visible.reduce(0) { $0 + $1.advance }
        var offset = 0.0
        var gap = 0.0
        var stretchable: [Bool] = []
        switch alignment {
        case .left: break
        case .right: offset = width - contentWidth
        case .center: offset = (width - contentWidth) / 2
        case .justify where !isLast && visible.count > 1:
            // A gap after glyph k stretches when it is a space, or either side is CJK.
            stretchable = visible.indices.map { k in
                guard k + 1 < end, glyphs[k + 1].cluster != glyphs[k].cluster else { return false }
                return glyphs[k].isSpace || glyphs[k].isCJK || glyphs[k + 1].isCJK
            }
            let count = stretchable.filter { $0 }.count
            if count > 0 && width > contentWidth { gap = (width - contentWidth) / Double(count) }
        case .justify: break
        }
        var x = offset
        var placed: [LineGlyph] = []
        placed.reserveCapacity(visible.count)
        var size = 0.0, ascent = 0.0, descent = 0.0
        for (n, k) in visible.indices.enumerated() {
            let glyph = glyphs[k]
            placed.append(LineGlyph(glyph: glyph, x: x))
            x += glyph.advance
            if gap > 0 && stretchable[n] { x += gap }
            size = max(size, glyph.size)
            let upem = Double(glyph.font.unitsPerEm)
            ascent = max(ascent, Double(glyph.font.ascender) / upem * glyph.size)
            descent = max(descent, -Double(glyph.font.descender) / upem * glyph.size)
        }
        if placed.isEmpty, range.lowerBound < glyphs.count {
            let glyph = glyphs[min(range.lowerBound, glyphs.count - 1)]
            size = glyph.size
            ascent = Double(glyph.font.ascender) / Double(glyph.font.unitsPerEm) * size
            descent = -Double(glyph.font.descender) / Double(glyph.font.unitsPerEm) * size
        }
        return TextLine(glyphs: placed, width: contentWidth + gap * Double(stretchable.filter { $0 }.count),
                        fontSize: size, ascent: ascent, descent: descent)
    }
}
