internal import Yams
internal import WenshuDocument

/// Builds the rows of one template row entry (a static row, or `each:` rows).
typealias RowRender = @Sendable (RenderContext) -> [TableRow]

extension Compiler {

    /// `table: { columns, header, rows, style, headerStyle, zebra, headerFill, borders, padding, valign, emptyText }`.
    /// A row is a list of cells or `{ cells, fill, each, as, if, unless }`; a cell is text or
    /// `{ text | spans | blocks, colspan, rowspan, fill, align, valign, style, borders, padding }`.
    func table(_ b: BlockNode) -> Render? {
        guard let pairs = pairs(b.value, what: "table") else { return nil }
        checkKeys(pairs, allowed: ["columns", "header", "rows", "style", "headerStyle", "zebra", "headerFill", "borders",
                                   "padding", "valign", "emptyText"], in: "table")
        var p: [String: Node] = [:]
        for pair in pairs { p[pair.key] = pair.value }
        guard let colsNode = p["columns"], let cols = sequence(colsNode, what: "columns") else { error("table needs columns", b.value); return nil }
        let columns: [Length] = cols.compactMap { c in
            guard let w = string(c, what: "column width") else { return nil }
            if let l = parseColumnWidth(w) { return l }
            error("bad column width '\(w)'", c, hints: ["use 30mm, 25%, 2fr or auto"])
            return nil
        }
        let bodyProps = p["style"].flatMap { style($0) } ?? styles["td"] ?? TextProperties()
        let headProps = p["headerStyle"].flatMap { style($0) } ?? styles["th"] ?? bodyProps
        let header = (p["header"].flatMap { sequence($0, what: "header") } ?? []).compactMap { tableRow($0, props: headProps, columns: columns.count) }
        let rows = (p["rows"].flatMap { sequence($0, what: "rows") } ?? []).compactMap { tableRow($0, props: bodyProps, columns: columns.count) }
        let zebra = p["zebra"].flatMap { color($0, what: "zebra") }
        let headerFill = p["headerFill"].flatMap { color($0, what: "headerFill") }
        let border: BorderLine? = p["borders"].map { borderLine($0, what: "borders") ?? BorderLine() } ?? BorderLine()
        let padding = p["padding"].flatMap { insets($0, what: "padding") } ?? Insets(top: 3, right: 4, bottom: 3, left: 4)
        let valign = p["valign"].flatMap { verticalAlignment($0) } ?? .middle
        let empty = p["emptyText"].flatMap { text($0, what: "emptyText") }
        let loc = location(b.node)
        return { ctx in
            let t = Table(columns: columns, header: header.flatMap { $0(ctx) }, rows: rows.flatMap { $0(ctx) },
                          borders: Borders(all: border), padding: padding, headerFill: headerFill, zebraFill: zebra,
                          verticalAlignment: valign, emptyText: empty.map { ctx.string($0) })
            return [Block(.table(t), at: loc)]
        }
    }

    private func tableRow(_ node: Node, props: TextProperties, columns: Int) -> RowRender? {
        let loc = location(node)
        if case .sequence = node {
            let (cells, _) = cellList(node, props: props, columns: columns)
            return { ctx in [TableRow(cells: cells.map { $0(ctx) }, at: loc)] }
        }
        guard let pairs = pairs(node, what: "a table row") else { return nil }
        checkKeys(pairs, allowed: ["cells", "fill", "each", "as", "if", "unless"], in: "a table row")
        var p: [String: Node] = [:]
        for pair in pairs { p[pair.key] = pair.value }
        let fill = p["fill"].flatMap { color($0, what: "fill") }
        var cond: (Condition, Bool)?
        if let c = p["if"] ?? p["unless"], let parsed = condition(c) { cond = (parsed, p["unless"] != nil) }
        var loop: (DataPath, String)?
        if let e = p["each"] {
            guard let (path, alias, spec) = eachHeader(e, alias: p["as"]) else { return nil }
            loop = (path, alias)
            scopes.append((alias, spec))
        }
        guard let cellsNode = p["cells"] else { error("a table row needs cells", node); if loop != nil { scopes.removeLast() }; return nil }
        let (cells, texts) = cellList(cellsNode, props: props, columns: columns)
        if loop != nil { scopes.removeLast() }
        let (cond2, loop2) = (cond, loop)
        let memo = loop.flatMap { RowMemo(texts: texts, alias: $0.1) }
        return { ctx in
            if let (c, negate) = cond2, evaluate(c, root: ctx.root, vars: ctx.vars) == negate { return [] }
            guard let (path, alias) = loop2 else { return [TableRow(cells: cells.map { $0(ctx) }, fill: fill, at: loc)] }
            var rows: [TableRow] = []
            _ = ctx.repeating(path, alias: alias) {
                let key = memo.flatMap { ctx.rowMemoKey($0, alias: alias) }
                if let key, let row = memo?.get(key) {
                    rows.append(row)
                    return []
                }
                let before = ctx.issues.offered
                let row = TableRow(cells: cells.map { $0(ctx) }, fill: fill, at: loc)
                if let key, ctx.issues.offered == before { memo?.put(key, row) }
                rows.append(row)
                return []
            }
            return rows
        }
    }

