extension Money {
    /// Formats with thousands separators and exactly two decimals.
    ///
    /// - `symbol: true`: CNY → `"¥1,004.50"` (the ¥ sign required before figures, domain.md §4
    ///   rule 5); every other currency by its ISO code, EUR → `"EUR 30,000.00"` (not "€", so the
    ///   text survives any font and reads unambiguously on consular certificates, domain.md §1.2
    ///   item 6; "$" would not say whose dollar).
    /// - `symbol: false`: `"1,004.50"` for both currencies.
    /// - Negative amounts get a leading `-` before the symbol: `"-¥1.00"`.
    ///
    /// `Money.parse(m.formatted(symbol: false), currency: m.currency) == m` for every amount that
    /// `parse` accepts.
    public func formatted(symbol: Bool = true) -> String {
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        let digits = String(magnitude / 100)
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let body = grouped + "." + twoDigits(magnitude % 100)
        guard symbol else { return sign + body }
        switch currency {
        case .cny: return sign + "¥" + body
        default: return sign + currency.rawValue + " " + body
        }
    }

    /// Plain decimal without grouping or symbol, e.g. `"1004.50"`; the form used in invoice item
    /// rows and QR payloads (domain.md §5.1).
    public var plainDecimalString: String {
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        return sign + String(magnitude / 100) + "." + twoDigits(magnitude % 100)
    }
}

func twoDigits(_ value: UInt64) -> String { value < 10 ? "0\(value)" : "\(value)" }
