import Testing
@testable import WenshuDomain

@Suite struct OtherIdentityTests {
    static func withCheck(_ first17: String) -> String {
        first17 + String(IdentityCheckCharacters.residentIDCheckCharacter(first17: first17)!)
    }

    @Test(arguments: ["81000019900101001", "82000019900101002", "83000019900101003"])
    func hkMacaoTaiwanPermitsWithRegionCodesPass(first17: String) {
        #expect(validateHKMacaoTaiwanResidencePermit(Self.withCheck(first17), field: "permit").isEmpty)
    }

    @Test func permitWithMainlandAddressCodeIsRejected() {
        let issues = validateHKMacaoTaiwanResidencePermit("11010519491231002X", field: "permit")
        #expect(issues.map(\.rule) == ["permit.address-code"])
    }

    @Test func foreignPermanentResidence2023StartsWithNineAndUsesMod11_2() {
        let valid = Self.withCheck("93115620231201001")
        #expect(validateForeignPermanentResidence2023(valid, field: "fpr").isEmpty)
        #expect(validateForeignPermanentResidence2023(Self.withCheck("13115620231201001"), field: "fpr").map(\.rule) == ["fpr2023.prefix"])
        var broken = Array(valid)
        broken[17] = broken[17] == "0" ? "1" : "0"
        #expect(validateForeignPermanentResidence2023(String(broken), field: "fpr").map(\.rule) == ["fpr2023.check-digit"])
        #expect(validateIdentityNumber(valid, kind: .foreignPermanentResidence2023, field: "fpr").isEmpty)
    }

    @Test func foreignPermanentResidence2017IsThreeLettersAndTwelveDigits() {
        #expect(validateForeignPermanentResidence2017("USA110012345678", field: "fpr").isEmpty)
        #expect(validateForeignPermanentResidence2017("US1110012345678", field: "fpr").map(\.rule) == ["fpr2017.format"])
    }

    @Test(arguments: ["E12345678", "EA1234567", "EZ7654321"])
    func ordinaryPassportNumbersPass(number: String) {
        #expect(validatePassportNumber(number, field: "passport").isEmpty)
    }

    @Test(arguments: [
        ("EA12345678", "passport.format"), ("EI1234567", "passport.format"), ("EO1234567", "passport.format"),
        ("E1234567", "passport.format"), ("ea1234567", "passport.lowercase"), ("G12345678", "passport.legacy-series"),
        ("SE1234567", "passport.not-ordinary"), ("DE1234567", "passport.not-ordinary"),
    ])
    func passportNumberProblemsAreNamed(number: String, rule: String) {
        #expect(validatePassportNumber(number, field: "passport").map(\.rule) == [rule])
    }

    @Test func legacyGPassportIsOnlyAWarning() {
        #expect(validatePassportNumber("G12345678", field: "passport").containsError == false)
    }

    @Test func usccWorkedExampleOfTheStandardIsRejectedBecauseZIsNoCheckCharacter() {
        let issues = validateUSCC("91350100M000100Y4Z", field: "$.seller.taxID")
        #expect(issues.count == 1)
        #expect(issues.first?.severity == .error)
        #expect(issues.first?.field == "$.seller.taxID")
        #expect(issues.first?.rule == "gb32100.charset")
        #expect(issues.first?.message.hasSuffix("expected 3") == true)
    }

    @Test func usccWithWrongButLegalCheckCharacterOnlyWarns() {
        let issues = validateUSCC("91350100M000100Y44", field: "uscc")
        #expect(issues.map(\.rule) == ["gb32100.check-character"])
        #expect(issues.first?.severity == .warning)
        #expect(issues.first?.message.hasPrefix("check character is 4, expected 3") == true)
    }

    @Test func usccWithComputedCheckCharacterPasses() {
        #expect(IdentityCheckCharacters.usccCheckCharacter(first17: "91350100M000100Y4") == "3")
        #expect(validateUSCC("91350100M000100Y43", field: "uscc").isEmpty)
    }

    @Test func registeredFujianCodeThatFailsTheCheckOnlyWarns() {
        let issues = validateUSCC("91350211M0000XUF46", field: "uscc")
        #expect(issues.map(\.severity) == [.warning])
        #expect(issues.containsError == false)
    }

    @Test func usccLengthAndCharsetAreErrors() {
        #expect(validateUSCC("91350100M000100Y4", field: "u").map(\.rule) == ["gb32100.length"])
        let withO = validateUSCC("91350100O000100Y43", field: "u")
        #expect(withO.map(\.rule) == ["gb32100.charset"] && withO.containsError)
        let lower = validateUSCC("91350100m000100y43", field: "u")
        #expect(lower.first?.suggestion == "91350100M000100Y43")
    }

