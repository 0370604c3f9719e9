internal import Yams
internal import WenshuDocument
internal import WenshuDiagnostics

/// A value the template gives literally or binds to the data, read when the document renders.
enum SealSetting<T: Sendable>: Sendable {
    case fixed(T)
    /// The text, and how its printed value becomes a `T` (nil: not valid).
    case bound(CompiledText, parse: @Sendable (String) -> T?)
}

extension Compiler {
    static let sealKeys: Set<String> = ["company", "name", "number", "color", "image"]

    /// `seal:` — a company seal drawn over the text without taking space (an overlay of its size).
    ///
    /// ```yaml
    /// - seal:
    ///     company: "{{ insurer.nameZh }}"     # required: along the upper arc
    ///     name: 电子保单专用章                  # optional: under the star
    ///     number: "{{ insurer.sealNumber }}"  # optional: along the lower arc
    ///     color: "#E60012"                    # default SealBlock.sealRed
    ///     image: "{{ insurer.sealImage }}"    # optional: the insurer's own seal replaces the drawing
    ///   size: 42          # diameter, default 42 mm (`width` is the older name)
    ///   opacity: 0.9
    ///   x: 12             # offset, as for overlays
    ///   y: -24
    /// ```
    ///
    /// `seal: seal.png` (a file or data URL instead of the mapping) is an image seal. `number` and
    /// `image` are optional: bound to a value that is missing, null or empty, they are left out (the
    /// drawn seal without a number; the drawing instead of an image; the schema refuses an empty
    /// string for an `image` field). Size, opacity and colour may
    /// be bound too; a bad value is a data error at its JSON path.
    func seal(_ b: BlockNode) -> Render? {
        let loc = location(b.node)
        let x = b.prop("x").flatMap { length($0, what: "x", in: GeometryLimits.offset) } ?? 0
        let y = b.prop("y").flatMap { length($0, what: "y", in: GeometryLimits.offset) } ?? 0
        let align = b.prop("align").flatMap { alignment($0) } ?? .left
        if b.prop("size") != nil, let w = b.prop("width") { error("give the seal's size or its width, not both", w) }
        let size = (b.prop("size") ?? b.prop("width")).map { sealSetting($0, what: "seal size", literal: { self.length($0, what: "seal size") }, parse: parseLength) }
            ?? .fixed(SealBlock.defaultDiameter)
        let opacity = b.prop("opacity").map { node in
            sealSetting(node, what: "opacity", literal: { n -> Double? in
                guard let v = self.number(n, what: "opacity") else { return nil }
                if !(0...1).contains(v) { self.error("opacity must be 0–1", n); return nil }
                return v
            }, parse: { Double($0) })
        } ?? .fixed(1)

        // The appearance: an image file or data URL, or the mapping of a drawn seal.
        var lettering: (@Sendable (RenderContext) -> SealBlock.Lettering?)?
        var image: (@Sendable (RenderContext) -> [UInt8]?)?
        var color: SealSetting<RGB> = .fixed(SealBlock.sealRed)
        if case .scalar = b.value {
            guard let source = imageSource(b.value) else { return nil }
            image = source
        } else {
            guard let pairs = pairs(b.value, what: "seal") else { return nil }
            checkKeys(pairs, allowed: Self.sealKeys, in: "seal")
            let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            if let node = fields["color"] {
                color = sealSetting(node, what: "seal colour", literal: { self.color($0, what: "seal colour") }, parse: { RGB(hex: $0) })
            }
            if let node = fields["image"] { image = optionalImage(node) }
            guard let companyNode = fields["company"] else {
                error("a drawn seal needs its company name (company: …)", b.value, hints: ["or give an image: seal: seal.png"]); return nil
            }
            guard let company = text(companyNode, what: "company") else { return nil }
            let name = fields["name"].flatMap { text($0, what: "seal name") }
            let number = fields["number"].flatMap { text($0, what: "seal number") }
            lettering = { ctx in
                let spans = ctx.spans(company)
                guard spans.count == company.pieces.count else { return nil }  // a binding failed: reported
                let companySpan = Compiler.joined(spans, at: company.location)
                guard !companySpan.text.strippingSpaces().isEmpty else {
                    ctx.issues.error("the seal's company name is empty", at: companySpan.location.dataPath ?? company.location.text)
                    return nil
                }
                return SealBlock.Lettering(company: companySpan, name: name.flatMap { Compiler.optionalSpan($0, ctx) },
                                           number: number.flatMap { Compiler.optionalSpan($0, ctx) })
            }
        }

        let drawn = lettering
        let picture = image
        let colour = color
        return { ctx in
            let diameter = Compiler.value(size, ctx, what: "seal size", check: { $0 > 0 && $0 <= 600 }) ?? SealBlock.defaultDiameter
            let alpha = Compiler.value(opacity, ctx, what: "opacity", check: { (0...1).contains($0) }) ?? 1
            let ink = Compiler.value(colour, ctx, what: "seal colour", check: { _ in true }) ?? SealBlock.sealRed
            let appearance: SealBlock.Appearance
            if let picture, let bytes = picture(ctx) {
                appearance = .image(bytes)
            } else if let drawn {
                guard let letters = drawn(ctx) else { return [] }
                appearance = .drawn(letters)
            } else {
                return []  // an image seal whose image failed: reported
            }
            let seal = SealBlock(appearance: appearance, diameter: diameter, color: ink, opacity: alpha, alignment: align)
            // Drawn over what is already there: an overlay as wide as the seal, at full opacity (the
            // seal sets its own, inside its PDF form).
            return [Block(.overlay(Overlay(blocks: [Block(.seal(seal), at: loc)], x: x, y: y, width: diameter)), at: loc)]
        }
    }

