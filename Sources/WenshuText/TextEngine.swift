import Foundation
/// Shapes and breaks paragraphs: the one entry the layout stage uses for text.
public struct TextEngine: Sendable {
    public let fonts: FontBook
    let shaper: Shaper
    /// The book's cache of broken paragraphs.
    let lineCache: BoundedCache<LineCache.Key, [TextLine]>

    public init(fonts: FontBook) {
        self.fonts = fonts
        self.shaper = Shaper(fonts: fonts)
        self.lineCache = fonts.caches.cache("lines", stripes: LineCache.stripes)
    }

    /// Lines of a paragraph made of `spans`, at most `width` points wide.
    /// - Throws: ``MissingGlyphError`` when a character has no glyph in any font of its chain.
    public func lines(_ spans: [TextSpan], width: Double, alignment: TextAlignment = .left) throws(MissingGlyphError) -> [TextLine] {
        let key = LineCache.Key(spans: spans, width: width, alignment: alignment)
        if let hit = lineCache.get(key) { return hit }
        let lines = try breakUncached(spans, width: width, alignment: alignment)
        lineCache.put(key, lines, cost: LineCache.cost(key, lines))
        return lines
    }

    func breakUncached(_ spans: [TextSpan], width: Double, alignment: TextAlignment) throws(MissingGlyphError) -> [TextLine] {
        var glyphs = try shaper.shape(spans)
        CJKSpacing.apply(&glyphs, spans: spans)
        var utf16: [UInt16] = []
        for span in spans { utf16.append(contentsOf: span.text.utf16) }
        let opportunities = LineBreakOpportunities.find(in: utf16)
        return LineBreaker.breakLines(glyphs, opportunities: opportunities, width: width, alignment: alignment)
    }

    /// The natural width of `spans` on one line (no breaking), points.
    public func width(_ spans: [TextSpan]) throws(MissingGlyphError) -> Double {
        var glyphs = try shaper.shape(spans)
        CJKSpacing.apply(&glyphs, spans: spans)
        // As on a line of its own: a closing mark or a CJK–Latin gap at the end takes no room.
        if let last = glyphs.last(where: { !$0.isSpace }) {
            return glyphs.reduce(0) { $0 + $1.advance } - last.spaceAfter - last.blankEnd
        }
        return glyphs.reduce(0) { $0 + $1.advance }
    }

    /// Shapes without breaking.
    public func shape(_ spans: [TextSpan]) throws(MissingGlyphError) -> [ShapedGlyph] {
        try shaper.shape(spans)
    }
}

/// Paragraphs already broken into lines, by their spans, width and alignment: the key of the
/// font book's `lines` cache (``RenderCaches``).
///
/// A template prints the same labels, headings and notices in every document of a batch; shaping and
/// breaking them once per process instead of once per document is most of the text work saved.
enum LineCache {
    struct Key: Hashable {
        var spans: [TextSpan]
        var width: Double
        var alignment: TextAlignment
    }

    static let stripes = 16

    /// Bytes an entry holds, estimated: the key's text and the lines' glyphs (a `LineGlyph` with its
    /// `ShapedGlyph` and cluster text is about 120 bytes).
    static func cost(_ key: Key, _ lines: [TextLine]) -> Int {
        var bytes = 64 + lines.count * 64
        for span in key.spans { bytes += 64 + span.text.utf8.count }
        for line in lines { bytes += line.glyphs.count * 120 }
        return bytes
    }
}
