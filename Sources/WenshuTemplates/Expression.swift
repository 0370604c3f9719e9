internal import WenshuDiagnostics
/// A path into the data: `insured[0].passport.number`, `item.amount`, `loop.number`.
/// The head is a loop alias (`as:`), `loop`, or a top-level data field.
struct DataPath: Sendable, Hashable, CustomStringConvertible {
    enum Component: Sendable, Hashable { case key(String), index(Int) }
    var head: String
    var rest: [Component]

    var keys: [String] { [head] + rest.compactMap { if case .key(let k) = $0 { k } else { nil } } }

    var description: String {
        head + rest.map { c in
            switch c { case .key(let k): ".\(k)"; case .index(let i): "[\(i)]" }
        }.joined()
    }

    /// Parses `a.b[2].c`; identifiers are ASCII letters, digits and `_`, not starting with a digit.
    static func parse(_ text: String) -> DataPath? {
        var t = Substring(text.strippingSpaces())
        if t.hasPrefix("$.") { t = t.dropFirst(2) }
        func ident() -> String? {
            let name = t.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            guard let first = name.first, !first.isNumber else { return nil }
            t = t.dropFirst(name.count)
            return String(name)
        }
        guard let head = ident() else { return nil }
        var rest: [Component] = []
        while let c = t.first {
            if c == "." {
                t = t.dropFirst()
                guard let k = ident() else { return nil }
                rest.append(.key(k))
            } else if c == "[" {
                t = t.dropFirst()
                let digits = t.prefix { $0.isASCII && $0.isNumber }
                guard !digits.isEmpty, let i = Int(digits) else { return nil }
                t = t.dropFirst(digits.count)
                guard t.first == "]" else { return nil }
                t = t.dropFirst()
                rest.append(.index(i))
            } else {
                return nil
            }
        }
        return DataPath(head: head, rest: rest)
    }
}

/// A filter in a binding: `money(EUR, nosymbol)`. Arguments are literals (quotes optional).
struct FilterCall: Sendable, Hashable {
    var name: String
    var args: [String]
}

/// `{{ path | filter(arg) | filter2 }}`.
struct Binding: Sendable {
    var path: DataPath
    var filters: [FilterCall]

    /// Parses the inside of `{{ }}`; returns a lowercase message on failure.
    static func parse(_ text: String) -> Result<Binding, BindingSyntaxError> {
        let parts = splitOutsideQuotes(text, on: "|")
        guard let first = parts.first, let path = DataPath.parse(first) else {
            return .failure(BindingSyntaxError(message: "bad data path '\(parts.first?.strippingSpaces() ?? "")'"))
        }
        var filters: [FilterCall] = []
        for raw in parts.dropFirst() {
            let p = raw.strippingSpaces()
            if let open = p.firstIndex(of: "(") {
                guard p.hasSuffix(")") else { return .failure(BindingSyntaxError(message: "missing ')' in filter '\(p)'")) }
                let name = String(p[..<open]).strippingSpaces()
                let inner = String(p[p.index(after: open)..<p.index(before: p.endIndex)])
                let args = inner.strippingSpaces().isEmpty ? [] : splitOutsideQuotes(inner, on: ",").map(unquote)
                filters.append(FilterCall(name: name, args: args))
            } else {
                guard !p.isEmpty else { return .failure(BindingSyntaxError(message: "empty filter")) }
                filters.append(FilterCall(name: p, args: []))
            }
        }
        return .success(Binding(path: path, filters: filters))
    }
}

struct BindingSyntaxError: DiagnosticConvertible { var message: String }

/// Splits on `separator` outside single or double quotes.
func splitOutsideQuotes(_ text: String, on separator: Character) -> [String] {
    var parts: [String] = [], current = "", quote: Character? = nil
    for c in text {
        if let q = quote { current.append(c); if c == q { quote = nil }; continue }
        if c == "\"" || c == "'" { quote = c; current.append(c); continue }
        if c == separator { parts.append(current); current = ""; continue }
        current.append(c)
    }
    parts.append(current)
    return parts
}

func unquote(_ raw: String) -> String {
    let t = raw.strippingSpaces()
    if t.count >= 2, let f = t.first, f == "\"" || f == "'", t.last == f { return String(t.dropFirst().dropLast()) }
    return t
}

/// The condition of `if:` / `unless:`: `path` (truthy), `not path`, `!path`, `path == literal`,
/// `path != literal`, and `every list.field == literal` (true when every item of the list passes;
/// a 数电票 whose items are all 免税 prints *** as its total tax). Truthy: present and not null,
/// false, "", 0, [] or {}.
struct Condition: Sendable {
    enum Op: Sendable { case truthy, equals(String?), notEquals(String?) }
    var path: DataPath
    var op: Op
    var negated: Bool
    /// `every`: the path's head is a list and the rest is read in each item.
    var every = false

    static func parse(_ text: String) -> Condition? {
        var t = text.strippingSpaces()
        if t.hasPrefix("every ") {
            guard var c = parse(String(t.dropFirst(6))), !c.every, !c.negated, !c.path.rest.isEmpty else { return nil }
            c.every = true
            return c
        }
        var negated = false
        if t.hasPrefix("not ") { negated = true; t = String(t.dropFirst(4)).strippingSpaces() }
        else if t.hasPrefix("!") && !t.hasPrefix("!=") { negated = true; t = String(t.dropFirst()).strippingSpaces() }
        for (token, isEq) in [("==", true), ("!=", false)] {
            let parts = t.split(separator: token, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 2 {
                guard let path = DataPath.parse(parts[0]) else { return nil }
                let lit = parts[1].strippingSpaces()
                let value: String? = lit == "null" ? nil : unquote(lit)
                return Condition(path: path, op: isEq ? .equals(value) : .notEquals(value), negated: negated)
            }
        }
        guard let path = DataPath.parse(t) else { return nil }
        return Condition(path: path, op: .truthy, negated: negated)
    }
}

