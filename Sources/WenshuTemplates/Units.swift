internal import WenshuDocument

/// Lengths in templates: a bare number is millimetres; strings may say `mm`, `cm`, `pt` or `in`.
/// Returns points (PageSetup.mm: 72 / 25.4), or nil for anything else.
func parseLength(_ text: String) -> Double? {
    let t = text.strippingSpaces()
    for (suffix, factor) in [("mm", 72 / 25.4), ("cm", 720 / 25.4), ("pt", 1.0), ("in", 72.0)] where t.hasSuffix(suffix) {
        guard let v = Double(String(t.dropLast(suffix.count)).strippingSpaces()), v.isFinite else { return nil }
        return v * factor
    }
    guard let v = Double(t), v.isFinite else { return nil }
    return PageSetup.mm(v)
}

/// Column widths: `30mm` (or a bare number of mm), `25%`, `2fr`, `auto`.
func parseColumnWidth(_ text: String) -> Length? {
    let t = text.strippingSpaces()
    if t == "auto" { return .auto }
    if t.hasSuffix("%"), let v = Double(t.dropLast()), v > 0, v <= 100 { return .percent(v) }
    if t.hasSuffix("fr"), let v = Double(t.dropLast(2)), v > 0, v <= 1000 { return .fraction(v) }
    guard let points = parseLength(t), points > 0, points <= GeometryLimits.maximumLength else { return nil }
    return .points(points)
}

extension String {
    /// Without leading and trailing ASCII spaces.
    func strippingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
