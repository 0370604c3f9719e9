public import WenshuDiagnostics

/// Size limits; exceeding one is an error, never a silent truncation (STYLE.md §5 "Limits").
public struct TemplateLimits: Sendable, Hashable {
    /// Bytes of `template.yaml`. Default 1 MiB.
    public var templateBytes = 1 << 20
    /// Nesting of blocks (each/if/box/row/table cells count). Default 32.
    public var blockDepth = 32
    /// Bytes of the JSON data. Default 8 MiB.
    public var dataBytes = 8 << 20
    /// Nesting of JSON arrays and objects. Default 32.
    public var dataDepth = 32
    /// Items of any one array, unless the schema sets a lower `maxItems`. Default 10 000.
    public var arrayItems = 10_000
    /// Characters of any one string value. Default 100 000.
    public var stringLength = 100_000
    /// Bytes of an asset file or a data-URL image. Default 4 MiB.
    public var imageBytes = 4 << 20
    /// YAML nodes of a template, aliases expanded: a tree of aliases each naming the one below twice
    /// doubles per level. Default 100 000 (the largest shipped template has a few thousand).
    public var templateNodes = 100_000
    /// Blocks and loop iterations one render builds, counted as they are built. Default 100 000.
    public var documentNodes = 100_000
    public init() {}
}

/// Options of `Template.render`.
public struct RenderOptions: Sendable {
    /// "Today" for date checks (a resident ID's birth date must not lie after it). Nil skips those
    /// checks; the template stage never reads the clock (STYLE.md §6).
    /// A date (`2026-05-01`) or a date-time with an offset: also the instant `policyState` is
    /// computed for, in templates that declare `lifecycle:` (a date means 00:00 Beijing time).
    public var asOf: String?
    /// When the policy was cancelled (a date or date-time), as the registry knows it: documents of a
    /// cancelled policy print 已注销 / CANCELLED when rendered again.
    public var cancelledAt: String?
    public var limits: TemplateLimits
    /// When building the document must stop; nil for no limit.
    public var deadline: Deadline?
    /// Build the second half of the body's blocks on another thread (the same document either way).
    public var sideThreads = false
    public init(asOf: String? = nil, cancelledAt: String? = nil, limits: TemplateLimits = TemplateLimits(), deadline: Deadline? = nil) {
        self.asOf = asOf; self.cancelledAt = cancelledAt; self.limits = limits; self.deadline = deadline
    }
}

/// Bounds of every number a template gives for geometry, checked at load with the template line, so
/// that layout and the backends only ever see finite values of a sane size.
enum GeometryLimits {
    /// Largest page side and any length, points: ISO 32000-1 Annex C.2 limits a page to 14,400 units
    /// (200 in, about 5 m) and requires at least 3 units a side.
    static let maximumLength = 14_400.0
    static let pageSide: ClosedRange<Double> = 3...maximumLength
    /// An offset from the page's or box's corner (seal, overlay, absolute box).
    static let offset: ClosedRange<Double> = -maximumLength...maximumLength
    /// Line and stroke widths, points.
    static let lineWidth: ClosedRange<Double> = 0...100
    /// Line height as a multiple of the font size.
    static let lineHeight: ClosedRange<Double> = 0.5...10
    /// Extra space after each character, points.
    static let letterSpacing: ClosedRange<Double> = 0...72

    /// A size that must not be zero (an image, a code, a signature box), points.
    static let size: ClosedRange<Double> = 0.1...maximumLength

    static func points(_ range: ClosedRange<Double>) -> String { "\(format(range.lowerBound))–\(format(range.upperBound)) pt" }
    /// A range of points in millimetres, the unit of a bare template length.
    static func millimetres(_ range: ClosedRange<Double>) -> String {
        let mm = { (v: Double) in format((v * 25.4 / 72 * 100).rounded() / 100) }
        return "\(mm(range.lowerBound))–\(mm(range.upperBound)) mm"
    }
    static func text(_ range: ClosedRange<Double>) -> String { "\(format(range.lowerBound))–\(format(range.upperBound))" }
    static func format(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
}
