internal import Yams
internal import WenshuDomain

/// Document-level rules under `checks:`, run after field validation.
///
/// - `schengen:` maps SchengenCertificateFacts properties to data paths (`medicalCover`,
///   `repatriationCover`, `coverStart`, `coverEnd`, `stayEntry`, `stayExit`, optional
///   `passportExpiry`, `territoryCountries`), plus `allSchengen` and `timeZoneIsBeijing` as
///   conditions (`territory.allSchengen`, `period.timeZone == "Asia/Shanghai"`). Errors block the
///   certificate (Visa Code Art. 15); warnings are returned.
/// - `pinyin:` a list of {chineseSurname, chineseGivenName, surname, givenNames} paths: warns when the
///   passport spelling matches no reading (domain.md §2.1 Implication).
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
        func paths(_ node: Node, allowed: Set<String>, required: Set<String>, what: String) -> [String: String] {
            guard let ps = self.pairs(node, what: what) else { return [:] }
            checkKeys(ps, allowed: allowed, in: what)
            var out: [String: String] = [:]
            for p in ps {
                guard let t = string(p.value, what: p.key) else { continue }
                if DataPath.parse(t) == nil && !["allSchengen", "timeZoneIsBeijing"].contains(p.key) { error("bad data path '\(t)'", p.value) }
                out[p.key] = t
            }
            for r in required.sorted() where out[r] == nil { error("\(what) needs '\(r)'", node) }
            return out
        }
        for p in pairs {
            switch p.key {
            case "schengen":
                let required: Set = ["medicalCover", "repatriationCover", "allSchengen", "coverStart", "coverEnd", "stayEntry", "stayExit", "timeZoneIsBeijing"]
                var map = paths(p.value, allowed: required.union(["passportExpiry", "territoryCountries"]), required: required, what: "schengen")
                for key in ["allSchengen", "timeZoneIsBeijing"] {
                    guard let text = map.removeValue(forKey: key) else { continue }
                    if let c = Condition.parse(text) { checks.schengenConditions[key] = c } else { error("bad condition '\(text)'", p.value) }
                }
                checks.schengen = map
            case "pinyin":
                let keys: Set = ["chineseSurname", "chineseGivenName", "surname", "givenNames"]
                for item in sequence(p.value, what: "pinyin") ?? [] { checks.pinyin.append(paths(item, allowed: keys, required: keys, what: "pinyin")) }
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
    /// Runs the checks on data that passed field validation.
    func run(on root: JSONValue, issues: inout Issues) {
        func lookup(_ text: String?) -> (JSONValue, String)? {
            guard let text, let path = DataPath.parse(text) else { return nil }
            let found = resolve(path, in: root, vars: [:])
            guard let value = found.value, !value.isNull else { return nil }
            return (value, found.jsonPath)
        }
        func money(_ key: String, in map: [String: String], currency: Currency = .eur, base: JSONValue? = nil, basePath: String = "") -> (Money, String)? {
            let found: (JSONValue, String)?
            if let base, let text = map[key], let path = DataPath.parse(text) {
                let r = resolve(path, in: base, vars: [:], rootPath: basePath)
                found = r.value.map { ($0, r.jsonPath) }
            } else { found = lookup(map[key]) }
            guard let (value, path) = found, let text = value.scalarText else { return nil }
            return (try? Money.parse(text, currency: currency)).map { ($0, path) }
        }
        func date(_ key: String) -> CivilDate? {
            guard let (value, _) = lookup(schengen[key]), let text = value.scalarText else { return nil }
            return try? CivilDate.parse(String(text.prefix(10)))
        }
        if !schengen.isEmpty {
            var pathOf: [String: String] = [:]
            for (k, v) in schengen { pathOf[k] = lookup(v)?.1 ?? "$." + v }
            let medical = lookup(schengen["medicalCover"]).flatMap { v, _ in v.scalarText.flatMap { try? Money.parse($0, currency: .eur) } }
            let repatriation = lookup(schengen["repatriationCover"]).flatMap { v, _ in v.scalarText.flatMap { try? Money.parse($0, currency: .eur) } }
            if let medical, let repatriation, let start = date("coverStart"), let end = date("coverEnd"),
               let entry = date("stayEntry"), let exit = date("stayExit") {
                var countries: [String] = []
                if case .array(let items)? = lookup(schengen["territoryCountries"])?.0 { countries = items.compactMap(\.scalarText) }
                let facts = SchengenCertificateFacts(
                    medicalCover: medical, repatriationCover: repatriation,
                    allSchengen: schengenConditions["allSchengen"].map { evaluate($0, root: root) } ?? false,
                    territoryCountries: countries, coverStart: start, coverEnd: end, stayEntry: entry, stayExit: exit,
                    timeZoneIsBeijing: schengenConditions["timeZoneIsBeijing"].map { evaluate($0, root: root) } ?? false,
                    passportExpiry: date("passportExpiry"))
                for issue in checkSchengen(facts) { issues.add(issue, at: pathOf[issue.field] ?? "$") }
            }
        }
        for map in pinyin {
            guard let (cs, _) = lookup(map["chineseSurname"]), let (cg, _) = lookup(map["chineseGivenName"]),
                  let (s, sPath) = lookup(map["surname"]), let (g, _) = lookup(map["givenNames"]) else { continue }
            let name = PassportName(surname: s.scalarText ?? "", givenNames: g.scalarText ?? "")
            let parent = String(sPath.split(separator: ".").dropLast().joined(separator: "."))
            for issue in checkPinyin(chineseSurname: cs.scalarText ?? "", chineseGivenName: cg.scalarText ?? "", passport: name, field: parent) {
                issues.add(issue)
            }
        }
        if let vat, let (itemsValue, itemsPath) = lookup(vat["items"]), case .array(let items) = itemsValue {
            var sums = (net: Int64(0), tax: Int64(0), total: Int64(0))
            for (i, item) in items.enumerated() {
                let base = "\(itemsPath)[\(i)]"
                guard let (total, _) = money("total", in: vat, currency: .cny, base: item, basePath: base),
                      let (net, netPath) = money("net", in: vat, currency: .cny, base: item, basePath: base),
                      let rateText = vat["rate"].flatMap(DataPath.parse).flatMap({ resolve($0, in: item, vars: [:]).value?.scalarText }),
                      let rate = parseVATRate(rateText) else { continue }
                let tax = money("tax", in: vat, currency: .cny, base: item, basePath: base)
                let split = VATSplit.split(total: total, rate: rate)
                if net.minorUnits != split.net.minorUnits {
                    issues.error("金额 \(net.plainDecimalString) does not match 价税合计 \(total.plainDecimalString) at \(rate.printed) (expected \(split.net.plainDecimalString))", at: netPath,
                                 hints: ["金额 = round_half_up(价税合计 / (1 + rate), 2) (domain.md §5.4)"])
                }
                if let (taxValue, taxPath) = tax, taxValue.minorUnits != split.tax.minorUnits {
                    issues.error("税额 \(taxValue.plainDecimalString) does not match 价税合计 \(total.plainDecimalString) at \(rate.printed) (expected \(split.tax.plainDecimalString))", at: taxPath)
                }
                sums.net += net.minorUnits; sums.tax += tax?.0.minorUnits ?? 0; sums.total += total.minorUnits
            }
            for (key, sum) in [("sumNet", sums.net), ("sumTax", sums.tax), ("sumTotal", sums.total)] {
                guard let (m, path) = money(key, in: vat, currency: .cny) else { continue }
                if m.minorUnits != sum {
                    issues.error("total \(m.plainDecimalString) is not the sum of the items (\(Money(minorUnits: sum, currency: .cny).plainDecimalString))", at: path)
                }
            }
        }
    }
}