    private func sealSetting<T>(_ node: Node, what: String, literal: (Node) -> T?, parse: @escaping @Sendable (String) -> T?) -> SealSetting<T> {
        if case .scalar(let s) = node, s.string.contains("{{") {
            return .bound(text(s.string, node, allowPageNumbers: false), parse: parse)
        }
        if let v = literal(node) { return .fixed(v) }
        return .bound(CompiledText(pieces: [], location: location(node)), parse: parse)  // reported; renders the default
    }

    /// An image that replaces the drawing when there is one: a file or data URL always; a binding
    /// only when its value is present and not empty.
    private func optionalImage(_ node: Node) -> (@Sendable (RenderContext) -> [UInt8]?)? {
        guard let s = string(node, what: "seal image") else { return nil }
        guard s.contains("{{") else { return imageSource(node) }
        let t = text(s, node, allowPageNumbers: false)
        guard t.pieces.count == 1, case .binding(let binding, _, _) = t.pieces[0] else {
            error("an image binding must be a single {{ path }}", node); return nil
        }
        let limit = limits.imageBytes
        return { ctx in
            let bound = resolve(binding.path, in: ctx.root, vars: ctx.vars)
            guard let value = bound.value, !value.isNull else { return nil }
            guard case .string(let url) = value else {
                ctx.issues.error("expected an image data URL, found \(value.typeName)", at: bound.jsonPath); return nil
            }
            if url.isEmpty { return nil }
            switch decodeDataURL(url, limit: limit) {
            case .success(let bytes): return bytes
            case .failure(let e): ctx.issues.error(e.message, at: bound.jsonPath); return nil
            }
        }
    }
}

extension Compiler {
    /// Text that may be absent: a lone binding to a missing, null or empty value gives nil.
    static func optionalSpan(_ text: CompiledText, _ ctx: RenderContext) -> Span? {
        if text.pieces.count == 1, case .binding(let b, _, _) = text.pieces[0] {
            let bound = resolve(b.path, in: ctx.root, vars: ctx.vars)
            guard let v = bound.value, !v.isNull, v.scalarText?.isEmpty == false else { return nil }
        }
        let spans = ctx.spans(text)
        guard spans.count == text.pieces.count else { return nil }
        let span = joined(spans, at: text.location)
        return span.text.isEmpty ? nil : span
    }

    /// One span for the seal's text, located at its binding's data path when it has one.
    static func joined(_ spans: [Span], at location: SourceLocation) -> Span {
        let at = spans.first { $0.location.dataPath != nil }?.location ?? location
        return Span(spans.map(\.text).joined(), at: at)
    }

    /// A setting's value for this render; a bound value that does not parse or check is a data error.
    static func value<T>(_ setting: SealSetting<T>, _ ctx: RenderContext, what: String, check: (T) -> Bool) -> T? {
        switch setting {
        case .fixed(let v): return v
        case .bound(let text, let parse):
            guard !text.pieces.isEmpty else { return nil }
            let spans = ctx.spans(text)
            guard spans.count == text.pieces.count else { return nil }
            let s = spans.map(\.text).joined()
            let path = spans.first { $0.location.dataPath != nil }?.location.dataPath ?? text.location.text
            guard let v = parse(s.strippingSpaces()), check(v) else {
                ctx.issues.error("'\(s)' is not a valid \(what)", at: path); return nil
            }
            return v
        }
    }
}
