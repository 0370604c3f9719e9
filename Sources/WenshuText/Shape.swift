import CHarfBuzz

/// Shapes paragraphs with HarfBuzz: itemizes by script and by font, choosing for every character
/// cluster the first font of the style's chain that has all its characters.
public struct Shaper: Sendable {
    public let fonts: FontBook

    public init(fonts: FontBook) { self.fonts = fonts }

    /// Shapes `spans` as one paragraph whose text is their concatenation.
    /// - Returns: glyphs in logical order; clusters index the concatenated UTF-16 text.
    /// - Throws: ``MissingGlyphError`` for the first character no font of the chain covers.
    public func shape(_ spans: [TextSpan]) throws(MissingGlyphError) -> [ShapedGlyph] {
        var utf16: [UInt16] = []
        for span in spans { utf16.append(contentsOf: span.text.utf16) }
        var glyphs: [ShapedGlyph] = []
        glyphs.reserveCapacity(utf16.count)
        let buffer = hb_buffer_create()!
        defer { hb_buffer_destroy(buffer) }
        var start = 0
        for (index, span) in spans.enumerated() {
            let length = span.text.utf16.count
            try shapeSpan(span, index: index, utf16: utf16, range: start..<(start + length), buffer: buffer, into: &glyphs)
            start += length
        }
        return glyphs
    }

    private struct Run {
        var range: Range<Int>
        var font: Font
        var script: hb_script_t
    }

    private func shapeSpan(_ span: TextSpan, index: Int, utf16: [UInt16], range: Range<Int>,
                           buffer: OpaquePointer, into glyphs: inout [ShapedGlyph]) throws(MissingGlyphError) {
        guard !range.isEmpty else { return }
        let chain = fonts.chain(family: span.style.family, weight: span.style.weight)
        let runs = try itemize(utf16: utf16, range: range, chain: chain)
        let style = span.style
        for run in runs {
            hb_buffer_clear_contents(buffer)
            utf16.withUnsafeBufferPointer { text in
                hb_buffer_add_utf16(buffer, text.baseAddress, Int32(text.count), UInt32(run.range.lowerBound), Int32(run.range.count))
            }
            hb_buffer_set_direction(buffer, HB_DIRECTION_LTR)
            hb_buffer_set_script(buffer, run.script)
            hb_buffer_set_language(buffer, run.script == HB_SCRIPT_HAN ? Shaper.chinese : Shaper.english)
            hb_buffer_set_cluster_level(buffer, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS)
            hb_buffer_set_flags(buffer, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES)
            hb_shape(run.font.hbFont, buffer, nil, 0)

            var count: UInt32 = 0
            let infos = hb_buffer_get_glyph_infos(buffer, &count)!
            let positions = hb_buffer_get_glyph_positions(buffer, &count)!
            let n = Int(count)
            let scale = style.size / Double(run.font.unitsPerEm)
            var i = 0
            while i < n {
                // A cluster is the glyphs sharing one cluster value; its text runs to the next value.
                let clusterStart = Int(infos[i].cluster)
                var j = i + 1
                while j < n && Int(infos[j].cluster) == clusterStart { j += 1 }
                let clusterEnd = j < n ? Int(infos[j].cluster) : run.range.upperBound
                let clusterText = Shaper.text(utf16, clusterStart..<clusterEnd)
                let first = clusterText.unicodeScalars.first!
                if Shaper.isControl(first) { i = j; continue }  // newlines and tabs: breaks, not glyphs
                let isSpace = Shaper.isWhitespace(first)
                let isCJK = Shaper.isCJK(first)
                for k in i..<j {
                    if infos[k].codepoint == 0 {
                        throw MissingGlyphError(character: first, fontsTried: [run.font.description], offset: clusterStart,
                                                context: Shaper.context(utf16, around: clusterStart))
                    }
                    var advance = Double(positions[k].x_advance) * scale
                    if k == j - 1 { advance += style.letterSpacing }
                    glyphs.append(ShapedGlyph(
                        font: run.font, glyphID: infos[k].codepoint, size: style.size, advance: advance,
                        xOffset: Double(positions[k].x_offset) * scale, yOffset: Double(positions[k].y_offset) * scale,
                        cluster: clusterStart..<clusterEnd, text: k == i ? clusterText : "", span: index,
                        isSpace: isSpace, isCJK: isCJK))
                }
                i = j
            }
        }
    }

