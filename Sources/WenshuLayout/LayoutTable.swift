import WenshuDiagnostics
import WenshuDocument
import WenshuPages
import WenshuText

/// A cell's place in the grid once colspans and rowspans are resolved.
struct PlacedCell {
    var cell: TableCell
    var row: Int
    var column: Int
}

extension LayoutContext {
    /// A table as one fragment per row group (rows joined by rowspans never split). Header rows keep
    /// with the first body row and repeat on every page the table continues on.
    mutating func table(_ table: Table, width: Double, at location: SourceLocation, numbers: PageNumbers?) -> [Fragment] {
        let columnCount = table.columns.count
        guard columnCount > 0 else {
            fail(DiagnosticError("table has no columns", at: location.description))
            return []
        }
        var bodyRows = table.rows
        if bodyRows.isEmpty, let empty = table.emptyText {
            bodyRows = [TableRow(cells: [TableCell(blocks: [Block(.paragraph(Paragraph([Span(empty)], properties: TextProperties(alignment: .center))), at: location)],
                                                   colspan: columnCount, at: location)], at: location)]
        }
        let allRows = table.header + bodyRows
        let placed = grid(allRows, columns: columnCount, at: location)
        // Only measured (auto) columns need their content's natural width: shaping every cell twice is costly.
        let autoColumns = Set(table.columns.indices.filter { table.columns[$0] == .auto })
        let natural = autoColumns.isEmpty ? [Double](repeating: 0, count: columnCount)
            : naturalColumnWidths(placed.filter { autoColumns.contains($0.column) }, columns: columnCount, padding: table.padding)
        let widths = columnWidths(table.columns, available: width, natural: natural)
        var xs = [0.0]
        for w in widths { xs.append(xs.last! + w) }
        let strokes = TableStrokes(table.borders, self)

        // Groups: runs of rows that no rowspan crosses.
        var groupEnd = Array(0..<allRows.count)
        for p in placed where p.cell.rowspan > 1 {
            let last = min(p.row + p.cell.rowspan, allRows.count) - 1
            for r in p.row...last { groupEnd[r] = max(groupEnd[r], last) }
        }
        var groups: [Range<Int>] = []
        var start = 0
        while start < allRows.count {
            var end = groupEnd[start]
            var r = start
            while r <= end { end = max(end, groupEnd[r]); r += 1 }
            groups.append(start..<(end + 1))
            start = end + 1
        }
        // Cells by the row they start in: each group visits its own cells, not every cell of the table.
        var cellsStartingIn = [[Int]](repeating: [], count: allRows.count)
        for (k, p) in placed.enumerated() { cellsStartingIn[p.row].append(k) }

        func cellWidth(_ p: PlacedCell) -> Double {
            let padding = p.cell.padding ?? table.padding
            return max(xs[min(p.column + p.cell.colspan, columnCount)] - xs[p.column] - padding.left - padding.right, 1)
        }

        // Rows a template repeats in every document (a schedule of cover) come whole from the cache.
        let headerCount = table.header.count
        func rowFill(_ r: Int) -> RGB? {
            allRows[r].fill ?? (r < headerCount ? table.headerFill : ((r - headerCount) % 2 == 1 ? table.zebraFill : nil))
        }
        var rowKeys = [ContentKey?](repeating: nil, count: allRows.count)
        var cachedRows = [Fragment?](repeating: nil, count: allRows.count)
        if numbers == nil, engine.tableRows.byteLimit > 0 {
            let geometry = TableRowCache.Geometry(table, xs: xs, strokes: strokes)
            for group in groups where group.count == 1 {
                let r = group.lowerBound
                guard let key = rowKey(allRows[r], geometry: geometry, fill: rowFill(r)) else { continue }
                rowKeys[r] = key
                cachedRows[r] = engine.tableRows.get(key)
            }
        }

        // Lay out every other cell's content at its width; in a large table, the second half of those
        // cells on another thread while this one does the first (a cell's lines depend on it alone).
        var cellLines = [[Fragment]?](repeating: nil, count: placed.count)
        var contents = [Fragment](repeating: Fragment(height: 0), count: placed.count)
        var troubledRows = Set<Int>()
        func layCell(_ k: Int) {
            let p = placed[k]
            let before = diagnostics.count
            let lines = fragments(p.cell.blocks, width: cellWidth(p), numbers: numbers)
            // A figure too wide for its cell: say which cell, as a reader of the table counts them.
            for d in before..<diagnostics.count where diagnostics[d].code == Diagnostic.Code.layoutOverflow {
                let row = p.row < table.header.count ? "header row \(p.row + 1)" : "row \(p.row - table.header.count + 1)"
                diagnostics[d].hints.insert("table at \(location.description), \(row), column \(p.column + 1)", at: 0)
            }
            if diagnostics.count != before { troubledRows.insert(p.row) }
            cellLines[k] = lines
            contents[k] = lines.stacked()
        }
        let pending = placed.indices.filter { cachedRows[placed[$0].row] == nil }
        let half = pending.count / 2
        let handed = pending[half...].map { placed[$0] }
        let ahead = sideThreads ? CellsAhead.start(handed, widths: handed.map(cellWidth), context: self, numbers: numbers) : nil
        for (n, k) in pending.enumerated() {
            if let ahead, n >= half, let lines = ahead.lines(n - half) {
                cellLines[k] = lines
                contents[k] = lines.stacked()
                continue
            }
            layCell(k)
        }

        // Row heights: single-row cells first, then rowspans stretch the last row they cover.
        var heights = [Double](repeating: 0, count: allRows.count)
        for r in allRows.indices { if let cached = cachedRows[r] { heights[r] = cached.height } }
        for k in pending where placed[k].cell.rowspan == 1 {
            let p = placed[k]
            let padding = p.cell.padding ?? table.padding
            heights[p.row] = max(heights[p.row], contents[k].height + padding.top + padding.bottom)
        }
        for k in pending where placed[k].cell.rowspan > 1 {
            let p = placed[k]
            let padding = p.cell.padding ?? table.padding
            let last = min(p.row + p.cell.rowspan, allRows.count) - 1
            let spanned = heights[p.row...last].reduce(0, +)
            let needed = contents[k].height + padding.top + padding.bottom
            if needed > spanned { heights[last] += needed - spanned }
        }
        var ys = [0.0]
        for h in heights { ys.append(ys.last! + h) }

        /// A row group's fills, cell contents and borders, relative to its top.
        func groupItems(_ group: Range<Int>) -> [PageItem] {
            var items: [PageItem] = []
            let top = ys[group.lowerBound]
            // Fills first, then content, then borders on top.
            for r in group {
                if let fill = rowFill(r) {
                    var path = Path()
                    path.addRect(Rect(x: 0, y: ys[r] - top, width: xs[columnCount], height: heights[r]))
                    items.append(.path(PathItem(path: path, fill: color(fill))))
                }
            }
            var borders = BorderRuns()
            for k in group.flatMap({ cellsStartingIn[$0] }) {
                let p = placed[k]
                let lastColumn = min(p.column + p.cell.colspan, columnCount)
                let lastRow = min(p.row + p.cell.rowspan, allRows.count)
                let rect = Rect(x: xs[p.column], y: ys[p.row] - top, width: xs[lastColumn] - xs[p.column], height: ys[lastRow] - ys[p.row])
                if let fill = p.cell.fill {
                    var path = Path()
                    path.addRect(rect)
                    items.append(.path(PathItem(path: path, fill: color(fill))))
                }
                let padding = p.cell.padding ?? table.padding
                let inner = rect.height - padding.top - padding.bottom
                let dy = verticalOffset(contents[k].height, in: inner, p.cell.verticalAlignment ?? table.verticalAlignment)
                items.reserveCapacity(items.count + contents[k].items.count)
                for item in contents[k].items { items.append(item.translated(dx: rect.x + padding.left, dy: rect.y + padding.top + dy)) }
                cellBorders(p.cell, rect: rect, table: strokes, lastColumn: lastColumn == columnCount,
                            groupBottom: lastRow == group.upperBound, into: &borders)
            }
            items += borders.items()
            return items
        }

        var headerFragments: [Fragment] = []
        var result: [Fragment] = []
        let headerHeight = ys[min(headerCount, allRows.count)]
        for group in groups {
            let groupHeight = ys[group.upperBound] - ys[group.lowerBound]
            if group.count == 1, group.lowerBound >= headerCount, groupHeight > bodyHeight - headerHeight {
                // A row taller than a page: split between lines, never inside one.
                let cells = cellsStartingIn[group.lowerBound]
                for k in cells where cellLines[k] == nil { layCell(k) }  // a row from the cache, too tall for this page
                var slices = splitRow(cells.map { (placed[$0], cellLines[$0] ?? []) }, table: table, strokes: strokes, xs: xs, columnCount: columnCount,
                                      limit: bodyHeight - headerHeight, fill: allRows[group.lowerBound].fill)
                for k in slices.indices {
                    slices[k].location = allRows[group.lowerBound].location
                    if headerCount > 0 { slices[k].repeatedHeader = headerFragments }
                }
                result += slices
                continue
            }
            var fragment = Fragment(height: groupHeight)
            if group.count == 1, let cached = cachedRows[group.lowerBound] {
                _ = admitBlock(at: allRows[group.lowerBound].location)
                fragment.items = cached.items
            } else {
                fragment.items = groupItems(group)
                if group.count == 1, let key = rowKeys[group.lowerBound], !troubledRows.contains(group.lowerBound), !stopped,
                   engine.rowsSeen.seenBefore(key) {
                    engine.tableRows.put(key, fragment, cost: LineFragmentCache.cost(keyBytes: key.byteCount, [fragment]))
                }
            }
            fragment.location = allRows[group.lowerBound].location
            if group.upperBound <= headerCount {
                fragment.keepWithNext = true
                headerFragments.append(fragment)
            } else if headerCount > 0 {
                fragment.repeatedHeader = headerFragments
            }
            result.append(fragment)
        }
        return result
    }

