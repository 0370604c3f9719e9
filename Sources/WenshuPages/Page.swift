public import WenshuDiagnostics
public import WenshuImage
public import WenshuText

/// A glyph placed on a page: `x` from the run's origin, `yOffset` up from the baseline, in points.
public struct PlacedGlyph: Sendable {
    public var glyphID: UInt32
    public var x: Double
    public var yOffset: Double
    /// Advance the layout gave this glyph (letter spacing and justification included).
    public var advance: Double
    /// Source text of the glyph's cluster (empty for a cluster's later glyphs): copy and search.
    public var text: String
    public init(glyphID: UInt32, x: Double, yOffset: Double, advance: Double, text: String) {
        self.glyphID = glyphID; self.x = x; self.yOffset = yOffset; self.advance = advance; self.text = text
    }
}

/// Glyphs of one font, size and colour on one baseline.
public struct GlyphRun: Sendable {
    public var font: Font
    public var size: Double
    public var color: Color
    /// Start of the baseline.
    public var origin: Point
    public var glyphs: [PlacedGlyph]
    public var source: SourceLocation
    public init(font: Font, size: Double, color: Color, origin: Point, glyphs: [PlacedGlyph], source: SourceLocation) {
        self.font = font; self.size = size; self.color = color; self.origin = origin; self.glyphs = glyphs; self.source = source
    }
}

public struct PathItem: Sendable {
    public var path: Path
    public var fill: Color?
    public var stroke: Stroke?
    public init(path: Path, fill: Color? = nil, stroke: Stroke? = nil) { self.path = path; self.fill = fill; self.stroke = stroke }
}

public struct ImageItem: Sendable {
    public var image: ImageAsset
    /// Where the whole image is drawn (it may extend past `clip` when the fit is "fill").
    public var rect: Rect
    public var clip: Rect?
    public var source: SourceLocation
    public init(image: ImageAsset, rect: Rect, clip: Rect? = nil, source: SourceLocation) {
        self.image = image; self.rect = rect; self.clip = clip; self.source = source
    }
}

/// A clickable area opening a URL.
public struct LinkItem: Sendable {
    public var rect: Rect
    public var url: String
    public init(rect: Rect, url: String) { self.rect = rect; self.url = url }
}

/// Items drawn together under a transform and a constant opacity (a rotated watermark, a translucent seal).
public struct GroupItem: Sendable {
    public var transform: Transform
    public var opacity: Double
    public var items: [PageItem]
    public init(transform: Transform = .identity, opacity: Double = 1, items: [PageItem]) {
        self.transform = transform; self.opacity = opacity; self.items = items
    }
}

public enum PageItem: Sendable {
    case glyphs(GlyphRun)
    case path(PathItem)
    case image(ImageItem)
    case link(LinkItem)
    case group(GroupItem)
}

/// One laid-out page: everything a backend draws, in painting order.
public struct Page: Sendable {
    public var size: Size
    public var items: [PageItem]
    public init(size: Size, items: [PageItem] = []) { self.size = size; self.items = items }
}

/// Descriptive facts about a document, written into PDF Info and XMP.
public struct DocumentMetadata: Sendable, Hashable {
    public var title: String
    public var author: String
    public var subject: String
    public var keywords: [String]
    /// BCP 47 language of the document, e.g. `zh-CN`.
    public var language: String
    /// ISO 8601 date-time with offset (`2026-11-25T10:00:00+08:00`); an input, never the clock.
    public var creationDate: String?
    public init(title: String = "", author: String = "", subject: String = "", keywords: [String] = [], language: String = "zh-CN", creationDate: String? = nil) {
        self.title = title; self.author = author; self.subject = subject; self.keywords = keywords
        self.language = language; self.creationDate = creationDate
    }
}

/// The layout result: pages of positioned items, independent of any output format.
public struct LaidOutDocument: Sendable {
    public var pages: [Page]
    public var metadata: DocumentMetadata
    public init(pages: [Page], metadata: DocumentMetadata) { self.pages = pages; self.metadata = metadata }
}
