internal import WenshuDiagnostics
internal import WenshuDomain

/// Accumulates diagnostics so that one run reports every problem (STYLE.md §5).
struct Issues {
    var list: [Diagnostic] = []
    var hasErrors: Bool { list.contains { $0.severity == .error } }
    var warnings: [Diagnostic] { list.filter { $0.severity == .warning } }

    mutating func error(_ message: String, at location: String, hints: [String] = []) {
        list.append(Diagnostic(.error, message, at: location, hints: hints))
    }
    mutating func warning(_ message: String, at location: String, hints: [String] = []) {
        list.append(Diagnostic(.warning, message, at: location, hints: hints))
    }
    /// Adds a domain finding; `field` of the issue is already a JSON path.
    mutating func add(_ issue: DomainIssue, at location: String? = nil) {
        var hints: [String] = []
        if let suggestion = issue.suggestion { hints.append("expected '\(suggestion)'") }
        hints.append("rule \(issue.rule)")
        list.append(Diagnostic(issue.severity == .error ? .error : .warning, issue.message, at: location ?? issue.field, hints: hints))
    }
}

extension SourceLocation {
    /// `file:line:column`, the form every template diagnostic uses.
    var text: String { "\(file):\(line):\(column)" }
}