    /// Splits a span into runs of one font and one script. Each cluster (a base character with the
    /// marks, variation selectors and joiners after it) takes the first font that covers it whole.
    private func itemize(utf16: [UInt16], range: Range<Int>, chain: [Font]) throws(MissingGlyphError) -> [Run] {
        let unicode = hb_unicode_funcs_get_default()
        var runs: [Run] = []
        var clusterScalars: [Unicode.Scalar] = []
        var clusterStart = range.lowerBound
        var position = range.lowerBound
        var startRun = false

        func scalar(at offset: Int) -> (Unicode.Scalar, Int) {
            let unit = utf16[offset]
            if UTF16.isLeadSurrogate(unit), offset + 1 < range.upperBound, UTF16.isTrailSurrogate(utf16[offset + 1]) {
                let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(utf16[offset + 1]) - 0xDC00)
                return (Unicode.Scalar(value)!, 2)
            }
            return (Unicode.Scalar(UInt32(unit)) ?? "\u{FFFD}", 1)
        }

        func close(until end: Int) throws(MissingGlyphError) {
            guard let base = clusterScalars.first else { return }
            var chosen: Font?
            if clusterScalars.count == 1 {
                // Most clusters are one character: no array of the characters that need a glyph.
                if Shaper.isIgnorableForCoverage(base) {
                    chosen = runs.last?.font ?? chain.first
                } else {
                    for font in chain where font.glyph(for: base) != nil {
                        chosen = font
                        break
                    }
                }
            } else {
                let needed = clusterScalars.filter { !Shaper.isIgnorableForCoverage($0) }
                if needed.isEmpty {
                    chosen = runs.last?.font ?? chain.first
                } else {
                    for font in chain where needed.allSatisfy({ font.glyph(for: $0) != nil }) {
                        chosen = font
                        break
                    }
                }
            }
            guard let font = chosen else {
                let needed = clusterScalars.filter { !Shaper.isIgnorableForCoverage($0) }
                let missing = needed.first { scalar in !chain.contains { $0.glyph(for: scalar) != nil } } ?? base
                throw MissingGlyphError(character: missing, fontsTried: chain.map(\.description), offset: clusterStart,
                                        context: Shaper.context(utf16, around: clusterStart))
            }
            var script = hb_unicode_script(unicode, base.value)
            let neutral = script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED || script == HB_SCRIPT_UNKNOWN
            if !startRun, let last = runs.last, last.font === font, neutral || last.script == script {
                runs[runs.count - 1].range = last.range.lowerBound..<end
                if last.script == HB_SCRIPT_COMMON && !neutral { runs[runs.count - 1].script = script }
            } else {
                if neutral { script = HB_SCRIPT_COMMON }
                runs.append(Run(range: clusterStart..<end, font: font, script: script))
            }
            clusterScalars.removeAll(keepingCapacity: true)
            startRun = false
        }

