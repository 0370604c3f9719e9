/// The VAT rate printed in an invoice's 税率/征收率 column.
public enum VATRate: Sendable, Hashable {
    /// A percentage, e.g. `.percent(6)` for insurance services of a general taxpayer
    /// (domain.md §5.4 [U]).
    case percent(Int)
    /// Exempt (e.g. 财税〔2016〕36号 附件3 第一条(二十一), one-year-or-longer personal insurance,
    /// domain.md §5.4): the rate column prints 免税 and the tax column `***`.
    case exempt

    /// Text for the 税率 column: `"6%"` or `"免税"`.
    public var printed: String {
        switch self {
        case .percent(let value): return "\(value)%"
        case .exempt: return "免税"
        }
    }
}

/// A tax-inclusive total (价税合计) split into 金额 (net) and 税额 (tax).
///
/// Contract: `net + tax == total` exactly, in minor units and in the total's currency; for an
/// exempt line `net == total` and `tax` is zero but prints as `***`.
public struct VATSplit: Sendable, Hashable {
    public let rate: VATRate
    public let net: Money
    public let tax: Money

    /// Splits a tax-inclusive total (domain.md §5.4 Implication):
    /// 金额 = round_half_up(价税合计 / (1 + rate), 2), 税额 = 价税合计 − 金额.
    /// Example: ¥1,004.50 at 6% → 947.64 + 56.86.
    public static func split(total: Money, rate: VATRate) -> VATSplit {
        switch rate {
        case .exempt:
            return VATSplit(rate: rate, net: total, tax: Money(minorUnits: 0, currency: total.currency))
        case .percent(let percent):
            let parts = splitInclusive(total: total, ratePercent: percent)
            return VATSplit(rate: rate, net: parts.net, tax: parts.tax)
        }
    }

    /// The arithmetic of `split` for a percentage rate, returned as a tuple.
    ///
    /// Rounding is half-up on the magnitude (half away from zero for negative totals, e.g. red
    /// invoices), done in integer minor units. Requires `ratePercent >= 0` (precondition).
    public static func splitInclusive(total: Money, ratePercent: Int) -> (net: Money, tax: Money) {
        precondition(ratePercent >= 0, "VAT rate must not be negative")
        let divisor = Int64(100 + ratePercent)
        let magnitude = Int64(clamping: total.minorUnits.magnitude)
        // net = round_half_up(magnitude * 100 / divisor). With magnitude = q * divisor + r this is
        // q * 100 + round_half_up(r * 100 / divisor), which cannot overflow for any Int64.
        let (q, r) = magnitude.quotientAndRemainder(dividingBy: divisor)
        let netMagnitude = q * 100 + (2 * r * 100 + divisor) / (2 * divisor)
        let net = total.minorUnits < 0 ? -netMagnitude : netMagnitude
        return (
            Money(minorUnits: net, currency: total.currency),
            Money(minorUnits: total.minorUnits - net, currency: total.currency)
        )
    }

    /// Text for the 税率 column: `"6%"` or `"免税"`.
    public var printedRate: String { rate.printed }

    /// Text for the 税额 column: `"56.86"`, or `"***"` for an exempt line (domain.md §5.4 [S]).
    public var printedTax: String {
        rate == .exempt ? "***" : tax.plainDecimalString
    }
}
