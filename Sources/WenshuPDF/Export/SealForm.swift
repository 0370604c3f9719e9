import WenshuPages

/// A seal written as one form XObject (ISO 32000-1 §8.10) and named on its page for signing.
///
/// The form holds the whole seal, its opacity included (an `ExtGState` set inside the form), so the
/// seal is one self-contained drawing: the page draws it with `Do`, and the signing stage can use
/// the same form as its signature widget's appearance without knowing how it was drawn.
///
/// The page that draws a seal carries `/WenshuSeal << /Rect [x0 y0 x1 y1] /Form ref >>` for its
/// first seal: the seal's square in default user space (points, origin at the bottom left), and
/// the form. `/WenshuSeal` is a private key outside ISO 32000 (§7.12 allows extra keys; readers
/// ignore them); it is the contract with `WenshuSigning`, which places its widget on `/Rect`.
struct SealForm {
    /// One drawing at one opacity: the same seal drawn translucent elsewhere is another form.
    struct Key: Hashable {
        var content: ObjectIdentifier
        var opacity: Double
    }

    /// Where a page drew a seal: the form's index and the frame under the enclosing transforms.
    struct Placement {
        var index: Int
        var frame: Rect
        var transform: Transform
    }

    var name: String
    var seal: SealItem
    /// The absolute opacity the form sets (the seal's times the enclosing groups').
    var opacity: Double

    /// Writes the form: its content in the seal's own coordinates, y flipped over the frame's height
    /// so that the seal's top-left corner is the form's (0, height) and the BBox is the frame.
    static func write(_ form: SealForm, ref: Int, resources: Int, collector: ResourceCollector, codes: [[GlyphCode]],
                      into writer: inout PDFWriter) {
        let frame = form.seal.frame
        var stream = ContentStream(pageHeight: frame.height)
        if form.opacity < 1, let gs = collector.opacities[form.opacity] { stream.op("/\(gs) gs") }
        var drawing = PageDrawing(collector: collector, codes: codes)
        var links: [PDFValue] = []
        drawing.draw(form.seal.items, into: &stream, links: &links, opacity: form.opacity)
        // The document's one resource dictionary serves the form too (§7.8.3: a form names its own
        // resources), so a seal image or any font is found whichever stream draws the form.
        writer.writeStream(ref, [
            ("Type", .name("XObject")), ("Subtype", .name("Form")),
            ("BBox", .rect([0, 0, frame.width, frame.height])),
            ("Resources", .ref(resources)),
        ], data: stream.bytes)
    }

    /// The page dictionary's `/WenshuSeal` entry for `placement`: the frame's bounding box under the
    /// enclosing transforms, y flipped to default user space.
    static func pageEntry(_ placement: Placement, pageHeight: Double, form: Int) -> (String, PDFValue) {
        let f = placement.frame, t = placement.transform
        let corners = [Point(f.x, f.y), Point(f.maxX, f.y), Point(f.maxX, f.maxY), Point(f.x, f.maxY)].map(t.apply)
        let xs = corners.map(\.x), ys = corners.map { pageHeight - $0.y }
        return ("WenshuSeal", .dict([
            ("Rect", .rect([xs.min()!, ys.min()!, xs.max()!, ys.max()!])),
            ("Form", .ref(form)),
        ]))
    }
}
