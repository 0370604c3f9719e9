/// The one shape of a library error (issue 15): a lowercase `message` saying what is wrong, the
/// `location` when the thrower knows it (template `file:line:column`, a JSON path, a file, an option
/// of ``RenderOptions``-style structs such as `dpi`), a stable ``Diagnostic/Code`` and hints.
///
/// Error types that callers tell apart for control flow (a `StorageFailure` retried by `kind`, a
/// `SigningError` mapped to an exit code) stay distinct types, but each conforms, so any of them
/// becomes a ``Diagnostic`` through ``DiagnosticError/init(_:at:)``, the one conversion. Transports
/// (the CLI's flag names, the server's problem+json) are applied after it, never inside a library.
///
/// A conforming type names its text `message`, never `reason` or `description`; `description`
/// defaults to `location: message`.
public protocol DiagnosticConvertible: Error, CustomStringConvertible {
    /// Lowercase: what is wrong ("file is 9000 bytes, more than the limit of 8000").
    var message: String { get }
    /// Where, when the thrower knows it; empty leaves it to the caller, which knows the boundary.
    var location: String { get }
    /// One of ``Diagnostic/Code``; `INVALID` by default.
    var diagnosticCode: String { get }
    var hints: [String] { get }
    /// The diagnostics this error stands for; one, made from the properties above, by default.
    var diagnostics: [Diagnostic] { get }
}

extension DiagnosticConvertible {
    public var location: String { "" }
    public var diagnosticCode: String { Diagnostic.Code.invalid }
    public var hints: [String] { [] }
    public var diagnostics: [Diagnostic] { [Diagnostic(.error, message, at: location, code: diagnosticCode, hints: hints)] }
    public var description: String { location.isEmpty ? message : "\(location): \(message)" }
}

extension DiagnosticError: DiagnosticConvertible {
    /// Every diagnostic, one a line.
    public var message: String { description }

    /// The one place a library error becomes diagnostics: `error`'s own when it has the shape (a
    /// ``DiagnosticError`` as it is), with `location` filled in where the error left it empty; any
    /// other error (a Foundation or NIO one) as its text at `location`.
    ///
    /// - Parameter location: where the caller was (the template path, `page 2`, `signing`).
    public init(_ error: any Error, at location: String) {
        if let shaped = error as? any DiagnosticConvertible {
            self.init(shaped.diagnostics.map { d in
                var d = d
                if d.location.isEmpty { d.location = Diagnostic.escapingControls(location) }
                return d
            })
        } else {
            self.init("\(error)", at: location)
        }
    }
}
