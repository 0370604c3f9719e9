/// Horizontal alignment of the lines of a paragraph.
public enum TextAlignment: String, Sendable, CaseIterable {
    case left, center, right
    /// Both edges flush except the last line; CJK text is spaced between characters, Latin at spaces.
    /// Punctuation is compressed before anything is stretched (clreq §3.8 line adjustment).
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
    /// Set when a figure (an amount, an ID number) is wider than the line: it was kept whole, never
    /// broken inside, and the caller must shrink it or report it. The figure's text.
    public var overflowingFigure: String? = nil
}

/// Fits shaped glyphs into lines of a given width at the break opportunities (greedy, first fit).
///
/// Worked example: "保险期间：2026年1月1日。" at a width where "。" would start the second line.
/// ICU and the prohibition set give no opportunity before "。", so the segment "日。" moves to the next
/// line whole and no line starts with "。".
///
/// With punctuation compression a line also fits when it is too long by no more than its marks'
/// blank halves (a justified line) or by the blank of the closing mark it ends with (any line):
/// compressing comes before stretching, so a justified line is set tight before it is set loose.
public enum LineBreaker {
    public static func breakLines(_ glyphs: [ShapedGlyph], opportunities: [BreakOpportunity], width: Double,
                                  alignment: TextAlignment) -> [TextLine] {
        guard !glyphs.isEmpty else { return [] }
        // Segments: the glyphs between two consecutive opportunities.
        struct Segment {
            var range: Range<Int>
            var width: Double
            var trailingSpace: Double
            var mandatory: Bool
            /// Blank halves of the segment's marks that justification may remove.
            var shrink = 0.0
            /// What a line ending with this segment drops: the last visible glyph's CJK–Latin gap
            /// and the blank after a closing mark.
            var endTrim = 0.0
            /// The part of `endTrim` that is also counted in `shrink`.
            var endTrimInShrink = 0.0
        }
        var segments: [Segment] = []
        var g = 0
        func close(_ start: Int, mandatory: Bool) {
            var segment = Segment(range: start..<g, width: 0, trailingSpace: 0, mandatory: mandatory)
            var lastVisible: Int?
            for k in start..<g {
                segment.width += glyphs[k].advance
                segment.trailingSpace = glyphs[k].isSpace ? segment.trailingSpace + glyphs[k].advance : 0
                segment.shrink += glyphs[k].blankStart + glyphs[k].blankEnd
                if !glyphs[k].isSpace { lastVisible = k }
            }
            if let v = lastVisible {
                segment.endTrim = glyphs[v].spaceAfter + glyphs[v].blankEnd
                segment.endTrimInShrink = glyphs[v].blankEnd
            }
            segments.append(segment)
        }
        for opportunity in opportunities {
            let start = g
            while g < glyphs.count && glyphs[g].cluster.lowerBound < opportunity.offset { g += 1 }
            if g > start || opportunity.mandatory { close(start, mandatory: opportunity.mandatory) }
        }
        if g < glyphs.count {
            let start = g
            g = glyphs.count
            close(start, mandatory: true)
        }

        var lines: [TextLine] = []
        var lineStart: Int? = nil
        var lineEnd = 0
        var lineWidth = 0.0
        var lineShrink = 0.0
        let tolerance = 1e-6
        let justify = alignment == .justify

        func emit(_ range: Range<Int>, ended mandatory: Bool, figure: String? = nil) {
            var line = makeLine(glyphs, range, width: width, alignment: alignment, isLast: mandatory)
            line.overflowingFigure = figure
            lines.append(line)
        }
        /// Whether the open line plus `segment` fits, compressing what may be compressed.
        func fits(_ segment: Segment) -> Bool {
            let natural = lineWidth + segment.width - segment.trailingSpace - segment.endTrim
            if natural <= width + tolerance { return true }
            return justify && natural - (lineShrink + segment.shrink - segment.endTrimInShrink) <= width + tolerance
        }

        for segment in segments {
            if lineStart != nil, !fits(segment) {
                emit(lineStart!..<lineEnd, ended: false)
                lineStart = nil
                lineWidth = 0
                lineShrink = 0
            }
            if lineStart == nil && !fits(segment) {
                if let figure = figureText(glyphs, segment.range) {
                    // A number is never broken inside: it keeps its own line, and the caller shrinks it.
                    emit(segment.range, ended: segment.mandatory, figure: figure)
                    continue
                }
                // A segment wider than the line (a long word or URL): break between clusters.
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
                lineShrink = 0
            } else {
                if lineStart == nil { lineStart = segment.range.lowerBound }
                lineEnd = segment.range.upperBound
                lineWidth += segment.width
                lineShrink += segment.shrink
            }
            if segment.mandatory, let start = lineStart {
                emit(start..<lineEnd, ended: true)
                lineStart = nil
                lineWidth = 0
                lineShrink = 0
            }
        }
        if let start = lineStart { emit(start..<lineEnd, ended: true) }
        return lines
    }

