internal import Yams
internal import WenshuDomain

/// The data a template needs, declared under `data:`.
///
/// A field is `name: type` (required), `name: type?` (optional), or a mapping:
/// `{ type, required (default true), format, currency, multiline, enum, maxLength, minItems,
/// maxItems, items, fields, kindField }`. Types: string, number, money, date, datetime, boolean,
/// array, object, signature, image.
final class FieldSpec: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case string, number, money, date, datetime, boolean, array, object, signature, image
    }
    let kind: Kind
    let required: Bool
    /// Domain check of a string (`residentID`, `passport`, `uscc`, ...) or object (`passportName`).
    let format: String?
    /// Currency of a money field (default CNY).
    let currency: Currency
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
    let location: String

    init(kind: Kind, required: Bool, format: String? = nil, currency: Currency = .cny, multiline: Bool = false,
         enumValues: [String]? = nil, maxLength: Int? = nil, minItems: Int = 0, maxItems: Int? = nil,
         items: FieldSpec? = nil, fields: [(name: String, spec: FieldSpec)] = [], kindField: String? = nil, location: String) {
        self.kind = kind; self.required = required; self.format = format; self.currency = currency; self.multiline = multiline
        self.enumValues = enumValues; self.maxLength = maxLength; self.minItems = minItems; self.maxItems = maxItems
        self.items = items; self.fields = fields; self.kindField = kindField; self.location = location
    }

    func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name }?.spec }

    static let stringFormats: Set<String> = [
        "residentID", "passport", "uscc", "taxID", "bankCard", "mobile", "phone", "email", "invoiceNumber20",
        "identity", "identityKind", "countryCode", "vatRate", "hex4", "url",
    ]
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
        return out
    }

    private func readField(_ node: Node, depth: Int) -> FieldSpec? {
        let loc = location(node).text
        if case .scalar(let s) = node {
            var t = s.string.strippingSpaces()
            let optional = t.hasSuffix("?")
            if optional { t.removeLast() }
            guard let kind = FieldSpec.Kind(rawValue: t), kind != .array, kind != .object else {
                error("unknown field type '\(t)'", node, hints: ["types: string, number, money, date, datetime, boolean, signature, image; arrays and objects need a mapping"])
                return nil
            }
            return FieldSpec(kind: kind, required: !optional, location: loc)
        }
        guard let pairs = pairs(node, what: "a field") else { return nil }
        checkKeys(pairs, allowed: ["type", "required", "format", "currency", "multiline", "enum", "maxLength",
                                   "minItems", "maxItems", "items", "fields", "kindField", "description"], in: "a field")
        var kind: FieldSpec.Kind?
        var required = true, multiline = false, minItems = 0
        var format: String?, kindField: String?, enumValues: [String]?, maxLength: Int?, maxItems: Int?
        var currency = Currency.cny
        var items: FieldSpec?
        var fields: [(name: String, spec: FieldSpec)] = []
        for p in pairs {
            switch p.key {
            case "type":
                guard let t = string(p.value, what: "type") else { break }
                kind = FieldSpec.Kind(rawValue: t)
                if kind == nil { error("unknown field type '\(t)'", p.value) }
            case "required": required = bool(p.value, what: "required") ?? true
            case "multiline": multiline = bool(p.value, what: "multiline") ?? false
            case "format": format = string(p.value, what: "format")
            case "kindField": kindField = string(p.value, what: "kindField")
            case "currency":
                if let c = string(p.value, what: "currency") {
                    if let cur = Currency(rawValue: c) { currency = cur } else { error("unknown currency '\(c)' (CNY or EUR)", p.value) }
                }
            case "enum": enumValues = sequence(p.value, what: "enum")?.compactMap { string($0, what: "enum value") }
            case "maxLength": maxLength = number(p.value, what: "maxLength").map { Int($0) }
            case "minItems": minItems = number(p.value, what: "minItems").map { Int($0) } ?? 0
            case "maxItems": maxItems = number(p.value, what: "maxItems").map { Int($0) }
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
        return FieldSpec(kind: kind, required: required, format: format, currency: currency, multiline: multiline,
                         enumValues: enumValues, maxLength: maxLength, minItems: minItems, maxItems: maxItems,
                         items: items, fields: fields, kindField: kindField, location: loc)
    }
}
