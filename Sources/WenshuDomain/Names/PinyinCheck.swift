/// Where a name's romanisation comes from, as the identity document shows it.
///
/// Hong Kong, Macao and Taiwan documents romanise by Cantonese or Wade–Giles custom (陈 CHAN,
/// 黄 WONG, 梁 LEUNG, 张 CHEUNG, 张 CHANG), not by Hanyu Pinyin (GB/T 28039 applies to mainland
/// residents' names, domain.md §2.1), so Mandarin readings must not "correct" them.
public enum NameRegion: String, Sendable, Hashable, CaseIterable {
    case mainland, hongKong, macao, taiwan

    var displayName: String {
        switch self {
        case .mainland: "mainland"
        case .hongKong: "hong kong"
        case .macao: "macao"
        case .taiwan: "taiwan"
        }
    }
}

/// Warns when the passport pinyin agrees with no reading of the Chinese name
/// (domain.md §2.1 Implication: the document prints the passport name; converting Chinese to
/// pinyin is only useful to *warn*).
///
/// Contract:
/// - Returns warnings and notes only, never errors, all with `field` as given. Empty when both
///   parts match their usual readings.
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
///   first readings otherwise (王芳 + "LI NA" → "WANG FANG"); see `suggestedPinyin`. A suggestion
///   always keeps both parts: a part that cannot be suggested keeps the passport's own spelling.
/// - `pinyin.unusual-reading` (note): the spelling matches only a legal but less common reading
///   (单 surname DAN instead of SHAN, 乐乐 given name YUEYUE instead of LELE, 万俟 WANSI instead of
///   MOQI). Not wrong, but a reviewer should compare it with the passport.
/// - `region` of Hong Kong, Macao or Taiwan (from the identity document): a spelling that matches
///   no Mandarin reading gets the note `pinyin.regional-spelling` and no suggestion (CHAN TAI MAN
///   for 陈大文 is right); nothing else is said.
/// - If either Chinese part is empty, that part is not checked.
public func checkPinyin(
    chineseSurname: String, chineseGivenName: String, passport: PassportName, field: String,
    region: NameRegion = .mainland
) -> [DomainIssue] {
    let surnameKey = String(chineseSurname.filter { !$0.isWhitespace })
    let surnameTokens = nameTokens(chineseSurname, isSurname: true)
    let givenTokens = nameTokens(chineseGivenName, isSurname: false)
    let surnameLetters = passportLetters(passport.surname)
    let givenLetters = passportLetters(passport.givenNames)

    var surnameResult = surnameTokens.isEmpty ? PinyinMatch.exact : matchPinyin(surnameTokens, letters: surnameLetters)
    var surnameIsCompoundSpelling = false
    if let compound = compoundSurnames[surnameKey], Array(compound.utf8) == surnameLetters {
        surnameResult = .exact
        surnameIsCompoundSpelling = true
    }
    let givenResult = givenTokens.isEmpty ? PinyinMatch.exact : matchPinyin(givenTokens, letters: givenLetters)

    if region != .mainland {
        guard surnameResult == .none || givenResult == .none else { return [] }
        return [.note(
            field, "pinyin.regional-spelling",
            "\(quoted(passport.fullName)) follows \(region.displayName) romanisation, not hanyu pinyin; "
                + "it is printed as the passport has it and not checked against mandarin readings")]
    }

    var issues: [DomainIssue] = []
    if surnameResult != .exact || givenResult != .exact {
        func suggestedSurname() -> String {
            if let compound = compoundSurnames[surnameKey] { return compound }
            return suggestedPinyin(surnameTokens, letters: surnameLetters)
        }
        var surnameSuggestion = surnameResult == .exact ? passport.surname : suggestedSurname()
        var givenSuggestion = givenResult == .exact
            ? passport.givenNames : suggestedPinyin(givenTokens, letters: givenLetters)
        // Never suggest dropping a part the passport has (an unknown character suggests nothing).
        if surnameSuggestion.isEmpty { surnameSuggestion = passport.surname }
        if givenSuggestion.isEmpty { givenSuggestion = passport.givenNames }
        let suggestion = givenSuggestion.isEmpty ? surnameSuggestion : surnameSuggestion + " " + givenSuggestion

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
    }

    // Legal but unusual readings: the letters match, but not with each character's usual reading.
    var unusual: [String] = []
    if surnameResult == .exact && !surnameIsCompoundSpelling && !surnameTokens.isEmpty,
       matchPinyin(usualReadings(surnameTokens), letters: surnameLetters) == .none {
        let usual = compoundSurnames[surnameKey] ?? usualSpelling(surnameTokens)
        unusual.append("surname \(quoted(passport.surname)) reads \(quoted(chineseSurname)) in a less common way (usually \(usual))")
    }
    if givenResult == .exact && !givenTokens.isEmpty,
       matchPinyin(usualReadings(givenTokens), letters: givenLetters) == .none {
        unusual.append("given names \(quoted(passport.givenNames)) read \(quoted(chineseGivenName)) in a less common way (usually \(usualSpelling(givenTokens)))")
    }
    if !unusual.isEmpty {
        issues.append(.note(
            field, "pinyin.unusual-reading",
            unusual.joined(separator: "; ") + "; a legal reading, printed as given: compare it with the passport"))
    }
    return issues
}

