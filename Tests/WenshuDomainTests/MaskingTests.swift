import Testing
@testable import WenshuDomain

@Suite struct MaskingTests {
    @Test func defaultRulesMaskIDCardAndMobileAsInChinesePractice() {
        #expect(mask("310104199001010133", rule: .residentID) == "310***********0133")
        #expect(mask("6222020200112233446", rule: .bankCard) == "622202*********3446")
        #expect(mask("13800000001", rule: .mobile) == "138****0001")
    }

    @Test func identityDocumentsMaskByKind() {
        #expect(mask("310104199001010133", rule: .forIdentityDocument(.residentID)) == "310***********0133")
        #expect(mask("810000199001010017", rule: .forIdentityDocument(.hkMacaoTaiwanResidencePermit)) == "810***********0017")
        #expect(mask("EA1234567", rule: .forIdentityDocument(.passport)) == "EA1234567")
        #expect(mask("X12345678", rule: .forIdentityDocument(.other)) == "X12345678")
    }

    @Test func visaCertificatePrintsFullPassportNumber() {
        #expect(mask("EA1234567", rule: .passport) == "EA1234567")
        #expect(mask("EA1234567", rule: MaskRule.none) == "EA1234567")
    }

    @Test func valueTooShortForRuleIsFullyMasked() {
        #expect(mask("1234567", rule: .mobile) == "*******")
        #expect(mask("12345678", rule: .mobile) == "123*5678")
        #expect(mask("", rule: .bankCard) == "")
    }

    @Test func maskingCountsCharactersNotBytes() {
        #expect(mask("欧阳乐乐", rule: MaskRule(keepFirst: 1, keepLast: 0)) == "欧***")
        #expect(mask("张伟", rule: MaskRule(keepFirst: 1, keepLast: 1, maskCharacter: "＊")) == "＊＊")
    }

    @Test func templateFilterNamesResolveToRules() {
        #expect(MaskRule.named("residentID") == .residentID)
        #expect(MaskRule.named("bankCard") == .bankCard)
        #expect(MaskRule.named("mobile") == .mobile)
        #expect(MaskRule.named("passport")?.revealsAll == true)
        #expect(MaskRule.named("none")?.revealsAll == true)
        #expect(MaskRule.named("3,4") == MaskRule(keepFirst: 3, keepLast: 4))
        #expect(MaskRule.named("1,1") == MaskRule(keepFirst: 1, keepLast: 1))
        #expect(MaskRule.named("3, 4") == nil)
        #expect(MaskRule.named("-1,4") == nil)
        #expect(MaskRule.named("ssn") == nil)
    }

    @Test(arguments: [
        "password", "loginPassword", "card_pin", "PIN", "cvv", "cvv2", "CVN", "smsOtp", "otp",
        "verificationCode", "verification_code", "短信验证码", "支付密码", "$.payment.cvn2",
    ])
    func authenticationDataIsRecognised(name: String) {
        #expect(isAuthenticationData(fieldName: name))
        #expect(FieldSensitivity.of(fieldName: name) == .authentication)
    }

    @Test(arguments: ["pinyinName", "shipping", "spinner", "policyNumber", "发票校验码", "surname", "opinion"])
    func ordinaryFieldsAreNotAuthenticationData(name: String) {
        #expect(!isAuthenticationData(fieldName: name))
    }

    @Test func identifiersAreClassifiedAsPersonal() {
        #expect(FieldSensitivity.of(fieldName: "$.insured.idNumber") == .personalIdentifier)
        #expect(FieldSensitivity.of(fieldName: "passportNumber") == .personalIdentifier)
        #expect(FieldSensitivity.of(fieldName: "身份证号") == .personalIdentifier)
        #expect(FieldSensitivity.of(fieldName: "premium") == .other)
    }
}
