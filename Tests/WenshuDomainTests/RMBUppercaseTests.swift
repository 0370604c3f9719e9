import Testing
@testable import WenshuDomain

/// Every row of the table in domain.md §4 (`rmbUppercaseCases`), in both styles.
let rmbUppercaseCases: [(amount: String, cheque: String, taxInvoice: String)] = [
    ("1409.50", "壹仟肆佰零玖元伍角", "壹仟肆佰零玖圆伍角"),
    ("6007.14", "陆仟零柒元壹角肆分", "陆仟零柒圆壹角肆分"),
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分", "壹仟陆佰捌拾圆叁角贰分"),
    ("107000.53", "壹拾万柒仟元零伍角叁分", "壹拾万柒仟圆伍角叁分"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分", "壹万陆仟肆佰零玖圆零贰分"),
    ("325.04", "叁佰贰拾伍元零肆分", "叁佰贰拾伍圆零肆分"),
    ("190.47", "壹佰玖拾元零肆角柒分", "壹佰玖拾圆肆角柒分"),
    ("1004.50", "壹仟零肆元伍角", "壹仟零肆圆伍角"),
    ("10000.00", "壹万元整", "壹万圆整"),
    ("100010.01", "壹拾万零壹拾元零壹分", "壹拾万零壹拾圆零壹分"),
    ("0.05", "伍分", "伍分"),
    ("10.00", "壹拾元整", "壹拾圆整"),
    ("100000000.00", "壹亿元整", "壹亿圆整"),
    ("100010000.00", "壹亿零壹万元整", "壹亿零壹万圆整"),
    ("1000000.10", "壹佰万元零壹角", "壹佰万圆壹角"),
    ("5002.00", "伍仟零贰元整", "伍仟零贰圆整"),
    ("240968.00", "贰拾肆万零玖佰陆拾捌元整", "贰拾肆万零玖佰陆拾捌圆整"),
    ("1010.10", "壹仟零壹拾元零壹角", "壹仟零壹拾圆壹角"),
    ("0.50", "伍角", "伍角"),
    ("0.00", "零元整", "零圆整"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
     "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖圆玖角玖分"),
]

@Suite struct RMBUppercaseTests {
    @Test(arguments: rmbUppercaseCases)
    func chequeStyleWritesFirstListedOfficialForm(row: (amount: String, cheque: String, taxInvoice: String)) throws {
        let money = try Money.parse(row.amount, currency: .cny)
        #expect(try rmbUppercase(money, style: .cheque) == row.cheque)
    }

    @Test(arguments: rmbUppercaseCases)
    func taxInvoiceStyleWritesYuanAsRoundAndDropsOptionalZero(row: (amount: String, cheque: String, taxInvoice: String)) throws {
        let money = try Money.parse(row.amount, currency: .cny)
        #expect(try rmbUppercase(money, style: .taxInvoice) == row.taxInvoice)
    }

    @Test func zeroYiPositionBeforeNonZeroQianWanKeepsZero() throws {
        // 亿位 0, 仟万位 7: rule 4.3 names only 万位, so 零 is written (documented choice).
        let money = Money(minorUnits: 1_070_000_000_00, currency: .cny)
        #expect(try rmbUppercase(money, style: .cheque) == "壹拾亿零柒仟万元整")
    }

    @Test func skippedWanGroupBeforeQianStillWritesZero() throws {
        // 100,007,000: the 万 group is not written, so the 4.3 exemption does not apply.
        #expect(try rmbUppercase(Money(minorUnits: 100_007_000_00, currency: .cny), style: .cheque) == "壹亿零柒仟元整")
    }

    @Test func negativeEuroAndHugeAmountsAreRejected() {
        #expect(throws: DomainIssue.self) { try rmbUppercase(Money(minorUnits: -1, currency: .cny), style: .cheque) }
        #expect(throws: DomainIssue.self) { try rmbUppercase(Money(minorUnits: 100, currency: .eur), style: .cheque) }
        #expect(throws: DomainIssue.self) {
            try rmbUppercase(Money(minorUnits: Money.upperBoundMinorUnits, currency: .cny), style: .taxInvoice)
        }
    }

    @Test func seededAmountsNeverContainTwoConsecutiveZeros() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<5_000 {
            // Bias toward zeros: build the amount digit by digit.
            var fen: Int64 = 0
            for _ in 0..<Int.random(in: 1...14, using: &generator) {
                fen = fen * 10 + (Int.random(in: 0...2, using: &generator) == 0 ? Int64.random(in: 1...9, using: &generator) : 0)
            }
            for style in [RMBUppercaseStyle.cheque, .taxInvoice] {
                let text = try rmbUppercase(Money(minorUnits: fen, currency: .cny), style: style)
                #expect(!text.contains("零零"), "\(fen) → \(text)")
                #expect(!text.hasPrefix("零") || fen == 0, "\(fen) → \(text)")
            }
        }
    }
}
