import Testing
@testable import WenshuDomain

@Suite struct ResidentIDTests {
    @Test(arguments: ["11010519491231002X", "440524188001010014"])
    func standardTestVectorsPass(id: String) {
        #expect(validateResidentID(id, field: "id").isEmpty)
    }

    @Test func generatorReproducesXCheckOfChaoyangVector() {
        #expect(IdentityCheckCharacters.residentIDCheckCharacter(first17: "11010519491231002") == "X")
        #expect(IdentityCheckCharacters.residentIDCheckCharacter(first17: "44052418800101001") == "4")
        #expect(IdentityCheckCharacters.residentIDCheckCharacter(first17: "4405241880010100") == nil)
    }

    @Test func wrongCheckDigitNamesFieldRuleAndExpectedCharacter() {
        let issues = validateResidentID("110105194912310023", field: "$.insured.idNumber")
        #expect(issues.count == 1)
        #expect(issues.first?.field == "$.insured.idNumber")
        #expect(issues.first?.rule == "gb11643.check-digit")
        #expect(issues.first?.message == "check digit is 3, expected X (GB 11643 MOD 11-2)")
        #expect(issues.first?.severity == .error)
    }

    @Test func lowercaseXIsAcceptedWithWarningAndUppercaseSuggestion() {
        let issues = validateResidentID("11010519491231002x", field: "id")
        #expect(issues == [DomainIssue(
            severity: .warning, field: "id", rule: "gb11643.lowercase-x",
            message: "check character is lowercase x; GB 11643 prints uppercase X",
            suggestion: "11010519491231002X")])
    }

    @Test func leapDayBirthDatesFollowGregorianRules() {
        func id(_ birth: String) -> String {
            let first17 = "110105" + birth + "002"
            return first17 + String(IdentityCheckCharacters.residentIDCheckCharacter(first17: first17)!)
        }
        #expect(validateResidentID(id("20000229"), field: "id").isEmpty)
        #expect(validateResidentID(id("19960229"), field: "id").isEmpty)
        #expect(validateResidentID(id("19000229"), field: "id").map(\.rule) == ["gb11643.birth-date"])
        #expect(validateResidentID(id("20230229"), field: "id").map(\.rule) == ["gb11643.birth-date"])
        #expect(validateResidentID(id("19971301"), field: "id").map(\.rule) == ["gb11643.birth-date"])
    }

    @Test func birthDateAfterAsOfIsRejectedOnlyWhenAsOfIsGiven() {
        let first17 = "11010520300101002"
        let id = first17 + String(IdentityCheckCharacters.residentIDCheckCharacter(first17: first17)!)
        #expect(validateResidentID(id, field: "id").isEmpty)
        let asOf = CivilDate(year: 2026, month: 11, day: 25)!
        #expect(validateResidentID(id, field: "id", asOf: asOf).map(\.rule) == ["gb11643.birth-date-future"])
    }

    @Test func fifteenDigitNumberSuggestsConvertedEighteenDigitNumber() {
        let issues = validateResidentID("110105491231002", field: "id")
        #expect(issues.map(\.rule) == ["gb11643.length"])
        #expect(issues.first?.suggestion == "11010519491231002X")
    }

    @Test func lettersInsideTheNumberAreACharsetError() {
        #expect(validateResidentID("1101051949123100AX", field: "id").map(\.rule) == ["gb11643.charset"])
    }

    @Test func addressCodeStartingWithNineIsNotACitizenNumber() {
        let first17 = "91010519491231002"
        let id = first17 + String(IdentityCheckCharacters.residentIDCheckCharacter(first17: first17)!)
        #expect(validateResidentID(id, field: "id").map(\.rule) == ["gb11643.address-code"])
    }

    @Test func thousandSeededValidIDsPassAndEverySingleDigitChangeFails() {
        var generator = SeededGenerator(seed: 11_643)
        for _ in 0..<1_000 {
            let id = Self.randomValidID(using: &generator)
            #expect(validateResidentID(id, field: "id").isEmpty, "\(id)")
            let characters = Array(id)
            for position in 0..<17 {
                for replacement in "0123456789" where replacement != characters[position] {
                    var changed = characters
                    changed[position] = replacement
                    // MOD 11-2 detects every single-character substitution.
                    #expect(validateResidentID(String(changed), field: "id").containsError)
                }
            }
            for replacement in "0123456789X" where replacement != characters[17] {
                var changed = characters
                changed[17] = replacement
                #expect(validateResidentID(String(changed), field: "id").map(\.rule) == ["gb11643.check-digit"])
            }
        }
    }

    static func randomValidID(using generator: inout SeededGenerator) -> String {
        let province = Int.random(in: 11...65, using: &generator)
        let address = String(province) + String(format4(Int.random(in: 0...9999, using: &generator)))
        let year = Int.random(in: 1900...2025, using: &generator)
        let month = Int.random(in: 1...12, using: &generator)
        let day = Int.random(in: 1...CivilDate.daysInMonth(year: year, month: month), using: &generator)
        let birth = CivilDate(year: year, month: month, day: day)!.description.filter { $0 != "-" }
        let sequence = String(Int.random(in: 1000...1999, using: &generator)).dropFirst()
        let first17 = address + birth + sequence
        return first17 + String(IdentityCheckCharacters.residentIDCheckCharacter(first17: first17)!)
    }
}

func format4(_ value: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: 4 - text.count) + text
}
