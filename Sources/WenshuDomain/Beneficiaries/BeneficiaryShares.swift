/// A share of a named beneficiary (受益人) in percent, held in hundredths of a percent so that
/// 33.33 + 33.33 + 33.34 adds up to exactly 100 (no binary floating point).
public struct BeneficiaryShare: Sendable, Hashable {
    /// Hundredths of a percent: 6000 is 60 %.
    public var hundredths: Int

    /// Parses `60`, `60%`, `33.33`, `33.33 %` (at most two decimals, more than 0, at most 100).
    /// Throws `beneficiary.share` on anything else.
    public static func parse(_ text: String, field: String) throws(DomainIssue) -> BeneficiaryShare {
        var t = text.trimmingASCIISpaces()
        if t.hasSuffix("%") || t.hasSuffix("％") { t = String(t.dropLast()).trimmingASCIISpaces() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 3,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), parts.count == 1 || (1...2).contains(parts[1].count) else {
            throw .error(field, "beneficiary.share", "share \(quoted(text)) is not a percentage like 60 or 33.33")
        }
        let whole = Int(parts[0])!
        let fraction = parts.count == 2 ? Int(parts[1].padding(toLength: 2, with: "0"))! : 0
        let value = whole * 100 + fraction
        guard value > 0, value <= 10_000 else {
            throw .error(field, "beneficiary.share", "share \(quoted(text)) must be more than 0 and at most 100")
        }
        return BeneficiaryShare(hundredths: value)
    }

    /// `60%`, `33.33%`.
    public var printed: String {
        let whole = hundredths / 100, fraction = hundredths % 100
        if fraction == 0 { return "\(whole)%" }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)%" : "\(whole).\(twoDigits(UInt64(fraction)))%"
    }
}

/// Named beneficiaries' shares must add up to exactly 100 % (a policy cannot promise more or less
/// than the whole death benefit). Error `beneficiary.shares` on `field` (the list) otherwise.
public func validateBeneficiaryShares(_ shares: [BeneficiaryShare], field: String) -> [DomainIssue] {
    let total = shares.reduce(0) { $0 + $1.hundredths }
    guard total != 10_000 else { return [] }
    let printed = BeneficiaryShare(hundredths: max(total, 1)).printed
    return [.error(field, "beneficiary.shares",
                   "beneficiary shares add up to \(total == 0 ? "0%" : printed), not 100%")]
}
