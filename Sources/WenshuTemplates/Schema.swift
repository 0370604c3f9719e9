internal import Yams
internal import WenshuDomain

/// The data a template needs, declared under `data:`.
///
/// A field is `name: type` (required), `name: type?` (optional), or a mapping:
/// `{ type, required (default true), requiredIf, requiredUnless, format, currency, currencyField,
/// allow, checkCharacter, multiline, enum, maxLength, minItems, maxItems, items, fields, kindField }`.
/// Types: string, number, money, date, datetime, boolean, array, object, signature, image,
/// beneficiaries.
///
/// Every money field states where its currency comes from (issue 14: "the schema requires a
/// currency wherever an amount appears"): `currency: EUR` (the only currency the field takes), or
/// `currencyField: currency` / `[currency, $.currency]` (sibling fields or absolute paths, the first
/// present wins; `currency:` is then the default when none is). The data may also state it in the
/// value itself (`"EUR 30000"`, `{"amount": "30000", "currency": "EUR"}`); a value whose currency
/// disagrees with its field's is an error.
final class FieldSpec: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case string, number, money, date, datetime, boolean, array, object, signature, image, beneficiaries
    }
    let kind: Kind
    let required: Bool
    /// Required only when this condition on the parent object holds (`kind != "company"`).
    let requiredIf: Condition?
    /// Required unless this condition on the parent object holds.
    let requiredUnless: Condition?
    /// Domain check of a string (`residentID`, `passport`, `uscc`, ...) or object (`passportName`).
    let format: String?
    /// Currency of a money field: the only one it takes, or with `currencyField` the default.
    let currency: Currency?
    /// Where a money field's currency is read: sibling field names or absolute paths (`$.currency`).
    let currencyField: [String]
    /// `currencyField` parsed once at load: every money value of every record looks its currency up.
    let currencyFieldPaths: [DataPath?]
    /// Money values that are not amounts and the field accepts: `included`, `unlimited`.
    let allow: Set<String>
    /// `format: uscc`: a wrong check character is an error (default) or only a warning (`checkCharacter: warning`).
    let strictCheck: Bool
    /// Allows `\n` and `\t` in a string; every other control character is rejected.
    let multiline: Bool
    let enumValues: [String]?
    let maxLength: Int?
    let minItems: Int
    let maxItems: Int?
    let items: FieldSpec?
    let fields: [(name: String, spec: FieldSpec)]
    /// For `format: identity`: the sibling field holding the IdentityDocumentKind raw value.
    let kindField: String?
    /// For `format: identity`: the kind when the kind field is absent (`passport` on a visa certificate).
    let kindDefault: String?
    let location: String

    init(kind: Kind, required: Bool, requiredIf: Condition? = nil, requiredUnless: Condition? = nil, format: String? = nil,
         currency: Currency? = nil, currencyField: [String] = [], allow: Set<String> = [], strictCheck: Bool = true, multiline: Bool = false,
         enumValues: [String]? = nil, maxLength: Int? = nil, minItems: Int = 0, maxItems: Int? = nil,
         items: FieldSpec? = nil, fields: [(name: String, spec: FieldSpec)] = [], kindField: String? = nil, kindDefault: String? = nil, location: String) {
        self.kind = kind; self.required = required; self.requiredIf = requiredIf; self.requiredUnless = requiredUnless
        self.format = format; self.currency = currency; self.currencyField = currencyField; self.currencyFieldPaths = currencyField.map { DataPath.parse($0) }; self.allow = allow
        self.strictCheck = strictCheck; self.multiline = multiline
        self.enumValues = enumValues; self.maxLength = maxLength; self.minItems = minItems; self.maxItems = maxItems
        self.items = items; self.fields = fields; self.kindField = kindField; self.kindDefault = kindDefault; self.location = location
    }

    func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name }?.spec }

    static let stringFormats: Set<String> = [
        "residentID", "passport", "uscc", "taxID", "bankCard", "mobile", "phone", "email", "invoiceNumber20",
        "identity", "identityKind", "countryCode", "vatRate", "hex4", "url", "currency",
    ]
    /// Values of `allow:` on a money field.
    static let noAmountValues: Set<String> = ["included", "unlimited"]
    static let objectFormats: Set<String> = ["passportName"]
}

extension YAMLReader {
    /// Reads the `data:` mapping as the root object spec.
    func readSchema(_ node: Node) -> FieldSpec {
        let fields = readFields(node, depth: 0)
        return FieldSpec(kind: .object, required: true, fields: fields, location: location(node).text)
    }

    private func readFields(_ node: Node, depth: Int) -> [(name: String, spec: FieldSpec)] {
        guard depth < 16, let pairs = pairs(node, what: "fields") else {
            if depth >= 16 { error("data schema nested deeper than 16", node) }
            return []
        }
        var out: [(String, FieldSpec)] = []
        for p in pairs {
            if isAuthenticationData(fieldName: p.key) {
                error("authentication data '\(p.key)' may not be part of a document's data", p.keyNode,
                      hints: ["passwords, PINs and verification codes are never printed (JR/T 0171 C3)"])
            }
            if let spec = readField(p.value, depth: depth) { out.append((p.key, spec)) }
        }
        // Conditions of requiredIf/requiredUnless read the sibling fields.
        for (name, spec) in out {
            for c in [spec.requiredIf, spec.requiredUnless].compactMap({ $0 }) where !out.contains(where: { $0.0 == c.path.head }) {
                error("'\(name)': condition names '\(c.path.head)', which is not a sibling field", node)
            }
        }
        return out
    }

