import Testing
@testable import WenshuDomain

@Suite struct SchengenRulesTests {
    static func date(_ text: String) -> CivilDate { try! CivilDate.parse(text) }

    static let compliant = SchengenCertificateFacts(
        medicalCover: Money(minorUnits: 3_000_000, currency: .eur),
        repatriationCover: Money(minorUnits: 3_000_000, currency: .eur),
        allSchengen: true,
        coverStart: date("2026-07-01"), coverEnd: date("2026-07-16"),
        stayEntry: date("2026-07-01"), stayExit: date("2026-07-15"),
        timeZoneIsBeijing: true, passportExpiry: date("2030-01-01"))

    @Test func certificateForWholeStayInAllStatesWithThirtyThousandEuroPasses() {
        #expect(checkSchengen(Self.compliant).isEmpty)
    }

    @Test func coverBelowThirtyThousandEuroIsAnError() {
        var facts = Self.compliant
        facts.medicalCover = .amount(Money(minorUnits: 2_999_999, currency: .eur))
        let issues = checkSchengen(facts)
        #expect(issues.map(\.rule) == ["schengen.minimum-cover"])
        #expect(issues.first?.field == "medicalCover")
    }

    @Test func coverStatedInYuanIsAnError() {
        var facts = Self.compliant
        facts.repatriationCover = .amount(Money(minorUnits: 30_000_000, currency: .cny))
        #expect(checkSchengen(facts).map(\.rule) == ["schengen.cover-currency"])
    }

    @Test func franceOnlyTerritoryMissesTwentyEightStates() {
        var facts = Self.compliant
        facts.allSchengen = false
        facts.territoryCountries = ["FR"]
        let issues = checkSchengen(facts)
        #expect(issues.map(\.rule) == ["schengen.territory"])
        #expect(issues.first?.message.contains("LI") == true)
        facts.territoryCountries = schengenStateCodes.map { $0.lowercased() } + ["MC"]
        #expect(checkSchengen(facts).isEmpty)
        facts.territoryCountries = schengenStateCodes.filter { $0 != "RO" && $0 != "BG" }
        #expect(checkSchengen(facts).first?.message.contains("BG RO") == true)
    }

    @Test func limitedTerritorialValidityNeedsOnlyItsStates() {
        var facts = Self.compliant
        facts.allSchengen = false
        facts.territoryCountries = ["FR", "DE"]
        facts.limitedTerritorialValidityStates = ["FR", "DE"]
        #expect(checkSchengen(facts).isEmpty)
    }

    @Test func schengenListHasTwentyNineStates() {
        #expect(schengenStateCodes.count == 29)
        #expect(Set(schengenStateCodes).count == 29)
        #expect(!schengenStateCodes.contains("CY") && !schengenStateCodes.contains("IE"))
    }

    @Test func coverEndingBeforeExitIsAnErrorAndBeijingMarginWarningIsSeparate() {
        var facts = Self.compliant
        facts.coverEnd = Self.date("2026-07-14")
        #expect(checkSchengen(facts).map(\.rule) == ["schengen.period"])
        facts.coverEnd = Self.date("2026-07-15")
        let issues = checkSchengen(facts)
        #expect(issues.map(\.rule) == ["schengen.beijing-time-margin"])
        #expect(issues.first?.severity == .warning)
        #expect(issues.first?.suggestion == "2026-07-16")
        facts.timeZoneIsBeijing = false
        #expect(checkSchengen(facts).isEmpty)
    }

    @Test func coverStartingAfterEntryIsAnError() {
        var facts = Self.compliant
        facts.coverStart = Self.date("2026-07-02")
        #expect(checkSchengen(facts).map(\.rule) == ["schengen.period"])
    }

    @Test func passportExpiringWithinThreeMonthsOfExitWarns() {
        var facts = Self.compliant
        facts.passportExpiry = Self.date("2026-10-14")
        #expect(checkSchengen(facts).map(\.rule) == ["schengen.passport-validity"])
        facts.passportExpiry = Self.date("2026-10-15")
        #expect(checkSchengen(facts).isEmpty)
    }

    @Test func everyFailedRuleIsReportedTogether() {
        let facts = SchengenCertificateFacts(
            medicalCover: Money(minorUnits: 1_000_000, currency: .eur),
            repatriationCover: Money(minorUnits: 1_000_000, currency: .eur),
            allSchengen: false, territoryCountries: ["FR"],
            coverStart: Self.date("2026-07-02"), coverEnd: Self.date("2026-07-15"),
            stayEntry: Self.date("2026-07-01"), stayExit: Self.date("2026-07-15"),
            timeZoneIsBeijing: true, passportExpiry: Self.date("2026-08-01"))
        #expect(checkSchengen(facts).map(\.rule) == [
            "schengen.minimum-cover", "schengen.minimum-cover", "schengen.territory", "schengen.period",
            "schengen.beijing-time-margin", "schengen.passport-validity",
        ])
    }
}

@Suite struct CivilDateTests {
    @Test func parsingAcceptsOnlyRealIsoDates() throws {
        #expect(try CivilDate.parse("2000-02-29") == CivilDate(year: 2000, month: 2, day: 29))
        #expect(throws: DomainIssue.self) { try CivilDate.parse("1900-02-29") }
        #expect(throws: DomainIssue.self) { try CivilDate.parse("2023-02-29") }
        #expect(throws: DomainIssue.self) { try CivilDate.parse("2024-2-29") }
        #expect(throws: DomainIssue.self) { try CivilDate.parse("2024/02/29") }
    }

    @Test func arithmeticCrossesMonthsAndLeapDays() {
        let date = CivilDate(year: 2024, month: 2, day: 28)!
        #expect(date.adding(days: 1).description == "2024-02-29")
        #expect(date.adding(days: 2).description == "2024-03-01")
        #expect(CivilDate(year: 2025, month: 12, day: 31)!.adding(days: 1).description == "2026-01-01")
        #expect(CivilDate(year: 2024, month: 11, day: 30)!.adding(months: 3).description == "2025-02-28")
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
    }

    @Test func dayNumbersRoundTripForSeededDates() {
        var generator = SeededGenerator(seed: 1970)
        for _ in 0..<2_000 {
            let number = Int.random(in: -700_000...2_900_000, using: &generator)
            #expect(CivilDate(dayNumber: number).dayNumber == number)
        }
    }
}
