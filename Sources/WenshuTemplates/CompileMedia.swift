internal import Yams
internal import WenshuDocument

extension Compiler {
    /// image, qr, barcode, signature, overlay, absolute (seals: `CompileSeal.swift`). Sizes and offsets are in mm unless
    /// a unit is given; the document gets points.
    func media(_ b: BlockNode) -> Render? {
        let loc = location(b.node)
        let align = b.prop("align").flatMap { alignment($0) } ?? .left
        let width = b.prop("width").flatMap { length($0, what: "width", in: GeometryLimits.size) }
        let height = b.prop("height").flatMap { length($0, what: "height", in: GeometryLimits.size) }
        switch b.type {
        case "image":
            let fit = b.prop("fit").flatMap { n -> ImageFit? in
                if let f = n.scalar.flatMap({ ImageFit(rawValue: $0.string) }) { return f }
                error("fit must be contain, cover or fill", n); return nil
            } ?? .contain
            guard let source = imageSource(b.value) else { return nil }
            return { ctx in
                guard let bytes = source(ctx) else { return [] }
                return [Block(.image(ImageBlock(data: bytes, width: width, height: height, fit: fit, alignment: align)), at: loc)]
            }
        case "qr":
            guard let payload = text(b.value, what: "qr payload") else { return nil }
            let size = b.prop("size").flatMap { length($0, what: "size", in: GeometryLimits.size) } ?? 72
            var level = QRCodeBlock.Level.M
            if let l = b.prop("level") {
                if let v = l.scalar.flatMap({ QRCodeBlock.Level(rawValue: $0.string) }) { level = v } else { error("level must be L, M, Q or H", l) }
            }
            let caption = b.prop("caption").flatMap { text($0, what: "caption") }
            let captionProps = b.prop("captionStyle").flatMap { style($0) } ?? TextProperties()
            let level2 = level
            return { ctx in
                let qr = QRCodeBlock(payload: ctx.string(payload), size: size, level: level2, alignment: align,
                                     caption: caption.map { ctx.spans($0, properties: captionProps) })
                return [Block(.qrCode(qr), at: loc)]
            }
        case "barcode":
            guard let payload = text(b.value, what: "barcode payload") else { return nil }
            let showText = b.prop("showText").flatMap { bool($0, what: "showText") } ?? true
            return { ctx in
                let value = ctx.string(payload)
                if !value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
                    ctx.issues.error("code 128 takes printable ASCII only, got '\(value)'", at: loc.text)
                    return []
                }
                return [Block(.barcode(BarcodeBlock(payload: value, width: width ?? 160, height: height ?? 36, alignment: align, showText: showText)), at: loc)]
            }
        case "signature":
            guard let pathText = string(b.value, what: "signature"), let path = DataPath.parse(pathText) else {
                error("signature needs a data path (strokes object or image data URL)", b.value); return nil
            }
            checkPath(path, b.value)
            let colour = b.prop("color").flatMap { color($0, what: "color") } ?? RGB(red: 0.05, green: 0.1, blue: 0.35)
            let strokeWidth = b.prop("strokeWidth").flatMap { number($0, what: "strokeWidth", in: GeometryLimits.lineWidth) } ?? 1.2
            let caption = b.prop("caption").flatMap { text($0, what: "caption") }
            let captionProps = b.prop("captionStyle").flatMap { style($0) } ?? TextProperties()
            let limit = limits.imageBytes
            return { ctx in
                let bound = resolve(path, in: ctx.root, vars: ctx.vars)
                guard let value = bound.value, !value.isNull else { ctx.issues.error("required", at: bound.jsonPath); return [] }
                var block = SignatureBlock(strokes: [], canvasWidth: 1, canvasHeight: 1, width: width ?? 140, height: height ?? 50,
                                           color: colour, strokeWidth: strokeWidth, alignment: align,
                                           caption: caption.map { ctx.spans($0, properties: captionProps) })
                if case .string(let url) = value {
                    switch decodeDataURL(url, limit: limit) {
                    case .success(let bytes): block.image = bytes
                    case .failure(let e): ctx.issues.error(e.message, at: bound.jsonPath); return []
                    }
                } else {
                    guard let sig = SignatureData.parse(value, path: bound.jsonPath, issues: &ctx.issues) else { return [] }
                    block.strokes = sig.strokes; block.canvasWidth = sig.canvasWidth; block.canvasHeight = sig.canvasHeight
                }
                return [Block(.signature(block), at: loc)]
            }
        case "overlay", "absolute":
            let x = b.prop("x").flatMap { length($0, what: "x", in: GeometryLimits.offset) } ?? 0
            let y = b.prop("y").flatMap { length($0, what: "y", in: GeometryLimits.offset) } ?? 0
            let opacity = b.prop("opacity").flatMap { number($0, what: "opacity", in: 0...1) } ?? 1
            if width == nil { error("\(b.type) needs a width", b.node) }
            let inner = blocks(b.value)
            let finalWidth = width ?? PageSetup.mm(40)
            let type = b.type
            return { ctx in
                let content = inner(ctx)
                if type == "absolute" { return [Block(.absolute(AbsoluteBox(blocks: content, x: x, y: y, width: finalWidth)), at: loc)] }
                return [Block(.overlay(Overlay(blocks: content, x: x, y: y, width: finalWidth, opacity: opacity)), at: loc)]
            }
        default: return nil
        }
    }

    /// An asset file name (read now), or a `{{ binding }}` to a data URL (decoded at render time).
    func imageSource(_ node: Node) -> (@Sendable (RenderContext) -> [UInt8]?)? {
        guard let s = string(node, what: "image") else { return nil }
        if s.contains("{{") {
            let t = text(s, node, allowPageNumbers: false)
            let limit = limits.imageBytes
            guard t.pieces.count == 1, case .binding(let binding, let currency, let loc) = t.pieces[0] else {
                error("an image binding must be a single {{ path }}", node); return nil
            }
            return { ctx in
                guard let (url, path) = ctx.value(of: binding, currency: currency, at: loc) else { return nil }
                switch decodeDataURL(url, limit: limit) {
                case .success(let bytes): return bytes
                case .failure(let e): ctx.issues.error(e.message, at: path); return nil
                }
            }
        }
        if s.hasPrefix("data:") {
            switch decodeDataURL(s, limit: limits.imageBytes) {
            case .success(let bytes): return { _ in bytes }
            case .failure(let e): error(e.message, node); return nil
            }
        }
        switch readAsset(s, folder: folder, limit: limits.imageBytes) {
        case .success(let bytes): return { _ in bytes }
        case .failure(let e): error(e.message, node); return nil
        }
    }
}
