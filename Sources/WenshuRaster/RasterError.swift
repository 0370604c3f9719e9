public import WenshuDiagnostics
/// A page that cannot be rasterized: bad options, a size over the limit, an image or font the
/// rasterizer cannot read. Equality compares the code only.
public struct RasterError: DiagnosticConvertible, Sendable, Hashable {
    /// What went wrong, extensible without breaking callers that switch on known codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        /// `dpi` outside ``RasterOptions/dpiRange`` (or not finite).
        public static let invalidResolution = Code(name: "invalidResolution")
        /// The canvas would exceed ``RasterOptions/maximumPixels``.
        public static let pageTooLarge = Code(name: "pageTooLarge")
        /// An image format the rasterizer cannot decode.
        public static let unsupportedImage = Code(name: "unsupportedImage")
        /// FreeType could not open a font face or load a glyph.
        public static let fontFailure = Code(name: "fontFailure")
        /// libpng or FreeType failed while encoding or rasterizing.
        public static let encodingFailure = Code(name: "encodingFailure")
    }

    public var code: Code
    /// Lowercase message in the project's form, e.g. "dpi 0 is outside 10...2400".
    public var message: String
    public var file: String
    public var line: Int

    init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code; self.message = message; self.file = file; self.line = line
    }

    public var description: String { message }
    public var diagnosticCode: String {
        switch code {
        case .invalidResolution: Diagnostic.Code.range
        case .pageTooLarge: Diagnostic.Code.limit
        default: Diagnostic.Code.invalid
        }
    }
    public static func == (a: RasterError, b: RasterError) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
