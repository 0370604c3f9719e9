/// How a span of text looks, as far as shaping and measuring need to know.
public struct TextStyle: Sendable, Hashable {
    public var family: String
    public var weight: Int
    /// Font size in points.
    public var size: Double
    /// Extra space after every character, in points.
    public var letterSpacing: Double

    public init(family: String = "sans", weight: Int = 400, size: Double = 10, letterSpacing: Double = 0) {
        self.family = family
        self.weight = weight
        self.size = size
        self.letterSpacing = letterSpacing
    }
}

/// A piece of a paragraph with one style. `tag` is the caller's own (colour, underline, link) and is
/// carried through to every glyph of the span.
public struct TextSpan: Sendable, Hashable {
    public var text: String
    public var style: TextStyle
    public var tag: Int

    public init(_ text: String, style: TextStyle, tag: Int = 0) {
        self.text = text
        self.style = style
        self.tag = tag
    }
}

/// One glyph after shaping. Positions are in points, y up.
public struct ShapedGlyph: Sendable {
    public var font: Font
    public var glyphID: UInt32
    public var size: Double
    public var advance: Double
    public var xOffset: Double
    public var yOffset: Double
    /// The cluster's place in the paragraph, in UTF-16 code units.
    public var cluster: Range<Int>
    /// The source text this glyph stands for: the whole cluster for the cluster's first glyph
    /// (several characters for a ligature), empty for the cluster's other glyphs.
    public var text: String
    /// Index of the span the glyph came from.
    public var span: Int
    /// True for a space-like glyph that may stretch in justified lines and vanish at a line end.
    public var isSpace: Bool
    /// True for an ideograph, kana or full-width form: justification spaces CJK text between characters.
    public var isCJK: Bool
}

/// A character that no font in the chain can draw. The layout stage adds the template location.
public struct MissingGlyphError: Error, Sendable, CustomStringConvertible {
    public var character: Unicode.Scalar
    public var fontsTried: [String]
    /// Offset of the character in the paragraph, UTF-16 code units.
    public var offset: Int
    /// The paragraph around the character, for the message.
    public var context: String

    public var codePoint: String { "U+" + String(character.value, radix: 16, uppercase: true).leftPadded(to: 4) }

    public var description: String {
        "no font has a glyph for \(codePoint) '\(character)' in \"\(context)\" (fonts tried: \(fontsTried.joined(separator: ", ")))"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
