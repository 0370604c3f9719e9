/// An amount of money held as an integer number of minor units (fen or cents).
///
/// Contract: no binary floating point is ever involved; amounts come from strings
/// (`Money.parse`) or from integer minor units. `Money` itself may hold any `Int64`
/// (including negatives, e.g. for arithmetic), but `parse` and `rmbUppercase` only accept
/// 0 ≤ amount < 10¹² major units (domain.md §4: "Reject negative amounts and amounts ≥ 10¹²").
public struct Money: Sendable, Hashable {
    /// Amount in fen (CNY) or cents (EUR).
    public let minorUnits: Int64
    public let currency: Currency

    /// Exclusive upper bound accepted by `parse` and `rmbUppercase`: 10¹² major units in minor units.
    public static let upperBoundMinorUnits: Int64 = 100_000_000_000_000

    /// Creates an amount from integer minor units, e.g. `Money(minorUnits: 100450, currency: .cny)`
    /// is ¥1,004.50. Never fails.
    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Whole major units (yuan / euros), truncated toward zero.
    public var majorPart: Int64 { minorUnits / 100 }
    /// Minor units below one major unit (0…99 for non-negative amounts).
    public var minorPart: Int64 { minorUnits % 100 }
}
