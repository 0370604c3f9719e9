/// Validates a 港澳台居民居住证 number (domain.md §3.2 [S]): GB 11643 layout with address code
/// 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan), same MOD 11-2 check and birth date.
/// Rules: `permit.length`, `permit.charset`, `permit.lowercase-x` (warning), `permit.check-digit`,
/// `permit.address-code`, `permit.birth-date`, `permit.birth-date-future`.
public func validateHKMacaoTaiwanResidencePermit(
    _ value: String, field: String, asOf: CivilDate? = nil
) -> [DomainIssue] {
    var (issues, wellFormed) = checkGB11643Shape(
        value, field: field, rulePrefix: "permit", documentName: "residence permit number")
    guard wellFormed else { return issues }
    let characters = Array(value)
    let addressCode = String(characters[0..<6])
    if !["810000", "820000", "830000"].contains(addressCode) {
        issues.append(.error(
            field, "permit.address-code",
            "address code \(addressCode) is not 810000, 820000 or 830000 (hk/macao/taiwan residence permit)"))
    }
    issues += checkBirthDate(characters, field: field, rulePrefix: "permit", asOf: asOf)
    return issues
}

/// Validates a 2023 外国人永久居留身份证 number (domain.md §3.2 [C]): 18 characters, first digit
/// "9", 17 digits + MOD 11-2 check exactly as GB 11643. The rest of the layout is [U] and is not
/// checked (no birth date check).
/// Rules: `fpr2023.length`, `fpr2023.charset`, `fpr2023.lowercase-x` (warning),
/// `fpr2023.check-digit`, `fpr2023.prefix`.
public func validateForeignPermanentResidence2023(_ value: String, field: String) -> [DomainIssue] {
    var (issues, wellFormed) = checkGB11643Shape(
        value, field: field, rulePrefix: "fpr2023", documentName: "permanent residence id number")
    guard wellFormed else { return issues }
    if value.first != "9" {
        issues.append(.error(field, "fpr2023.prefix", "2023 permanent residence id numbers start with 9, found \(value.first!)"))
    }
    return issues
}

/// Validates a 2017 外国人永久居留身份证 number (domain.md §3.2 [C]): 3 uppercase letters
/// (nationality) + 12 digits. No check digit is defined. Rule: `fpr2017.format`.
public func validateForeignPermanentResidence2017(_ value: String, field: String) -> [DomainIssue] {
    let characters = Array(value)
    let valid = characters.count == 15
        && characters[0..<3].allSatisfy { $0.isASCII && $0.isUppercase }
        && characters[3...].allSatisfy(\.isASCIIDigit)
    return valid ? [] : [.error(
        field, "fpr2017.format", "2017 permanent residence id number must be 3 uppercase letters and 12 digits")]
}
