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

    func number(_ node: Node, what: String) -> Double? {
        if case .scalar(let s) = node, let v = Double(s.string.strippingSpaces()), v.isFinite { return v }
        error("\(what) must be a number", node)
        return nil
    }

    func bool(_ node: Node, what: String) -> Bool? {
        if case .scalar(let s) = node {
            switch s.string { case "true", "yes", "on": return true; case "false", "no", "off": return false; default: break }
        }
        error("\(what) must be true or false", node)
        return nil
    }

    /// A length in mm (bare number) or with a unit; returns points.
    func length(_ node: Node, what: String) -> Double? {
        if case .scalar(let s) = node, let v = parseLength(s.string) { return v }
        error("\(what) must be a length such as 12, '12mm' or '9pt'", node)
        return nil
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

    /// A border: `true`/`false`, a width, or a mapping {width, color, dash}.
    func borderLine(_ node: Node, what: String) -> BorderLine?? {
        if case .scalar(let s) = node {
            if s.string == "none" || s.string == "false" { return .some(nil) }
            if s.string == "true" { return .some(BorderLine()) }
            if let w = parseLength(s.string.hasSuffix("mm") || s.string.hasSuffix("pt") ? s.string : s.string + "pt") { return .some(BorderLine(width: w)) }
        }
        guard let pairs = pairs(node, what: what) else { return nil }
        checkKeys(pairs, allowed: ["width", "color", "dash"], in: what)
        var line = BorderLine()
        for p in pairs {
            switch p.key {
            case "width": if let v = number(p.value, what: "border width") { line.width = v }
            case "color": if let c = color(p.value, what: "border color") { line.color = c }
            case "dash": if let seq = sequence(p.value, what: "dash") { line.dash = seq.compactMap { number($0, what: "dash") } }
            default: break
            }
        }
        return .some(line)
    }
}
