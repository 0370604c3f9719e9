internal import Yams
internal import WenshuDocument
internal import WenshuDomain
internal import WenshuDiagnostics

/// Turns a template's YAML into render closures, checking everything that does not depend on the
/// data: block types and keys, styles, lengths, data paths against the schema, filters, assets.
///
/// Contract: data never changes the structure; closures only look values up and substitute them
/// into text that was parsed here (a value holding `{{` or YAML prints literally).
final class Compiler: YAMLReader {
    var schema = FieldSpec(kind: .object, required: true, location: "")
    var styles: [String: TextProperties] = [:]
    let folder: String
    let limits: TemplateLimits
    /// Loop aliases in scope, innermost last; nil spec = untyped.
    var scopes: [(alias: String, spec: FieldSpec?)] = []
    var depth = 0
    /// True while compiling `header:` and `footer:`, where `{{ page }}` and `{{ pages }}` are allowed.
    var pageNumbersAllowed = false
    /// True once `lifecycle:` declared the period: `policyState` may then be bound.
    var lifecycleDeclared = false
    /// Values the caller supplies besides the data, bindable by name: only `password`, and only in
    /// mail.yaml's password message (the one place a secret may be written, because it is its point).
    var suppliedVariables: Set<String> = []

    init(file: String, folder: String, limits: TemplateLimits) {
        self.folder = folder; self.limits = limits
        super.init(file: file)
    }

    enum PathType { case typed(FieldSpec), untyped, invalid }

    /// Checks a data path against the schema and the loop scopes. Reports unknown fields and any
    /// reference to authentication data (JR/T 0171 C3: never printed; FieldSensitivity).
    @discardableResult
    func checkPath(_ path: DataPath, _ node: Node) -> PathType {
        if suppliedVariables.contains(path.head) {
            guard path.rest.isEmpty else { error("'\(path.head)' is text and has no fields", node); return .invalid }
            return .untyped
        }
        for key in path.keys where isAuthenticationData(fieldName: key) {
            error("template binds authentication data '\(path)'", node, hints: ["passwords, PINs and verification codes may never appear in a document"])
            return .invalid
        }
        var spec: FieldSpec?
        if path.head == "policyState" && scopes.allSatisfy({ $0.alias != "policyState" }) {
            guard lifecycleDeclared else {
                error("'policyState' needs lifecycle: { start: …, end: … } at the template's top level", node); return .invalid
            }
            guard path.rest.count <= 1 else { error("policyState has code, zh, en, text and cancelled, not '\(path)'", node); return .invalid }
            if let c = path.rest.first {
                guard case .key(let k) = c, PolicyStateValue.fields.contains(k) else {
                    error("policyState has code, zh, en, text and cancelled, not '\(path)'", node); return .invalid
                }
            }
            return .untyped
        } else if path.head == "loop" {
            guard !scopes.isEmpty else { error("'loop' is only defined inside each", node); return .invalid }
            guard path.rest.count == 1, case .key(let k) = path.rest[0], ["index", "number", "count", "first", "last"].contains(k) else {
                error("loop has index, number, count, first and last, not '\(path)'", node); return .invalid
            }
            return .untyped
        } else if let scope = scopes.last(where: { $0.alias == path.head }) {
            guard let s = scope.spec else { return .untyped }
            spec = s
        } else if let s = schema.field(path.head) {
            spec = s
        } else {
            error("unknown data field '\(path)'", node, hints: ["declare it under data:"])
            return .invalid
        }
        for c in path.rest {
            guard let current = spec else { return .untyped }
            switch c {
            case .key(let k):
                guard current.kind == .object else { error("'\(path)': a \(current.kind.rawValue) has no field '\(k)'", node); return .invalid }
                if current.fields.isEmpty { return .untyped }
                guard let next = current.field(k) else { error("unknown data field '\(path)'", node, hints: ["declare it under data:"]); return .invalid }
                spec = next
            case .index:
                guard current.kind == .array else { error("'\(path)': a \(current.kind.rawValue) cannot be indexed", node); return .invalid }
                spec = current.items
            }
        }
        return spec.map { .typed($0) } ?? .untyped
    }

