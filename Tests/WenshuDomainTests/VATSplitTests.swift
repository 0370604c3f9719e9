import Testing
@testable import WenshuDomain

@Suite struct VATSplitTests {
    @Test func premiumOf1004Point50SplitsInto947Point64And56Point86() throws {
        let total = try Money.parse("1004.50", currency: .cny)
        let parts = VATSplit.splitInclusive(total: total, ratePercent: 6)
        #expect(parts.net == Money(minorUnits: 94_764, currency: .cny))
        #expect(parts.tax == Money(minorUnits: 5_686, currency: .cny))
    }

    @Test func smallPremiumsRoundNetToNearestFen() {
        // 0.01 / 1.06 = 0.0094 → net 0.01, tax 0.00; 0.09 / 1.06 = 0.0849 → net 0.08, tax 0.01.
        let one = VATSplit.splitInclusive(total: Money(minorUnits: 1, currency: .cny), ratePercent: 6)
        #expect(one.net.minorUnits == 1 && one.tax.minorUnits == 0)
        let nine = VATSplit.splitInclusive(total: Money(minorUnits: 9, currency: .cny), ratePercent: 6)
        #expect(nine.net.minorUnits == 8 && nine.tax.minorUnits == 1)
        let refund = VATSplit.splitInclusive(total: Money(minorUnits: -100_450, currency: .cny), ratePercent: 6)
        #expect(refund.net.minorUnits == -94_764 && refund.tax.minorUnits == -5_686)
    }

    @Test func netPlusTaxEqualsTotalForSeededTotals() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let total = Money(minorUnits: Int64.random(in: 0..<Money.upperBoundMinorUnits, using: &generator), currency: .cny)
            let rate = [0, 1, 3, 6, 9, 13].randomElement(using: &generator)!
            let parts = VATSplit.splitInclusive(total: total, ratePercent: rate)
            #expect(parts.net.minorUnits + parts.tax.minorUnits == total.minorUnits)
            // |tax − net × rate| ≤ 0.01 (domain.md §5.4 check), in fen × 100.
            #expect(abs(parts.tax.minorUnits * 100 - parts.net.minorUnits * Int64(rate)) <= 100)
        }
    }

    @Test func exemptLinePrintsMianShuiAndStars() {
        let split = VATSplit.split(total: Money(minorUnits: 120_000, currency: .cny), rate: .exempt)
        #expect(split.printedRate == "免税")
        #expect(split.printedTax == "***")
        #expect(split.net.minorUnits == 120_000 && split.tax.minorUnits == 0)
        let taxable = VATSplit.split(total: Money(minorUnits: 100_450, currency: .cny), rate: .percent(6))
        #expect(taxable.printedRate == "6%")
        #expect(taxable.printedTax == "56.86")
    }
}
