/// One problem with user input (template, data, options), with its place and a hint.
///
/// Stages accumulate diagnostics and throw them together as ``DiagnosticError`` so that one run
/// reports every problem, not just the first.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var severity: Severity
    /// Lowercase, says what is wrong: "required", "unknown block type 'tabel'".
    public var message: String
    /// Template file:line, or a JSON path such as `$.insured[0].passport.number`.
    public var location: String
    public var hints: [String]

    public init(_ severity: Severity = .error, _ message: String, at location: String, hints: [String] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.hints = hints
    }

    public var description: String {
        var text = "\(severity.rawValue): \(location.isEmpty ? "" : location + ": ")\(message)"
        for hint in hints { text += "\n  hint: \(hint)" }
        return text
    }
}

/// A failed stage: every error diagnostic found (at least one), plus warnings seen on the way.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ message: String, at location: String, hints: [String] = []) {
        self.diagnostics = [Diagnostic(.error, message, at: location, hints: hints)]
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
