import Testing
@testable import WenshuDomain

/// Policy instants, states and endorsement wording (domain.md §8).
@Suite struct PolicyLifecycleRulesTests {
    @Test func datesMeanBeijingMidnightAtStartAnd24hAtEnd() throws {
        // 2026-05-01 00:00 +08:00 = 2026-04-30T16:00Z = 1777564800
        #expect(PolicyInstant.parse("2026-05-01", role: .start) == 1_777_564_800)
        #expect(PolicyInstant.parse("2026-05-01", role: .end) == Int64(1_777_651_200))
        #expect(PolicyInstant.parse("2026-05-01T00:00:00+08:00", role: .start) == 1_777_564_800)
        #expect(PolicyInstant.parse("2026-04-30T16:00:00Z", role: .start) == 1_777_564_800)
        #expect(PolicyInstant.parse("2026-05-01T00:00", role: .start) == 1_777_564_800, "no offset: Beijing time")
        #expect(PolicyInstant.parse("2026-04-30T24:00:00+08:00", role: .end) == 1_777_564_800)
        for bad in ["", "2026-02-30", "2026-05-01T25:00", "2026-05-01T10:00+8", "2026-05-01T24:30", "tomorrow"] {
            #expect(PolicyInstant.parse(bad, role: .start) == nil, "\(bad)")
        }
        let (date, hour, minute) = PolicyInstant.beijing(1_777_564_800 + 12 * 3600)
        #expect(date == CivilDate(year: 2026, month: 5, day: 1) && hour == 12 && minute == 0)
    }

    @Test func theFourStates() throws {
        let start = try #require(PolicyInstant.parse("2026-05-01", role: .start))
        let end = try #require(PolicyInstant.parse("2026-05-21", role: .end))
        #expect(PolicyState.at(start - 1, start: start, end: end, cancelledAt: nil) == .pending)
        #expect(PolicyState.at(start, start: start, end: end, cancelledAt: nil) == .inForce)
        #expect(PolicyState.at(end - 1, start: start, end: end, cancelledAt: nil) == .inForce, "in force through 21 May 24:00")
        #expect(PolicyState.at(end, start: start, end: end, cancelledAt: nil) == .ended)
        #expect(PolicyState.at(start + 10, start: start, end: end, cancelledAt: start + 5) == .cancelled)
        #expect(PolicyState.at(start + 10, start: start, end: end, cancelledAt: start + 50) == .inForce, "a later cancellation waits")
        #expect(PolicyState.allCases.map(\.chinese) == ["待生效", "生效中", "已终保", "已注销"])
    }

    @Test func wordingFromChangesWithUppercasePremium() throws {
        let effective = try #require(PolicyInstant.parse("2025-05-01", role: .start))
        let change = EndorsementWording.Change(labelZh: "被保险人护照号码", labelEn: "Insured's passport number",
                                               before: "EA1234567", after: "EB7654321")
        let passport = EndorsementWording(kind: .passport, effective: effective, changes: [change], premium: nil)
        #expect(try passport.chinese() == "经投保人申请，本公司同意自2025年05月01日零时起，将被保险人护照号码由EA1234567变更为EB7654321。其他内容不变。")
        #expect(passport.english().contains("with effect from 00:00 on 1 May 2025 (Beijing time), the insured's passport number is changed from EA1234567 to EB7654321."))
        let refund = EndorsementWording(kind: .cancellation, effective: effective, changes: [],
                                        premium: (.refund, try Money.parse("904.05", currency: .cny)))
        #expect(try refund.chinese().contains("解除本保险合同") && refund.chinese().contains("¥904.05（大写：人民币玖佰零肆元零伍分）"))
        #expect(try !refund.chinese().contains("其他内容不变"))
        #expect(ChangeFormat.residentID.display("31010519850312001X") == "310***********001X")
        #expect(ChangeFormat.passport.display("EA1234567") == "EA1234567")
    }
}
