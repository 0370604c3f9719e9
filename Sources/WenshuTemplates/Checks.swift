internal import Yams
internal import WenshuDomain
internal import WenshuDiagnostics

/// Document-level rules under `checks:`, run after field validation.
///
/// - `schengen:` maps SchengenCertificateFacts properties to data paths: either `benefits` (a list
///   of benefits, each with `kind` and `sumInsured`, names of those two fields changeable with
///   `benefitKind` / `benefitAmount`; kinds `medical`, `hospital`, `medicalRepatriation`,
///   `remainsRepatriation` are checked) or `medicalCover` and `repatriationCover`; plus `coverStart`,
///   `coverEnd`, `stayEntry`, `stayExit`, optional `passportExpiry`, `territoryCountries`,
///   `territoryText`, and `allSchengen` and `timeZoneIsBeijing` as conditions
///   (`territory.allSchengen`, `period.timeZone == "Asia/Shanghai"`). Errors block the
///   certificate (Visa Code Art. 15) and point at the field that is wrong; warnings are returned.
/// - `pinyin:` a list of {chineseSurname, chineseGivenName | chineseName, surname, givenNames,
///   idType?, idNumber?, nationality?} paths, optionally with `each: <array>` (the other paths are
///   then read in every item): warns when the passport spelling matches no reading (domain.md §2.1
///   Implication); Hong Kong, Macao and Taiwan holders (by their identity document) are not
///   corrected.
/// - `vat:` {items, total, rate, net, tax, sumNet, sumTax, sumTotal}: every item's 金额 and 税额 must
///   equal the split of its 价税合计 (domain.md §5.4), and the sums must add up.
struct DocumentChecks: Sendable {
    var schengen: [String: String] = [:]
    var schengenConditions: [String: Condition] = [:]
    var pinyin: [[String: String]] = []
    var vat: [String: String]?
}

extension YAMLReader {
    func readChecks(_ node: Node) -> DocumentChecks {
        var checks = DocumentChecks()
        guard let pairs = pairs(node, what: "checks") else { return checks }
        checkKeys(pairs, allowed: ["schengen", "pinyin", "vat"], in: "checks")
        let plainNames: Set = ["allSchengen", "timeZoneIsBeijing", "benefitKind", "benefitAmount"]
        func paths(_ node: Node, allowed: Set<String>, required: Set<String>, what: String) -> [String: String] {
            guard let ps = self.pairs(node, what: what) else { return [:] }
            checkKeys(ps, allowed: allowed, in: what)
            var out: [String: String] = [:]
            for p in ps {
                guard let t = string(p.value, what: p.key) else { continue }
                if DataPath.parse(t) == nil && !plainNames.contains(p.key) { error("bad data path '\(t)'", p.value) }
                out[p.key] = t
            }
            for r in required.sorted() where out[r] == nil { error("\(what) needs '\(r)'", node) }
            return out
        }
        for p in pairs {
            switch p.key {
            case "schengen":
                let required: Set = ["allSchengen", "coverStart", "coverEnd", "stayEntry", "stayExit", "timeZoneIsBeijing"]
                let optional: Set = ["medicalCover", "repatriationCover", "benefits", "benefitKind", "benefitAmount",
                                     "passportExpiry", "territoryCountries", "territoryText"]
                var map = paths(p.value, allowed: required.union(optional), required: required, what: "schengen")
                if map["benefits"] == nil && (map["medicalCover"] == nil || map["repatriationCover"] == nil) {
                    error("schengen needs 'benefits', or 'medicalCover' and 'repatriationCover'", p.value)
                }
                for key in ["allSchengen", "timeZoneIsBeijing"] {
                    guard let text = map.removeValue(forKey: key) else { continue }
                    if let c = Condition.parse(text) { checks.schengenConditions[key] = c } else { error("bad condition '\(text)'", p.value) }
                }
                checks.schengen = map
            case "pinyin":
                let keys: Set = ["chineseSurname", "chineseGivenName", "chineseName", "surname", "givenNames",
                                 "each", "idType", "idNumber", "nationality"]
                for item in sequence(p.value, what: "pinyin") ?? [] {
                    let map = paths(item, allowed: keys, required: ["surname", "givenNames"], what: "pinyin")
                    if map["chineseName"] == nil && (map["chineseSurname"] == nil || map["chineseGivenName"] == nil) {
                        error("pinyin needs 'chineseName', or 'chineseSurname' and 'chineseGivenName'", item)
                    }
                    checks.pinyin.append(map)
                }
            case "vat":
                let keys: Set = ["items", "total", "rate", "net", "tax"]
                checks.vat = paths(p.value, allowed: keys.union(["sumNet", "sumTax", "sumTotal"]), required: keys, what: "vat")
            default: break
            }
        }
        return checks
    }
}

