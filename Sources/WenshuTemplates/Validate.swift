internal import WenshuDomain

/// Checks data against a template's `data:` schema, collecting every problem with its JSON path
/// (`$.insured[0].passport.number: required`). Runs before anything is built.
///
/// Contract: values are checked for type, then for control characters (only `\n` and `\t`, and only
/// in `multiline` strings, are allowed), length limits and the field's domain `format`.
struct Validator {
    var issues = Issues()
    let limits: TemplateLimits
    let asOf: CivilDate?

    mutating func validate(_ value: JSONValue?, spec: FieldSpec, path: String, parent: JSONValue? = nil) {
        guard let value, !value.isNull else {
            if spec.required { issues.error("required", at: path) }
            return
        }
        switch spec.kind {
        case .string:
            guard case .string(let s) = value else { return typeError(value, spec, path) }
            checkString(s, spec: spec, path: path)
            if let format = spec.format { checkFormat(format, s, spec: spec, path: path, parent: parent) }
        case .number:
            let text: String? = switch value { case .number(let n): n; case .string(let s): Double(s) != nil ? s : nil; default: nil }
            if text == nil { typeError(value, spec, path) }
        case .money:
            guard let text = value.scalarText, !(value.isBool) else { return typeError(value, spec, path) }
            do { _ = try Money.parse(text, currency: spec.currency, field: path) } catch { issues.add(error) }
        case .date:
            guard case .string(let s) = value else { return typeError(value, spec, path) }
            do { _ = try CivilDate.parse(s, field: path) } catch { issues.add(error) }
        case .datetime:
            guard case .string(let s) = value else { return typeError(value, spec, path) }
            if DateTime.parse(s) == nil {
                issues.error("'\(s)' is not a date-time with offset", at: path, hints: ["write it like 2025-03-01T00:00:00+08:00"])
            }
        case .boolean:
            if !value.isBool { typeError(value, spec, path) }
        case .array:
            guard case .array(let items) = value else { return typeError(value, spec, path) }
            let max = min(spec.maxItems ?? limits.arrayItems, limits.arrayItems)
            if items.count > max { issues.error("\(items.count) items, more than the limit of \(max)", at: path); return }
            if items.count < spec.minItems { issues.error("at least \(spec.minItems) item(s) required, found \(items.count)", at: path) }
            if let itemSpec = spec.items {
                for (i, item) in items.enumerated() { validate(item, spec: itemSpec, path: path.appendingIndex(i), parent: value) }
            }
        case .object:
            guard case .object = value else { return typeError(value, spec, path) }
            for (name, fieldSpec) in spec.fields {
                validate(value[name], spec: fieldSpec, path: path.appendingKey(name), parent: value)
            }
            if spec.format == "passportName" {
                let surname = value["surname"]?.scalarText ?? "", given = value["givenNames"]?.scalarText ?? ""
                for issue in PassportName(surname: surname, givenNames: given).validate(field: path) { issues.add(issue) }
            }
        case .signature:
            _ = SignatureData.parse(value, path: path, issues: &issues)
        case .image:
            guard case .string(let s) = value else { return typeError(value, spec, path) }
            if case .failure(let e) = decodeDataURL(s, limit: limits.imageBytes) { issues.error(e.message, at: path) }
        }
    }

    private mutating func typeError(_ value: JSONValue, _ spec: FieldSpec, _ path: String) {
        issues.error("expected \(spec.kind.rawValue), found \(value.typeName)", at: path)
    }

    private mutating func checkString(_ s: String, spec: FieldSpec, path: String) {
        if containsForbiddenControl(s, multiline: spec.multiline),
           let bad = s.unicodeScalars.first(where: { isForbiddenControl($0, multiline: spec.multiline) }) {
            let code = "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(4)
            issues.error("control character \(code) is not allowed", at: path,
                         hints: spec.multiline ? [] : ["only multiline fields may contain line breaks and tabs"])
        }
        let limit = min(spec.maxLength ?? limits.stringLength, limits.stringLength)
        // UTF-8 length bounds the character count from above: count characters only when it might matter.
        if s.utf8.count > limit && s.count > limit { issues.error("\(s.count) characters, more than the limit of \(limit)", at: path) }
        if let allowed = spec.enumValues, !allowed.contains(s) {
            issues.error("'\(s)' is not one of " + allowed.map { "'\($0)'" }.joined(separator: ", "), at: path)
        }
    }

