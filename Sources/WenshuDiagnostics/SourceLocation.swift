/// Where a piece of a document came from: a template file and line, or a path into the data.
///
/// Every document node and every positioned item carries one, so that an error found late (a missing
/// glyph while shaping, an image that fails to decode) still names the template line the user must fix.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// Template file as the user named it (relative path or template name); empty when unknown.
    public var file: String
    /// 1-based line, 0 when unknown.
    public var line: Int
    /// 1-based column, 0 when unknown.
    public var column: Int
    /// JSON path of the data value that produced the text (`$.insured[0].name`), when there is one.
    public var dataPath: String?

    public init(file: String, line: Int = 0, column: Int = 0, dataPath: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.dataPath = dataPath
    }

    public static let unknown = SourceLocation(file: "")

    public var description: String {
        var text = file.isEmpty ? "<unknown>" : file
        if line > 0 { text += ":\(line)" }
        if column > 0 { text += ":\(column)" }
        if let dataPath { text += " (\(dataPath))" }
        return text
    }
}