    /// The text of `range` when it is a figure: a number with the signs that belong to amounts and
    /// numbers (`¥999,999,999,999.99`, `EUR 30,000.00`, `31010519850312001X`, `EA1234567`,
    /// `2025-04-20`): ASCII digits, `, . - + / : % ¥ ￥ $ € £`, spaces, and at most three capital
    /// letters (a currency code, a check letter, a passport series) — more than half of its letters
    /// and digits being digits. A token or code of many letters (`AE32NIF…`, a URL) is no figure and
    /// may break between characters.
    static func figureText(_ glyphs: [ShapedGlyph], _ range: Range<Int>) -> String? {
        var text = ""
        var digits = 0, letters = 0
        for k in range {
            for s in glyphs[k].text.unicodeScalars {
                switch s.value {
                case 0x30...0x39: digits += 1
                case 0x41...0x5A: letters += 1
                case 0x2C, 0x2E, 0x2D, 0x2B, 0x2F, 0x3A, 0x25, 0xA5, 0xFFE5, 0x24, 0x20AC, 0xA3, 0x20, 0xA0: break
                default: return nil
                }
            }
            text += glyphs[k].text
        }
        return digits > 0 && letters <= 3 && digits > letters ? text.trimmingTrailingSpaces() : nil
    }

    static func makeLine(_ glyphs: [ShapedGlyph], _ range: Range<Int>, width: Double, alignment: TextAlignment, isLast: Bool) -> TextLine {
        var end = range.upperBound
        while end > range.lowerBound && glyphs[end - 1].isSpace { end -= 1 }
        var visible = Array(glyphs[range.lowerBound..<end])
        // Line edges (clreq §3.1.6): the blank before an opening mark at the start and after a closing
        // mark at the end go; so does a CJK–Latin gap at the end.
        if let first = visible.first, first.blankStart > 0 {
            visible[0].advance -= first.blankStart
            visible[0].xOffset -= first.blankStart
            visible[0].blankStart = 0
        }
        if let last = visible.last {
            let n = visible.count - 1
            visible[n].advance -= last.spaceAfter + last.blankEnd
            visible[n].spaceAfter = 0
            visible[n].blankEnd = 0
        }
        var contentWidth = visible.reduce(0) { $0 + $1.advance }
        var offset = 0.0
        var gap = 0.0
        var stretchable: [Bool] = []
        switch alignment {
        case .left: break
        case .right: offset = width - contentWidth
        case .center: offset = (width - contentWidth) / 2
        case .justify where contentWidth > width:
            // Too long: compress the marks' blank halves, in proportion, before anything else.
            let shrinkable = visible.reduce(0) { $0 + $1.blankStart + $1.blankEnd }
            if shrinkable > 0 {
                let ratio = min(1, (contentWidth - width) / shrinkable)
                for k in visible.indices {
                    let start = visible[k].blankStart * ratio, endCut = visible[k].blankEnd * ratio
                    visible[k].advance -= start + endCut
                    visible[k].xOffset -= start
                }
                contentWidth = visible.reduce(0) { $0 + $1.advance }
            }
        case .justify where !isLast && visible.count > 1:
            // A gap after glyph k stretches when it is a space, or either side is CJK.
            stretchable = visible.indices.map { k in
                guard k + 1 < visible.count, visible[k + 1].cluster != visible[k].cluster else { return false }
                return visible[k].isSpace || visible[k].isCJK || visible[k + 1].isCJK
            }
            let count = stretchable.filter { $0 }.count
            if count > 0 && width > contentWidth { gap = (width - contentWidth) / Double(count) }
        case .justify: break
        }
        var x = offset
        var placed: [LineGlyph] = []
        placed.reserveCapacity(visible.count)
        var size = 0.0, ascent = 0.0, descent = 0.0
        for (n, glyph) in visible.enumerated() {
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

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " || s.last == "\u{A0}" { s.removeLast() }
        return s
    }
}
