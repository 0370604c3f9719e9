import Testing
@testable import WenshuDomain

@Suite struct PinyinCheckTests {
    func check(_ surname: String, _ given: String, _ passportSurname: String, _ passportGiven: String) -> [DomainIssue] {
        checkPinyin(
            chineseSurname: surname, chineseGivenName: given,
            passport: PassportName(surname: passportSurname, givenNames: passportGiven), field: "$.insured.name")
    }

    @Test func polyphonicSurnameShanIsAcceptedOnlyAsSurname() {
        #expect(check("单", "伟", "SHAN", "WEI").isEmpty)
        // dān is a legal reading but not the surname's: a note, not a warning and not silence.
        #expect(check("单", "伟", "DAN", "WEI").map(\.rule) == ["pinyin.unusual-reading"])
        #expect(check("单", "伟", "DAN", "WEI").allSatisfy { $0.severity == .note })
        // 黑 HE / 能 NAI exist only as surname readings (not in Unihan).
        #expect(check("黑", "明", "HE", "MING").isEmpty)
        #expect(check("张", "黑", "ZHANG", "HE").map(\.rule) == ["pinyin.mismatch"])
    }

    @Test(arguments: [("曾", "ZENG"), ("区", "OU"), ("仇", "QIU"), ("解", "XIE"), ("查", "ZHA"), ("朴", "PIAO"),
                      ("翟", "ZHAI"), ("乐", "YUE"), ("覃", "QIN"), ("能", "NAI"), ("阚", "KAN"), ("盖", "GE")])
    func surnameReadingsOfDomainTableAreAccepted(character: String, spelling: String) {
        #expect(check(character, "伟", spelling, "WEI").isEmpty)
    }

    @Test func compoundSurnameWithRepeatedGivenNameReadsLele() {
        #expect(check("欧阳", "乐乐", "OUYANG", "LELE").isEmpty)
    }

    @Test(arguments: [("万俟", "MOQI"), ("诸葛", "ZHUGE"), ("尉迟", "YUCHI"), ("闾丘", "LYUQIU"), ("单于", "CHANYU"), ("长孙", "ZHANGSUN")])
    func compoundSurnamesUseTheirPassportSpelling(surname: String, spelling: String) {
        #expect(check(surname, "明", spelling, "MING").isEmpty)
    }

    @Test func lyuIsAcceptedAndOldLuSpellingWarns() {
        #expect(check("吕", "伟", "LYU", "WEI").isEmpty)
        let legacy = check("吕", "伟", "LU", "WEI")
        #expect(legacy.map(\.rule) == ["pinyin.legacy-umlaut"])
        #expect(legacy.first?.suggestion == "LYU WEI")
        #expect(check("吕", "伟", "LV", "WEI").map(\.rule) == ["pinyin.legacy-umlaut"])
        #expect(check("张", "女", "ZHANG", "NYU").isEmpty)
        #expect(check("张", "略", "ZHANG", "LUE").isEmpty)
        #expect(check("徐", "菊", "XU", "JU").isEmpty)  // ju/qu/xu/yu unchanged
    }

    @Test func transposedLettersWarnWithClosestReading() {
        let issues = check("张", "伟", "ZHAGN", "WEI")
        #expect(issues.count == 1)
        #expect(issues.first?.severity == .warning)
        #expect(issues.first?.rule == "pinyin.mismatch")
        #expect(issues.first?.suggestion == "ZHANG WEI")
        #expect(issues.first?.field == "$.insured.name")
    }

    @Test func givenNameIsSegmentedAcrossCharacters() {
        #expect(check("杨", "为民", "YANG", "WEIMIN").isEmpty)
        #expect(check("杨", "为民", "YANG", "WEI MIN").isEmpty)
        let issues = check("杨", "为民", "YANG", "WEIMNG")
        #expect(issues.first?.suggestion == "YANG WEIMIN")
    }

    @Test func characterWithoutMandarinReadingIsSkipped() {
        // 𠇔 U+201D4 has only a Cantonese reading in Unihan 15.0 (domain.md §2.4).
        #expect(check("陈", "𠇔", "CHEN", "MOU").isEmpty)
        #expect(check("陈", "𠇔明", "CHEN", "MOUMING").isEmpty)
        #expect(check("陈", "𠇔明", "CHEN", "MOUMONG").map(\.rule) == ["pinyin.mismatch"])
    }

