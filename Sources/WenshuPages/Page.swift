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
///
/// Everything but the origin lives in one shared, immutable object: layout moves a run several
/// times (cell, row, page) and backends copy it again, and with the font, the glyph array and the
/// source strings as separate fields every copy cost four atomic reference counts, which two
/// threads rendering at once fought over (a fifth of a batch's CPU time).
public struct GlyphRun: Sendable {
    // Inlinable accessors: the backends and the layout read a run's parts in their inner loops, and a
    // call across the module boundary returned each part retained (a thousand retains a document).
    @usableFromInline final class Content: Sendable {
        @usableFromInline let font: Font
        @usableFromInline let size: Double
        @usableFromInline let color: Color
        @usableFromInline let glyphs: [PlacedGlyph]
        @usableFromInline let source: SourceLocation
        init(font: Font, size: Double, color: Color, glyphs: [PlacedGlyph], source: SourceLocation) {
            self.font = font; self.size = size; self.color = color; self.glyphs = glyphs; self.source = source
        }
    }

    @usableFromInline let content: Content
    /// Start of the baseline.
    public var origin: Point
    @inlinable public var font: Font { content.font }
    @inlinable public var size: Double { content.size }
    @inlinable public var color: Color { content.color }
    @inlinable public var glyphs: [PlacedGlyph] { content.glyphs }
    @inlinable public var source: SourceLocation { content.source }
    /// The shared content's identity: runs with equal identities have the same glyphs at the same
    /// places, whatever their origins, so a backend may encode such a run once and reuse the bytes.
    public var identity: GlyphRunIdentity { GlyphRunIdentity(content) }

    public init(font: Font, size: Double, color: Color, origin: Point, glyphs: [PlacedGlyph], source: SourceLocation) {
        content = Content(font: font, size: size, color: color, glyphs: glyphs, source: source)
        self.origin = origin
    }
}

/// Equal for runs that share their content (everything but the origin). Holds the content, so an
/// identity kept as a cache key is never reused by another run.
public struct GlyphRunIdentity: Hashable, Sendable {
    private let object: any AnyObject & Sendable
    fileprivate init(_ object: any AnyObject & Sendable) { self.object = object }
    public static func == (a: GlyphRunIdentity, b: GlyphRunIdentity) -> Bool { a.object === b.object }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(object)) }
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
    /// A company seal: one unit for the backends (a PDF form XObject) and for signing, which places
    /// its signature field over the seal.
    case seal(SealItem)
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
