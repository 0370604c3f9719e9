public import WenshuDiagnostics

/// One element of the block tree, with the template location it came from.
public struct Block: Sendable {
    public var content: BlockContent
    public var location: SourceLocation
    /// Space above and below, points.
    public var spaceBefore: Double
    public var spaceAfter: Double

    public init(_ content: BlockContent, at location: SourceLocation, spaceBefore: Double = 0, spaceAfter: Double = 0) {
        self.content = content; self.location = location; self.spaceBefore = spaceBefore; self.spaceAfter = spaceAfter
    }
}

public indirect enum BlockContent: Sendable {
    case paragraph(Paragraph)
    case keyValue(KeyValueGrid)
    case table(Table)
    /// Side-by-side columns.
    case row(Row)
    /// Blocks inside a border, background and padding.
    case box(Box)
    case image(ImageBlock)
    case qrCode(QRCodeBlock)
    case barcode(BarcodeBlock)
    case signature(SignatureBlock)
    /// A company seal (电子印章): drawn as a Chinese seal, or the insurer's own seal image.
    case seal(SealBlock)
    /// Drawn over what is already there without taking space (a seal over the insurer's name).
    case overlay(Overlay)
    /// Placed at a fixed position on the current page, outside the flow (fixed forms).
    case absolute(AbsoluteBox)
    case rule(RuleBlock)
    case spacer(Double)
    case pageBreak
    /// Blocks that move to the next page together rather than split.
    case keepTogether([Block])
    /// Blocks in sequence (the result of `each` or `if` in a template).
    case group([Block])
}

/// A run of text with its own properties. `kind` marks the page-number placeholders of headers and footers.
public struct Span: Sendable {
    public enum Kind: Sendable, Hashable { case text, pageNumber, pageCount }
    public var text: String
    public var properties: TextProperties
    public var kind: Kind
    public var link: String?
    public var location: SourceLocation

    public init(_ text: String, properties: TextProperties = TextProperties(), kind: Kind = .text, link: String? = nil, at location: SourceLocation = .unknown) {
        self.text = text; self.properties = properties; self.kind = kind; self.link = link; self.location = location
    }
}

public struct Paragraph: Sendable {
    public var spans: [Span]
    public var properties: TextProperties
    /// Keep with the following block on one page (headings).
    public var keepWithNext: Bool
    public init(_ spans: [Span], properties: TextProperties = TextProperties(), keepWithNext: Bool = false) {
        self.spans = spans; self.properties = properties; self.keepWithNext = keepWithNext
    }
}

public struct KeyValueGrid: Sendable {
    public struct Item: Sendable {
        public var label: [Span]
        public var value: [Span]
        /// Columns of the grid this item spans (1 = one label/value pair).
        public var span: Int
        public init(label: [Span], value: [Span], span: Int = 1) { self.label = label; self.value = value; self.span = span }
    }
    public var items: [Item]
    public var columns: Int
    /// Share of each pair's width given to the label, 0...1.
    public var labelFraction: Double
    public var labelProperties: TextProperties
    public var valueProperties: TextProperties
    public var rowGap: Double
    public var columnGap: Double
    public init(items: [Item], columns: Int = 2, labelFraction: Double = 0.35, labelProperties: TextProperties = TextProperties(),
                valueProperties: TextProperties = TextProperties(), rowGap: Double = 4, columnGap: Double = 12) {
        self.items = items; self.columns = columns; self.labelFraction = labelFraction
        self.labelProperties = labelProperties; self.valueProperties = valueProperties; self.rowGap = rowGap; self.columnGap = columnGap
    }
}

/// Width of a column: absolute, share of the available width, a fraction of what is left, or measured.
public enum Length: Sendable, Hashable {
    case points(Double)
    case percent(Double)
    case fraction(Double)
    case auto
}

