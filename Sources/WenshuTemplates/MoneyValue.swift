internal import WenshuDiagnostics
internal import WenshuDomain

/// A money value of the data once its currency is known: what filters print and checks read.
struct ResolvedMoney: Sendable {
    var limit: CoverLimit
    /// Nil only for `included` / `unlimited` values whose field names no currency.
    var currency: Currency?

    var amount: Money? { if case .amount(let m) = limit { m } else { nil } }
}

/// How the data may write a money value, split into its amount text and the currency it names.
///
/// Accepted: `30000`, `"30,000.00"`, `"EUR 30000"`, `"EUR30,000"`, `"30000 EUR"`, `"€30,000"`,
/// `"¥1004.50"`, `"1004.50元"`, `{"amount": "30000", "currency": "EUR"}`; and, where the field
/// `allow`s them, `"included"` (含, 包含) and `"unlimited"` (不限, 不限额, 无限额).
enum MoneyText {
    static let included: Set<String> = ["included", "含", "包含", "included / 含", "含 included"]
    static let unlimited: Set<String> = ["unlimited", "不限", "不限额", "无限额", "无上限", "unlimited / 不限额"]

    enum Parsed {
        case amount(text: String, currencyText: String?, currencyPath: String?)
        case included, unlimited
    }

    static func split(_ value: JSONValue, path: String) -> Parsed? {
        switch value {
        case .number(let n): return .amount(text: n, currencyText: nil, currencyPath: nil)
        case .object:
            guard let amount = value["amount"]?.scalarText else { return nil }
            let currency = value["currency"]?.scalarText
            if case .amount(let text, let embedded, _)? = split(.string(amount), path: path) {
                return .amount(text: text, currencyText: currency ?? embedded, currencyPath: currency == nil ? nil : path.appendingKey("currency"))
            }
            return nil
        case .string(let raw):
            // Plain figures ("500000", "1,640.90"): the whole text is the amount, as the general
            // path below finds after stripping, matching and slicing scalars.
            if raw.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
               raw.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }) {
                return .amount(text: raw, currencyText: nil, currencyPath: nil)
            }
            let s = raw.strippingSpaces()
            if included.contains(s.lowercased()) { return .included }
            if unlimited.contains(s.lowercased()) { return .unlimited }
            let scalars = Array(s.unicodeScalars)
            let isAmountScalar: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) || $0 == "." || $0 == "," }
            guard let first = scalars.firstIndex(where: { ("0"..."9").contains($0) }),
                  let last = scalars.lastIndex(where: { ("0"..."9").contains($0) }) else {
                return .amount(text: s, currencyText: nil, currencyPath: nil)
            }
            var start = first, end = last + 1
            while start > 0 && isAmountScalar(scalars[start - 1]) { start -= 1 }
            while end < scalars.count && isAmountScalar(scalars[end]) { end += 1 }
            var prefix = String(String.UnicodeScalarView(scalars[..<start])).strippingSpaces()
            let suffix = String(String.UnicodeScalarView(scalars[end...])).strippingSpaces()
            // "-5": the sign belongs to the amount, so parse can refuse it as negative.
            var amountText = String(String.UnicodeScalarView(scalars[start..<end]))
            if prefix.hasSuffix("-") { prefix.removeLast(); amountText = "-" + amountText; prefix = prefix.strippingSpaces() }
            if !prefix.isEmpty && !suffix.isEmpty { return .amount(text: s, currencyText: nil, currencyPath: nil) }
            let code = prefix.isEmpty ? suffix : prefix
            return .amount(text: amountText, currencyText: code.isEmpty ? nil : code, currencyPath: nil)
        default: return nil
        }
    }
}

extension Validator {
    /// Resolves a money value: its amount and its currency, from the value itself, the field's
    /// `currencyField` or its `currency`. Records it under `path` for the filters and the checks.
    mutating func validateMoney(_ value: JSONValue, spec: FieldSpec, path: String, parent: JSONValue?) {
        guard let parsed = MoneyText.split(value, path: path) else {
            if case .object = value { return issues.error("required", at: path.appendingKey("amount"), code: Diagnostic.Code.required) }
            return issues.error("expected money, found \(value.typeName)", at: path, code: Diagnostic.Code.type)
        }
        func allowed(_ what: String) -> Bool {
            if spec.allow.contains(what) { return true }
            issues.error("'\(what)' is not allowed here: this field needs an amount", at: path, code: Diagnostic.Code.format,
                         hints: ["declare allow: [included, unlimited] on the field for a benefit without an amount"])
            return false
        }
        // The field's own currency, from currencyField (first present) or the fixed `currency`.
        var fieldCurrency: (Currency, String)?
        var fieldCurrencyFailed = false
        for (name, p) in zip(spec.currencyField, spec.currencyFieldPaths) {
            guard let p else { continue }
            let found: Bound = name.hasPrefix("$.") ? resolve(p, in: root, vars: [:])
                : resolve(p, in: parent ?? .null, vars: [:], rootPath: parentPath(path))
            guard let v = found.value, !v.isNull else { continue }
            guard let text = v.scalarText, let c = Currency.parse(text) else {
                issues.error("unknown currency '\(v.scalarText ?? v.typeName)'", at: found.jsonPath, code: Diagnostic.Code.currency,
                             hints: ["ISO 4217 codes: " + Currency.allCases.map(\.rawValue).joined(separator: " ")])
                fieldCurrencyFailed = true
                break
            }
            fieldCurrency = (c, found.jsonPath)
            break
        }
        // With currencyField, `currency` is only the default: a value stating its own currency wins.
        let isDefault = fieldCurrency == nil && !spec.currencyField.isEmpty
        if fieldCurrency == nil, !fieldCurrencyFailed, let c = spec.currency { fieldCurrency = (c, "the template") }

        switch parsed {
        case .included:
            if allowed("included") { moneyAt[path] = ResolvedMoney(limit: .included, currency: fieldCurrency?.0) }
        case .unlimited:
            if allowed("unlimited") { moneyAt[path] = ResolvedMoney(limit: .unlimited, currency: fieldCurrency?.0) }
        case .amount(let text, let currencyText, let currencyPath):
            var currency = fieldCurrency?.0
            if let currencyText {
                guard let stated = Currency.parse(currencyText) else {
                    return issues.error("unknown currency '\(currencyText)'", at: currencyPath ?? path, code: Diagnostic.Code.currency,
                                        hints: ["ISO 4217 codes: " + Currency.allCases.map(\.rawValue).joined(separator: " ")])
                }
                // A fixed currency without currencyField is the only one the field takes.
                if let (c, source) = fieldCurrency, c != stated, !isDefault {
                    return issues.error("amount is in \(stated.rawValue), but \(source == "the template" ? "this field is in" : source + " says") \(c.rawValue)",
                                        at: currencyPath ?? path, code: Diagnostic.Code.currency)
                }
                currency = stated
            }
            guard let currency else {
                if fieldCurrencyFailed { return }
                return issues.error("amount has no currency", at: path, code: Diagnostic.Code.currency,
                                    hints: ["state it in the value (\"EUR 30000\") or in " + (spec.currencyField.first.map { "'\($0)'" } ?? "the field")])
            }
            do {
                let m = try Money.parse(text, currency: currency, field: path)
                moneyAt[path] = ResolvedMoney(limit: .amount(m), currency: currency)
            } catch { issues.add(error) }
        }
    }
}
