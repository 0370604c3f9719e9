internal import Crypto
internal import WenshuDomain
internal import WenshuDiagnostics

/// The filters of `{{ value | filter(arg) }}`. Each is checked when the template loads (unknown
/// name or bad argument = template error) and applied when it renders (bad data = data error at
/// the value's JSON path).
///
/// | filter | arguments | prints |
/// |---|---|---|
/// | money | a currency code (default: the value's own), nosymbol, plain, included=…, unlimited=… | ¥1,004.50 · EUR 30,000.00 · 1004.50 · Included / 含 |
/// | rmbUpper | cheque (元, default) or invoice (圆) | 壹仟零肆圆伍角 |
/// | vatNet, vatTax | rate such as 6% or 免税 | 金额 / 税额 of a tax-inclusive amount (税额 *** when exempt) |
/// | vatRate | — | 6% · 免税 |
/// | date | pattern (default yyyy-MM-dd), then `end` | 2025年03月01日 |
/// | datetime | pattern (default yyyy-MM-dd HH:mm XXX), or iso; then `end` | 2025-03-01 00:00 +08:00 · with end: 2025-04-20 24:00 |
/// | beneficiaries | legal=… (default 法定 Legal heirs) | 李娜（配偶 Spouse）60%；张小明（子女 Child）40% |
/// | mask | residentID, bankCard, mobile, passport, none, or first,last | 310***********0133 |
/// | upper, lower | — | ASCII case mapping |
/// | default | text | the text when the value is missing, null or empty |
/// | mrz | width 1–88 (default 39) | ZHANG<<SAN<<<… of an object with surname and givenNames |
/// | join | separator (default ", ") | the items of a list of text |
/// | number | decimals | 188.58 (half-up on the decimal text, no binary rounding) |
/// | percent | — | 0.06 → 6% |
/// | idKind | — | 居民身份证 for residentID … |
/// | bool | text if true, text if false | 是 / 否 |
/// | endorsementText | zh or en | the 批文 of an endorsement object (its own `text` when given) |
/// | effectiveTime | zh or en | 2026年05月01日零时 · 00:00 on 1 May 2026 (Beijing time, to the hour) |
/// | changeValue | before or after | a change's value, masked by its `format` (passports in full) |
/// | jsonSHA256 | grouped (optional) | SHA-256 of the value's canonical JSON (RFC 8785), lowercase hex; grouped: 8-digit groups |
enum Filters {
    static let names: Set<String> = ["money", "rmbUpper", "vatNet", "vatTax", "vatRate", "date", "datetime", "mask", "maskID", "upper",
                                     "lower", "default", "mrz", "join", "number", "percent", "idKind", "bool", "beneficiaries",
                                     "endorsementText", "changeValue", "effectiveTime", "jsonSHA256"]