/// Checks a Chinese name written as one string ("欧阳乐乐", "张伟") against the passport name,
/// trying the ways it can split into surname and given name: a compound surname of domain.md §2.3
/// first, then a one-character surname, then two characters (双姓 such as 郑李). Returns the
/// findings of the first split that matches without a warning, else of the likeliest split.
public func checkPinyin(
    chineseName: String, passport: PassportName, field: String, region: NameRegion = .mainland
) -> [DomainIssue] {
    let characters = Array(chineseName.filter { !$0.isWhitespace && !nameSeparators.contains($0) })
    guard !characters.isEmpty else { return [] }
    var splits: [Int] = []
    if characters.count > 2, compoundSurnames[String(characters[0..<2])] != nil { splits.append(2) }
    splits.append(1)
    if characters.count > 2, !splits.contains(2) { splits.append(2) }
    if characters.count == 1 { splits = [1] }
    var first: [DomainIssue]?
    for k in splits {
        let issues = checkPinyin(chineseSurname: String(characters[0..<k]), chineseGivenName: String(characters[k...]),
                                 passport: passport, field: field, region: region)
        if !issues.contains(where: { $0.severity != .note }) { return issues }
        if first == nil { first = issues }
    }
    return first ?? []
}

/// Each known character limited to its usual spelling: the surname reading for a surname
/// character of domain.md §2.2, else the first (most common) reading.
func usualReadings(_ tokens: [NameToken]) -> [NameToken] {
    tokens.map { token in
        switch token {
        case .unknown: return token
        case .known(let c, let spellings):
            let usual = spellings.first { !$0.isLegacy } ?? spellings[0]
            return .known(c, [usual])
        }
    }
}

func usualSpelling(_ tokens: [NameToken]) -> String {
    tokens.map { token -> String in
        switch token {
        case .known(_, let spellings): return (spellings.first { !$0.isLegacy } ?? spellings[0]).text
        case .unknown(let c): return String(c)
        }
    }.joined()
}

/// Uppercase A–Z letters of a passport name part; everything else (spaces, hyphens) dropped.
func passportLetters(_ text: String) -> [UInt8] {
    text.uppercased().utf8.filter { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
}

extension PassportName {
    /// "SURNAME GIVEN NAMES", or the surname alone.
    var fullName: String { givenNames.isEmpty ? surname : surname + " " + givenNames }
}

/// Where a holder's name romanisation comes from, as their identity document says.
///
/// - 港澳台居民居住证 (`hkMacaoTaiwanResidencePermit`): address code 810000 Hong Kong, 820000 Macao,
///   830000 Taiwan (domain.md §3.2 [S]);
/// - `hkMacaoPermit` (港澳居民来往内地通行证): H… Hong Kong, M… Macao; `taiwanPermit` Taiwan;
///   `hkPassport`, `macaoPassport` (HKSAR / MSAR passports);
/// - otherwise a nationality or issuing-region text naming Hong Kong (HKG, 香港), Macao (MAC,
///   Macau, 澳门) or Taiwan (TWN, 台湾).
/// Everything else is `.mainland`.
public func nameRegion(idKind: IdentityDocumentKind?, idNumber: String?, nationality: String?) -> NameRegion {
    switch idKind {
    case .hkMacaoTaiwanResidencePermit?:
        switch idNumber?.prefix(2) {
        case "81": return .hongKong
        case "82": return .macao
        case "83": return .taiwan
        default: break
        }
    case .hkMacaoPermit?:
        if idNumber?.uppercased().hasPrefix("M") == true { return .macao }
        return .hongKong
    case .taiwanPermit?: return .taiwan
    case .hkPassport?: return .hongKong
    case .macaoPassport?: return .macao
    default: break
    }
    guard let text = nationality?.uppercased() else { return .mainland }
    let words = Set(text.split(whereSeparator: { !$0.isLetter }).map(String.init))
    if words.contains("HKG") || text.contains("HONG KONG") || text.contains("香港") { return .hongKong }
    if words.contains("MAC") || text.contains("MACAO") || text.contains("MACAU") || text.contains("澳门") || text.contains("澳門") { return .macao }
    if words.contains("TWN") || text.contains("TAIWAN") || text.contains("台湾") || text.contains("臺灣") || text.contains("台灣") { return .taiwan }
    return .mainland
}