extension DocumentChecks {
    /// Runs the checks on data that passed field validation; `money` holds every amount with its
    /// currency as the validator resolved it.
    func run(on root: JSONValue, money: [String: ResolvedMoney], issues: inout Issues) {
        func lookup(_ text: String?, in base: JSONValue? = nil, basePath: String = "$") -> (JSONValue, String)? {
            guard let text, let path = DataPath.parse(text) else { return nil }
            let found = resolve(path, in: base ?? root, vars: [:], rootPath: base == nil ? "$" : basePath)
            guard let value = found.value, !value.isNull else { return nil }
            return (value, found.jsonPath)
        }
        func date(_ key: String) -> CivilDate? {
            guard let (value, _) = lookup(schengen[key]), let text = value.scalarText else { return nil }
            return try? CivilDate.parse(String(text.prefix(10)))
        }
        if !schengen.isEmpty { runSchengen(root: root, money: money, lookup: { lookup($0) }, date: date, issues: &issues) }
        for map in pinyin { runPinyin(map, root: root, lookup: lookup, issues: &issues) }
        if let vat { runVAT(vat, money: money, lookup: lookup, issues: &issues) }
    }

    private func runSchengen(root: JSONValue, money: [String: ResolvedMoney], lookup: (String?) -> (JSONValue, String)?,
                             date: (String) -> CivilDate?, issues: inout Issues) {
        var pathOf: [String: String] = [:]
        for (k, v) in schengen { pathOf[k] = lookup(v)?.1 ?? "$." + v }
        if let flag = schengenConditions["allSchengen"] {
            pathOf["allSchengen"] = resolve(flag.path, in: root, vars: [:]).jsonPath
            // No list of states configured: the flag is what is wrong.
            if schengen["territoryCountries"] == nil { pathOf["territoryCountries"] = pathOf["allSchengen"] }
        }
        func limit(at path: String?) -> CoverLimit? { path.flatMap { money[$0]?.limit } }

        var covers: [String: CoverLimit] = [:]
        if let benefitsPath = schengen["benefits"] {
            let kindField = schengen["benefitKind"] ?? "kind", amountField = schengen["benefitAmount"] ?? "sumInsured"
            let kinds = ["medical": "medicalCover", "hospital": "hospitalCover",
                         "medicalRepatriation": "repatriationCover", "remainsRepatriation": "remainsCover"]
            let listPath = lookup(benefitsPath)?.1 ?? "$." + benefitsPath
            if case .array(let items)? = lookup(benefitsPath)?.0 {
                for (i, item) in items.enumerated() {
                    guard let kind = item[kindField]?.scalarText, let fact = kinds[kind], covers[fact] == nil else { continue }
                    let amountPath = listPath.appendingIndex(i).appendingKey(amountField)
                    guard let l = limit(at: amountPath) else { continue }
                    covers[fact] = l
                    pathOf[fact] = amountPath
                }
            }
            for (kind, fact) in [("medical", "medicalCover"), ("medicalRepatriation", "repatriationCover")] where covers[fact] == nil {
                issues.error("the certificate lists no '\(kind)' benefit with an amount", at: listPath, code: Diagnostic.Code.schengenCover,
                             hints: ["visa code art. 15(1): medical attention, hospital treatment and repatriation for medical reasons must be covered"])
            }
        } else {
            covers["medicalCover"] = limit(at: pathOf["medicalCover"])
            covers["repatriationCover"] = limit(at: pathOf["repatriationCover"])
        }
        guard let medical = covers["medicalCover"], let repatriation = covers["repatriationCover"],
              let start = date("coverStart"), let end = date("coverEnd"), let entry = date("stayEntry"), let exit = date("stayExit") else { return }
        var countries: [String] = []
        if case .array(let items)? = lookup(schengen["territoryCountries"])?.0 { countries = items.compactMap(\.scalarText) }
        let facts = SchengenCertificateFacts(
            medicalCover: medical, repatriationCover: repatriation,
            hospitalCover: covers["hospitalCover"], remainsCover: covers["remainsCover"],
            allSchengen: schengenConditions["allSchengen"].map { evaluate($0, root: root) } ?? false,
            territoryText: lookup(schengen["territoryText"])?.0.scalarText,
            territoryCountries: countries, coverStart: start, coverEnd: end, stayEntry: entry, stayExit: exit,
            timeZoneIsBeijing: schengenConditions["timeZoneIsBeijing"].map { evaluate($0, root: root) } ?? false,
            passportExpiry: date("passportExpiry"))
        for issue in checkSchengen(facts) {
            var hints: [String] = []
            if issue.rule == "schengen.territory-text", let textPath = pathOf["territoryText"] { hints.append("the text is at \(textPath)") }
            issues.add(issue, at: pathOf[issue.field] ?? "$", hints: hints)
        }
    }

