/// One finding about user input: an error that must block the document, or a warning that a
/// reviewer should see.
///
/// Contract:
/// - `field` is whatever the caller passed in (a field name or a JSON path such as
///   `$.insured.passportNumber`); this module never invents locations.
/// - `rule` is a short, stable identifier (`"gb11643.check-digit"`) that tests and templates may
///   match on; `message` is lowercase prose for humans and may change wording.
/// - Validators return *all* issues they find (they do not stop at the first one).
/// - Equality compares every property, so tests can assert on whole values.
public struct DomainIssue: Error, Sendable, Equatable {
    /// Whether the issue blocks the document (`error`) or is advisory (`warning`).
    public enum Severity: Sendable, Equatable, Hashable {
        case error
        case warning
        /// Informational: nothing is wrong, but a reviewer may want to know (a legal but unusual reading).
        case note
    }

    public var severity: Severity
    /// Field name or JSON path given by the caller.
    public var field: String
    /// Short rule id, e.g. `"gb11643.check-digit"`.
    public var rule: String
    /// Lowercase description of what is wrong, e.g.
    /// `"check digit is 3, expected X (GB 11643 MOD 11-2)"`.
    public var message: String
    /// A corrected value or a hint, when one can be given.
    public var suggestion: String?

    public init(
        severity: Severity, field: String, rule: String, message: String, suggestion: String? = nil
    ) {
        self.severity = severity
        self.field = field
        self.rule = rule
        self.message = message
        self.suggestion = suggestion
    }

    static func error(
        _ field: String, _ rule: String, _ message: String, suggestion: String? = nil
    ) -> DomainIssue {
        DomainIssue(severity: .error, field: field, rule: rule, message: message, suggestion: suggestion)
    }

    static func warning(
        _ field: String, _ rule: String, _ message: String, suggestion: String? = nil
    ) -> DomainIssue {
        DomainIssue(severity: .warning, field: field, rule: rule, message: message, suggestion: suggestion)
    }

    static func note(_ field: String, _ rule: String, _ message: String) -> DomainIssue {
        DomainIssue(severity: .note, field: field, rule: rule, message: message)
    }
}

extension Array where Element == DomainIssue {
    /// True when at least one issue has severity `.error`.
    public var containsError: Bool { contains { $0.severity == .error } }
}
