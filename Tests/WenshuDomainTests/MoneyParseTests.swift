import Testing
@testable import WenshuDomain

@Suite struct MoneyParseTests {
    @Test(arguments: [
        ("1004.5", Int64(100_450)), ("1004.50", 100_450), ("1,004.50", 100_450), ("0.05", 5),
        ("10000.00", 1_000_000), ("100010.01", 10_001_001), ("30000", 3_000_000), (" 12.3 ", 1_230),
        ("999999999999.99", 99_999_999_999_999), ("0", 0), ("1,000,000", 100_000_000),
    ])
    func premiumAmountsParseToExactFen(text: String, fen: Int64) throws {
        #expect(try Money.parse(text, currency: .cny) == Money(minorUnits: fen, currency: .cny))
    }

    @Test(arguments: [
        ("-1.00", "money.negative"), ("1.005", "money.over-precise"), ("0.001", "money.over-precise"),
        ("abc", "money.syntax"), ("", "money.syntax"), ("1.2.3", "money.syntax"), (".5", "money.syntax"),
        ("5.", "money.syntax"), ("1e3", "money.syntax"), ("¥5", "money.syntax"), ("10,04.00", "money.syntax"),
        ("1000000000000", "money.range"), ("1000000000000.00", "money.range"),
    ])
    func malformedAmountsAreRejectedWithRule(text: String, rule: String) {
        #expect(throws: DomainIssue.self) { try Money.parse(text, currency: .cny) }
        do {
            _ = try Money.parse(text, currency: .cny, field: "$.premium")
        } catch {
            #expect(error.rule == rule)
            #expect(error.field == "$.premium")
            #expect(error.severity == .error)
        }
    }

    @Test func formattedAmountsUseYuanSignAndEuroCode() {
        #expect(Money(minorUnits: 100_450, currency: .cny).formatted() == "¥1,004.50")
        #expect(Money(minorUnits: 3_000_000, currency: .eur).formatted() == "EUR 30,000.00")
        #expect(Money(minorUnits: 5, currency: .cny).formatted(symbol: false) == "0.05")
        #expect(Money(minorUnits: -100, currency: .cny).formatted() == "-¥1.00")
        #expect(Money(minorUnits: 100_000_000, currency: .cny).plainDecimalString == "1000000.00")
    }

    @Test func parseAndFormatRoundTripForSeededAmounts() throws {
        var generator = SeededGenerator(seed: 20_260_101)
        for _ in 0..<2_000 {
            let digits = Int.random(in: 1...14, using: &generator)
            let upper = min(Int64(1) << 62, [Int64](repeating: 10, count: digits).reduce(1, *))
            let fen = Int64.random(in: 0..<min(upper, Money.upperBoundMinorUnits), using: &generator)
            let money = Money(minorUnits: fen, currency: Bool.random(using: &generator) ? .cny : .eur)
            #expect(try Money.parse(money.formatted(symbol: false), currency: money.currency) == money)
            #expect(try Money.parse(money.plainDecimalString, currency: money.currency) == money)
        }
    }
}
