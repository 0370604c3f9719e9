internal import Yams
internal import WenshuDocument

extension Compiler {
    /// `page: { size: A4|A5|Letter|[w, h], orientation, margins, headerOffset, footerOffset }` (mm).
    func page(_ node: Node) -> PageSetup {
        var setup = PageSetup()
        guard let pairs = pairs(node, what: "page") else { return setup }
        checkKeys(pairs, allowed: ["size", "orientation", "margins", "headerOffset", "footerOffset"], in: "page")
        var landscape = false
        for p in pairs {
            switch p.key {
            case "size":
                if case .sequence(let wh) = p.value, wh.count == 2 {
                    let w = length(wh[0], what: "page width", in: GeometryLimits.pageSide)
                    let h = length(wh[1], what: "page height", in: GeometryLimits.pageSide)
                    if let w, let h { setup.width = w; setup.height = h }
                } else {
                    switch p.value.scalar?.string {
                    case "A4": (setup.width, setup.height) = PageSetup.a4
                    case "A5": (setup.width, setup.height) = PageSetup.a5
                    case "Letter": (setup.width, setup.height) = PageSetup.letter
                    default: error("page size must be A4, A5, Letter or [width, height] in mm", p.value)
                    }
                }
            case "orientation":
                switch p.value.scalar?.string {
                case "portrait": landscape = false
                case "landscape": landscape = true
                default: error("orientation must be portrait or landscape", p.value)
                }
            case "margins": if let m = insets(p.value, what: "margins") { setup.margins = m }
            case "headerOffset": if let v = length(p.value, what: "headerOffset") { setup.headerOffset = v }
            case "footerOffset": if let v = length(p.value, what: "footerOffset") { setup.footerOffset = v }
            default: break
            }
        }
        if landscape != (setup.width > setup.height) { swap(&setup.width, &setup.height) }
        // The body must keep some room: margins that meet or cross leave no place for content.
        let m = setup.margins
        if setup.width - m.left - m.right < 36 || setup.height - m.top - m.bottom < 36 {
            error("margins leave less than 36 pt (12.7 mm) of a \(GeometryLimits.format((setup.width * 25.4 / 72).rounded()))×\(GeometryLimits.format((setup.height * 25.4 / 72).rounded())) mm page for content", node)
        }
        return setup
    }

    /// `metadata: { title, author, subject, keywords, language, creationDate }`; values may bind
    /// data (the creation date is bound from the data, never the clock).
    func metadata(_ node: Node) -> @Sendable (RenderContext) -> DocumentInfo {
        guard let pairs = pairs(node, what: "metadata") else { return { _ in DocumentInfo() } }
        checkKeys(pairs, allowed: ["title", "author", "subject", "keywords", "language", "creationDate"], in: "metadata")
        var fields: [String: CompiledText] = [:]
        var keywords: [CompiledText] = []
        for p in pairs {
            if p.key == "keywords", case .sequence(let items) = p.value { keywords = items.compactMap { text($0, what: "keyword") } }
            else if let t = text(p.value, what: p.key) { fields[p.key] = t }
        }
        let f = fields, k = keywords
        return { ctx in
            var info = DocumentInfo()
            if let t = f["title"] { info.title = ctx.string(t) }
            if let t = f["author"] { info.author = ctx.string(t) }
            if let t = f["subject"] { info.subject = ctx.string(t) }
            if let t = f["language"] { info.language = ctx.string(t) }
            if let t = f["creationDate"] { info.creationDate = ctx.string(t) }
            if let t = f["keywords"] { info.keywords = ctx.string(t).split(separator: ",").map { String($0).strippingSpaces() } }
            info.keywords += k.map { ctx.string($0) }
            return info
        }
    }

    /// `watermark: { text, if, unless, opacity, angle, style }`, or a list of them: the first whose
    /// condition holds is drawn (a cancellation mark before the specimen mark, say).
    func watermark(_ node: Node) -> (@Sendable (RenderContext) -> Watermark?)? {
        if case .sequence = node {
            let marks = (sequence(node, what: "watermark") ?? []).compactMap { watermark($0) }
            return { ctx in
                for mark in marks { if let drawn = mark(ctx) { return drawn } }
                return nil
            }
        }
        guard let pairs = pairs(node, what: "watermark") else { return nil }
        checkKeys(pairs, allowed: ["text", "if", "unless", "opacity", "angle", "style"], in: "watermark")
        var t: CompiledText?, cond: (Condition, Bool)?, opacity = 0.12, angle = 45.0
        var props = TextProperties(family: "sans", weight: 700, size: 60, color: RGB(red: 0.8, green: 0.1, blue: 0.1))
        for p in pairs {
            switch p.key {
            case "text": t = text(p.value)
            case "if", "unless": if let c = condition(p.value) { cond = (c, p.key == "unless") }
            case "opacity": opacity = number(p.value, what: "opacity", in: 0...1) ?? opacity
            case "angle": angle = number(p.value, what: "angle", in: -360...360) ?? angle
            case "style": props = style(p.value)?.resolved(over: props) ?? props
            default: break
            }
        }
        guard let t else { error("watermark needs text", node); return nil }
        let (o, a, s, cond2) = (opacity, angle, props, cond)
        return { ctx in
            if let (c, negate) = cond2, evaluate(c, root: ctx.root, vars: ctx.vars) == negate { return nil }
            return Watermark(text: ctx.string(t), style: s, angle: a, opacity: o)
        }
    }
}
