import Foundation
import WenshuPages
import WenshuText

/// A seal written as one form XObject (ISO 32000-1 §8.10) and named on its page for signing.
///
/// The form holds the whole seal, its opacity included (an `ExtGState` set inside the form), so the
/// seal is one self-contained drawing: the page draws it with `Do`, and the signing stage can use
/// the same form as its signature widget's appearance without knowing how it was drawn.
///
/// The page that draws a seal carries `/WenshuSeal << /Rect [x0 y0 x1 y1] /Form ref >>` for its
/// first seal: the seal's square in default user space (points, origin at the bottom left), and
/// the form. ISO 32000-1 Annex E lets a writer add keys to any dictionary but the trailer; the key
/// has no registered developer prefix, so it is private to Wenshu's pipeline (other readers ignore
/// it). It is the contract with the signing stage, which places its signature widget on `/Rect`.
struct SealForm {
    /// One drawing at one opacity: the same seal drawn translucent elsewhere is another form.
    struct Key: Hashable {
        var drawing: ObjectIdentifier
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

    /// A drawn seal is paths only: its form names no font or image, carries its one `ExtGState` in
    /// its own resources, and its content depends on nothing but the drawing and the opacity.
    var isSelfContained: Bool {
        seal.items.allSatisfy { if case .path = $0 { true } else { false } }
    }

    /// Writes the form: its content in the seal's own coordinates, y flipped over the frame's height
    /// so that the seal's top-left corner is the form's (0, height) and the BBox is the frame.
    ///
    /// A self-contained form's content is built and compressed once per drawing and opacity
    /// (``SealFormContents``); any other form (an image seal) names the document's resources.
    static func write(_ form: SealForm, ref: Int, resources: Int, collector: ResourceCollector, codes: [[GlyphCode]],
                      into writer: inout PDFWriter) {
        let frame = form.seal.frame
        var entries: [(String, PDFValue)] = [
            ("Type", .name("XObject")), ("Subtype", .name("Form")),
            ("BBox", .rect([0, 0, frame.width, frame.height])),
        ]
        if form.isSelfContained {
            var own: [(String, PDFValue)] = []
            if form.opacity < 1 {
                own.append(("ExtGState", .dict([("GS0", .dict([("Type", .name("ExtGState")), ("ca", .real(form.opacity)), ("CA", .real(form.opacity))]))])))
            }
            entries.append(("Resources", .dict(own)))
            let content = SealFormContents.get(form.seal.drawing, height: frame.height, opacity: form.opacity, cache: writer.caches?.cache("seal-forms")) {
                var stream = ContentStream(pageHeight: frame.height)
                if form.opacity < 1 { stream.op("/GS0 gs") }
                var drawing = PageDrawing(collector: collector, codes: codes)
                var links: [PDFValue] = []
                drawing.draw(form.seal.items, into: &stream, links: &links, opacity: form.opacity)
                return stream.bytes
            }
            if writer.compress { writer.writeStream(ref, entries, data: content.compressed, filter: "FlateDecode") }
            else { writer.writeStream(ref, entries, data: content.raw) }
            return
        }
        var stream = ContentStream(pageHeight: frame.height)
        if form.opacity < 1, let gs = collector.opacities[form.opacity] { stream.op("/\(gs) gs") }
        var drawing = PageDrawing(collector: collector, codes: codes)
        var links: [PDFValue] = []
        drawing.draw(form.seal.items, into: &stream, links: &links, opacity: form.opacity)
        // The document's one resource dictionary serves the form (§7.8.3: a form names its own
        // resources), so a seal image or any font is found whichever stream draws the form.
        entries.append(("Resources", .ref(resources)))
        writer.writeStream(ref, entries, data: stream.bytes)
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

/// Content of the drawn seals' forms, raw and Flate-compressed, by drawing, height and opacity, in
/// the font book's `seal-forms` cache (``RenderCaches``): a batch puts the same seal on every
/// document, and building and compressing its 25–30 KB of outlines was per document what compressing
/// the old seal image had been. Keyed by the drawing's identity, which the entry keeps alive, so an
/// identity is never reused while cached; the layout's seal cache hands out the same drawing for the
/// same seal.
enum SealFormContents {
    struct Key: Hashable {
        var drawing: ObjectIdentifier
        var height: Double
        var opacity: Double
    }
    struct Entry {
        let drawing: SealDrawing
        let raw: [UInt8]
        let compressed: [UInt8]
    }

    static func get(_ drawing: SealDrawing, height: Double, opacity: Double, cache: BoundedCache<Key, Entry>?, build: () -> [UInt8]) -> Entry {
        let key = Key(drawing: ObjectIdentifier(drawing), height: height, opacity: opacity)
        if let cached = cache?.get(key) { return cached }
        let raw = build()
        let entry = Entry(drawing: drawing, raw: raw, compressed: Deflate.zlib(raw))
        cache?.put(key, entry, cost: raw.count + entry.compressed.count + 64)
        return entry
    }
}
