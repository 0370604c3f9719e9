/// Validates a resident identity number (公民身份号码), GB 11643-1999 (domain.md §3.1).
///
/// Checks, all reported together:
/// - `gb11643.length`: exactly 18 characters (a 15-digit 1989 number gets the converted
///   18-digit number as suggestion);
/// - `gb11643.charset`: 17 ASCII digits + digit or X;
/// - `gb11643.lowercase-x` (warning): check character written `x`;
/// - `gb11643.check-digit`: ISO 7064 MOD 11-2;
/// - `gb11643.address-code`: first digit 1–8 (citizens' numbers; 9 is the 2023 foreign
///   permanent residence ID, domain.md §3.2 [C]). Whether the code exists in GB/T 2260 is not
///   checked (abolished codes stay valid on old cards, §3.1 [U]);
/// - `gb11643.birth-date`: YYYYMMDD is a real Gregorian date (29 February only in leap years);
/// - `gb11643.birth-date-future`: birth date after `asOf` (only when `asOf` is given; the
///   module has no clock).
public func validateResidentID(_ value: String, field: String, asOf: CivilDate? = nil) -> [DomainIssue] {
    var (issues, wellFormed) = checkGB11643Shape(
        value, field: field, rulePrefix: "gb11643", documentName: "resident id number")
    guard wellFormed else { return issues }
    if issues.isEmpty, ISO7064Mod11_2.isValid(value) {
        // The usual number, its address code and birth date read as bytes; anything off is worded below.
        let digits = value.utf8.map { Int($0) - 0x30 }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + $1 } }
        if digits[0] != 0, digits[0] != 9, let birth = CivilDate(year: number(6..<10), month: number(10..<12), day: number(12..<14)),
           asOf.map({ birth <= $0 }) ?? true {
            return []
        }
    }
    let characters = Array(value)
    if characters[0] == "0" || characters[0] == "9" {
        issues.append(.error(
            field, "gb11643.address-code",
            "address code \(String(characters[0..<6])) does not start with 1–8 (GB/T 2260 province codes)"))
    }
    issues += checkBirthDate(characters, field: field, rulePrefix: "gb11643", asOf: asOf)
    return issues
}

/// Birth date at positions 7–14 (YYYYMMDD, GB/T 7408) of an 18-character GB 11643 number.
func checkBirthDate(
    _ characters: [Character], field: String, rulePrefix: String, asOf: CivilDate?
) -> [DomainIssue] {
    let text = String(characters[6..<14])
    let year = Int(text.prefix(4))!, month = Int(text.dropFirst(4).prefix(2))!, day = Int(text.suffix(2))!
    guard let birth = CivilDate(year: year, month: month, day: day) else {
        return [.error(field, "\(rulePrefix).birth-date", "birth date \(text) is not a real date (GB 11643 positions 7–14)")]
    }
    if let asOf, birth > asOf {
        return [.error(field, "\(rulePrefix).birth-date-future", "birth date \(birth) is after \(asOf)")]
    }
    return []
}

/// Namespace for generators that tests and fixtures use.
public enum IdentityCheckCharacters {
    /// The GB 11643 MOD 11-2 check character ("0"–"9" or "X") for 17 ASCII digits, or nil when
    /// `first17` is not exactly 17 ASCII digits. Example: "11010519491231002" → "X".
    public static func residentIDCheckCharacter(first17: String) -> Character? {
        ISO7064Mod11_2.checkCharacter(first17: first17)
    }

    /// The GB 32100 MOD 31 check character for 17 characters of the USCC charset, or nil when
    /// `first17` is not 17 such characters. Example: "91350100M000100Y4" → "3".
    public static func usccCheckCharacter(first17: String) -> Character? {
        USCC.checkCharacter(first17: first17)
    }
}