    private func runPinyin(_ map: [String: String], root: JSONValue, lookup: (String?, JSONValue?, String) -> (JSONValue, String)?,
                           issues: inout Issues) {
        var scopes: [(JSONValue?, String)] = [(nil, "$")]
        if let each = map["each"] {
            guard case .array(let items)? = lookup(each, nil, "$")?.0, let listPath = lookup(each, nil, "$")?.1 else { return }
            scopes = items.enumerated().map { (i, item) in (item, listPath.appendingIndex(i)) }
        }
        for (base, basePath) in scopes {
            func text(_ key: String) -> String? { lookup(map[key], base, basePath)?.0.scalarText }
            guard let s = lookup(map["surname"], base, basePath), let surname = s.0.scalarText else { continue }
            let passport = PassportName(surname: surname, givenNames: text("givenNames") ?? "")
            let parent = parentPath(s.1)
            let region = nameRegion(idKind: text("idType").flatMap(IdentityDocumentKind.init(rawValue:)),
                                    idNumber: text("idNumber"), nationality: text("nationality"))
            let found: [DomainIssue]
            if let full = text("chineseName") {
                found = checkPinyin(chineseName: full, passport: passport, field: parent, region: region)
            } else if let cs = text("chineseSurname"), let cg = text("chineseGivenName") {
                found = checkPinyin(chineseSurname: cs, chineseGivenName: cg, passport: passport, field: parent, region: region)
            } else { continue }
            for issue in found { issues.add(issue) }
        }
    }

    private func runVAT(_ vat: [String: String], money: [String: ResolvedMoney],
                        lookup: (String?, JSONValue?, String) -> (JSONValue, String)?, issues: inout Issues) {
        guard let (itemsValue, itemsPath) = lookup(vat["items"], nil, "$"), case .array(let items) = itemsValue else { return }
        func amount(_ key: String, base: String?) -> (Money, String)? {
            guard let field = vat[key] else { return nil }
            let path = base.map { $0.appendingKey(field) } ?? (lookup(field, nil, "$")?.1 ?? "")
            return money[path]?.amount.map { ($0, path) }
        }
        var sums = (net: Int64(0), tax: Int64(0), total: Int64(0))
        for (i, item) in items.enumerated() {
            let base = itemsPath.appendingIndex(i)
            guard let (total, _) = amount("total", base: base), let (net, netPath) = amount("net", base: base),
                  let rateText = vat["rate"].flatMap(DataPath.parse).flatMap({ resolve($0, in: item, vars: [:]).value?.scalarText }),
                  let rate = parseVATRate(rateText) else { continue }
            let tax = amount("tax", base: base)
            let split = VATSplit.split(total: total, rate: rate)
            if net.minorUnits != split.net.minorUnits {
                issues.error("金额 \(net.plainDecimalString) does not match 价税合计 \(total.plainDecimalString) at \(rate.printed) (expected \(split.net.plainDecimalString))",
                             at: netPath, code: Diagnostic.Code.vat, hints: ["金额 = round_half_up(价税合计 / (1 + rate), 2) (domain.md §5.4)"])
            }
            if let (taxValue, taxPath) = tax, taxValue.minorUnits != split.tax.minorUnits {
                issues.error("税额 \(taxValue.plainDecimalString) does not match 价税合计 \(total.plainDecimalString) at \(rate.printed) (expected \(split.tax.plainDecimalString))",
                             at: taxPath, code: Diagnostic.Code.vat)
            }
            sums.net += net.minorUnits; sums.tax += tax?.0.minorUnits ?? 0; sums.total += total.minorUnits
        }
        for (key, sum) in [("sumNet", sums.net), ("sumTax", sums.tax), ("sumTotal", sums.total)] {
            guard let (m, path) = amount(key, base: nil) else { continue }
            if m.minorUnits != sum {
                issues.error("total \(m.plainDecimalString) is not the sum of the items (\(Money(minorUnits: sum, currency: .cny).plainDecimalString))",
                             at: path, code: Diagnostic.Code.vat)
            }
        }
    }
}