        while position < range.upperBound {
            let (s, width) = scalar(at: position)
            // A cluster is capped at 32 characters (UAX #15 §13 allows 30 marks after a base): more
            // marks start a new cluster, so a letter with 100 000 marks costs linear, not quadratic, time.
            if !clusterScalars.isEmpty && (clusterScalars.count >= Shaper.maximumClusterScalars
                                           || !Shaper.extendsCluster(s, after: clusterScalars.last!)) {
                let capped = clusterScalars.count >= Shaper.maximumClusterScalars
                try close(until: position)
                // HarfBuzz would join the marks again inside one run: a capped cluster ends its run.
                startRun = capped
                clusterStart = position
            }
            clusterScalars.append(s)
            position += width
        }
        try close(until: range.upperBound)
        // A run of neutral characters (digits, punctuation) between two runs takes the script before it.
        for k in runs.indices where runs[k].script == HB_SCRIPT_COMMON {
            if k > 0 { runs[k].script = runs[k - 1].script }
            else if k + 1 < runs.count { runs[k].script = runs[k + 1].script }
            else { runs[k].script = HB_SCRIPT_LATIN }
        }
        return runs
    }

    /// Characters one cluster holds at most, for itemizing; see `itemize`.
    static let maximumClusterScalars = 32

    nonisolated(unsafe) static let chinese = hb_language_from_string("zh-Hans", -1)
    nonisolated(unsafe) static let english = hb_language_from_string("en", -1)

    static func extendsCluster(_ s: Unicode.Scalar, after previous: Unicode.Scalar) -> Bool {
        if previous.value == 0x200D { return true }  // the character a zero-width joiner joins
        if isPlainLetterOrPunctuation(s.value) { return false }
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: break
        }
        return isVariationSelector(s) || s.value == 0x200D
    }

    static func isIgnorableForCoverage(_ s: Unicode.Scalar) -> Bool {
        if isControl(s) { return true }
        if isPlainLetterOrPunctuation(s.value) && s.value != 0xAD { return false }
        return s.properties.isDefaultIgnorableCodePoint || isVariationSelector(s)
    }

    /// Unicode's Variation_Selector property (PropList.txt), which is these four ranges: a range
    /// check instead of the property table, which cost more than shaping a cell's digits.
    @inline(__always)
    static func isVariationSelector(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v >= 0x180B && v <= 0x180D) || v == 0x180F || (v >= 0xFE00 && v <= 0xFE0F) || (v >= 0xE0100 && v <= 0xE01EF)
    }

    /// White_Space without the property table for ASCII, Latin-1 and the CJK blocks (none of whose
    /// characters are spaces), where a policy's text lives.
    @inline(__always)
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if v >= 0x3400 && v <= 0x9FFF { return false }
        return s.properties.isWhitespace
    }

    /// Scalars that are neither marks, joiners, variation selectors nor default-ignorable (but
    /// U+00AD, which callers test): ASCII and Latin-1 below the combining diacriticals (U+0300), CJK
    /// Extension A through the unified ideographs (U+3400–U+9FFF), CJK punctuation before its tone
    /// marks (U+3000–U+3029) and the fullwidth forms (U+FF01–U+FF60).
    @inline(__always)
    static func isPlainLetterOrPunctuation(_ v: UInt32) -> Bool {
        v < 0x300 || (v >= 0x3400 && v <= 0x9FFF) || (v >= 0x3000 && v <= 0x3029) || (v >= 0xFF01 && v <= 0xFF60)
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (s.value >= 0x7F && s.value < 0xA0) || s.value == 0x2028 || s.value == 0x2029
    }

    /// Ideographs, kana, Hangul, CJK symbols and full-width forms: the characters CJK justification spaces apart.
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2E80...0x2FDF, 0x3000...0x30FF, 0x3100...0x312F, 0x3190...0x31FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF,
             0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }

    /// The text of a cluster; one character (the common case) without the general decoder's overhead.
    static func text(_ utf16: [UInt16], _ range: Range<Int>) -> String {
        if range.count == 1, let s = Unicode.Scalar(UInt32(utf16[range.lowerBound])) { return String(Character(s)) }
        if range.count == 2, UTF16.isLeadSurrogate(utf16[range.lowerBound]), UTF16.isTrailSurrogate(utf16[range.lowerBound + 1]) {
            let value = 0x10000 + ((UInt32(utf16[range.lowerBound]) - 0xD800) << 10) + (UInt32(utf16[range.lowerBound + 1]) - 0xDC00)
            if let s = Unicode.Scalar(value) { return String(Character(s)) }
        }
        return String(decoding: utf16[range], as: UTF16.self)
    }

    static func context(_ utf16: [UInt16], around offset: Int) -> String {
        var lower = max(0, offset - 12), upper = min(utf16.count, offset + 12)
        if lower > 0 && UTF16.isTrailSurrogate(utf16[lower]) { lower -= 1 }
        if upper < utf16.count && UTF16.isTrailSurrogate(utf16[upper]) { upper += 1 }
        return String(decoding: utf16[lower..<upper], as: UTF16.self)
    }
}