    /// The cells' renders, and the texts they print when every cell is text (nil when one holds blocks).
    private func cellList(_ node: Node, props: TextProperties, columns: Int) -> ([@Sendable (RenderContext) -> TableCell], [CompiledText]?) {
        guard let items = sequence(node, what: "cells") else { return ([], []) }
        var width = 0
        var texts: [CompiledText]? = []
        let cells = items.compactMap { item -> (@Sendable (RenderContext) -> TableCell)? in
            let c = cell(item, props: props)
            width += c?.colspan ?? 1
            if let printed = c?.texts { texts?.append(contentsOf: printed) } else { texts = nil }
            return c?.render
        }
        if width > columns { error("row has \(width) cells' width but the table has \(columns) columns", node) }
        return (cells, texts)
    }

    /// A cell's render, its width in columns and the texts it prints (nil for a cell of blocks).
    private func cell(_ node: Node, props: TextProperties) -> (render: @Sendable (RenderContext) -> TableCell, colspan: Int, texts: [CompiledText]?)? {
        let loc = location(node)
        if case .scalar = node {
            guard let t = text(node) else { return nil }
            return ({ ctx in TableCell(blocks: [Block(.paragraph(Paragraph(ctx.spans(t), properties: props)), at: loc)], at: loc) }, 1, [t])
        }
        guard let pairs = pairs(node, what: "a cell") else { return nil }
        checkKeys(pairs, allowed: ["text", "spans", "blocks", "colspan", "rowspan", "fill", "align", "valign", "style", "borders", "padding"], in: "a cell")
        var p: [String: Node] = [:]
        for pair in pairs { p[pair.key] = pair.value }
        var cellProps = p["style"].flatMap { style($0) }.map { $0.resolved(over: props) } ?? props
        if let a = p["align"].flatMap({ alignment($0) }) { cellProps.alignment = a }
        let finalProps = cellProps
        let colspan = p["colspan"].flatMap { number($0, what: "colspan", in: 1...1000) }.map { Int($0) } ?? 1
        let rowspan = p["rowspan"].flatMap { number($0, what: "rowspan", in: 1...1000) }.map { Int($0) } ?? 1
        if colspan < 1 || rowspan < 1 { error("colspan and rowspan must be at least 1", node) }
        let fill = p["fill"].flatMap { color($0, what: "fill") }
        let valign = p["valign"].flatMap { verticalAlignment($0) }
        let borders = p["borders"].flatMap { borderLine($0, what: "borders") }.map { Borders(all: $0) }
        let padding = p["padding"].flatMap { insets($0, what: "padding") }
        let content: Render
        var texts: [CompiledText]? = []
        if let blocksNode = p["blocks"] {
            content = blocks(blocksNode)
            texts = nil
        } else if let textNode = p["text"] ?? p["spans"] {
            let parts = spanList(textNode, allowPageNumbers: false)
            texts = parts.map(\.text) + parts.compactMap(\.link)
            content = { ctx in
                // One part is the usual cell: its spans as they are, without flattening a list of lists.
                let spans = parts.count == 1 ? ctx.spans(parts[0].text, properties: parts[0].properties)
                    : parts.flatMap { ctx.spans($0.text, properties: $0.properties) }
                return [Block(.paragraph(Paragraph(spans, properties: finalProps)), at: loc)]
            }
        } else {
            content = { _ in [] }
        }
        return ({ ctx in
            TableCell(blocks: content(ctx), colspan: colspan, rowspan: rowspan, fill: fill, borders: borders,
                      verticalAlignment: valign, padding: padding, at: loc)
        }, colspan, texts)
    }
}
