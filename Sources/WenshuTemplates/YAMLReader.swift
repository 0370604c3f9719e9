internal import Yams
internal import WenshuDiagnostics
internal import WenshuDocument

/// Reads template YAML nodes and records template errors at `file:line:column`.
///
/// Every `read*` helper reports a wrong shape as an error and returns nil, so a whole template is
/// checked in one pass.
class YAMLReader {
    let file: String
    var issues = Issues()

    init(file: String) { self.file = file }

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }
    func error(_ message: String, _ node: Node, hints: [String] = []) { issues.error(message, at: location(node).text, code: Diagnostic.Code.template, hints: hints) }

    /// Pairs of a mapping; reports a non-mapping and duplicate keys.
    func pairs(_ node: Node, what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else { error("\(what) must be a mapping", node); return nil }
        var seen = Set<String>()
        var out: [(String, Node, Node)] = []
        for (k, v) in mapping {
            guard let key = k.scalar?.string else { error("keys must be text", k); continue }
            if !seen.insert(key).inserted { error("duplicate key '\(key)'", k); continue }
            out.append((key, k, v))
        }
        return out
    }

    /// Checks that only `allowed` keys appear.
    func checkKeys(_ pairs: [(key: String, keyNode: Node, value: Node)], allowed: Set<String>, in what: String) {
        for p in pairs where !allowed.contains(p.key) {
            error("unknown key '\(p.key)' in \(what)", p.keyNode, hints: ["allowed: " + allowed.sorted().joined(separator: ", ")])
        }
    }

    func sequence(_ node: Node, what: String) -> [Node]? {
        if case .sequence(let s) = node { return Array(s) }
        error("\(what) must be a list", node)
        return nil
    }

    func string(_ node: Node, what: String) -> String? {
        if case .scalar(let s) = node { return s.string }
        error("\(what) must be text", node)
        return nil
    }

    /// A finite number inside `range`; the default range keeps any later `Int(_:)` conversion safe.
    func number(_ node: Node, what: String, in range: ClosedRange<Double> = -1_000_000...1_000_000) -> Double? {
        guard case .scalar(let s) = node, let v = Double(s.string.strippingSpaces()), v.isFinite else {
            error("\(what) must be a number", node)
            return nil
        }
        guard range.contains(v) else {
            error("\(what) \(s.string.strippingSpaces()) is outside \(GeometryLimits.text(range))", node)
            return nil
        }
        return v
    }

    func bool(_ node: Node, what: String) -> Bool? {
        if case .scalar(let s) = node {
            switch s.string { case "true", "yes", "on": return true; case "false", "no", "off": return false; default: break }
        }
        error("\(what) must be true or false", node)
        return nil
    }

    /// A length in mm (bare number) or with a unit; returns points. Lengths are never negative unless
    /// `range` says so, and never longer than the largest PDF page (``GeometryLimits/maximumLength``).
    func length(_ node: Node, what: String, in range: ClosedRange<Double> = 0...GeometryLimits.maximumLength) -> Double? {
        guard case .scalar(let s) = node, let v = parseLength(s.string) else {
            error("\(what) must be a length such as 12, '12mm' or '9pt'", node)
            return nil
        }
        guard range.contains(v) else {
            error("\(what) \(s.string.strippingSpaces()) is outside \(GeometryLimits.millimetres(range))", node)
            return nil
        }
        return v
    }

    func color(_ node: Node, what: String) -> RGB? {
        if case .scalar(let s) = node, let c = RGB(hex: s.string) { return c }
        error("\(what) must be a colour '#rrggbb'", node)
        return nil
    }

    func alignment(_ node: Node) -> Alignment? {
        if case .scalar(let s) = node, let a = Alignment(rawValue: s.string) { return a }
        error("align must be left, center, right or justify", node)
        return nil
    }

    func verticalAlignment(_ node: Node) -> VerticalAlignment? {
        if case .scalar(let s) = node, let a = VerticalAlignment(rawValue: s.string) { return a }
        error("valign must be top, middle or bottom", node)
        return nil
    }

    /// Four insets from one length or a list of 1, 2 or 4 (CSS order top, right, bottom, left).
    func insets(_ node: Node, what: String) -> Insets? {
        if case .sequence(let seq) = node {
            let values = seq.compactMap { length($0, what: what) }
            guard values.count == seq.count else { return nil }
            switch values.count {
            case 1: return Insets(all: values[0])
            case 2: return Insets(top: values[0], right: values[1], bottom: values[0], left: values[1])
            case 4: return Insets(top: values[0], right: values[1], bottom: values[2], left: values[3])
            default: error("\(what) takes 1, 2 or 4 lengths", node); return nil
            }
        }
        return length(node, what: what).map { Insets(all: $0) }
    }

    /// A dash pattern: up to 16 lengths in points, each 0–100, not all zero (ISO 32000-1 §8.4.3.6).
    func dash(_ node: Node) -> [Double]? {
        guard let seq = sequence(node, what: "dash") else { return nil }
        let values = seq.compactMap { number($0, what: "dash", in: 0...100) }
        guard values.count == seq.count else { return nil }
        if values.count > 16 || (!values.isEmpty && values.allSatisfy { $0 == 0 }) {
            error("dash takes 1–16 lengths, not all zero", node); return nil
        }
        return values
    }

    /// A border: `true`/`false`, a width, or a mapping {width, color, dash}.
    func borderLine(_ node: Node, what: String) -> BorderLine?? {
        if case .scalar(let s) = node {
            if s.string == "none" || s.string == "false" { return .some(nil) }
            if s.string == "true" { return .some(BorderLine()) }
            if let w = parseLength(s.string.hasSuffix("mm") || s.string.hasSuffix("pt") ? s.string : s.string + "pt") {
                guard GeometryLimits.lineWidth.contains(w) else {
                    error("\(what) width \(s.string) is outside \(GeometryLimits.points(GeometryLimits.lineWidth))", node); return nil
                }
                return .some(BorderLine(width: w))
            }
        }
        guard let pairs = pairs(node, what: what) else { return nil }
        checkKeys(pairs, allowed: ["width", "color", "dash"], in: what)
        var line = BorderLine()
        for p in pairs {
            switch p.key {
            case "width": if let v = number(p.value, what: "border width", in: GeometryLimits.lineWidth) { line.width = v }
            case "color": if let c = color(p.value, what: "border color") { line.color = c }
            case "dash": if let d = dash(p.value) { line.dash = d }
            default: break
            }
        }
        return .some(line)
    }
}