    func condition(_ node: Node) -> Condition? {
        guard let text = string(node, what: "condition") else { return nil }
        guard let c = Condition.parse(text) else { error("bad condition '\(text)'", node, hints: ["write path, not path, path == \"text\", path != \"text\" or every list.field == \"text\""]); return nil }
        if c.every {
            guard case .typed(let list) = checkPath(DataPath(head: c.path.head, rest: []), node), list.kind == .array, let items = list.items else {
                error("'every' needs a list field, not '\(c.path.head)'", node); return nil
            }
            scopes.append((alias: "__every", spec: items))
            checkPath(DataPath(head: "__every", rest: c.path.rest), node)
            scopes.removeLast()
        } else {
            checkPath(c.path, node)
        }
        return c
    }

    /// A named style, or an inline mapping of text properties.
    func style(_ node: Node) -> TextProperties? {
        if case .scalar(let s) = node {
            if let found = styles[s.string] { return found }
            error("unknown style '\(s.string)'", node, hints: styles.isEmpty ? [] : ["styles: " + styles.keys.sorted().joined(separator: ", ")])
            return nil
        }
        return textProperties(node)
    }

    /// family (sans|serif), weight (400|700|regular|bold), size (pt), color, underline,
    /// letterSpacing (pt), lineHeight (multiple), align; `extends: name` starts from another style.
    func textProperties(_ node: Node) -> TextProperties? {
        guard let pairs = pairs(node, what: "a style") else { return nil }
        checkKeys(pairs, allowed: ["family", "weight", "size", "color", "underline", "letterSpacing", "lineHeight", "align", "extends",
                                   "punctuationCompression", "cjkLatinSpacing", "minSize"], in: "a style")
        var p = TextProperties()
        if let ext = pairs.first(where: { $0.key == "extends" }), let base = style(ext.value) { p = base }
        for pair in pairs {
            let v = pair.value
            switch pair.key {
            case "family":
                if let f = string(v, what: "family") { if ["sans", "serif"].contains(f) { p.family = f } else { error("unknown font family '\(f)' (sans or serif)", v) } }
            case "weight":
                switch v.scalar?.string {
                case "400", "regular", "normal": p.weight = 400
                case "700", "bold": p.weight = 700
                default: error("weight must be 400/regular or 700/bold", v)
                }
            case "size":
                if let s = number(v, what: "size") { if (4...96).contains(s) { p.size = s } else { error("font size \(s) pt is outside 4–96", v) } }
            case "color": p.color = color(v, what: "color")
            case "underline": p.underline = bool(v, what: "underline")
            case "letterSpacing": p.letterSpacing = number(v, what: "letterSpacing", in: GeometryLimits.letterSpacing)
            case "lineHeight": p.lineHeight = number(v, what: "lineHeight", in: GeometryLimits.lineHeight)
            case "align": p.alignment = alignment(v)
            case "punctuationCompression": p.compressPunctuation = bool(v, what: "punctuationCompression")
            case "cjkLatinSpacing": p.cjkLatinSpacing = bool(v, what: "cjkLatinSpacing")
            case "minSize":
                if let s = number(v, what: "minSize") { if (2...96).contains(s) { p.minSize = s } else { error("minSize \(s) pt is outside 2–96", v) } }
            default: break
            }
        }
        return p
    }

    /// `typesetting: { punctuationCompression: true, cjkLatinSpacing: true }`: the document-wide
    /// switches of the Chinese spacing rules (both on by default; a style may override them).
    func typesetting(_ node: Node) -> TextProperties {
        var p = TextProperties()
        guard let pairs = pairs(node, what: "typesetting") else { return p }
        checkKeys(pairs, allowed: ["punctuationCompression", "cjkLatinSpacing"], in: "typesetting")
        for pair in pairs {
            switch pair.key {
            case "punctuationCompression": p.compressPunctuation = bool(pair.value, what: pair.key)
            case "cjkLatinSpacing": p.cjkLatinSpacing = bool(pair.value, what: pair.key)
            default: break
            }
        }
        return p
    }

    func readStyles(_ node: Node) {
        guard let pairs = pairs(node, what: "styles") else { return }
        for p in pairs { if let props = textProperties(p.value) { styles[p.key] = props } }
    }
}
