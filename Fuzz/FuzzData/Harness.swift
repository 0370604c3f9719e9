import Foundation
import WenshuLayout
import WenshuPDF
import WenshuTemplates
import WenshuText

/// The JSON parser and schema validation, with the document built and, when the data is valid, laid
/// out and written as PDF: the claim form has every kind of field (money, dates, identity numbers,
/// arrays, a signature, an image) and so reaches the number and geometry checks of every stage.
let template = try! TemplateLoader(searchPaths: []).load("Templates/claim-form")
let layout = LayoutEngine(fonts: try! FontBook(directory: "Fonts"))

/// Also exported under libFuzzer's name, which its archive expects to find.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzData(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Array(UnsafeBufferPointer(start: start, count: count))
    guard let (document, _) = try? template.render(data: data) else { return 0 }
    guard let pages = try? layout.layout(document) else { return 0 }
    _ = try? PDFExporter.export(pages)
    return 0
}
