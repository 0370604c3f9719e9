/// A company seal (电子印章) as domain.md §7 describes one: round and red, the company name
/// clockwise along the upper arc, a five-pointed star in the centre, the seal's name (电子保单专用章,
/// 合同专用章…) straight under the star, and optionally a registration number along the lower arc.
///
/// The seal is `diameter` points square and takes that much height in the flow; templates place it
/// in an ``Overlay`` so that it sits over the insurer's name without moving the text.
public struct SealBlock: Sendable {
    /// What is drawn: the seal's own lettering, or an image the insurer supplies.
    public enum Appearance: Sendable {
        case drawn(Lettering)
        /// Encoded PNG or JPEG bytes, drawn into the seal's square (aspect kept).
        case image([UInt8])
    }

    /// The seal's text; each span keeps its template location and data path, so a character no
    /// font has is reported where it came from.
    public struct Lettering: Sendable {
        /// Set clockwise along the upper arc, from lower left to lower right. Required, non-empty.
        public var company: Span
        /// Straight under the star; nil for a seal without one (a plain company seal, 公章).
        public var name: Span?
        /// Along the lower arc, read left to right; nil when the seal has none.
        public var number: Span?
        public init(company: Span, name: Span? = nil, number: Span? = nil) {
            self.company = company; self.name = name; self.number = number
        }
    }

    public var appearance: Appearance
    /// Outer diameter, points. Default 42 mm, the common size of a company's round seal.
    public var diameter: Double
    /// Ink colour. Default ``SealBlock/sealRed``.
    public var color: RGB
    /// Constant opacity of the whole seal, 0...1 (text under a translucent seal stays legible).
    public var opacity: Double
    public var alignment: Alignment

    public init(appearance: Appearance, diameter: Double = SealBlock.defaultDiameter, color: RGB = SealBlock.sealRed,
                opacity: Double = 1, alignment: Alignment = .left) {
        self.appearance = appearance; self.diameter = diameter; self.color = color
        self.opacity = opacity; self.alignment = alignment
    }

    /// 42 mm in points: the usual diameter of a company's round seal (domain.md §7: 40–42 mm).
    public static let defaultDiameter = 42 * 72 / 25.4

    /// #E60012, the usual sRGB rendering of process red (C0 M100 Y100 K0): the deep red of seal
    /// paste (印泥) rather than a screen's pure #FF0000. Templates may set their insurer's own red.
    public static let sealRed = RGB(red: 230 / 255, green: 0, blue: 18 / 255)
}