public struct BorderLine: Sendable, Hashable {
    public var width: Double
    public var color: RGB
    public var dash: [Double]
    public init(width: Double = 0.5, color: RGB = .black, dash: [Double] = []) { self.width = width; self.color = color; self.dash = dash }
}

public struct Borders: Sendable, Hashable {
    public var top, right, bottom, left: BorderLine?
    public init(top: BorderLine? = nil, right: BorderLine? = nil, bottom: BorderLine? = nil, left: BorderLine? = nil) {
        self.top = top; self.right = right; self.bottom = bottom; self.left = left
    }
    public init(all line: BorderLine?) { self.init(top: line, right: line, bottom: line, left: line) }
}

public enum VerticalAlignment: String, Sendable, Hashable { case top, middle, bottom }

public struct TableCell: Sendable {
    public var blocks: [Block]
    public var colspan: Int
    public var rowspan: Int
    public var fill: RGB?
    /// Overrides the table's borders for this cell's sides that are set.
    public var borders: Borders?
    public var verticalAlignment: VerticalAlignment?
    public var padding: Insets?
    public var location: SourceLocation
    public init(blocks: [Block], colspan: Int = 1, rowspan: Int = 1, fill: RGB? = nil, borders: Borders? = nil,
                verticalAlignment: VerticalAlignment? = nil, padding: Insets? = nil, at location: SourceLocation) {
        self.blocks = blocks; self.colspan = colspan; self.rowspan = rowspan; self.fill = fill; self.borders = borders
        self.verticalAlignment = verticalAlignment; self.padding = padding; self.location = location
    }
}

public struct TableRow: Sendable {
    public var cells: [TableCell]
    public var fill: RGB?
    public var location: SourceLocation
    public init(cells: [TableCell], fill: RGB? = nil, at location: SourceLocation) { self.cells = cells; self.fill = fill; self.location = location }
}

public struct Table: Sendable {
    public var columns: [Length]
    /// Rows repeated at the top of every page the table continues on.
    public var header: [TableRow]
    public var rows: [TableRow]
    public var borders: Borders
    public var padding: Insets
    public var headerFill: RGB?
    /// Fill of every second body row.
    public var zebraFill: RGB?
    public var verticalAlignment: VerticalAlignment
    /// Text shown in a single row when the table has no body rows; nil shows only the header.
    public var emptyText: String?
    public init(columns: [Length], header: [TableRow] = [], rows: [TableRow] = [], borders: Borders = Borders(all: BorderLine()),
                padding: Insets = Insets(top: 3, right: 4, bottom: 3, left: 4), headerFill: RGB? = nil, zebraFill: RGB? = nil,
                verticalAlignment: VerticalAlignment = .middle, emptyText: String? = nil) {
        self.columns = columns; self.header = header; self.rows = rows; self.borders = borders; self.padding = padding
        self.headerFill = headerFill; self.zebraFill = zebraFill; self.verticalAlignment = verticalAlignment; self.emptyText = emptyText
    }
}

public struct Row: Sendable {
    public struct Column: Sendable {
        public var width: Length
        public var blocks: [Block]
        public var verticalAlignment: VerticalAlignment
        public init(width: Length, blocks: [Block], verticalAlignment: VerticalAlignment = .top) {
            self.width = width; self.blocks = blocks; self.verticalAlignment = verticalAlignment
        }
    }
    public var columns: [Column]
    public var gap: Double
    public init(columns: [Column], gap: Double = 12) { self.columns = columns; self.gap = gap }
}

public struct Box: Sendable {
    public var blocks: [Block]
    public var padding: Insets
    public var border: BorderLine?
    public var fill: RGB?
    public var cornerRadius: Double
    public var title: [Span]?
    public init(blocks: [Block], padding: Insets = Insets(all: 6), border: BorderLine? = BorderLine(), fill: RGB? = nil, cornerRadius: Double = 0, title: [Span]? = nil) {
        self.blocks = blocks; self.padding = padding; self.border = border; self.fill = fill; self.cornerRadius = cornerRadius; self.title = title
    }
}

