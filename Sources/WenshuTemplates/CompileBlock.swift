internal import Yams
internal import WenshuDocument
internal import WenshuDiagnostics

/// Builds the blocks of one template block for the data in a render context.
typealias Render = @Sendable (RenderContext) -> [Block]

/// Pairs of a block mapping, with its location.
struct BlockNode {
    var node: Node
    var type: String
    var value: Node
    var props: [String: (keyNode: Node, value: Node)]
    func prop(_ key: String) -> Node? { props[key]?.value }
}

extension Compiler {
    static let blockKeys: [String: Set<String>] = [
        "paragraph": ["style", "align", "link", "keepWithNext"],
        "heading": ["style", "align"],
        "keyValue": ["columns", "labelWidth", "labelStyle", "valueStyle", "rowGap", "columnGap"],
        "table": [],
        "row": ["gap"],
        "box": ["padding", "border", "fill", "radius", "title", "titleStyle"],
        "image": ["width", "height", "fit", "align"],
        "qr": ["size", "level", "align", "caption", "captionStyle"],
        "barcode": ["width", "height", "align", "showText"],
        "signature": ["width", "height", "color", "strokeWidth", "align", "caption", "captionStyle"],
        "seal": ["x", "y", "size", "width", "opacity", "align"],
        "overlay": ["x", "y", "width", "opacity"],
        "absolute": ["x", "y", "width"],
        "rule": ["width", "color", "dash"],
        "spacer": [],
        "pageBreak": [],
        "keepTogether": [],
        "each": ["as", "blocks"],
        "if": ["blocks", "else"],
        "unless": ["blocks", "else"],
    ]
    static let commonKeys: Set<String> = ["spaceBefore", "spaceAfter", "if", "unless"]

    /// A list of blocks (`body:`, `blocks:`, `header:` ...).
    func blocks(_ node: Node, allowPageNumbers: Bool = false) -> Render {
        let renders = blockList(node, allowPageNumbers: allowPageNumbers)
        return { ctx in renders.flatMap { $0(ctx) } }
    }

    /// Each block of a list on its own: the body's are built in two halves at once (``Template``).
    func blockList(_ node: Node, allowPageNumbers: Bool = false) -> [Render] {
        guard let items = sequence(node, what: "blocks") else { return [] }
        depth += 1
        defer { depth -= 1 }
        if depth > limits.blockDepth {
            error("blocks nested deeper than \(limits.blockDepth)", node)
            return []
        }
        return items.compactMap { block($0, allowPageNumbers: allowPageNumbers) }
    }

    /// One block: a mapping with exactly one block-type key (a bare string is a paragraph).
    func block(_ node: Node, allowPageNumbers: Bool) -> Render? {
        if case .scalar = node, let t = text(node, allowPageNumbers: allowPageNumbers) {
            let loc = location(node)
            return { ctx in ctx.admit(at: loc.text) ? [Block(.paragraph(Paragraph(ctx.spans(t))), at: loc)] : [] }
        }
        guard let pairs = pairs(node, what: "a block") else { return nil }
        let types = pairs.filter { Self.blockKeys[$0.key] != nil && !["if", "unless"].contains($0.key) }
        let conditional = pairs.filter { ["if", "unless"].contains($0.key) }
        let chosen: (key: String, keyNode: Node, value: Node)
        if types.count > 1 {
            error("a block has one type, found '\(types[0].key)' and '\(types[1].key)'", types[1].keyNode); return nil
        } else if let t = types.first {
            chosen = t
        } else if conditional.count == 1 {
            chosen = conditional[0]
        } else if conditional.count > 1 {
            error("use either if or unless", conditional[1].keyNode); return nil
        } else {
            let unknown = pairs.first { !Self.commonKeys.contains($0.key) } ?? pairs.first
            if let unknown {
                error("unknown block type '\(unknown.key)'", unknown.keyNode, hints: ["block types: " + Self.blockKeys.keys.sorted().joined(separator: ", ")])
            } else {
                error("empty block", node)
            }
            return nil
        }
        let isControl = chosen.key == "if" || chosen.key == "unless"
        let allowed = Self.blockKeys[chosen.key]!.union(Self.commonKeys).union([chosen.key])
        checkKeys(pairs, allowed: allowed, in: chosen.key)
        var props: [String: (keyNode: Node, value: Node)] = [:]
        for p in pairs where p.key != chosen.key { props[p.key] = (p.keyNode, p.value) }
        let b = BlockNode(node: node, type: chosen.key, value: chosen.value, props: props)

        var guardCondition: (Condition, Bool)?
        if !isControl, let c = conditional.first, let cond = condition(c.value) { guardCondition = (cond, c.key == "unless") }
        let spaceBefore = b.prop("spaceBefore").flatMap { length($0, what: "spaceBefore") } ?? 0
        let spaceAfter = b.prop("spaceAfter").flatMap { length($0, what: "spaceAfter") } ?? 0
        guard let core = content(b, allowPageNumbers: allowPageNumbers) else { return nil }
        let guardCondition2 = guardCondition
        let at = location(node).text
        return { ctx in
            guard ctx.admit(at: at) else { return [] }
            if let (cond, negate) = guardCondition2, evaluate(cond, root: ctx.root, vars: ctx.vars) == negate { return [] }
            var out = core(ctx)
            if !out.isEmpty {
                out[0].spaceBefore += spaceBefore
                out[out.count - 1].spaceAfter += spaceAfter
            }
            return out
        }
    }