    @Test func mismatchNeverProducesAnError() {
        #expect(!check("王", "芳", "LI", "NA").containsError)
        #expect(check("王", "芳", "LI", "NA").first?.suggestion == "WANG FANG")
    }

    @Test func unusualGivenNameReadingGetsANote() {
        // 欧阳乐乐 is OUYANG LELE (domain.md §2.2); YUEYUE is a legal reading of 乐, so only a note.
        let issues = check("欧阳", "乐乐", "OUYANG", "YUEYUE")
        #expect(issues.map(\.rule) == ["pinyin.unusual-reading"])
        #expect(issues.first?.message.contains("usually LELE") == true)
        #expect(check("曾", "伟", "CENG", "WEI").map(\.rule) == ["pinyin.unusual-reading"])
        #expect(check("曾", "伟", "ZENG", "WEI").isEmpty)
    }

    @Test(arguments: [("陈", "大文", "CHAN", "TAI MAN"), ("黄", "家驹", "WONG", "KA KUI"), ("梁", "朝伟", "LEUNG", "CHIU WAI"),
                      ("张", "学友", "CHEUNG", "HOK YAU")])
    func hongKongSpellingsAreNotCorrected(surname: String, given: String, passportSurname: String, passportGiven: String) {
        let issues = checkPinyin(chineseSurname: surname, chineseGivenName: given,
                                 passport: PassportName(surname: passportSurname, givenNames: passportGiven), field: "$.insured", region: .hongKong)
        #expect(issues.map(\.rule) == ["pinyin.regional-spelling"])
        #expect(issues.allSatisfy { $0.severity == .note && $0.suggestion == nil })
        // The same spelling on a mainland document is a mismatch with a Mandarin suggestion.
        let mainland = check(surname, given, passportSurname, passportGiven)
        #expect(mainland.map(\.rule) == ["pinyin.mismatch"])
    }

    @Test func regionComesFromTheIdentityDocument() {
        #expect(nameRegion(idKind: .hkMacaoTaiwanResidencePermit, idNumber: "810000199001010012", nationality: nil) == .hongKong)
        #expect(nameRegion(idKind: .hkMacaoTaiwanResidencePermit, idNumber: "830000199001010012", nationality: nil) == .taiwan)
        #expect(nameRegion(idKind: .hkMacaoPermit, idNumber: "M12345678", nationality: nil) == .macao)
        #expect(nameRegion(idKind: .passport, idNumber: "EA1234567", nationality: "中国香港 HONG KONG SAR (CHN)") == .hongKong)
        #expect(nameRegion(idKind: .residentID, idNumber: "11010519491231002X", nationality: "中国 CHINA (CHN)") == .mainland)
    }

    @Test func suggestionNeverDropsTheGivenName() {
        // An unknown character (𠇔, no Mandarin reading) gives nothing to suggest: the passport's own given name stays.
        let issues = check("陈", "𠇔", "CHN", "MOU")
        #expect(issues.first?.suggestion == "CHEN MOU")
        let far = check("王", "𠇔𠇔𠇔", "LI", "")
        #expect(far.first?.suggestion?.hasPrefix("WANG") == true)
        for issue in check("张", "伟", "ZHANG", "WIE") + check("王", "芳", "LI", "NA") {
            let parts = issue.suggestion?.split(separator: " ") ?? []
            #expect(parts.count == 2, "\(issue.suggestion ?? "nil")")
        }
    }

    @Test func fullNameIsSplitIntoSurnameAndGivenName() {
        func full(_ name: String, _ s: String, _ g: String) -> [DomainIssue] {
            checkPinyin(chineseName: name, passport: PassportName(surname: s, givenNames: g), field: "$.insured[0].passportName")
        }
        #expect(full("欧阳乐乐", "OUYANG", "LELE").isEmpty)
        #expect(full("张伟", "ZHANG", "WEI").isEmpty)
        #expect(full("郑李明", "ZHENGLI", "MING").isEmpty)  // 双姓
        #expect(full("诸葛亮", "ZHUGE", "LIANG").isEmpty)
        #expect(full("张伟", "ZHAGN", "WEI").first?.suggestion == "ZHANG WEI")
    }
}