public enum ImageFit: String, Sendable, Hashable {
    /// Whole image inside the box, aspect kept.
    case contain
    /// Box covered, aspect kept, overflow clipped.
    case cover
    /// Stretched to the box.
    case fill
}

public struct ImageBlock: Sendable {
    /// Encoded PNG or JPEG bytes (from an asset file or a data URL).
    public var data: [UInt8]
    public var width: Double?
    public var height: Double?
    public var fit: ImageFit
    public var alignment: Alignment
    public init(data: [UInt8], width: Double? = nil, height: Double? = nil, fit: ImageFit = .contain, alignment: Alignment = .left) {
        self.data = data; self.width = width; self.height = height; self.fit = fit; self.alignment = alignment
    }
}

public struct QRCodeBlock: Sendable {
    public enum Level: String, Sendable, Hashable, CaseIterable { case L, M, Q, H }
    public var payload: String
    /// Side of the symbol including its quiet zone, points.
    public var size: Double
    public var level: Level
    public var alignment: Alignment
    public var caption: [Span]?
    public init(payload: String, size: Double = 72, level: Level = .M, alignment: Alignment = .left, caption: [Span]? = nil) {
        self.payload = payload; self.size = size; self.level = level; self.alignment = alignment; self.caption = caption
    }
}

public struct BarcodeBlock: Sendable {
    public var payload: String
    public var width: Double
    public var height: Double
    public var alignment: Alignment
    public var showText: Bool
    public init(payload: String, width: Double = 160, height: Double = 36, alignment: Alignment = .left, showText: Bool = true) {
        self.payload = payload; self.width = width; self.height = height; self.alignment = alignment; self.showText = showText
    }
}

public struct SignatureBlock: Sendable {
    public struct Point: Sendable, Hashable {
        public var x, y: Double
        public init(x: Double, y: Double) { self.x = x; self.y = y }
    }
    /// Strokes of points in the capture canvas's coordinates (y down).
    public var strokes: [[Point]]
    public var canvasWidth: Double
    public var canvasHeight: Double
    /// An image of the signature instead of strokes.
    public var image: [UInt8]?
    public var width: Double
    public var height: Double
    public var color: RGB
    public var strokeWidth: Double
    public var alignment: Alignment
    public var caption: [Span]?
    public init(strokes: [[Point]], canvasWidth: Double, canvasHeight: Double, image: [UInt8]? = nil, width: Double = 140, height: Double = 50,
                color: RGB = RGB(red: 0.05, green: 0.1, blue: 0.35), strokeWidth: Double = 1.2, alignment: Alignment = .left, caption: [Span]? = nil) {
        self.strokes = strokes; self.canvasWidth = canvasWidth; self.canvasHeight = canvasHeight; self.image = image
        self.width = width; self.height = height; self.color = color; self.strokeWidth = strokeWidth; self.alignment = alignment; self.caption = caption
    }
}

public struct Overlay: Sendable {
    public var blocks: [Block]
    /// Offset from where the next block would start: x from the content's left edge, y up (negative) or down.
    public var x: Double
    public var y: Double
    public var width: Double
    public var opacity: Double
    public init(blocks: [Block], x: Double, y: Double, width: Double, opacity: Double = 1) {
        self.blocks = blocks; self.x = x; self.y = y; self.width = width; self.opacity = opacity
    }
}

public struct AbsoluteBox: Sendable {
    public var blocks: [Block]
    /// From the page's top-left corner, points.
    public var x: Double
    public var y: Double
    public var width: Double
    public init(blocks: [Block], x: Double, y: Double, width: Double) { self.blocks = blocks; self.x = x; self.y = y; self.width = width }
}

public struct RuleBlock: Sendable {
    public var line: BorderLine
    public init(line: BorderLine = BorderLine()) { self.line = line }
}
