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
    /// Diagnostics offered so far, the repeated ones too: what was rendered while it did not move
    /// met no problem at all (``RowMemo`` keeps only such rows).
    private(set) var offered = 0

    mutating func append(_ d: Diagnostic) {
        offered += 1
        guard seen.insert(d).inserted else { return }
        if list.count < Issues.maximumListed { list.append(d); return }
        unlisted += 1
        unlistedError = unlistedError || d.severity == .error
        let summary = Diagnostic(unlistedError ? .error : .warning, "and \(unlisted) more problem(s) not listed", at: "")
        if unlisted == 1 { list.append(summary) } else { list[list.count - 1] = summary }
    }
    /// Adds a domain finding in its own shape (``DomainIssue`` as a diagnostic), at `location` when
    /// given (the issue's `field` is already a JSON path otherwise), with `extra` hints first.
    mutating func add(_ issue: DomainIssue, at location: String? = nil, hints extra: [String] = []) {
        for d in issue.diagnostics {
            append(Diagnostic(d.severity, d.message, at: location ?? d.location, code: d.code, hints: extra + d.hints))
        }
    }
}

extension SourceLocation {
    /// `file:line:column`, the form every template diagnostic uses.
    var text: String { "\(file):\(line):\(column)" }
}
