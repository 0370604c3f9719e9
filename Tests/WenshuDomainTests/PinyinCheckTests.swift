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
        #expect(check("单", "伟", "DAN", "WEI").isEmpty)  // dān is also a reading; only mismatches warn
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
}
