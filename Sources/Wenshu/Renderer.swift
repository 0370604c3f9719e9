public import WenshuDiagnostics
public import WenshuDocument
import WenshuLayout
import WenshuPages
import WenshuPDF
public import WenshuText

/// Output formats of a render.
public enum OutputFormat: String, Sendable, CaseIterable {
    case pdf, png
}

/// The whole pipeline behind one object: document → layout → PDF. Holds the process's fonts, so
/// create it once and share it (it is thread-safe).
public struct Renderer: Sendable {
    public let fonts: FontBook
    let layout: LayoutEngine

    public init(fonts: FontBook) {
        self.fonts = fonts
        self.layout = LayoutEngine(fonts: fonts)
    }

    /// A renderer on the process-wide font book (`Fonts/` found as ``FontBook/defaultDirectory()`` says).
    public static func shared() throws(DiagnosticError) -> Renderer {
        do {
            return Renderer(fonts: try FontBook.shared())
        } catch {
            throw DiagnosticError(error.message, at: "Fonts/fonts.json")
        }
    }

    /// Lays out and writes a document as PDF.
    /// - Throws: `DiagnosticError` listing every layout problem with its template location.
    public func pdf(_ document: Document, compress: Bool = true) throws(DiagnosticError) -> [UInt8] {
        let pages = try layout.layout(document)
        do {
            return try PDFExporter.export(pages, options: PDFOptions(compress: compress))
        } catch {
            throw DiagnosticError(error.message, at: "")
        }
    }
}
