/// Warns when the passport pinyin agrees with no reading of the Chinese name
/// (domain.md §2.1 Implication: the document prints the passport name; converting Chinese to
/// pinyin is only useful to *warn*).
///
/// Contract:
/// - Returns warnings only, never errors, all with `field` as given. Empty when both parts match.
/// - Surname: each character may take any Unihan reading (kMandarin, kTGHZ2013, kHanyuPinyin)
///   or its surname reading (domain.md §2.2, 单 SHAN); a compound surname of §2.3 may also take
///   its table spelling (万俟 MOQI).
/// - Given names: normal readings only (欧阳乐乐 → OUYANG LELE); segmented as one word, spaces
///   in the passport field are ignored (§2.1 passport practice [S]).
/// - ü: LYU/NYU/LUE/NUE match (NIA 2021-09-29, §2.1); the pre-2012 LU/LV/NU/NV/LVE/NVE also
///   match but give warning `pinyin.legacy-umlaut` (holders may keep old spellings on request).
/// - A character without a Mandarin reading (𠇔 U+201D4) matches any 1–6 letters: the check is
///   skipped for that position, silently.
/// - `pinyin.mismatch`: some part matches nothing; `suggestion` is a full name built from the
///   closest reading combination for near misses (张伟 + "ZHAGN WEI" → "ZHANG WEI") or from the
///   first readings otherwise (王芳 + "LI NA" → "WANG FANG"); see `suggestedPinyin`.
/// - If either Chinese part is empty, that part is not checked.
public func checkPinyin(
    chineseSurname: String, chineseGivenName: String, passport: PassportName, field: String
) -> [DomainIssue] {
    let surnameKey = String(chineseSurname.filter { !$0.isWhitespace })
    let surnameTokens = nameTokens(chineseSurname, isSurname: true)
    let givenTokens = nameTokens(chineseGivenName, isSurname: false)
    let surnameLetters = passportLetters(passport.surname)
    let givenLetters = passportLetters(passport.givenNames)

    var surnameResult = surnameTokens.isEmpty ? PinyinMatch.exact : matchPinyin(surnameTokens, letters: surnameLetters)
    if let compound = compoundSurnames[surnameKey], Array(compound.utf8) == surnameLetters {
        surnameResult = .exact
    }
    let givenResult = givenTokens.isEmpty ? PinyinMatch.exact : matchPinyin(givenTokens, letters: givenLetters)
    if surnameResult == .exact && givenResult == .exact { return [] }

    func suggestedSurname() -> String {
        if let compound = compoundSurnames[surnameKey] { return compound }
        return suggestedPinyin(surnameTokens, letters: surnameLetters)
    }
    let surnameSuggestion = surnameResult == .exact ? passport.surname : suggestedSurname()
    let givenSuggestion = givenResult == .exact
        ? passport.givenNames : suggestedPinyin(givenTokens, letters: givenLetters)
    let suggestion = givenSuggestion.isEmpty ? surnameSuggestion : surnameSuggestion + " " + givenSuggestion

    var issues: [DomainIssue] = []
    var mismatched: [String] = []
    if surnameResult == .none {
        mismatched.append("surname \(quoted(passport.surname)) matches no reading of \(quoted(chineseSurname))")
    }
    if givenResult == .none {
        mismatched.append("given names \(quoted(passport.givenNames)) match no reading of \(quoted(chineseGivenName))")
    }
    if !mismatched.isEmpty {
        issues.append(.warning(
            field, "pinyin.mismatch",
            mismatched.joined(separator: "; ") + " (check the passport; the document prints the passport spelling)",
            suggestion: suggestion))
    }
    var legacy: [String] = []
    if surnameResult == .legacyOnly { legacy.append("surname \(quoted(passport.surname))") }
    if givenResult == .legacyOnly { legacy.append("given names \(quoted(passport.givenNames))") }
    if !legacy.isEmpty {
        issues.append(.warning(
            field, "pinyin.legacy-umlaut",
            legacy.joined(separator: " and ")
                + " spell ü the pre-2012 way; passports now print LYU/NYU/LUE/NUE (nia 2021-09-29) unless the holder kept the old spelling",
            suggestion: suggestion))
    }
    return issues
}

/// Uppercase A–Z letters of a passport name part; everything else (spaces, hyphens) dropped.
func passportLetters(_ text: String) -> [UInt8] {
    text.uppercased().utf8.filter { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
}