    /// Each cell's sides: top and left always, right at the table's edge, bottom at the group's bottom
    /// (shared edges are drawn once), plus any side the cell sets itself.
    private func cellBorders(_ cell: TableCell, rect: Rect, table: TableStrokes, lastColumn: Bool, groupBottom: Bool, into runs: inout BorderRuns) {
        func line(_ own: BorderLine?, _ inherited: Stroke?, _ a: Point, _ b: Point) {
            if let own {
                if own.width > 0 { runs.add(stroke(own), a, b) }
            } else if let inherited {
                runs.add(inherited, a, b)
            }
        }
        let own = cell.borders
        line(own?.top, table.top, Point(rect.x, rect.y), Point(rect.maxX, rect.y))
        line(own?.left, table.left, Point(rect.x, rect.y), Point(rect.x, rect.maxY))
        if lastColumn || own?.right != nil { line(own?.right, table.right, Point(rect.maxX, rect.y), Point(rect.maxX, rect.maxY)) }
        if groupBottom || own?.bottom != nil { line(own?.bottom, table.bottom, Point(rect.x, rect.maxY), Point(rect.maxX, rect.maxY)) }
    }

    /// The table's own border strokes, made once for all its cells; nil where a side is not drawn.
    struct TableStrokes {
        var top, right, bottom, left: Stroke?
        init(_ borders: Borders, _ context: LayoutContext) {
            func make(_ line: BorderLine?) -> Stroke? { line.flatMap { $0.width > 0 ? context.stroke($0) : nil } }
            top = make(borders.top); right = make(borders.right); bottom = make(borders.bottom); left = make(borders.left)
        }
    }

