public import WenshuDiagnostics

/// A domain finding in the library's one error shape: the field is its location, the rule picks the
/// stable API code, and the suggestion and rule become hints. Templates add the finding with the
/// place they know (`Issues.add`); nothing else converts a `DomainIssue`.
extension DomainIssue: DiagnosticConvertible {
    public var location: String { field }
    public var diagnosticCode: String { DomainIssue.code(forRule: rule) }
    public var hints: [String] {
        (suggestion.map { ["expected '\($0)'"] } ?? []) + ["rule \(rule)"]
    }
    public var diagnostics: [Diagnostic] {
        let severity: Diagnostic.Severity = switch self.severity { case .error: .error; case .warning: .warning; case .note: .note }
        return [Diagnostic(severity, message, at: location, code: diagnosticCode, hints: hints)]
    }

    /// The stable API code of a rule id (`gb11643.check-digit` → `CHECK_DIGIT`); `FORMAT` for the rest.
    public static func code(forRule rule: String) -> String {
        typealias C = Diagnostic.Code
        switch rule {
        case _ where rule.hasSuffix("check-digit") || rule.hasSuffix("check-character"): return C.checkDigit
        case "schengen.minimum-cover", "schengen.cover-currency", "schengen.cover-missing": return C.schengenCover
        case "schengen.territory", "schengen.territory-text": return C.schengenTerritory
        case "schengen.period", "schengen.period-order", "schengen.beijing-time-margin": return C.schengenPeriod
        case "schengen.passport-validity": return C.passportValidity
        case "pinyin.mismatch": return C.pinyinMismatch
        case "pinyin.legacy-umlaut": return C.pinyinLegacy
        case "pinyin.unusual-reading": return C.pinyinUnusual
        case "pinyin.regional-spelling": return C.pinyinRegional
        case "money.range", "rmb.range": return C.range
        case "rmb.currency", "currency.unknown", "currency.mismatch", "currency.missing": return C.currency
        case "beneficiary.shares": return C.beneficiaryShares
        default: return C.format
        }
    }
}
