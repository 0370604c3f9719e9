public import WenshuDiagnostics

/// A company seal placed on a page: a square `frame` and the ``SealDrawing`` inside it.
///
/// The drawing is in the seal's own coordinates (origin at the frame's top-left corner, y down, the
/// same units as the page), so that one seal is one self-contained drawing: the PDF backend writes it
/// as a form XObject and records the frame for the signing stage, whose signature widget lies over
/// it (the visible seal becomes the signature's appearance). Moving the seal moves only the frame.
public struct SealItem: Sendable {
    public let drawing: SealDrawing
    /// Where the seal sits on the page (page coordinates), its outer circle inscribed.
    public var frame: Rect
    /// Constant opacity of the whole seal; drawn inside the seal, not by an enclosing group.
    public var opacity: Double
    public var source: SourceLocation
    /// What the seal draws, relative to the frame's top-left corner.
    public var items: [PageItem] { drawing.items }

    public init(frame: Rect, opacity: Double = 1, drawing: SealDrawing, source: SourceLocation) {
        self.drawing = drawing
        self.frame = frame
        self.opacity = opacity
        self.source = source
    }
}

/// What a seal draws, immutable and shared: layout hands every document of a batch the same drawing
/// for the same seal, so a backend may keep work done on it (the PDF form's compressed content)
/// by the drawing's identity.
public final class SealDrawing: Sendable {
    public let items: [PageItem]
    public init(items: [PageItem]) { self.items = items }
}