    private mutating func checkFormat(_ format: String, _ s: String, spec: FieldSpec, path: String, parent: JSONValue?) {
        var found: [DomainIssue] = []
        func fail(_ what: String, hint: String? = nil) { issues.error("'\(s)' is not \(what)", at: path, hints: hint.map { [$0] } ?? []) }
        switch format {
        case "residentID": found = validateResidentID(s, field: path, asOf: asOf)
        case "passport": found = validatePassportNumber(s, field: path)
        case "uscc": found = validateUSCC(s, field: path)
        case "taxID":
            if s.count == 18 { found = validateUSCC(s, field: path) }
            else if !(15...20).contains(s.count) || !s.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase) }) {
                fail("a taxpayer identification number", hint: "18-character USCC or 15–20 uppercase letters and digits")
            }
        case "bankCard": found = validateBankCard(s, field: path)
        case "mobile":
            let digits = Array(s)
            if !(digits.count == 11 && digits[0] == "1" && ("3"..."9").contains(digits[1]) && digits.allSatisfy { $0.isASCII && $0.isNumber }) {
                fail("a mainland mobile number", hint: "11 digits starting 13–19")
            }
        case "phone":
            if !(5...24).contains(s.count) || !s.allSatisfy({ $0.isASCII && ($0.isNumber || " +-()".contains($0)) }) { fail("a phone number") }
        case "email":
            let parts = s.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || s.contains(" ") { fail("an e-mail address") }
        case "invoiceNumber20":
            if s.count != 20 || !s.allSatisfy({ $0.isASCII && $0.isNumber }) { fail("a 20-digit invoice number", hint: "数电票 numbers have 20 digits (domain.md §5.1)") }
        case "identity":
            let kindText = spec.kindField.flatMap { parent?[$0]?.scalarText } ?? ""
            if let kind = IdentityDocumentKind(rawValue: kindText) {
                found = validateIdentityNumber(s, kind: kind, field: path, asOf: asOf)
            }
        case "identityKind":
            if IdentityDocumentKind(rawValue: s) == nil {
                fail("an identity document kind", hint: IdentityDocumentKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
        case "countryCode":
            if !(2...3).contains(s.count) || !s.allSatisfy({ $0.isASCII && $0.isUppercase }) { fail("an ISO 3166 country code") }
        case "vatRate": if parseVATRate(s) == nil { fail("a VAT rate", hint: "e.g. 6%, 3% or 免税") }
        case "hex4": if s.count != 4 || !s.allSatisfy(\.isHexDigit) { fail("4 hexadecimal digits") }
        case "url": if !(s.hasPrefix("https://") || s.hasPrefix("http://")) || s.contains(" ") { fail("an http(s) URL") }
        default: break
        }
        for issue in found { issues.add(issue) }
    }
}

/// C0 and C1 controls and DEL; `\n` and `\t` are allowed only when `multiline`.
/// Whether `text` holds a character ``isForbiddenControl(_:multiline:)`` refuses. Read from the
/// UTF-8 bytes: C0 controls and DEL are single bytes below 0x20 or 0x7F, and C1 controls
/// (U+0080–U+009F) are 0xC2 followed by 0x80–0x9F; anything else passes without decoding.
func containsForbiddenControl(_ text: String, multiline: Bool) -> Bool {
    var previous: UInt8 = 0
    for byte in text.utf8 {
        if byte < 0x20 {
            if !(multiline && (byte == 0x0A || byte == 0x09)) { return true }
        } else if byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) {
            return true
        }
        previous = byte
    }
    return false
}

func isForbiddenControl(_ u: Unicode.Scalar, multiline: Bool) -> Bool {
    if multiline && (u == "\n" || u == "\t") { return false }
    return u.value < 0x20 || (0x7F...0x9F).contains(u.value)
}

/// `6%`, `3%`, `0%` or `免税` / `exempt`.
func parseVATRate(_ text: String) -> VATRate? {
    if text == "免税" || text == "exempt" { return .exempt }
    guard text.hasSuffix("%"), let v = Int(text.dropLast()), (0...100).contains(v) else { return nil }
    return .percent(v)
}

extension JSONValue {
    var isBool: Bool { if case .bool = self { true } else { false } }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
