/// Validates a PRC **ordinary** passport number (domain.md §2.1 [C], Guangzhou PSB 2024).
///
/// Accepted (9 characters, uppercase):
/// - `E` + 8 digits (e-passport from 2012), e.g. `E12345678`;
/// - `E` + one letter A–Z except I and O + 7 digits (from 2017), e.g. `EA1234567`;
/// - `G` + 8 digits (pre-2012): accepted with a **warning** `passport.legacy-series`, since such a
///   passport (validity ≤ 10 years) has almost certainly expired.
///
/// Other results:
/// - `passport.not-ordinary` (warning): `SE`/`DE`/`PE` + 7 digits, the official, diplomatic
///   and service passports (§2.1 [S]);
/// - `passport.lowercase` (error, suggestion = uppercased): otherwise valid but lowercase;
/// - `passport.format` (error): anything else, e.g. `EA12345678` (10 characters) or `EI1234567`.
///
/// Foreign passports are out of scope; use `IdentityDocumentKind.other` for them.
public func validatePassportNumber(_ value: String, field: String) -> [DomainIssue] {
    let upper = value.uppercased()
    if upper != value, classifyPassportNumber(upper) != nil {
        return [.error(field, "passport.lowercase", "passport number must be uppercase", suggestion: upper)]
    }
    switch classifyPassportNumber(value) {
    case .ordinary: return []
    case .legacyG:
        return [.warning(
            field, "passport.legacy-series",
            "g-series passport numbers were issued before 2012; check that the passport is still valid")]
    case .nonOrdinary:
        return [.warning(
            field, "passport.not-ordinary",
            "\(value.prefix(2)) numbers belong to official, diplomatic or service passports, not ordinary ones")]
    case nil:
        return [.error(
            field, "passport.format",
            "passport number \(quoted(value)) is not E + 8 digits, E + letter (not I/O) + 7 digits, or G + 8 digits")]
    }
}

enum PassportNumberClass { case ordinary, legacyG, nonOrdinary }

func classifyPassportNumber(_ value: String) -> PassportNumberClass? {
    let c = Array(value)
    guard c.count == 9 else { return nil }
    let tail7 = c[2...].allSatisfy(\.isASCIIDigit)
    if c[0] == "E" && c[1...].allSatisfy(\.isASCIIDigit) { return .ordinary }
    if c[0] == "E" && c[1].isASCII && c[1].isUppercase && c[1] != "I" && c[1] != "O" && tail7 { return .ordinary }
    if c[0] == "G" && c[1...].allSatisfy(\.isASCIIDigit) { return .legacyG }
    if ["SE", "DE", "PE"].contains(String(c[0..<2])) && tail7 { return .nonOrdinary }
    return nil
}
