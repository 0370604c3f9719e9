import WenshuPages

/// Paints page items in order onto a canvas, carrying the transform (page points to device pixels,
/// times each enclosing group's transform) and the opacity down through groups.
///
/// Opacity multiplies down nested groups and applies to each item separately, as the PDF backend's
/// `ca`/`CA` graphics state does (ISO 32000-1 §11.6.4.4, constant alpha); overlapping items of one
/// translucent group therefore darken where they overlap, as in the PDF.
struct PageRenderer {
    let canvas: Canvas
    let paths: PathRasterizer
    let glyphs: GlyphRasterizer

    /// Largest distance, in device pixels, between a curve and the chords that replace it for stroking.
    static let flatness = 0.2

    func draw(_ items: [PageItem], transform ctm: Transform, opacity: Double) throws(RasterError) {
        for item in items {
            switch item {
            case .glyphs(let run):
                try glyphs.draw(run, transform: ctm, opacity: opacity)
            case .path(let item):
                try draw(item, transform: ctm, opacity: opacity)
            case .image(let image):
                try ImageCompositing.draw(image, transform: ctm, opacity: opacity, canvas: canvas)
            case .link:
                break  // links are PDF annotations; nothing shows on the page
            case .group(let group):
                try draw(group.items, transform: ctm.concatenating(group.transform), opacity: opacity * group.opacity)
            case .seal(let seal):
                let place = Transform(a: 1, b: 0, c: 0, d: 1, e: seal.frame.x, f: seal.frame.y)
                try draw(seal.items, transform: ctm.concatenating(place), opacity: opacity * seal.opacity)
            }
        }
    }

    /// Fill, then stroke, as PDF's `B` operator paints (ISO 32000-1 §8.5.3.1).
    private func draw(_ item: PathItem, transform ctm: Transform, opacity: Double) throws(RasterError) {
        guard !item.path.isEmpty else { return }
        if let fill = item.fill {
            try paths.fill(fillOutline(item.path, transform: ctm), paint: Paint(fill, opacity: opacity))
        }
        if let stroke = item.stroke {
            try paths.fill(strokeOutline(item.path, stroke: stroke, transform: ctm), paint: Paint(stroke.color, opacity: opacity))
        }
    }

    /// The fill outline in device pixels. A path of axis-aligned rectangles under an axis-aligned
    /// transform has its edges rounded to whole pixels, so QR modules and table rules come out crisp
    /// (coverage 0 or 255, nothing in between) and barcode readers see clean module edges; a
    /// rectangle that would round to nothing in either direction keeps the exact, anti-aliased edges.
    ///
    /// Worked example at 150 dpi: a 1.44 pt module at x = 100 pt spans 208.33…211.33 px and is
    /// filled as 208…211, its neighbour 211.33…214.33 as 211…214: the modules tile without seams.
    func fillOutline(_ path: Path, transform ctm: Transform) -> DeviceOutline {
        var outline = DeviceOutline(height: canvas.height)
        if ctm.isAxisAligned, let rects = path.axisAlignedRectangles {
            let snapped = rects.map { r -> (Double, Double, Double, Double) in
                let a = ctm.apply(Point(r.x, r.y)), b = ctm.apply(Point(r.maxX, r.maxY))
                return (min(a.x, b.x).rounded(), min(a.y, b.y).rounded(), max(a.x, b.x).rounded(), max(a.y, b.y).rounded())
            }
            if snapped.allSatisfy({ $0.2 > $0.0 && $0.3 > $0.1 }) {
                for (x0, y0, x1, y1) in snapped {
                    outline.polygon([Point(x0, y0), Point(x1, y0), Point(x1, y1), Point(x0, y1)])
                }
                return outline
            }
        }
        outline.add(path, transform: ctm)
        return outline
    }

    /// The stroke's area in device pixels: flattened and dashed in page space, so that the pen is
    /// transformed with the path (an elliptical pen under non-uniform scaling, as in PDF), then
    /// outlined by ``Stroker``. A width of 0 is PDF's thinnest line, one device pixel (§8.4.3.2).
    func strokeOutline(_ path: Path, stroke: Stroke, transform ctm: Transform) -> DeviceOutline {
        var outline = DeviceOutline(height: canvas.height)
        let scale = ctm.maximumScale
        guard scale > 0 else { return outline }
        let tolerance = PageRenderer.flatness / scale
        var lines = Flattening.polylines(path, tolerance: tolerance)
        if !stroke.dash.isEmpty { lines = Flattening.dashed(lines, pattern: stroke.dash) }
        let halfWidth = stroke.width > 0 ? stroke.width / 2 : 0.5 / scale
        let stroker = Stroker(halfWidth: halfWidth, cap: stroke.cap, join: stroke.join, tolerance: tolerance)
        for line in lines {
            for polygon in stroker.polygons(line) { outline.polygon(polygon.map(ctm.apply)) }
        }
        return outline
    }
}
