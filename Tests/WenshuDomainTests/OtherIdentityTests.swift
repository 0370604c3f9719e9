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
