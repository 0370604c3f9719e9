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
    public init(asOf: String? = nil, cancelledAt: String? = nil, limits: TemplateLimits = TemplateLimits()) {
        self.asOf = asOf; self.cancelledAt = cancelledAt; self.limits = limits
    }
}
