import WenshuDiagnostics
import WenshuText

extension DiagnosticError {
    /// A missing glyph, placed at the template line (and data path) its text came from.
    static func missingGlyph(_ error: MissingGlyphError, at location: SourceLocation) -> DiagnosticError {
        DiagnosticError("no font has a glyph for \(error.codePoint) '\(error.character)' in \"\(error.context)\"",
                        at: location.description, code: Diagnostic.Code.glyphMissing,
                        hints: ["fonts tried: \(error.fontsTried.joined(separator: ", "))",
                                "add a font that covers \(error.codePoint) to Fonts/fonts.json, or correct the data"])
    }
}
