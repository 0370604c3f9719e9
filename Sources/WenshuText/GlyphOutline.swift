import CHarfBuzz

/// A glyph's outline in font units, y up, as HarfBuzz draws it (`hb_font_get_glyph_shape`).
///
/// For text drawn as shapes rather than as text: a seal's lettering is decoration set along an arc,
/// kept out of the PDF's text layer (see `WenshuLayout/Seal`). Quadratic TrueType segments arrive as
/// the equivalent cubics (HarfBuzz converts them when no quadratic callback is set, hb-draw.h), so
/// one element set serves CFF and glyf faces alike. Contours are closed explicitly.
public struct GlyphOutline: Sendable, Hashable {
    public enum Element: Sendable, Hashable {
        case move(x: Double, y: Double)
        case line(x: Double, y: Double)
        case cubic(x1: Double, y1: Double, x2: Double, y2: Double, x: Double, y: Double)
        case close
    }

    public var elements: [Element]

    /// Ink bounds (xMin, yMin, xMax, yMax) over all points, control points included; nil when empty.
    public var bounds: (Double, Double, Double, Double)? {
        var xs: [Double] = [], ys: [Double] = []
        for e in elements {
            switch e {
            case .move(let x, let y), .line(let x, let y): xs.append(x); ys.append(y)
            case .cubic(let x1, let y1, let x2, let y2, let x, let y): xs += [x1, x2, x]; ys += [y1, y2, y]
            case .close: break
            }
        }
        guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() else { return nil }
        return (x0, y0, x1, y1)
    }
}

extension Font {
    /// The outline of `glyph` in font units (y up, unscaled, unhinted). Empty for a glyph without
    /// contours (a space).
    public func outline(of glyph: UInt32) -> GlyphOutline {
        let collector = OutlineCollector()
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        hb_font_get_glyph_shape(hbFont, glyph, GlyphOutline.drawFuncs, unmanaged.toOpaque())
        collector.closeOpen()
        return GlyphOutline(elements: collector.elements)
    }
}

/// Receives HarfBuzz's draw calls for one glyph.
private final class OutlineCollector {
    var elements: [GlyphOutline.Element] = []
    var open = false

    func closeOpen() {
        if open { elements.append(.close); open = false }
    }

    static func from(_ data: UnsafeMutableRawPointer?) -> OutlineCollector {
        Unmanaged<OutlineCollector>.fromOpaque(data!).takeUnretainedValue()
    }
}

extension GlyphOutline {
    /// One immutable set of callbacks for the process (hb_draw_funcs_make_immutable: shareable).
    nonisolated(unsafe) fileprivate static let drawFuncs: OpaquePointer = {
        let funcs = hb_draw_funcs_create()!
        hb_draw_funcs_set_move_to_func(funcs, { _, data, _, x, y, _ in
            let c = OutlineCollector.from(data)
            c.closeOpen()
            c.elements.append(.move(x: Double(x), y: Double(y)))
            c.open = true
        }, nil, nil)
        hb_draw_funcs_set_line_to_func(funcs, { _, data, _, x, y, _ in
            OutlineCollector.from(data).elements.append(.line(x: Double(x), y: Double(y)))
        }, nil, nil)
        hb_draw_funcs_set_cubic_to_func(funcs, { _, data, _, x1, y1, x2, y2, x, y, _ in
            OutlineCollector.from(data).elements.append(.cubic(x1: Double(x1), y1: Double(y1), x2: Double(x2), y2: Double(y2), x: Double(x), y: Double(y)))
        }, nil, nil)
        hb_draw_funcs_set_close_path_func(funcs, { _, data, _, _ in
            OutlineCollector.from(data).closeOpen()
        }, nil, nil)
        hb_draw_funcs_make_immutable(funcs)
        return funcs
    }()
}