    private func readField(_ node: Node, depth: Int) -> FieldSpec? {
        let loc = location(node).text
        if case .scalar(let s) = node {
            var t = s.string.strippingSpaces()
            let optional = t.hasSuffix("?")
            if optional { t.removeLast() }
            guard let kind = FieldSpec.Kind(rawValue: t), kind != .array, kind != .object else {
                error("unknown field type '\(t)'", node, hints: ["types: string, number, money, date, datetime, boolean, signature, image, beneficiaries; arrays and objects need a mapping"])
                return nil
            }
            if kind == .money {
                error("a money field needs its currency", node,
                      hints: ["write { type: money, currency: CNY } or { type: money, currencyField: currency } (the sibling field holding the ISO code)"])
                return nil
            }
            return FieldSpec(kind: kind, required: !optional, location: loc)
        }
        guard let pairs = pairs(node, what: "a field") else { return nil }
        checkKeys(pairs, allowed: ["type", "required", "requiredIf", "requiredUnless", "format", "currency", "currencyField", "allow",
                                   "checkCharacter", "multiline", "enum", "maxLength",
                                   "minItems", "maxItems", "items", "fields", "kindField", "kindDefault", "description"], in: "a field")
        var kind: FieldSpec.Kind?
        var required = true, multiline = false, minItems = 0, strictCheck = true
        var format: String?, kindField: String?, kindDefault: String?, enumValues: [String]?, maxLength: Int?, maxItems: Int?
        var currency: Currency?
        var currencyField: [String] = []
        var allow: Set<String> = []
        var requiredIf: Condition?, requiredUnless: Condition?
        var items: FieldSpec?
        var fields: [(name: String, spec: FieldSpec)] = []
        for p in pairs {
            switch p.key {
            case "type":
                guard let t = string(p.value, what: "type") else { break }
                kind = FieldSpec.Kind(rawValue: t)
                if kind == nil { error("unknown field type '\(t)'", p.value) }
            case "required": required = bool(p.value, what: "required") ?? true
            case "requiredIf", "requiredUnless":
                guard let text = string(p.value, what: p.key) else { break }
                guard let c = Condition.parse(text) else { error("bad condition '\(text)'", p.value); break }
                if p.key == "requiredIf" { requiredIf = c } else { requiredUnless = c }
            case "currencyField":
                let names: [String] = if case .sequence = p.value { sequence(p.value, what: "currencyField")?.compactMap { string($0, what: "currencyField") } ?? [] }
                    else { string(p.value, what: "currencyField").map { [$0] } ?? [] }
                for n in names where DataPath.parse(n) == nil { error("bad data path '\(n)'", p.value) }
                currencyField = names
            case "allow":
                for v in sequence(p.value, what: "allow")?.compactMap({ string($0, what: "allow value") }) ?? [] {
                    if FieldSpec.noAmountValues.contains(v) { allow.insert(v) } else { error("unknown allow value '\(v)' (included, unlimited)", p.value) }
                }
            case "checkCharacter":
                switch string(p.value, what: "checkCharacter") {
                case "error": strictCheck = true
                case "warning": strictCheck = false
                default: error("checkCharacter is error or warning", p.value)
                }
            case "multiline": multiline = bool(p.value, what: "multiline") ?? false
            case "format": format = string(p.value, what: "format")
            case "kindField": kindField = string(p.value, what: "kindField")
            case "kindDefault":
                kindDefault = string(p.value, what: "kindDefault")
                if let k = kindDefault, IdentityDocumentKind(rawValue: k) == nil { error("unknown identity document kind '\(k)'", p.value) }
            case "currency":
                if let c = string(p.value, what: "currency") {
                    if let cur = Currency(rawValue: c) { currency = cur }
                    else { error("unknown currency '\(c)'", p.value, hints: ["ISO 4217 codes: " + Currency.allCases.map(\.rawValue).joined(separator: " ")]) }
                }
            case "enum": enumValues = sequence(p.value, what: "enum")?.compactMap { string($0, what: "enum value") }
            case "maxLength": maxLength = number(p.value, what: "maxLength", in: 0...1_000_000).map { Int($0) }
            case "minItems": minItems = number(p.value, what: "minItems", in: 0...1_000_000).map { Int($0) } ?? 0
            case "maxItems": maxItems = number(p.value, what: "maxItems", in: 0...1_000_000).map { Int($0) }
            case "items": items = readField(p.value, depth: depth + 1)
            case "fields": fields = readFields(p.value, depth: depth + 1)
            default: break
            }
        }
        guard let kind else {
            if !pairs.contains(where: { $0.key == "type" }) { error("field needs a type", node) }
            return nil
        }
        if let format {
            let known = kind == .object ? FieldSpec.objectFormats : FieldSpec.stringFormats
            if !known.contains(format) {
                error("unknown format '\(format)' for a \(kind.rawValue)", node, hints: ["formats: " + known.sorted().joined(separator: ", ")])
            }
            if format == "identity" && kindField == nil { error("format 'identity' needs kindField (the sibling field with the document kind)", node) }
        }
        if kind == .array && items == nil { error("an array field needs items", node) }
        if kind == .money && currency == nil && currencyField.isEmpty {
            error("a money field needs its currency", node,
                  hints: ["add currency: CNY (the only currency it takes) or currencyField: currency (the sibling field holding the ISO code)"])
        }
        if kind != .money && (currency != nil || !currencyField.isEmpty || !allow.isEmpty) {
            error("currency, currencyField and allow belong to money fields", node)
        }
        return FieldSpec(kind: kind, required: required, requiredIf: requiredIf, requiredUnless: requiredUnless, format: format,
                         currency: currency, currencyField: currencyField, allow: allow, strictCheck: strictCheck, multiline: multiline,
                         enumValues: enumValues, maxLength: maxLength, minItems: minItems, maxItems: maxItems,
                         items: items, fields: fields, kindField: kindField, kindDefault: kindDefault, location: loc)
    }
}
