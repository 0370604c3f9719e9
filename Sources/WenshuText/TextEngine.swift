import Foundation
/// Shapes and breaks paragraphs: the one entry the layout stage uses for text.
public struct TextEngine: Sendable {
    public let fonts: FontBook
    let shaper: Shaper

    public init(fonts: FontBook) {
        self.fonts = fonts
        self.shaper = Shaper(fonts: fonts)
    }

    /// Lines of a paragraph made of `spans`, at most `width` points wide.
    /// - Throws: ``MissingGlyphError`` when a character has no glyph in any font of its chain.
    public func lines(_ spans: [TextSpan], width: Double, alignment: TextAlignment = .left) throws(MissingGlyphError) -> [TextLine] {
        let key = LineCache.Key(spans: spans, width: width, alignment: alignment)
        if let hit = LineCache.shared.get(key) { return hit }
        let lines = try breakUncached(spans, width: width, alignment: alignment)
        LineCache.shared.put(key, lines)
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

/// Paragraphs already broken into lines, by their spans, width and alignment.
///
/// A template prints the same labels, headings and notices in every document of a batch; shaping and
/// breaking them once per process instead of once per document is most of the text work saved.
/// Striped locks keep parallel workers from queueing on one lock; each stripe is bounded.
final class LineCache: @unchecked Sendable {
    struct Key: Hashable {
        var spans: [TextSpan]
        var width: Double
        var alignment: TextAlignment
    }

    static let shared = LineCache()
    static let stripes = 16
    static let entriesPerStripe = 4096

    private let locks = (0..<LineCache.stripes).map { _ in NSLock() }
    private var tables = [[Key: [TextLine]]](repeating: [:], count: LineCache.stripes)

    func get(_ key: Key) -> [TextLine]? {
        let k = stripe(key)
        locks[k].lock()
        defer { locks[k].unlock() }
        return tables[k][key]
    }

    func put(_ key: Key, _ lines: [TextLine]) {
        let k = stripe(key)
        locks[k].lock()
        defer { locks[k].unlock() }
        if tables[k].count >= LineCache.entriesPerStripe { tables[k].removeAll(keepingCapacity: true) }
        tables[k][key] = lines
    }

    private func stripe(_ key: Key) -> Int { abs(key.hashValue % LineCache.stripes) }
}
