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
    /// The book's caches this stage keeps its values in (``RenderCaches``): positioned lines, decoded
    /// images, drawn seals and table rows.
    let positionedLines: BoundedCache<LineFragmentCache.Key, [Fragment]>
    let images: ImageCache
    let seals: BoundedCache<SealCache.Key, SealDrawing>
    /// Whole table rows (``TableRowCache``).
    let tableRows: BoundedCache<ContentKey, Fragment>
    let rowsSeen = SeenOnce()
    let rowParts = RowParts()

    public init(fonts: FontBook) {
        self.fonts = fonts
        self.text = TextEngine(fonts: fonts)
        self.positionedLines = fonts.caches.cache("positioned-lines", stripes: LineFragmentCache.stripes)
        self.images = ImageCache(fonts.caches.cache("images", stripes: 4))
        self.seals = fonts.caches.cache("seals")
        self.tableRows = fonts.caches.cache("table-rows", stripes: TableRowCache.stripes)
    }

    /// Largest number of pages a document may have; a runaway `each` is an error, not a 10,000-page file.
    public static let maximumPages = 2000

    /// Pixels of the distinct images of one document, all together: 40 megapixels (about 160 MB
    /// decoded) covers a full-page scan at 300 dpi several times over.
    public static let maximumImagePixels = 40_000_000

    /// - Parameter deadline: when to give up with an error; checked between blocks.
    /// - Parameter sideThreads: encode QR codes and lay out the cells of large tables on another
    ///   thread too (the same result either way).
    public func layout(_ document: Document, deadline: Deadline? = nil, sideThreads: Bool = true) throws(DiagnosticError) -> LaidOutDocument {
        var context = LayoutContext(engine: self, base: document.baseStyle)
        context.deadline = deadline
        context.sideThreads = sideThreads
        if sideThreads { context.qrCodes = QRPrefetch.start([document.body, document.header, document.footer]) }
        let page = document.page
        let contentWidth = page.width - page.margins.left - page.margins.right
        let contentHeight = page.height - page.margins.top - page.margins.bottom
        context.bodyHeight = contentHeight
        let body = context.bodyFragments(document.body, width: contentWidth)
        try context.throwIfFailed()

        // Content taller than a page would be cut off at the page's foot: an error, never a silent loss.
        for fragment in body where !fragment.absolute && fragment.height > contentHeight + 0.01 {
            context.fail(DiagnosticError(
                "content is \(Int(saturating: fragment.height.rounded())) pt tall, more than the page's \(Int(saturating: contentHeight.rounded())) pt of body height",
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
    var deadline: Deadline?
    /// Blocks laid out so far, for checking the deadline every few blocks.
    var blocksLaidOut = 0
    /// Set when the deadline or the page limit stopped the layout: nothing more is laid out.
    var stopped = false
    /// Decoded pixels of the document's distinct images so far, and the images counted.
    var imagePixels = 0
    var imagesCounted = Set<Int>()
    /// QR matrices encoded ahead, on another thread.
    var qrCodes: QRPrefetch?
    /// Whether large tables lay out half their cells on another thread.
    var sideThreads = false

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

extension LayoutContext {
    /// The body's fragments, counting pages as they are made: the flow height and page breaks give a
    /// lower bound of the page count, so a runaway document fails at the page limit, not after laying
    /// out everything. Groups (the blocks of `each` and `if`) are flattened, since they only gather
    /// blocks that flow one after the other.
    mutating func bodyFragments(_ blocks: [Block], width: Double) -> [Fragment] {
        var result: [Fragment] = []
        var flow = 0.0, breaks = 0
        appendBody(blocks, width: width, into: &result, flow: &flow, breaks: &breaks)
        return result
    }

    private mutating func appendBody(_ blocks: [Block], width: Double, into result: inout [Fragment], flow: inout Double, breaks: inout Int) {
        for block in blocks {
            if stopped { return }
            if block.spaceBefore > 0 { result.append(spacer(block.spaceBefore)) }
            if case .group(let inner) = block.content {
                appendBody(inner, width: width, into: &result, flow: &flow, breaks: &breaks)
            } else {
                let made = fragments(block, width: width, numbers: nil)
                for fragment in made where !fragment.absolute {
                    flow += fragment.height
                    if fragment.breakBefore { breaks += 1 }
                }
                result += made
            }
            if block.spaceAfter > 0 { result.append(spacer(block.spaceAfter)) }
            if Double(breaks) + flow / bodyHeight > Double(LayoutEngine.maximumPages) {
                fail(DiagnosticError("document has more than \(LayoutEngine.maximumPages) pages", at: block.location.description,
                                     hints: ["the limit stops runaway loops; split the data into several documents"]))
                stopped = true
                return
            }
        }
    }

    /// Counts one block; false (with the error recorded once) when the deadline has passed.
    mutating func admitBlock(at location: SourceLocation) -> Bool {
        if stopped { return false }
        blocksLaidOut += 1
        if blocksLaidOut & 15 == 0, let deadline, deadline.hasPassed {
            fail(deadline.error(at: location.description))
            stopped = true
            return false
        }
        return true
    }
}
