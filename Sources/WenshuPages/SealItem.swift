public import WenshuDiagnostics

/// A company seal placed on a page: a square `frame` and what is drawn inside it.
///
/// The content is in the seal's own coordinates (origin at the frame's top-left corner, y down, the
/// same units as the page), so that one seal is one self-contained drawing: the PDF backend writes it
/// as a form XObject and records the frame for the signing stage, whose signature widget lies over
/// it (the visible seal becomes the signature's appearance). Moving the seal moves only the frame.
public struct SealItem: Sendable {
    private final class Content: Sendable {
        let items: [PageItem]
        init(items: [PageItem]) { self.items = items }
    }

    private let content: Content
    /// Where the seal sits on the page (page coordinates), its outer circle inscribed.
    public var frame: Rect
    /// Constant opacity of the whole seal; drawn inside the seal, not by an enclosing group.
    public var opacity: Double
    public var source: SourceLocation
    /// What the seal draws, relative to the frame's top-left corner.
    public var items: [PageItem] { content.items }
    /// Identity of the drawing, shared by copies of this item (a backend writes it once).
    public var contentID: ObjectIdentifier { ObjectIdentifier(content) }

    public init(frame: Rect, opacity: Double = 1, items: [PageItem], source: SourceLocation) {
        self.content = Content(items: items)
        self.frame = frame
        self.opacity = opacity
        self.source = source
    }
}
