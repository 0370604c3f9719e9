/// A document to lay out: page setup, repeated header and footer, and the body's blocks.
///
/// The tree says what the document contains, never where things land on a page; layout decides that.
/// Lengths are in points (the template stage converts mm). Every block carries its template location.
public struct Document: Sendable {
    public var page: PageSetup
    public var metadata: DocumentInfo
    /// Default text style of the whole document.
    public var baseStyle: TextProperties
    public var header: [Block]
    public var footer: [Block]
    public var watermark: Watermark?
    public var body: [Block]
    /// The template's key value (a policy number), made safe for a file name: names batch outputs.
    public var key: String?
    /// Files the output carries inside it (an e-invoice's data, a signature's evidence), in order.
    public var attachments: [DocumentAttachment] = []

    public init(page: PageSetup = PageSetup(), metadata: DocumentInfo = DocumentInfo(), baseStyle: TextProperties = .base,
                header: [Block] = [], footer: [Block] = [], watermark: Watermark? = nil, body: [Block] = []) {
        self.page = page; self.metadata = metadata; self.baseStyle = baseStyle
        self.header = header; self.footer = footer; self.watermark = watermark; self.body = body
    }
}

/// A file carried inside the output document, covered by any signature over it.
public struct DocumentAttachment: Sendable, Hashable {
    /// How the file relates to the document (ISO 32000-2 §14.13 /AFRelationship).
    public enum Relationship: String, Sendable, CaseIterable {
        case source, data, alternative, supplement, unspecified
    }
    /// Unique within the document.
    public var fileName: String
    /// MIME type, e.g. `application/json`.
    public var mediaType: String
    public var description: String
    public var relationship: Relationship
    public var contents: [UInt8]
    /// Carried only by the archive (PDF/A-3) copy, so the everyday copy keeps its bytes.
    public var archiveOnly: Bool

    public init(fileName: String, mediaType: String, description: String = "", relationship: Relationship, contents: [UInt8], archiveOnly: Bool = false) {
        self.fileName = fileName; self.mediaType = mediaType; self.description = description
        self.relationship = relationship; self.contents = contents; self.archiveOnly = archiveOnly
    }
}

public struct DocumentInfo: Sendable, Hashable {
    public var title = ""
    public var author = ""
    public var subject = ""
    public var keywords: [String] = []
    public var language = "zh-CN"
    /// ISO 8601 with offset; an input so that output bytes never depend on the clock.
    public var creationDate: String?
    public init() {}
}

public struct Insets: Sendable, Hashable {
    public var top, right, bottom, left: Double
    public init(top: Double, right: Double, bottom: Double, left: Double) {
        self.top = top; self.right = right; self.bottom = bottom; self.left = left
    }
    public init(all v: Double) { self.init(top: v, right: v, bottom: v, left: v) }
    public static let zero = Insets(all: 0)
}

public struct PageSetup: Sendable, Hashable {
    /// Page size in points, portrait or landscape as given.
    public var width: Double
    public var height: Double
    /// Body margins; the header sits in the top margin and the footer in the bottom margin.
    public var margins: Insets
    /// Distance of the header's top and the footer's bottom from the page edge.
    public var headerOffset: Double
    public var footerOffset: Double

    public init(width: Double = 595.276, height: Double = 841.89, margins: Insets = Insets(all: 56.693),
                headerOffset: Double = 28.346, footerOffset: Double = 28.346) {
        self.width = width; self.height = height; self.margins = margins
        self.headerOffset = headerOffset; self.footerOffset = footerOffset
    }

    /// Millimetres to points: 72 / 25.4.
    public static func mm(_ v: Double) -> Double { v * 72 / 25.4 }
    public static let a4 = (width: mm(210), height: mm(297))
    public static let a5 = (width: mm(148), height: mm(210))
    public static let letter = (width: 612.0, height: 792.0)
}

/// "样本 SPECIMEN"-style text drawn diagonally across every page, under the content.
public struct Watermark: Sendable, Hashable {
    public var text: String
    public var style: TextProperties
    public var angle: Double
    public var opacity: Double
    public init(text: String, style: TextProperties, angle: Double = 45, opacity: Double = 0.12) {
        self.text = text; self.style = style; self.angle = angle; self.opacity = opacity
    }
}
