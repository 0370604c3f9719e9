/// An sRGB colour, components 0...1.
public struct RGB: Sendable, Hashable {
    public var red, green, blue: Double
    public init(red: Double, green: Double, blue: Double) { self.red = red; self.green = green; self.blue = blue }
    public static let black = RGB(red: 0, green: 0, blue: 0)

    /// `#rgb` or `#rrggbb`; nil otherwise.
    public init?(hex: String) {
        var digits = Substring(hex)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        if digits.count == 3 { digits = Substring(digits.map { "\($0)\($0)" }.joined()) }
        guard digits.count == 6, let v = UInt32(digits, radix: 16) else { return nil }
        red = Double(v >> 16 & 0xFF) / 255; green = Double(v >> 8 & 0xFF) / 255; blue = Double(v & 0xFF) / 255
    }
}

public enum Alignment: String, Sendable, Hashable, CaseIterable {
    case left, center, right, justify
}

/// Text styling where every property is optional: a span's properties override its paragraph's,
/// which override the document's. ``resolved(over:)`` merges.
public struct TextProperties: Sendable, Hashable {
    public var family: String?
    public var weight: Int?
    public var size: Double?
    public var color: RGB?
    public var underline: Bool?
    public var letterSpacing: Double?
    /// Line height as a multiple of the font size.
    public var lineHeight: Double?
    public var alignment: Alignment?
    /// Adjacent full-width punctuation set half-width, marks at line edges and in justified lines
    /// compressed (clreq §3.1.6, GB/T 15834). On by default.
    public var compressPunctuation: Bool?
    /// ¼ em between Han and Latin letters or digits (clreq §3.2.1). On by default; invoices turn it off.
    public var cjkLatinSpacing: Bool?
    /// Smallest size, in points, a figure too wide for its place may shrink to before the layout
    /// fails (default: the smaller of 6 pt and the text's size).
    public var minSize: Double?

    public init(family: String? = nil, weight: Int? = nil, size: Double? = nil, color: RGB? = nil, underline: Bool? = nil,
                letterSpacing: Double? = nil, lineHeight: Double? = nil, alignment: Alignment? = nil,
                compressPunctuation: Bool? = nil, cjkLatinSpacing: Bool? = nil, minSize: Double? = nil) {
        self.family = family; self.weight = weight; self.size = size; self.color = color; self.underline = underline
        self.letterSpacing = letterSpacing; self.lineHeight = lineHeight; self.alignment = alignment
        self.compressPunctuation = compressPunctuation; self.cjkLatinSpacing = cjkLatinSpacing; self.minSize = minSize
    }

    public static let base = TextProperties(family: "sans", weight: 400, size: 10, color: .black, underline: false,
                                            letterSpacing: 0, lineHeight: 1.45, alignment: .left,
                                            compressPunctuation: true, cjkLatinSpacing: true)

    /// These properties, with the unset ones taken from `parent`.
    public func resolved(over parent: TextProperties) -> TextProperties {
        TextProperties(family: family ?? parent.family, weight: weight ?? parent.weight, size: size ?? parent.size,
                       color: color ?? parent.color, underline: underline ?? parent.underline,
                       letterSpacing: letterSpacing ?? parent.letterSpacing, lineHeight: lineHeight ?? parent.lineHeight,
                       alignment: alignment ?? parent.alignment, compressPunctuation: compressPunctuation ?? parent.compressPunctuation,
                       cjkLatinSpacing: cjkLatinSpacing ?? parent.cjkLatinSpacing, minSize: minSize ?? parent.minSize)
    }
}
