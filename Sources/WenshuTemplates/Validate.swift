internal import WenshuDomain
internal import WenshuDiagnostics

/// Checks data against a template's `data:` schema, collecting every problem with its JSON path
/// (`$.insured[0].passport.number: required`). Runs before anything is built.
///
/// Contract: values are checked for type, then for control characters (only `\n` and `\t`, and only
/// in `multiline` strings, are allowed), length limits and the field's domain `format`.
struct Validator {
    var issues = Issues()
    let limits: TemplateLimits
    let asOf: CivilDate?
    /// The whole record, for `currencyField: $.path`.
    var root: JSONValue = .null
    /// Every money value by JSON path, with its currency resolved: the filters print these and the
    /// checks read them, so a row is never printed in another row's currency.
    var moneyAt: [String: ResolvedMoney] = [:]

    init(limits: TemplateLimits, asOf: CivilDate?) { self.limits = limits; self.asOf = asOf }

    /// Whether a missing value is an error: `required`, narrowed by `requiredIf` / `requiredUnless`
    /// read on the parent object (`mobile` is required unless `kind == "company"`).
    func isRequired(_ spec: FieldSpec, parent: JSONValue?) -> Bool {
        guard spec.required else { return false }
        let scope = parent ?? .object([])
        if let c = spec.requiredIf, !evaluate(c, root: scope) { return false }
        if let c = spec.requiredUnless, evaluate(c, root: scope) { return false }
        return true
    }

    /// `path` is built only when something needs it (an error, a money value, a child's path): most
    /// fields pass, and building every field's path was a fifth of the check.
    mutating func validate(_ value: JSONValue?, spec: FieldSpec, path lazyPath: @autoclosure () -> String, parent: JSONValue? = nil) {
        guard let value, !value.isNull else {
            if isRequired(spec, parent: parent) {
                var hints: [String] = []
                if spec.kind == .money && !spec.allow.isEmpty { hints.append("an amount, or " + spec.allow.sorted().map { "\"\($0)\"" }.joined(separator: " / ")) }
                issues.error("required", at: lazyPath(), code: Diagnostic.Code.required, hints: hints)
            }
            return
        }
        switch spec.kind {
        case .string:
            guard case .string(let s) = value else { return typeError(value, spec, lazyPath()) }
            checkString(s, spec: spec, path: lazyPath())
            if let format = spec.format { checkFormat(format, s, spec: spec, path: lazyPath(), parent: parent) }
        case .number:
            let text: String? = switch value { case .number(let n): n; case .string(let s): Double(s) != nil ? s : nil; default: nil }
            if text == nil { typeError(value, spec, lazyPath()) }
        case .date:
            guard case .string(let s) = value else { return typeError(value, spec, lazyPath()) }
            // Parsed again with the path only to word the error.
            if (try? CivilDate.parse(s, field: "")) == nil {
                do { _ = try CivilDate.parse(s, field: lazyPath()) } catch { issues.add(error) }
            }
        case .datetime:
            guard case .string(let s) = value else { return typeError(value, spec, lazyPath()) }
            if DateTime.parse(s) == nil {
                issues.error("'\(s)' is not a date-time with offset", at: lazyPath(), code: Diagnostic.Code.format, hints: ["write it like 2025-03-01T00:00:00+08:00"])
            }
        case .boolean:
            if !value.isBool { typeError(value, spec, lazyPath()) }
        case .image:
            guard case .string(let s) = value else { return typeError(value, spec, lazyPath()) }
            if case .failure(let e) = decodeDataURL(s, limit: limits.imageBytes) { issues.error(e.message, at: lazyPath(), code: Diagnostic.Code.format) }
        case .money, .beneficiaries, .array, .object, .signature:
            validateComposite(value, spec: spec, path: lazyPath(), parent: parent)
        }
    }

