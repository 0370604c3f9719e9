/// Currencies the documents print. Both have two minor-unit digits (fen, cents).
public enum Currency: String, Sendable, Hashable, CaseIterable {
    /// Renminbi; minor unit 分 (fen).
    case cny = "CNY"
    /// Euro; minor unit cent. Schengen certificates state cover in EUR (domain.md §1.2 item 6).
    case eur = "EUR"
}
