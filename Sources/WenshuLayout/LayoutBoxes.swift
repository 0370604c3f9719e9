import WenshuDiagnostics
import WenshuDocument
import WenshuPages

extension LayoutContext {
    /// Columns side by side; the row is one unbreakable fragment as tall as its tallest column.
    mutating func row(_ row: Row, width: Double, numbers: PageNumbers?) -> Fragment {
        let widths = columnWidths(row.columns.map(\.width), available: width - row.gap * Double(max(0, row.columns.count - 1)),
                                  natural: row.columns.map { $0.width == .auto ? naturalWidth($0.blocks) : 0 })
        var contents: [Fragment] = []
        for (k, column) in row.columns.enumerated() {
            contents.append(fragments(column.blocks, width: widths[k], numbers: numbers).stacked())
        }
        let height = contents.map(\.height).max() ?? 0
        var result = Fragment(height: height)
        var x = 0.0
        for (k, content) in contents.enumerated() {
            let dy = verticalOffset(content.height, in: height, row.columns[k].verticalAlignment)
            result.items += content.items.map { $0.translated(dx: x, dy: dy) }
            x += widths[k] + row.gap
        }
        return result
    }

    /// Blocks inside padding, a border and a fill; an optional title sits on the top border line.
    mutating func box(_ box: Box, width: Double, at location: SourceLocation, numbers: PageNumbers?) -> Fragment {
        let inner = width - box.padding.left - box.padding.right
        var content = fragments(box.blocks, width: inner, numbers: numbers).stacked()
        var titleHeight = 0.0
        if let title = box.title {
            do {
                let lines = try textLines(title, properties: TextProperties(weight: 700), width: inner, at: location, numbers: numbers).stacked()
                titleHeight = lines.height + 2
                content.items = lines.items + content.items.map { $0.translated(dx: 0, dy: titleHeight) }
                content.height += titleHeight
            } catch { fail(error) }
        }
        let height = content.height + box.padding.top + box.padding.bottom
        var items: [PageItem] = []
        var path = Path()
        path.addRoundedRect(Rect(x: 0, y: 0, width: width, height: height), radius: box.cornerRadius)
        if box.fill != nil || box.border != nil {
            items.append(.path(PathItem(path: path, fill: box.fill.map(color), stroke: box.border.map(stroke))))
        }
        items += content.items.map { $0.translated(dx: box.padding.left, dy: box.padding.top) }
        return Fragment(height: height, items: items)
    }

    /// Label/value pairs in `columns` columns; each grid row is one fragment.
    mutating func keyValue(_ grid: KeyValueGrid, width: Double, at location: SourceLocation, numbers: PageNumbers?) -> [Fragment] {
        let columns = max(1, grid.columns)
        let pairWidth = (width - grid.columnGap * Double(columns - 1)) / Double(columns)
        let labelWidth = pairWidth * min(max(grid.labelFraction, 0.05), 0.95)
        var result: [Fragment] = []
        var current = Fragment(height: 0)
        var column = 0
        func finishRow() {
            guard column > 0 else { return }
            result.append(current)
            result.append(spacer(grid.rowGap))
            current = Fragment(height: 0)
            column = 0
        }
        for item in grid.items {
            let span = min(max(1, item.span), columns)
            if column + span > columns { finishRow() }
            let x = Double(column) * (pairWidth + grid.columnGap)
            let totalWidth = pairWidth * Double(span) + grid.columnGap * Double(span - 1)
            let valueWidth = totalWidth - labelWidth - 4
            do {
                let label = try textLines(item.label, properties: grid.labelProperties, width: labelWidth - 4, at: location, numbers: numbers).stacked()
                let value = try textLines(item.value, properties: grid.valueProperties, width: valueWidth, at: location, numbers: numbers).stacked()
                current.items += label.items.map { $0.translated(dx: x, dy: 0) }
                current.items += value.items.map { $0.translated(dx: x + labelWidth, dy: 0) }
                current.height = max(current.height, label.height, value.height)
            } catch { fail(error) }
            column += span
            if column >= columns { finishRow() }
        }
        finishRow()
        if !result.isEmpty { result.removeLast() }  // no gap after the last row
        return result
    }