    /// The kinds that always need their path: money (kept by path), lists and objects (their
    /// children's paths), beneficiaries and signatures.
    private mutating func validateComposite(_ value: JSONValue, spec: FieldSpec, path: String, parent: JSONValue?) {
        switch spec.kind {
        case .money:
            if value.isBool { return typeError(value, spec, path) }
            if case .string(let s) = value { checkString(s, spec: spec, path: path) }
            validateMoney(value, spec: spec, path: path, parent: parent)
        case .beneficiaries:
            validateBeneficiaries(value, path: path)
        case .array:
            guard case .array(let items) = value else { return typeError(value, spec, path) }
            let max = min(spec.maxItems ?? limits.arrayItems, limits.arrayItems)
            if items.count > max { issues.error("\(items.count) items, more than the limit of \(max)", at: path, code: Diagnostic.Code.range); return }
            if items.count < spec.minItems { issues.error("at least \(spec.minItems) item(s) required, found \(items.count)", at: path, code: Diagnostic.Code.required) }
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
        case .string, .number, .date, .datetime, .boolean, .image:
            validate(value, spec: spec, path: path, parent: parent)
        }
    }

    private mutating func typeError(_ value: JSONValue, _ spec: FieldSpec, _ path: String) {
        issues.error("expected \(spec.kind.rawValue), found \(value.typeName)", at: path, code: Diagnostic.Code.type)
    }

    /// `"legal"` (法定: the legal heirs), or a list of named beneficiaries `{name, relation, share,
    /// idType?, idNumber?}` whose shares add up to 100 %.
    private mutating func validateBeneficiaries(_ value: JSONValue, path: String) {
        switch value {
        case .string(let s):
            checkString(s, spec: FieldSpec(kind: .string, required: true, location: ""), path: path)
            if !isLegalHeirs(s) {
                issues.error("'\(s)' is not a list of beneficiaries or \"legal\"", at: path, code: Diagnostic.Code.format,
                             hints: ["write \"legal\" (法定) or [{\"name\": …, \"relation\": …, \"share\": 100}]"])
            }
        case .array(let items):
            guard !items.isEmpty else {
                return issues.error("name at least one beneficiary, or write \"legal\" (法定)", at: path, code: Diagnostic.Code.required)
            }
            if items.count > 20 { return issues.error("\(items.count) beneficiaries, more than the limit of 20", at: path, code: Diagnostic.Code.range) }
            var shares: [BeneficiaryShare] = []
            var complete = true
            for (i, item) in items.enumerated() {
                let itemPath = path.appendingIndex(i)
                guard case .object = item else { issues.error("expected object, found \(item.typeName)", at: itemPath, code: Diagnostic.Code.type); complete = false; continue }
                for key in ["name", "relation"] {
                    let p = itemPath.appendingKey(key)
                    guard let v = item[key], !v.isNull else { issues.error("required", at: p, code: Diagnostic.Code.required); continue }
                    guard case .string(let text) = v else { issues.error("expected string, found \(v.typeName)", at: p, code: Diagnostic.Code.type); continue }
                    checkString(text, spec: FieldSpec(kind: .string, required: true, maxLength: 100, location: ""), path: p)
                    if text.strippingSpaces().isEmpty { issues.error("required", at: p, code: Diagnostic.Code.required) }
                }
                let sharePath = itemPath.appendingKey("share")
                if let v = item["share"], !v.isNull, let text = v.scalarText, !v.isBool {
                    do { shares.append(try BeneficiaryShare.parse(text, field: sharePath)) } catch { issues.add(error); complete = false }
                } else {
                    issues.error("required", at: sharePath, code: Diagnostic.Code.required); complete = false
                }
                if let kindText = item["idType"]?.scalarText, let number = item["idNumber"]?.scalarText {
                    if let kind = IdentityDocumentKind(rawValue: kindText) {
                        for issue in validateIdentityNumber(number, kind: kind, field: itemPath.appendingKey("idNumber"), asOf: asOf) { issues.add(issue) }
                    } else {
                        issues.error("'\(kindText)' is not an identity document kind", at: itemPath.appendingKey("idType"), code: Diagnostic.Code.format)
                    }
                }
            }
            if complete { for issue in validateBeneficiaryShares(shares, field: path) { issues.add(issue) } }
        default:
            issues.error("expected a list of beneficiaries or \"legal\", found \(value.typeName)", at: path, code: Diagnostic.Code.type)
        }
    }

