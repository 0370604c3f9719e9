public import WenshuDiagnostics

/// Reads one text value from a JSON record by path (`$.insured.email`), for callers outside the
/// template language, such as `batch --deliver-to`.
public struct DataLookup: Sendable {
    let path: DataPath
    public let text: String

    /// - Throws: when `path` is not a data path (`$.a.b[0].c`).
    public init(_ path: String) throws(DiagnosticError) {
        guard let parsed = DataPath.parse(path) else {
            throw DiagnosticError("'\(path)' is not a data path; write it like $.insured.email", at: path)
        }
        self.path = parsed
        self.text = "$." + parsed.description
    }

    /// The text at the path; throws with the JSON path when the record is not JSON or the value is
    /// missing or not text.
    public func string(in data: [UInt8]) throws(DiagnosticError) -> String {
        let root = try parseData(data, limits: TemplateLimits())
        let bound = resolve(path, in: root, vars: [:])
        guard let value = bound.value, !value.isNull else { throw DiagnosticError("required", at: bound.jsonPath) }
        guard case .string(let s) = value else { throw DiagnosticError("must be text, not a(n) \(value.typeName)", at: bound.jsonPath) }
        return s
    }
}