    /// Slices of one row, each at most `limit` tall, cutting every cell between its lines.
    private func splitRow(_ cells: [(PlacedCell, [Fragment])], table: Table, strokes: TableStrokes, xs: [Double], columnCount: Int,
                          limit: Double, fill: RGB?) -> [Fragment] {
        var cursors = [Int](repeating: 0, count: cells.count)
        var slices: [Fragment] = []
        while cells.indices.contains(where: { cursors[$0] < cells[$0].1.count }) {
            var taken: [[Fragment]] = []
            var height = 0.0
            for (k, (placedCell, lines)) in cells.enumerated() {
                let padding = placedCell.cell.padding ?? table.padding
                let room = limit - padding.top - padding.bottom
                var used = 0.0
                var slice: [Fragment] = []
                while cursors[k] < lines.count && (slice.isEmpty || used + lines[cursors[k]].height <= room) {
                    used += lines[cursors[k]].height
                    slice.append(lines[cursors[k]])
                    cursors[k] += 1
                }
                taken.append(slice)
                height = max(height, used + padding.top + padding.bottom)
            }
            var fragment = Fragment(height: height)
            var borders = BorderRuns()
            for (k, (placedCell, _)) in cells.enumerated() {
                let lastColumn = min(placedCell.column + placedCell.cell.colspan, columnCount)
                let rect = Rect(x: xs[placedCell.column], y: 0, width: xs[lastColumn] - xs[placedCell.column], height: height)
                if let f = placedCell.cell.fill ?? fill {
                    var path = Path()
                    path.addRect(rect)
                    fragment.items.append(.path(PathItem(path: path, fill: color(f))))
                }
                let padding = placedCell.cell.padding ?? table.padding
                fragment.items += taken[k].stacked().items.map { $0.translated(dx: rect.x + padding.left, dy: padding.top) }
                cellBorders(placedCell.cell, rect: rect, table: strokes, lastColumn: lastColumn == columnCount, groupBottom: true, into: &borders)
            }
            fragment.items += borders.items()
            slices.append(fragment)
        }
        return slices
    }

