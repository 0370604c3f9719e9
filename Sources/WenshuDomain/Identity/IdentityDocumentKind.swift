/// Kinds of identity documents the forms accept (domain.md §3.1, §3.2, §2.1).
public enum IdentityDocumentKind: String, Sendable, Hashable, CaseIterable {
    /// 居民身份证 number, GB 11643-1999 (`validateResidentID`).
    case residentID
    /// 港澳台居民居住证, address code 810000/820000/830000 (`validateHKMacaoTaiwanResidencePermit`).
    case hkMacaoTaiwanResidencePermit
    /// 外国人永久居留身份证, 2023 version: 18 characters starting with 9
    /// (`validateForeignPermanentResidence2023`).
    case foreignPermanentResidence2023
    /// 外国人永久居留身份证, 2017 version: 3 letters + 12 digits (`validateForeignPermanentResidence2017`).
    case foreignPermanentResidence2017
    /// PRC ordinary passport (`validatePassportNumber`).
    case passport
    /// 港澳居民来往内地通行证 (home-return permit): H (Hong Kong) or M (Macao) + 8 or 10 digits
    /// (format [U], domain.md §3.2).
    case hkMacaoPermit
    /// 台湾居民来往大陆通行证: 8 or 10 digits (format [U], domain.md §3.2).
    case taiwanPermit
    /// HKSAR passport; number format not confirmed, checked as 1–2 letters + 7–8 digits [U].
    case hkPassport
    /// MSAR (Macao) passport; number format not confirmed, checked as 1–2 letters + 7–8 digits [U].
    case macaoPassport
    /// Any other document (foreign passports, travel permits): only checked to be non-empty,
    /// because their formats are not confirmed (domain.md §3.2 [U]).
    case other
}

/// Validates `number` as a document of `kind`, returning every issue found (empty = valid).
/// `asOf` is used only for resident ID / residence permit birth dates (not in the future).
public func validateIdentityNumber(
    _ number: String, kind: IdentityDocumentKind, field: String, asOf: CivilDate? = nil
) -> [DomainIssue] {
    switch kind {
    case .residentID: return validateResidentID(number, field: field, asOf: asOf)
    case .hkMacaoTaiwanResidencePermit: return validateHKMacaoTaiwanResidencePermit(number, field: field, asOf: asOf)
    case .foreignPermanentResidence2023: return validateForeignPermanentResidence2023(number, field: field)
    case .foreignPermanentResidence2017: return validateForeignPermanentResidence2017(number, field: field)
    case .passport: return validatePassportNumber(number, field: field)
    case .hkMacaoPermit:
        let c = Array(number)
        guard (c.count == 9 || c.count == 11), c[0] == "H" || c[0] == "M", c[1...].allSatisfy(\.isASCIIDigit) else {
            return [.error(field, "permit.format", "home-return permit number \(quoted(number)) is not H or M + 8 or 10 digits")]
        }
        return []
    case .taiwanPermit:
        guard (number.count == 8 || number.count == 10), number.allSatisfy(\.isASCIIDigit) else {
            return [.error(field, "permit.format", "taiwan permit number \(quoted(number)) is not 8 or 10 digits")]
        }
        return []
    case .hkPassport, .macaoPassport:
        let letters = number.prefix { $0.isASCII && $0.isUppercase }
        let digits = number.dropFirst(letters.count)
        guard (1...2).contains(letters.count), (7...8).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else {
            return [.error(field, "passport.format", "passport number \(quoted(number)) is not 1–2 letters + 7–8 digits")]
        }
        return []
    case .other:
        return number.trimmingASCIISpaces().isEmpty
            ? [.error(field, "identity.empty", "document number is empty")] : []
    }
}