    private func content(_ b: BlockNode, allowPageNumbers: Bool) -> Render? {
        let loc = location(b.node)
        switch b.type {
        case "paragraph", "heading": return paragraph(b, allowPageNumbers: allowPageNumbers)
        case "keyValue": return keyValue(b)
        case "table": return table(b)
        case "row": return row(b)
        case "box": return box(b)
        case "image", "qr", "barcode", "signature", "overlay", "absolute": return media(b)
        case "seal": return seal(b)
        case "rule":
            var line = BorderLine()
            if let w = b.prop("width").flatMap({ number($0, what: "rule width", in: GeometryLimits.lineWidth) }) { line.width = w }
            if let c = b.prop("color").flatMap({ color($0, what: "rule color") }) { line.color = c }
            if let d = b.prop("dash").flatMap({ dash($0) }) { line.dash = d }
            let finalLine = line
            return { _ in [Block(.rule(RuleBlock(line: finalLine)), at: loc)] }
        case "spacer":
            guard let h = length(b.value, what: "spacer") else { return nil }
            return { _ in [Block(.spacer(h), at: loc)] }
        case "pageBreak": return { _ in [Block(.pageBreak, at: loc)] }
        case "keepTogether":
            let inner = blocks(b.value, allowPageNumbers: allowPageNumbers)
            return { ctx in [Block(.keepTogether(inner(ctx)), at: loc)] }
        case "each": return each(b, allowPageNumbers: allowPageNumbers)
        case "if", "unless":
            guard let cond = condition(b.value) else { return nil }
            guard let body = b.prop("blocks") else { error("\(b.type) needs blocks", b.node); return nil }
            let then = blocks(body, allowPageNumbers: allowPageNumbers)
            let otherwise = b.prop("else").map { blocks($0, allowPageNumbers: allowPageNumbers) }
            let negate = b.type == "unless"
            return { ctx in
                let chosen = evaluate(cond, root: ctx.root, vars: ctx.vars) != negate ? then : otherwise
                guard let chosen else { return [] }
                return [Block(.group(chosen(ctx)), at: loc)]
            }
        default: return nil
        }
    }

    /// `each: path` with `as: name` (default `item`) repeats `blocks:`; inside, `{{ name.field }}` and `{{ loop.number }}`.
    private func each(_ b: BlockNode, allowPageNumbers: Bool) -> Render? {
        guard let (path, alias, itemSpec) = eachHeader(b.value, alias: b.prop("as")) else { return nil }
        guard let body = b.prop("blocks") else { error("each needs blocks", b.node); return nil }
        scopes.append((alias, itemSpec))
        let inner = blocks(body, allowPageNumbers: allowPageNumbers)
        scopes.removeLast()
        let loc = location(b.node)
        return { ctx in [Block(.group(ctx.repeating(path, alias: alias) { inner(ctx) }), at: loc)] }
    }

    /// The array path, alias and item spec of an `each`.
    func eachHeader(_ value: Node, alias aliasNode: Node?) -> (DataPath, String, FieldSpec?)? {
        guard let text = string(value, what: "each"), let path = DataPath.parse(text) else {
            error("each needs a data path", value); return nil
        }
        let alias = aliasNode.flatMap { string($0, what: "as") } ?? "item"
        if DataPath.parse(alias).map({ $0.rest.isEmpty }) != true || alias == "loop" { error("bad alias '\(alias)'", aliasNode ?? value) }
        switch checkPath(path, value) {
        case .invalid: return nil
        case .untyped: return (path, alias, nil)
        case .typed(let spec):
            guard spec.kind == .array else { error("each needs an array, '\(path)' is a \(spec.kind.rawValue)", value); return nil }
            return (path, alias, spec.items)
        }
    }

