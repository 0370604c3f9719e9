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
        let glyphs = try shaper.shape(spans)
        var utf16: [UInt16] = []
        for span in spans { utf16.append(contentsOf: span.text.utf16) }
        let opportunities = LineBreakOpportunities.find(in: utf16)
        return LineBreaker.breakLines(glyphs, opportunities: opportunities, width: width, alignment: alignment)
    }

    /// The natural width of `spans` on one line (no breaking), points.
    public func width(_ spans: [TextSpan]) throws(MissingGlyphError) -> Double {
        try shaper.shape(spans).reduce(0) { $0 + $1.advance }
    }

    /// Shapes without breaking.
    public func shape(_ spans: [TextSpan]) throws(MissingGlyphError) -> [ShapedGlyph] {
        try shaper.shape(spans)
    }
}