    private mutating func checkString(_ s: String, spec: FieldSpec, path lazyPath: @autoclosure () -> String) {
        if containsForbiddenControl(s, multiline: spec.multiline),
           let bad = s.unicodeScalars.first(where: { isForbiddenControl($0, multiline: spec.multiline) }) {
            let code = "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(4)
            issues.error("control character \(code) is not allowed", at: lazyPath(), code: Diagnostic.Code.controlCharacter,
                         hints: spec.multiline ? [] : ["only multiline fields may contain line breaks and tabs"])
        }
        if let run = longestMarkRun(s, over: maximumMarkRun) {
            issues.error("a character carries \(run) combining marks in a row, more than \(maximumMarkRun)", at: lazyPath(),
                         hints: ["Unicode's stream-safe text format (UAX #15 §13) allows at most 30 in a row"])
        }
        let limit = min(spec.maxLength ?? limits.stringLength, limits.stringLength)
        // UTF-8 length bounds the character count from above: count characters only when it might matter.
        if s.utf8.count > limit && s.count > limit { issues.error("\(s.count) characters, more than the limit of \(limit)", at: lazyPath(), code: Diagnostic.Code.range) }
        if let allowed = spec.enumValues, !allowed.contains(s) {
            issues.error("'\(s)' is not one of " + allowed.map { "'\($0)'" }.joined(separator: ", "), at: lazyPath(), code: Diagnostic.Code.format)
        }
    }