    /// Places cells in the grid, skipping slots taken by rowspans from rows above (HTML table model).
    mutating func grid(_ rows: [TableRow], columns: Int, at location: SourceLocation) -> [PlacedCell] {
        var occupied = Set<Int>()  // row * columns + column, of slots a rowspan reaches below its row
        var placed: [PlacedCell] = []
        placed.reserveCapacity(rows.reduce(0) { $0 + $1.cells.count })
        for (r, row) in rows.enumerated() {
            var c = 0
            for var cell in row.cells {
                while !occupied.isEmpty && c < columns && occupied.contains(r * columns + c) { c += 1 }
                guard c < columns else {
                    fail(DiagnosticError("row has more cells than the table's \(columns) columns", at: cell.location.description))
                    break
                }
                if cell.colspan < 1 || cell.colspan > columns - c { cell.colspan = min(max(1, cell.colspan), columns - c) }
                if cell.rowspan < 1 || cell.rowspan > rows.count - r { cell.rowspan = min(max(1, cell.rowspan), rows.count - r) }
                // Slots of this row are passed by `c` itself; only rows below need to remember them.
                for dr in 1..<max(cell.rowspan, 1) { for dc in 0..<cell.colspan { occupied.insert((r + dr) * columns + c + dc) } }
                placed.append(PlacedCell(cell: cell, row: r, column: c))
                c += cell.colspan
            }
        }
        return placed
    }

    func naturalColumnWidths(_ placed: [PlacedCell], columns: Int, padding: Insets) -> [Double] {
        var natural = [Double](repeating: 0, count: columns)
        for p in placed where p.cell.colspan == 1 {
            let pad = (p.cell.padding ?? padding)
            natural[p.column] = max(natural[p.column], naturalWidth(p.cell.blocks) + pad.left + pad.right)
        }
        return natural
    }
}

/// The border segments of a row group in drawing order, consecutive segments of one style in one
/// path: drawn the same, written and rasterized once, and a 40-row table is a few paths, not hundreds.
/// Segments are appended in place; building `PageItem`s per cell and merging them afterwards copied
/// each path's elements once per segment.
struct BorderRuns {
    private var runs: [(stroke: Stroke, elements: [Path.Element])] = []

    mutating func add(_ stroke: Stroke, _ a: Point, _ b: Point) {
        if let last = runs.indices.last, runs[last].stroke == stroke {
            runs[last].elements.append(.move(a))
            runs[last].elements.append(.line(b))
        } else {
            runs.append((stroke, [.move(a), .line(b)]))
        }
    }

    /// One stroked path per run; in undashed runs, cell edges that continue each other become one
    /// line (a row's top edge, a column's side).
    func items() -> [PageItem] {
        runs.map { run in
            let path = Path(run.elements)
            return .path(PathItem(path: run.stroke.dash.isEmpty ? path.joiningAxisAlignedSegments() : path, stroke: run.stroke))
        }
    }
}