    @Test(arguments: ["6123451234567893", "378282246310005", "4111111111111111", "6222020200112233446"])
    func luhnValidCardNumbersPass(card: String) {
        #expect(validateBankCard(card, field: "card").isEmpty)
    }

    @Test func luhnCheckDigitOfPartialVectorIsThree() {
        #expect(luhnCheckDigit(payload: "612345123456789") == 3)
    }

    @Test func cardWithWrongCheckDigitOrSpacesIsRejected() {
        #expect(validateBankCard("6123451234567894", field: "card").map(\.rule) == ["luhn.check-digit"])
        let spaced = validateBankCard("6123 4512 3456 7893", field: "card")
        #expect(spaced.map(\.rule) == ["luhn.format"])
        #expect(spaced.first?.suggestion == "6123451234567893")
        #expect(validateBankCard("123456789012", field: "card").map(\.rule) == ["luhn.format"])
    }
}

@Suite struct ContentRuleTests {
    @Test func uscCheckCharacterIsAnErrorWhenStrict() {
        #expect(validateUSCC("91310115MA1H7X2B0C", field: "$.u", strict: true).isEmpty)
        let strict = validateUSCC("91310115MA1H7X2B0D", field: "$.u", strict: true)
        #expect(strict.map(\.rule) == ["gb32100.check-character"] && strict.first?.severity == .error)
        #expect(validateUSCC("91310115MA1H7X2B0D", field: "$.u").first?.severity == .warning)
    }

    @Test func beneficiarySharesAddUpToExactlyOneHundred() throws {
        let thirds = try ["33.33", "33.33", "33.34%"].map { try BeneficiaryShare.parse($0, field: "$.b") }
        #expect(validateBeneficiaryShares(thirds, field: "$.b").isEmpty)
        let short = try ["60", "30"].map { try BeneficiaryShare.parse($0, field: "$.b") }
        #expect(validateBeneficiaryShares(short, field: "$.b").map(\.message) == ["beneficiary shares add up to 90%, not 100%"])
        #expect(throws: DomainIssue.self) { try BeneficiaryShare.parse("0", field: "$.b") }
        #expect(throws: DomainIssue.self) { try BeneficiaryShare.parse("33.333", field: "$.b") }
        #expect(try BeneficiaryShare.parse("12.5", field: "$.b").printed == "12.5%")
    }

    @Test func currencyCodesAndSigns() {
        #expect(Currency.parse("eur") == .eur)
        #expect(Currency.parse("€") == .eur)
        #expect(Currency.parse("¥") == .cny)
        #expect(Currency.parse("人民币") == .cny)
        #expect(Currency.parse("$") == nil, "a bare dollar sign names no one currency")
        #expect(Currency.parse("XYZ") == nil)
        #expect(Money(minorUnits: 3_000_000, currency: .usd).formatted() == "USD 30,000.00")
    }

    @Test func territoryTextMustAgreeWithTheAllSchengenFlag() {
        var facts = SchengenRulesTests.compliant
        facts.territoryText = "All Schengen States 全体申根国家"
        #expect(checkSchengen(facts).isEmpty)
        facts.territoryText = "France only"
        #expect(checkSchengen(facts).map(\.rule) == ["schengen.territory-text"])
        facts.territoryText = "Europe"
        #expect(checkSchengen(facts).map(\.rule) == ["schengen.territory-text"])
        facts.allSchengen = false
        facts.territoryCountries = schengenStateCodes
        facts.territoryText = "全体申根国家"
        #expect(checkSchengen(facts).map(\.rule) == ["schengen.territory-text"])
    }

    @Test func unlimitedCoverPassesAndIncludedWithoutAmountFails() {
        var facts = SchengenRulesTests.compliant
        facts.medicalCover = .unlimited
        facts.hospitalCover = .amount(Money(minorUnits: 4_000_000, currency: .eur))
        #expect(checkSchengen(facts).isEmpty)
        facts.remainsCover = .included
        #expect(checkSchengen(facts).map(\.rule) == ["schengen.cover-missing"])
        facts.remainsCover = nil
        facts.hospitalCover = .amount(Money(minorUnits: 2_000_000, currency: .eur))
        #expect(checkSchengen(facts).map(\.field) == ["hospitalCover"])
    }
}