    private mutating func checkFormat(_ format: String, _ s: String, spec: FieldSpec, path lazyPath: @autoclosure () -> String, parent: JSONValue?) {
        var found: [DomainIssue] = []
        var path: String { lazyPath() }
        func fail(_ what: String, hint: String? = nil) { issues.error("'\(s)' is not \(what)", at: path, code: Diagnostic.Code.format, hints: hint.map { [$0] } ?? []) }
        switch format {
        case "residentID": found = validateResidentID(s, field: path, asOf: asOf)
        case "passport": found = validatePassportNumber(s, field: path)
        case "uscc": found = validateUSCC(s, field: path, strict: spec.strictCheck)
        case "currency":
            if Currency.parse(s) == nil {
                issues.error("unknown currency '\(s)'", at: path, code: Diagnostic.Code.currency,
                             hints: ["ISO 4217 codes: " + Currency.allCases.map(\.rawValue).joined(separator: " ")])
            }
        case "taxID":
            if s.count == 18 { found = validateUSCC(s, field: path, strict: false) }
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
            let kindText = spec.kindField.flatMap { parent?[$0]?.scalarText } ?? spec.kindDefault ?? ""
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
    var text = text  // `withUTF8` lends a native string's storage as it is
    return text.withUTF8 { containsForbiddenControl(buffer: $0, multiline: multiline) }
}

/// Eight bytes at a time: a word with no byte below 0x20, no DEL and no 0xC2 (the lead byte of every
/// C1 control) passes whole, which is every word of plain text in any script; a word with one of
/// them, or one that follows a 0xC2, is read byte by byte.
private func containsForbiddenControl(buffer: UnsafeBufferPointer<UInt8>, multiline: Bool) -> Bool {
    guard let base = UnsafeRawPointer(buffer.baseAddress) else { return false }
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
    // Whether some byte of w is below n (n ≤ 0x80), or zero: the classic word tricks.
    @inline(__always) func hasLess(_ w: UInt64, _ n: UInt64) -> Bool { (w &- ones &* n) & ~w & highs != 0 }
    var i = 0
    var previous: UInt8 = 0
    while i + 8 <= buffer.count {
        let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        if previous == 0xC2 || hasLess(w, 0x20) || hasLess(w ^ (ones &* 0x7F), 1) || hasLess(w ^ (ones &* 0xC2), 1) {
            if containsForbiddenControl(slowly: UnsafeBufferPointer(rebasing: buffer[i..<i + 8]), previous: previous, multiline: multiline) { return true }
        }
        previous = buffer[i + 7]
        i += 8
    }
    return containsForbiddenControl(slowly: UnsafeBufferPointer(rebasing: buffer[i...]), previous: previous, multiline: multiline)
}

private func containsForbiddenControl(slowly bytes: UnsafeBufferPointer<UInt8>, previous start: UInt8, multiline: Bool) -> Bool {
    var previous = start
    for byte in bytes {
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

/// `legal`, `法定`, `statutory`, `legal heirs`, `法定继承人`: the beneficiaries are the insured's legal heirs.
func isLegalHeirs(_ text: String) -> Bool {
    ["legal", "legal heirs", "statutory", "法定", "法定继承人", "法定受益人"].contains(text.strippingSpaces().lowercased())
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

/// Marks that may follow one base character: UAX #15 §13 (stream-safe text format) allows 30
/// non-starters in a row; more is never real text and makes shaping quadratic (each mark is
/// positioned against everything before it in its cluster).
let maximumMarkRun = 30

/// The length of the first run of combining marks (and variation selectors and joiners) longer than
/// `limit`, or nil when there is none. One pass over the UTF-8 bytes, decoding only the scalars that
/// ``isNeverExtending(_:)`` cannot settle from their bytes.
func longestMarkRun(_ s: String, over limit: Int) -> Int? {
    if let found = s.utf8.withContiguousStorageIfAvailable({ longestMarkRun(utf8: $0, over: limit) }) { return found }
    var s = s
    return s.withUTF8 { longestMarkRun(utf8: $0, over: limit) }
}

private func longestMarkRun(utf8 bytes: UnsafeBufferPointer<UInt8>, over limit: Int) -> Int? {
    // Every mark, selector and joiner is U+0300 or above, two UTF-8 bytes or more: a shorter string
    // cannot hold limit + 1 of them.
    guard bytes.count >= 2 * (limit + 1) else { return nil }
    var run = 0, found = 0
    var i = 0
    let n = bytes.count
    while i < n {
        let lead = bytes[i]
        let extends: Bool
        if lead < 0x80 {
            extends = false
            i += 1
        } else {
            // A valid string's sequence: 2, 3 or 4 bytes by its lead.
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            var v = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for k in 1..<length { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
            i += length
            if isNeverExtending(v) {
                extends = false
            } else {
                let scalar = Unicode.Scalar(v)!
                switch scalar.properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark: extends = true
                default: extends = scalar.properties.isVariationSelector || v == 0x200D
                }
            }
        }
        if extends {
            run += 1
            if run > limit { found = max(found, run) }
        } else {
            if found > 0 { return found }
            run = 0
        }
    }
    return found > 0 ? found : nil
}

/// Scalars that are neither marks nor variation selectors nor the joiner, known without Unicode's
/// property tables: Latin below the combining diacriticals (U+0300), CJK Extension A through the
/// unified ideographs (U+3400–U+9FFF: letters and the Yijing symbols), CJK punctuation before its
/// tone marks (U+3000–U+3029) and the fullwidth forms (U+FF01–U+FF60). A policy's data is almost all
/// of these, and the property lookups were a tenth of a text-heavy document's instructions.
@inline(__always)
func isNeverExtending(_ v: UInt32) -> Bool {
    v < 0x300 || (v >= 0x3400 && v <= 0x9FFF) || (v >= 0x3000 && v <= 0x3029) || (v >= 0xFF01 && v <= 0xFF60)
}

/// The JSON path of the object holding `path`'s last key (`$.a.b` → `$.a`), or `path` itself when it
/// has no key. Searches bytes: `lastIndex(of:)` over characters was most of a money value's check.
func parentPath(_ path: String) -> String {
    guard let dot = path.utf8.lastIndex(of: UInt8(ascii: ".")) else { return path }
    return String(path[..<dot])
}
