/// Currencies the documents print, by ISO 4217 code. All have two minor-unit digits, so an
/// amount is always held in hundredths (fen, cents). Currencies without minor units (JPY, KRW)
/// are not listed: `Currency.parse` refuses them rather than print a wrong number of decimals.
public enum Currency: String, Sendable, Hashable, CaseIterable {
    /// Renminbi; minor unit 分 (fen).
    case cny = "CNY"
    /// Euro; minor unit cent. Schengen certificates state cover in EUR (domain.md §1.2 item 6).
    case eur = "EUR"
    case usd = "USD"
    case gbp = "GBP"
    case chf = "CHF"
    case hkd = "HKD"
    case mop = "MOP"
    case twd = "TWD"
    case aud = "AUD"
    case cad = "CAD"
    case nzd = "NZD"
    case sgd = "SGD"
    case thb = "THB"
    case sek = "SEK"
    case nok = "NOK"
    case dkk = "DKK"

    /// The currency a code or sign names: an ISO code in any case (`eur`), the signs that name one
    /// currency only (`¥` `￥` `€` `£` `HK$` `US$`), `RMB`, and the Chinese names (人民币 元 欧元 美元
    /// 英镑 港币 港元 瑞士法郎). A bare `$` is nil: it names a dozen currencies.
    public static func parse(_ text: String) -> Currency? {
        // Data almost always carries the ISO code itself: no trimming or upper-casing copies for it.
        if text.utf8.count == 3, let c = Currency(rawValue: text) { return c }
        let t = text.trimmingASCIISpaces()
        if let c = Currency(rawValue: t.uppercased()) { return c }
        switch t {
        case "¥", "￥", "RMB", "rmb", "人民币", "元": return .cny
        case "€", "欧元": return .eur
        case "US$", "美元": return .usd
        case "£", "英镑": return .gbp
        case "HK$", "港币", "港元": return .hkd
        case "瑞士法郎": return .chf
        case "澳门元", "MOP$": return .mop
        case "NT$", "新台币": return .twd
        default: return nil
        }
    }
}
