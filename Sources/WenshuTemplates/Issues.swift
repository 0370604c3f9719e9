internal import WenshuDiagnostics
internal import WenshuDomain

/// Accumulates diagnostics so that one run reports every problem (STYLE.md §5).
struct Issues {
    /// Diagnostics kept at most: one wrong field in 10 000 array items is reported 200 times and then
    /// summed up, not held and printed 10 000 times.
    static let maximumListed = 200

    var list: [Diagnostic] = []
    /// A value several fields read (a policy's currency) is reported once, not once per reader.
    private var seen: Set<Diagnostic> = []
    private var unlisted = 0
    private var unlistedError = false
    var hasErrors: Bool { list.contains { $0.severity == .error } }
    /// Warnings and notes: what a successful render hands back.
    var warnings: [Diagnostic] { list.filter { $0.severity != .error } }

    mutating func error(_ message: String, at location: String, code: String? = nil, hints: [String] = []) {
        append(Diagnostic(.error, message, at: location, code: code, hints: hints))
    }
    mutating func warning(_ message: String, at location: String, code: String? = nil, hints: [String] = []) {
        append(Diagnostic(.warning, message, at: location, code: code, hints: hints))
    }
    mutating func append(_ d: Diagnostic) {
        guard seen.insert(d).inserted else { return }
        if list.count < Issues.maximumListed { list.append(d); return }
        unlisted += 1
        unlistedError = unlistedError || d.severity == .error
        let summary = Diagnostic(unlistedError ? .error : .warning, "and \(unlisted) more problem(s) not listed", at: "")
        if unlisted == 1 { list.append(summary) } else { list[list.count - 1] = summary }
    }
    /// Adds a domain finding; `field` of the issue is already a JSON path.
    mutating func add(_ issue: DomainIssue, at location: String? = nil, hints extra: [String] = []) {
        var hints: [String] = extra
        if let suggestion = issue.suggestion { hints.append("expected '\(suggestion)'") }
        hints.append("rule \(issue.rule)")
        let severity: Diagnostic.Severity = switch issue.severity { case .error: .error; case .warning: .warning; case .note: .note }
        append(Diagnostic(severity, issue.message, at: location ?? issue.field, code: Issues.code(forRule: issue.rule), hints: hints))
    }

    /// The stable API code of a domain rule id (`gb11643.check-digit` → `CHECK_DIGIT`).
    static func code(forRule rule: String) -> String {
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

extension SourceLocation {
    /// `file:line:column`, the form every template diagnostic uses.
    var text: String { "\(file):\(line):\(column)" }
}
