public import WenshuDiagnostics
/// How a span of text looks, as far as shaping and measuring need to know.
public struct TextStyle: Sendable, Hashable {
    public var family: String
    public var weight: Int
    /// Font size in points.
    public var size: Double
    /// Extra space after every character, in points.
    public var letterSpacing: Double
    /// Sets adjacent full-width punctuation half-width, lets punctuation at a line's start and end
    /// lose its blank half, and lets justification compress punctuation before it stretches
    /// (clreq §3.1.6, GB/T 15834).
    public var compressPunctuation: Bool
    /// Puts ¼ em between Han characters and Latin letters or digits written without a space
    /// (clreq §3.2.1 "2026 年 03 月").
    public var cjkLatinSpacing: Bool

    public init(family: String = "sans", weight: Int = 400, size: Double = 10, letterSpacing: Double = 0,
                compressPunctuation: Bool = false, cjkLatinSpacing: Bool = false) {
        self.family = family
        self.weight = weight
        self.size = size
        self.letterSpacing = letterSpacing
        self.compressPunctuation = compressPunctuation
        self.cjkLatinSpacing = cjkLatinSpacing
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
    /// Space added after this glyph between Han and Latin or digits (included in `advance`); a line
    /// ending here drops it.
    public var spaceAfter: Double = 0
    /// Blank part of a full-width punctuation mark, still in `advance`, that may be removed: before
    /// the ink of an opening mark (`blankStart`), after the ink of a closing one (`blankEnd`). Zero
    /// when compression is off or the mark was already set half-width.
    public var blankStart: Double = 0
    public var blankEnd: Double = 0
}

/// A character that no font in the chain can draw. The layout stage adds the template location.
public struct MissingGlyphError: DiagnosticConvertible, Sendable {
    public var character: Unicode.Scalar
    public var fontsTried: [String]
    /// Offset of the character in the paragraph, UTF-16 code units.
    public var offset: Int
    /// The paragraph around the character, for the message.
    public var context: String

    public var codePoint: String { "U+" + String(character.value, radix: 16, uppercase: true).leftPadded(to: 4) }

    public var message: String {
        "no font has a glyph for \(codePoint) '\(character)' in \"\(context)\" (fonts tried: \(fontsTried.joined(separator: ", ")))"
    }
    public var diagnosticCode: String { Diagnostic.Code.glyphMissing }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