    /// Resolves column widths: points and percents first, then measured (auto) columns at their natural
    /// width, then fractions share what is left. Over-full rows shrink auto columns proportionally.
    func columnWidths(_ lengths: [Length], available: Double, natural: [Double]) -> [Double] {
        var widths = [Double](repeating: 0, count: lengths.count)
        var fixed = 0.0
        var fractions = 0.0
        var autos: [Int] = []
        for (k, length) in lengths.enumerated() {
            switch length {
            case .points(let v): widths[k] = v; fixed += v
            case .percent(let p): widths[k] = available * p / 100; fixed += widths[k]
            case .fraction(let f): fractions += max(f, 0)
            case .auto: autos.append(k)
            }
        }
        var remaining = max(0, available - fixed)
        let autoNatural = autos.reduce(0) { $0 + natural[$1] }
        if autoNatural > 0 {
            // Leave fraction columns at least a fair minimum share.
            let reserve = fractions > 0 ? min(remaining * 0.3, remaining) : 0
            let scale = min(1, (remaining - reserve) / autoNatural)
            for k in autos { widths[k] = natural[k] * scale }
            remaining -= autos.reduce(0) { $0 + widths[$1] }
        } else if !autos.isEmpty && fractions == 0 {
            for k in autos { widths[k] = remaining / Double(autos.count) }
            remaining = 0
        }
        if fractions > 0 {
            for (k, length) in lengths.enumerated() {
                if case .fraction(let f) = length { widths[k] = remaining * max(f, 0) / fractions }
            }
        }
        return widths
    }

    /// The width blocks would take on one line: longest paragraph line or fixed-size content.
    func naturalWidth(_ blocks: [Block]) -> Double {
        var widest = 0.0
        for block in blocks {
            switch block.content {
            case .paragraph(let p):
                let style = p.properties.resolved(over: base)
                for line in p.spans.map(\.text).joined().split(separator: "\n", omittingEmptySubsequences: false) {
                    let spans = [WenshuText.TextSpan(String(line), style: .init(family: style.family!, weight: style.weight!, size: style.size!, letterSpacing: style.letterSpacing!,
                                                                                compressPunctuation: style.compressPunctuation ?? true,
                                                                                cjkLatinSpacing: style.cjkLatinSpacing ?? true))]
                    if let w = try? engine.text.width(spans) { widest = max(widest, w + 0.5) }
                }
            case .image(let image): widest = max(widest, image.width ?? 0)
            case .qrCode(let qr): widest = max(widest, qr.size)
            case .barcode(let b): widest = max(widest, b.width)
            case .signature(let s): widest = max(widest, s.width)
            case .seal(let s): widest = max(widest, s.diameter)
            case .group(let blocks), .keepTogether(let blocks): widest = max(widest, naturalWidth(blocks))
            default: break
            }
        }
        return widest
    }

    func verticalOffset(_ inner: Double, in outer: Double, _ alignment: VerticalAlignment) -> Double {
        switch alignment {
        case .top: return 0
        case .middle: return (outer - inner) / 2
        case .bottom: return outer - inner
        }
    }

    /// Diagonal text across the page centre, under everything else.
    mutating func watermark(_ w: Watermark, page: PageSetup) throws(DiagnosticError) -> PageItem {
        let lines = try textLines([Span(w.text)], properties: w.style.resolved(over: TextProperties(alignment: .center)),
                                  width: page.width * 1.5, at: SourceLocation(file: "watermark"), numbers: nil).stacked()
        let center = Point(page.width / 2, page.height / 2)
        let placed = lines.items.map { $0.translated(dx: center.x - page.width * 0.75, dy: center.y - lines.height / 2) }
        return .group(GroupItem(transform: .rotation(degrees: w.angle, about: center), opacity: w.opacity, items: placed))
    }
}

import WenshuText