    private func paragraph(_ b: BlockNode, allowPageNumbers: Bool) -> Render? {
        var props = TextProperties()
        if let s = b.prop("style") { props = style(s) ?? props }
        else if b.type == "heading", let h = styles["heading"] { props = h }
        if let a = b.prop("align").flatMap({ alignment($0) }) { props.alignment = a }
        let keep = b.type == "heading" || (b.prop("keepWithNext").flatMap { bool($0, what: "keepWithNext") } ?? false)
        let link = b.prop("link").flatMap { text($0, what: "link") }
        let parts = spanList(b.value, allowPageNumbers: allowPageNumbers)
        let loc = location(b.node)
        let props2 = props
        return { ctx in
            let url = link.map { ctx.string($0) }
            func partSpans(_ part: (text: CompiledText, properties: TextProperties, link: CompiledText?)) -> [Span] {
                ctx.spans(part.text, properties: part.properties, link: part.link.map { ctx.string($0) } ?? url)
            }
            let spans = parts.count == 1 ? partSpans(parts[0]) : parts.flatMap(partSpans)
            return [Block(.paragraph(Paragraph(spans, properties: props2, keepWithNext: keep)), at: loc)]
        }
    }

    /// Text, or a list of spans each being text or `{ text, style, link }`.
    func spanList(_ node: Node, allowPageNumbers: Bool) -> [(text: CompiledText, properties: TextProperties, link: CompiledText?)] {
        if case .sequence(let items) = node {
            return items.compactMap { item in
                if case .scalar = item { return text(item, allowPageNumbers: allowPageNumbers).map { ($0, TextProperties(), nil) } }
                guard let pairs = pairs(item, what: "a span") else { return nil }
                checkKeys(pairs, allowed: ["text", "style", "link"], in: "a span")
                var t: CompiledText?, p = TextProperties(), l: CompiledText?
                for pair in pairs {
                    switch pair.key {
                    case "text": t = text(pair.value, allowPageNumbers: allowPageNumbers)
                    case "style": p = style(pair.value) ?? p
                    case "link": l = text(pair.value, what: "link")
                    default: break
                    }
                }
                guard let t else { error("a span needs text", item); return nil }
                return (t, p, l)
            }
        }
        return text(node, allowPageNumbers: allowPageNumbers).map { [($0, TextProperties(), nil)] } ?? []
    }

    private func keyValue(_ b: BlockNode) -> Render? {
        guard let items = sequence(b.value, what: "keyValue items") else { return nil }
        let columns = b.prop("columns").flatMap { number($0, what: "columns") }.map { Int($0) } ?? 2
        if columns < 1 || columns > 6 { error("columns must be 1–6", b.prop("columns")!) }
        var fraction = 0.35
        if let w = b.prop("labelWidth").flatMap({ string($0, what: "labelWidth") }) {
            if w.hasSuffix("%"), let v = Double(w.dropLast()), v > 0, v < 100 { fraction = v / 100 } else { error("labelWidth must be a percentage such as 35%", b.prop("labelWidth")!) }
        }
        let labelProps = b.prop("labelStyle").flatMap { style($0) } ?? styles["label"] ?? TextProperties()
        let valueProps = b.prop("valueStyle").flatMap { style($0) } ?? TextProperties()
        let rowGap = b.prop("rowGap").flatMap { length($0, what: "rowGap") } ?? 4
        let columnGap = b.prop("columnGap").flatMap { length($0, what: "columnGap") } ?? 12
        typealias Item = (label: CompiledText, value: CompiledText, span: Int, cond: (Condition, Bool)?)
        var compiled: [Item] = []
        for item in items {
            if case .sequence(let pair) = item {
                guard pair.count == 2, let l = text(pair[0]), let v = text(pair[1]) else { error("an item is [label, value]", item); continue }
                compiled.append((l, v, 1, nil))
                continue
            }
            guard let pairs = pairs(item, what: "an item") else { continue }
            checkKeys(pairs, allowed: ["label", "value", "span", "if", "unless"], in: "a keyValue item")
            var l: CompiledText?, v: CompiledText?, span = 1, cond: (Condition, Bool)?
            for p in pairs {
                switch p.key {
                case "label": l = text(p.value)
                case "value": v = text(p.value)
                case "span": span = number(p.value, what: "span", in: 1...6).map { Int($0) } ?? 1
                case "if", "unless": if let c = condition(p.value) { cond = (c, p.key == "unless") }
                default: break
                }
            }
            guard let l, let v else { error("an item needs label and value", item); continue }
            compiled.append((l, v, span, cond))
        }
        let loc = location(b.node)
        let (items2, fraction2) = (compiled, fraction)
        return { ctx in
            let rows = items2.compactMap { item -> KeyValueGrid.Item? in
                if let (c, negate) = item.cond, evaluate(c, root: ctx.root, vars: ctx.vars) == negate { return nil }
                return KeyValueGrid.Item(label: ctx.spans(item.label), value: ctx.spans(item.value), span: item.span)
            }
            let grid = KeyValueGrid(items: rows, columns: columns, labelFraction: fraction2, labelProperties: labelProps,
                                    valueProperties: valueProps, rowGap: rowGap, columnGap: columnGap)
            return [Block(.keyValue(grid), at: loc)]
        }
    }