    /// A lowercase message when `call` is not a known filter with valid arguments.
    static func check(_ call: FilterCall) -> String? {
        let a = call.args
        func arity(_ range: ClosedRange<Int>) -> String? {
            range.contains(a.count) ? nil : "filter '\(call.name)' takes \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)") argument(s), got \(a.count)"
        }
        switch call.name {
        case "money":
            if let e = arity(0...4) { return e }
            for arg in a where !["nosymbol", "plain"].contains(arg) && Currency(rawValue: arg) == nil
                && !arg.hasPrefix("included=") && !arg.hasPrefix("unlimited=") {
                return "unknown money argument '\(arg)' (a currency code, nosymbol, plain, included=text, unlimited=text)"
            }
        case "beneficiaries":
            if let e = arity(0...1) { return e }
            if let arg = a.first, !arg.hasPrefix("legal=") { return "unknown beneficiaries argument '\(arg)' (legal=text)" }
        case "rmbUpper":
            if let e = arity(0...1) { return e }
            if let s = a.first, s != "cheque", s != "invoice" { return "unknown rmbUpper style '\(s)' (cheque or invoice)" }
        case "vatNet", "vatTax":
            if let e = arity(1...1) { return e }
            if parseVATRate(a[0]) == nil { return "bad VAT rate '\(a[0])' (e.g. 6% or 免税)" }
        case "date", "datetime":
            if let e = arity(0...2) { return e }
            if a.count == 2 && a[1] != "end" { return "the second argument of '\(call.name)' can only be 'end' (a period end: 23:59:59 prints as 24:00)" }
            if let p = a.first, p != "iso", p != "end", let e = DatePattern.validate(p) { return e }
        case "mask":
            if let e = arity(1...2) { return e }
            if MaskRule.named(a.joined(separator: ",")) == nil { return "unknown mask rule '\(a.joined(separator: ","))' (residentID, bankCard, mobile, passport, none or first,last)" }
        case "default", "join": return arity(call.name == "join" ? 0...1 : 1...1)
        case "mrz":
            if let e = arity(0...1) { return e }
            // ICAO 9303: the name field is 39 characters in a TD3 passport MRZ, 30 in TD1 and 31 in
            // TD2 cards; 1–88 (two TD3 lines) covers every layout and keeps the padding bounded.
            if let w = a.first, Int(w).map({ PassportName.mrzWidths.contains($0) }) != true { return "mrz width must be a whole number from 1 to 88" }
        case "number":
            if let e = arity(1...1) { return e }
            if Int(a[0]).map({ (0...10).contains($0) }) != true { return "number takes a count of decimals 0–10" }
        case "bool": return arity(2...2)
        case "endorsementText", "effectiveTime":
            if let e = arity(1...1) { return e }
            if a[0] != "zh" && a[0] != "en" { return "\(call.name) takes zh or en" }
        case "changeValue":
            if let e = arity(1...1) { return e }
            if a[0] != "before" && a[0] != "after" { return "changeValue takes before or after" }
        case "jsonSHA256":
            if let e = arity(0...1) { return e }
            if let g = a.first, g != "grouped" { return "unknown jsonSHA256 argument '\(g)' (grouped)" }
        case "upper", "lower", "percent", "vatRate", "idKind", "maskID": return arity(0...0)
        default: return "unknown filter '\(call.name)'"
        }
        return nil
    }

    struct Failure: DiagnosticConvertible {
        var message: String
        var code: String = Diagnostic.Code.format
        var diagnosticCode: String { code }
    }

    /// Applies `call` to `value`. `money` is the value as the validator resolved it (amount and
    /// currency) when the bound field is money; `currency` the field's fixed currency otherwise.
    static func apply(_ call: FilterCall, to value: JSONValue?, currency: Currency?, money resolved: ResolvedMoney? = nil) throws(Failure) -> JSONValue? {
        let a = call.args
        if call.name == "default" {
            if value == nil || value!.isNull || value?.scalarText == "" { return .string(a[0]) }
            return value
        }
        guard let value, !value.isNull else { return nil }
        func text() throws(Failure) -> String {
            guard let t = value.scalarText else { throw Failure(message: "filter '\(call.name)' needs text, found \(value.typeName)") }
            return t
        }
        /// The amount: as resolved by the validator, else parsed from the text (an untyped value).
        func money(_ wanted: Currency?) throws(Failure) -> Money {
            if let resolved {
                guard let m = resolved.amount else {
                    throw Failure(message: "filter '\(call.name)' needs an amount, found '\(resolved.limit == .included ? "included" : "unlimited")'")
                }
                if let wanted, wanted != m.currency {
                    throw Failure(message: "amount is in \(m.currency.rawValue); filter '\(call.name)' prints \(wanted.rawValue)", code: Diagnostic.Code.currency)
                }
                return m
            }
            guard let c = wanted ?? currency else { throw Failure(message: "amount has no currency", code: Diagnostic.Code.currency) }
            var t = try? text()
            if t == nil, let inner = value["amount"]?.scalarText { t = inner }
            guard let t else { throw Failure(message: "filter '\(call.name)' needs text, found \(value.typeName)") }
            do { return try Money.parse(t, currency: c) } catch { throw Failure(message: error.message) }
        }
        func dateTime() throws(Failure) -> DateTime {
            let t = try text()
            var dt: DateTime
            if let parsed = DateTime.parse(t) { dt = parsed }
            else if let d = try? CivilDate.parse(t) {
                // A date alone as a period end is the end of that day (…日24时止).
                dt = DateTime(date: d, hour: a.last == "end" ? 24 : 0, minute: 0, second: 0, offsetMinutes: 0)
            } else { throw Failure(message: "'\(t)' is not a date") }
            if a.last == "end" { dt = dt.asPeriodEnd }
            return dt
        }
        switch call.name {
        case "money":
            if let resolved {
                switch resolved.limit {
                case .included: return .string(a.first { $0.hasPrefix("included=") }.map { String($0.dropFirst(9)) } ?? "Included / 含")
                case .unlimited: return .string(a.first { $0.hasPrefix("unlimited=") }.map { String($0.dropFirst(10)) } ?? "Unlimited / 不限额")
                case .amount: break
                }
            }
            let m = try money(a.lazy.compactMap { Currency(rawValue: $0) }.first)
            return .string(a.contains("plain") ? m.plainDecimalString : m.formatted(symbol: !a.contains("nosymbol")))
        case "rmbUpper":
            let m = try money(resolved == nil ? .cny : nil)
            guard m.currency == .cny else { throw Failure(message: "rmbUpper writes renminbi (人民币大写); the amount is in \(m.currency.rawValue)", code: Diagnostic.Code.currency) }
            do { return .string(try rmbUppercase(m, style: a.first == "invoice" ? .taxInvoice : .cheque)) } catch { throw Failure(message: error.message) }
        case "vatNet", "vatTax":
            let split = VATSplit.split(total: try money(.cny), rate: parseVATRate(a[0])!)
            return .string(call.name == "vatNet" ? split.net.plainDecimalString : split.printedTax)
        case "beneficiaries":
            let legal = a.first.map { String($0.dropFirst(6)) } ?? "法定 Legal heirs"
            if case .string(let s) = value { return .string(isLegalHeirs(s) ? legal : s) }
            guard case .array(let items) = value else { throw Failure(message: "filter 'beneficiaries' needs a list or \"legal\", found \(value.typeName)") }
            let parts = items.map { item -> String in
                let name = item["name"]?.scalarText ?? ""
                let relation = item["relation"]?.scalarText ?? ""
                let share = item["share"]?.scalarText.flatMap { try? BeneficiaryShare.parse($0, field: "") }?.printed ?? ""
                return name + (relation.isEmpty ? "" : "（\(relation)）") + share
            }
            return .string(parts.joined(separator: "；"))
        case "vatRate":
            guard let rate = parseVATRate(try text()) else { throw Failure(message: "'\(try text())' is not a VAT rate") }
            return .string(rate.printed)
        case "date": return .string(DatePattern.format(try dateTime(), pattern: a.first.flatMap { $0 == "end" ? nil : $0 } ?? "yyyy-MM-dd") ?? "")
        case "datetime":
            let first = a.first == "end" ? nil : a.first
            let pattern = first == "iso" ? "yyyy-MM-dd'T'HH:mm:ssXXX" : first ?? "yyyy-MM-dd HH:mm XXX"
            return .string(DatePattern.format(try dateTime(), pattern: pattern) ?? "")
        case "mask": return .string(mask(try text(), rule: MaskRule.named(a.joined(separator: ","))!))
        case "maskID":
            guard let number = value["idNumber"]?.scalarText, let kindText = value["idType"]?.scalarText else {
                throw Failure(message: "filter 'maskID' needs an object with idType and idNumber")
            }
            guard let kind = IdentityDocumentKind(rawValue: kindText) else { throw Failure(message: "unknown idType '\(kindText)'") }
            return .string(mask(number, rule: .forIdentityDocument(kind)))
        case "upper": return .string(try text().uppercased())
        case "lower": return .string(try text().lowercased())
        case "mrz":
            guard let s = value["surname"]?.scalarText else { throw Failure(message: "filter 'mrz' needs an object with surname and givenNames") }
            let name = PassportName(surname: s, givenNames: value["givenNames"]?.scalarText ?? "")
            return .string(name.mrzName(width: a.first.flatMap { Int($0) } ?? 39))
        case "join":
            guard case .array(let items) = value else { throw Failure(message: "filter 'join' needs a list, found \(value.typeName)") }
            return .string(items.compactMap(\.scalarText).joined(separator: a.first ?? ", "))
        case "number":
            guard let rounded = roundDecimal(try text(), decimals: Int(a[0])!) else { throw Failure(message: "'\(try text())' is not a number") }
            return .string(rounded)
        case "percent":
            guard let v = Double(try text()) else { throw Failure(message: "'\(try text())' is not a number") }
            let p = (v * 10000).rounded() / 100
            return .string((p == p.rounded() ? String(Int(p)) : String(p)) + "%")
        case "idKind":
            let labels = ["residentID": "居民身份证", "hkMacaoTaiwanResidencePermit": "港澳台居民居住证",
                          "foreignPermanentResidence2023": "外国人永久居留身份证", "foreignPermanentResidence2017": "外国人永久居留身份证",
                          "passport": "护照", "hkMacaoPermit": "港澳居民来往内地通行证", "taiwanPermit": "台湾居民来往大陆通行证",
                          "hkPassport": "香港特区护照", "macaoPassport": "澳门特区护照", "other": "其他证件"]
            let t = try text()
            return .string(labels[t] ?? t)
        case "bool": return .string(isTruthy(value) ? a[0] : a[1])
        case "endorsementText":
            if let given = value["text"]?[a[0]]?.scalarText, !given.isEmpty { return .string(given) }
            let wording = try EndorsementData.wording(value)
            if a[0] == "en" { return .string(wording.english()) }
            do { return .string(try wording.chinese()) } catch { throw Failure(message: error.message) }
        case "effectiveTime":
            let instant = try EndorsementData.effective(try text())
            return .string(a[0] == "zh" ? EndorsementWording.chineseTime(instant) : EndorsementWording.englishTime(instant) + " (Beijing time)")
        case "changeValue":
            let format = try EndorsementData.format(value)
            guard let raw = value[a[0]]?.scalarText else { throw Failure(message: "the change has no '\(a[0])' value") }
            return .string(format.display(raw))
        case "jsonSHA256":
            let canonical: [UInt8]
            do { canonical = try CanonicalJSON.encode(value) } catch { throw Failure(message: error.message) }
            let hex = SignatureEvidence.hex(SHA256.hash(data: canonical))
            guard a.first == "grouped" else { return .string(hex) }
            return .string(stride(from: 0, to: hex.count, by: 8).map { String(hex.dropFirst($0).prefix(8)) }.joined(separator: " "))
        default: throw Failure(message: "unknown filter '\(call.name)'")
        }
    }

    /// Rounds a decimal numeral half-up (away from zero) to `decimals` places, on its digits.
    /// Example: ("188.584158415842", 2) → "188.58"; ("2.005", 2) → "2.01"; ("7", 2) → "7.00".
    static func roundDecimal(_ text: String, decimals: Int) -> String? {
        var t = Substring(text.strippingSpaces())
        let negative = t.hasPrefix("-")
        if negative { t = t.dropFirst() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        var digits = Array(parts[0] + (parts.count == 2 ? parts[1] : "")).map { Int($0.asciiValue! - 48) }
        let fraction = parts.count == 2 ? parts[1].count : 0
        let keep = parts[0].count + decimals
        if fraction > decimals {
            let roundUp = digits[keep] >= 5
            digits = Array(digits[..<keep])
            if roundUp {
                var i = digits.count - 1
                while i >= 0 { if digits[i] == 9 { digits[i] = 0; i -= 1 } else { digits[i] += 1; break } }
                if i < 0 { digits.insert(1, at: 0) }
            }
        } else {
            digits += Array(repeating: 0, count: decimals - fraction)
        }
        let s = digits.map(String.init).joined()
        let intPart = String(s.dropLast(decimals)), fracPart = String(s.suffix(decimals))
        return (negative ? "-" : "") + (intPart.isEmpty ? "0" : intPart) + (decimals > 0 ? "." + fracPart : "")
    }
}
