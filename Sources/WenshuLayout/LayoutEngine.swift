public import WenshuDiagnostics
public import WenshuDocument
public import WenshuPages
public import WenshuText

/// Lays a document out into pages: the one entry of the layout stage.
///
/// Pure: the same document and fonts always give the same pages. Errors (a missing glyph, an image that
/// does not decode) are collected with their template locations and thrown together.
public struct LayoutEngine: Sendable {
    public let fonts: FontBook
    let text: TextEngine

    public init(fonts: FontBook) {
        self.fonts = fonts
        self.text = TextEngine(fonts: fonts)
    }

    /// Largest number of pages a document may have; a runaway `each` is an error, not a 10,000-page file.
    public static let maximumPages = 2000

    public func layout(_ document: Document) throws(DiagnosticError) -> LaidOutDocument {
        var context = LayoutContext(engine: self, base: document.baseStyle)
        let page = document.page
        let contentWidth = page.width - page.margins.left - page.margins.right
        let contentHeight = page.height - page.margins.top - page.margins.bottom
        context.bodyHeight = contentHeight
        let body = context.fragments(document.body, width: contentWidth)
        try context.throwIfFailed()

        // Content taller than a page would be cut off at the page's foot: an error, never a silent loss.
        for fragment in body where !fragment.absolute && fragment.height > contentHeight + 0.01 {
            context.fail(DiagnosticError(
                "content is \(Int(fragment.height.rounded())) pt tall, more than the page's \(Int(contentHeight.rounded())) pt of body height",
                at: (fragment.location ?? .unknown).description, code: Diagnostic.Code.layoutOverflow,
                hints: ["split long text into several rows or paragraphs, or shrink the image"]))
        }
        try context.throwIfFailed()
        let placed = Paginator(contentHeight: contentHeight).paginate(body)
        guard placed.count <= LayoutEngine.maximumPages else {
            throw DiagnosticError("document has \(placed.count) pages, more than the limit of \(LayoutEngine.maximumPages)", at: "", code: Diagnostic.Code.limit)
        }

        var pages: [Page] = []
        let watermark = try document.watermark.map { (w) throws(DiagnosticError) in try context.watermark(w, page: page) }
        for (index, fragments) in placed.enumerated() {
            var items: [PageItem] = []
            let numbers = PageNumbers(page: index + 1, count: placed.count)
            if !document.header.isEmpty {
                let header = context.fragments(document.header, width: contentWidth, numbers: numbers).stacked()
                items += header.items.map { $0.translated(dx: page.margins.left, dy: page.headerOffset) }
            }
            for (fragment, y) in fragments {
                if fragment.absolute {
                    items += fragment.items
                } else {
                    items += fragment.items.map { $0.translated(dx: page.margins.left, dy: page.margins.top + y) }
                }
            }
            if !document.footer.isEmpty {
                let footer = context.fragments(document.footer, width: contentWidth, numbers: numbers).stacked()
                items += footer.items.map { $0.translated(dx: page.margins.left, dy: page.height - page.footerOffset - footer.height) }
            }
            // Over the content, translucent: table fills and images cannot hide a specimen mark.
            if let watermark { items.append(watermark) }
            pages.append(Page(size: Size(width: page.width, height: page.height), items: items))
        }
        try context.throwIfFailed()
        if pages.isEmpty { pages.append(Page(size: Size(width: page.width, height: page.height))) }

        let info = document.metadata
        return LaidOutDocument(pages: pages, metadata: DocumentMetadata(
            title: info.title, author: info.author, subject: info.subject, keywords: info.keywords,
            language: info.language, creationDate: info.creationDate))
    }
}

/// Page number and count substituted into header and footer spans.
struct PageNumbers {
    var page: Int
    var count: Int
}

/// State of one layout run: the engine, the document's base style and the errors found so far.
struct LayoutContext {
    let engine: LayoutEngine
    let base: TextProperties
    var diagnostics: [Diagnostic] = []
    /// Height of a page's body: table rows taller than this are split between lines.
    var bodyHeight = Double.infinity

    init(engine: LayoutEngine, base: TextProperties) {
        self.engine = engine
        self.base = TextProperties.base.resolvedBase(with: base)
    }

    mutating func fail(_ error: DiagnosticError) {
        for d in error.diagnostics where !diagnostics.contains(d) { diagnostics.append(d) }
    }

    func throwIfFailed() throws(DiagnosticError) {
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticError(diagnostics) }
    }
}

extension TextProperties {
    /// `overrides` over these properties: used once to complete the document's base style.
    func resolvedBase(with overrides: TextProperties) -> TextProperties { overrides.resolved(over: self) }
}