    private func row(_ b: BlockNode) -> Render? {
        var colsNode = b.value, gapNode = b.prop("gap")
        if case .mapping = b.value, let pairs = pairs(b.value, what: "row") {
            checkKeys(pairs, allowed: ["columns", "gap"], in: "row")
            guard let c = pairs.first(where: { $0.key == "columns" }) else { error("row needs columns", b.value); return nil }
            colsNode = c.value
            gapNode = pairs.first(where: { $0.key == "gap" })?.value ?? gapNode
        }
        guard let cols = sequence(colsNode, what: "row columns") else { return nil }
        let gap = gapNode.flatMap { length($0, what: "gap") } ?? 12
        var compiled: [(Length, Render, VerticalAlignment)] = []
        for col in cols {
            guard let pairs = pairs(col, what: "a column") else { continue }
            checkKeys(pairs, allowed: ["width", "blocks", "valign"], in: "a row column")
            var width = Length.fraction(1), valign = VerticalAlignment.top, render: Render = { _ in [] }
            for p in pairs {
                switch p.key {
                case "width":
                    if let w = string(p.value, what: "width") { if let l = parseColumnWidth(w) { width = l } else { error("bad column width '\(w)'", p.value) } }
                case "valign": valign = verticalAlignment(p.value) ?? .top
                case "blocks": render = blocks(p.value)
                default: break
                }
            }
            compiled.append((width, render, valign))
        }
        let loc = location(b.node)
        let columns = compiled
        return { ctx in
            [Block(.row(Row(columns: columns.map { Row.Column(width: $0.0, blocks: $0.1(ctx), verticalAlignment: $0.2) }, gap: gap)), at: loc)]
        }
    }

    private func box(_ b: BlockNode) -> Render? {
        let inner = blocks(b.value)
        let padding = b.prop("padding").flatMap { insets($0, what: "padding") } ?? Insets(all: 6)
        let border: BorderLine? = b.prop("border").map { borderLine($0, what: "border") ?? BorderLine() } ?? BorderLine()
        let fill = b.prop("fill").flatMap { color($0, what: "fill") }
        let radius = b.prop("radius").flatMap { length($0, what: "radius") } ?? 0
        let title = b.prop("title").flatMap { text($0, what: "title") }
        let titleProps = b.prop("titleStyle").flatMap { style($0) } ?? TextProperties()
        let loc = location(b.node)
        return { ctx in
            let box = Box(blocks: inner(ctx), padding: padding, border: border, fill: fill, cornerRadius: radius,
                          title: title.map { ctx.spans($0, properties: titleProps) })
            return [Block(.box(box), at: loc)]
        }
    }
}

extension RenderContext {
    /// Runs `body` once per item of the array at `path`, with `alias` and `loop` bound.
    func repeating(_ path: DataPath, alias: String, _ body: () -> [Block]) -> [Block] {
        let bound = resolve(path, in: root, vars: vars)
        guard case .array(let items)? = bound.value else {
            if bound.value != nil && !(bound.value!.isNull) { issues.error("expected array, found \(bound.value!.typeName)", at: bound.jsonPath) }
            return []
        }
        let saved = (vars[alias], vars["loop"], loopPosition)
        defer { vars[alias] = saved.0; vars["loop"] = saved.1; loopPosition = saved.2 }
        var out: [Block] = []
        for (i, item) in items.enumerated() {
            guard admit(at: bound.jsonPath) else { break }
            let itemPath = bound.jsonPath.appendingIndex(i)
            vars[alias] = Bound(value: item, jsonPath: itemPath)
            vars["loop"] = Bound(value: loopValue(index: i, count: items.count), jsonPath: itemPath)
            loopPosition = (i, items.count)
            out += body()
        }
        return out
    }
}
