internal import Yams
internal import WenshuDocument
internal import WenshuDomain
internal import WenshuDiagnostics

/// One piece of template text: literal text, a binding, or a page-number placeholder.
enum TextPiece: Sendable {
    case literal(String)
    case binding(Binding, currency: Currency?, location: SourceLocation)
    case page, pages
}

/// Text as parsed at load time. Substitution happens once at render time and the result is never
/// parsed again, so data holding `{{`, YAML or markup prints literally.
struct CompiledText: Sendable {
    var pieces: [TextPiece]
    var location: SourceLocation
    var isEmpty: Bool { pieces.isEmpty }

    /// Whether some binding's path starts at `name`.
    func binds(_ name: String) -> Bool {
        pieces.contains { if case .binding(let b, _, _) = $0 { return b.path.head == name } else { return false } }
    }
}

extension Compiler {
    /// Parses `第 {{ page }} 页 {{ premium | money }}`. `{{ page }}` and `{{ pages }}` are allowed only
    /// when `allowPageNumbers` (headers and footers).
    func text(_ node: Node, what: String = "text", allowPageNumbers: Bool = false) -> CompiledText? {
        guard let s = string(node, what: what) else { return nil }
        return text(s, node, allowPageNumbers: allowPageNumbers)
    }

    func text(_ s: String, _ node: Node, allowPageNumbers: Bool) -> CompiledText {
        var pieces: [TextPiece] = []
        var rest = Substring(s)
        let loc = location(node)
        while let open = rest.firstRange(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                error("unclosed '{{'", node)
                return CompiledText(pieces: pieces, location: loc)
            }
            let inner = String(rest[open.upperBound..<close.lowerBound]).strippingSpaces()
            rest = rest[close.upperBound...]
            if inner == "page" || inner == "pages" {
                if allowPageNumbers || pageNumbersAllowed { pieces.append(inner == "page" ? .page : .pages) }
                else { error("{{ \(inner) }} is only available in header and footer", node) }
                continue
            }
            switch Binding.parse(inner) {
            case .failure(let e): error(e.message, node)
            case .success(let b):
                var currency: Currency?
                if case .typed(let spec) = checkPath(b.path, node) { currency = spec.currency }
                for f in b.filters { if let message = Filters.check(f) { error(message, node) } }
                pieces.append(.binding(b, currency: currency, location: loc))
            }
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        return CompiledText(pieces: pieces, location: loc)
    }
}

extension RenderContext {
    /// The printed value of a binding, or nil after recording a data error at its JSON path.
    func value(of binding: Binding, currency: Currency?, at location: SourceLocation) -> (text: String, path: String)? {
        let bound = resolve(binding.path, in: root, vars: vars)
        var value = bound.value
        // The validator resolved every money value's currency; only the first filter sees the raw value
        // (looked up only when there is a filter: most bindings print the value as it is).
        var resolvedMoney = binding.filters.isEmpty ? nil : money[bound.jsonPath]
        for f in binding.filters {
            do { value = try Filters.apply(f, to: value, currency: currency, money: resolvedMoney) }
            catch { issues.error(error.message, at: bound.jsonPath, code: error.code, hints: ["filter '\(f.name)' at \(location.text)"]); return nil }
            resolvedMoney = nil
        }
        guard let value, !value.isNull else {
            issues.error("required", at: bound.jsonPath, code: Diagnostic.Code.required, hints: ["printed at \(location.text); add | default(...) or guard it with if:"])
            return nil
        }
        guard let text = value.scalarText else {
            issues.error("cannot print a(n) \(value.typeName)", at: bound.jsonPath, code: Diagnostic.Code.type, hints: ["printed at \(location.text)"])
            return nil
        }
        if containsForbiddenControl(text, multiline: true) {
            issues.error("control characters are not allowed", at: bound.jsonPath, code: Diagnostic.Code.controlCharacter)
            return nil
        }
        return (text, bound.jsonPath)
    }

    /// Spans of `text`, each binding its own span carrying its JSON path.
    func spans(_ text: CompiledText, properties: TextProperties = TextProperties(), link: String? = nil) -> [Span] {
        text.pieces.compactMap { piece in
            switch piece {
            case .literal(let s): return Span(s, properties: properties, link: link, at: text.location)
            case .page: return Span("", properties: properties, kind: .pageNumber, at: text.location)
            case .pages: return Span("", properties: properties, kind: .pageCount, at: text.location)
            case .binding(let b, let currency, let loc):
                guard let (s, path) = value(of: b, currency: currency, at: loc) else { return nil }
                var at = loc
                at.dataPath = path
                return Span(s, properties: properties, link: link, at: at)
            }
        }
    }

    /// The text as one string (page placeholders print nothing).
    func string(_ text: CompiledText) -> String {
        spans(text).map(\.text).joined()
    }
}

/// State of one render: the data, loop variables and the diagnostics found.
final class RenderContext {
    let root: JSONValue
    /// Money values by JSON path, resolved by the validator (amount, currency, included/unlimited).
    let money: [String: ResolvedMoney]
    var vars: [String: Bound] = [:]
    /// The innermost loop's index and item count (what `loop` holds), for ``RowMemo`` keys.
    var loopPosition: (index: Int, count: Int)?
    var issues = Issues()
    var budget: RenderBudget
    init(root: JSONValue, money: [String: ResolvedMoney] = [:],
         budget: RenderBudget = RenderBudget(maximumNodes: TemplateLimits().documentNodes, deadline: nil)) {
        self.root = root
        self.money = money
        self.budget = budget
    }
}
