import CXXHash
import Foundation
import WenshuImage
import WenshuPages
import WenshuText

/// Writes laid-out pages as a PDF 1.7 file.
///
/// Deterministic: the same pages and metadata give the same bytes. The document ID is a hash of the
/// file's body and the creation date comes from the metadata, never the clock.
public enum PDFExporter {
    /// - Throws: ``PDFExportError`` when a font cannot be subset, for options that exclude each other
    ///   (archive and encryption), for content a PDF/A level forbids, and for unusable attachments.
    public static func export(_ document: LaidOutDocument, options: PDFOptions = PDFOptions()) throws(PDFExportError) -> [UInt8] {
        do {
            return try export(document, options: options, subsetFirst: false)
        } catch let error where error.redrawWithSubsetsFirst {
            // A subset gave a CID-keyed glyph another code than its CID (never seen): draw again with
            // every subset made first.
            return try export(document, options: options, subsetFirst: true)
        }
    }

    static func export(_ document: LaidOutDocument, options: PDFOptions, subsetFirst: Bool) throws(PDFExportError) -> [UInt8] {
        if let archive = options.archive {
            // ISO 19005-2 §6.1.3 (and -3): a PDF/A file shall not be encrypted.
            guard options.encryption == nil else {
                throw PDFExportError("an archive (PDF/A) copy cannot be encrypted: PDF/A forbids encryption; write the archive copy unencrypted")
            }
            try archive.validate()
            if archive.part == .pdfA2b && !options.attachments.isEmpty {
                throw PDFExportError("PDF/A-2 allows only PDF/A files as attachments (ISO 19005-2 §6.8): use PDF/A-3b for '\(options.attachments[0].fileName)'")
            }
        }
        var writer = PDFWriter(compress: options.compress)
        if let encryption = options.encryption { writer.encryptor = ObjectEncryptor(encryption) }
        let catalog = writer.reserve(), pageTree = writer.reserve(), resources = writer.reserve()

        // First pass: which glyphs of which fonts, which images and opacities the pages use.
        var collector = ResourceCollector()
        for page in document.pages { collector.collect(page.items) }
        if options.archive != nil, let cmyk = collector.images.first(where: { $0.1.components == 4 }) {
            // ISO 19005-2 §6.2.4.3: DeviceCMYK needs a CMYK output intent; the archive's is RGB.
            throw PDFExportError("a CMYK image (\(cmyk.1.width)×\(cmyk.1.height) px) cannot go into a PDF/A file with an RGB output intent: convert it to RGB")
        }

        // The caches of the fonts' book: a document drawn with one book's fonts keeps its values there.
        writer.caches = collector.usages.lazy.compactMap { $0.font.caches }.first

        // Content streams need each glyph's code. A CID-keyed CFF face's codes are its glyphs' CIDs
        // (the subset keeps them), known without subsetting: its subset is made on another thread
        // with the rest of the font's objects, while this one writes images and draws pages. Other
        // faces' subsets renumber glyphs, so they are subset here first.
        let usages = collector.usages
        var codes: [[GlyphCode]] = []
        var early: [FontSubset?] = []
        var ascending: [[UInt32]?] = []
        var fontRefs: [(String, Int)] = []
        for usage in usages {
            let upem = Double(usage.font.unitsPerEm)
            func width(_ glyph: UInt32) -> Double { (Double(usage.font.advance(of: glyph)) * 1000 / upem).rounded() }
            if !subsetFirst, let cids = usage.font.cidsByGlyph, usage.glyphs.allSatisfy({ Int($0) < cids.count }) {
                codes.append(usage.glyphs.map { GlyphCode(code: cids[Int($0)], width: width($0)) })
                early.append(nil)
                ascending.append(nil)  // sorted on the side thread, with the subset
            } else {
                do {
                    let glyphs = usage.ascendingGlyphs()
                    ascending.append(glyphs)
                    let subset = try FontEmbedding.subset(usage, ascending: glyphs)
                    codes.append(usage.glyphs.map { GlyphCode(code: subset.codes[$0] ?? 0, width: width($0)) })
                    early.append(subset)
                } catch {
                    throw PDFExportError("failed to embed font '\(usage.font)' (\(error))")
                }
            }
            fontRefs.append((usage.resourceName, writer.reserve()))
        }
        let prepared = Slots<Result<PreparedFont, PDFExportError>>(count: usages.count)
        let preparing = DispatchGroup()
        for (k, usage) in usages.enumerated() {
            let subset = early[k], fontCodes = codes[k], compress = writer.compress, sorted = ascending[k]
            let prepare: @Sendable () -> Void = {
                prepared.set(k, Result { () throws(PDFExportError) in
                    let glyphs = sorted ?? usage.ascendingGlyphs()
                    if let subset { return FontEmbedding.prepare(usage, ascending: glyphs, subset: subset, codes: fontCodes, compress: compress) }
                    let made: FontSubset
                    do { made = try FontEmbedding.subset(usage, ascending: glyphs) } catch {
                        throw PDFExportError("failed to embed font '\(usage.font)' (\(error))")
                    }
                    // The pages were drawn with the glyphs' CIDs as codes: the subset must agree, for every
                    // glyph drawn (read off the subset's own list, each found in the usage's table; the
                    // subset may add glyph 0, which no page draws).
                    var agreeing = 0
                    let agrees = made.codes.allSatisfy { glyph, code in
                        guard let drawn = usage.table.index(of: glyph) else { return true }
                        agreeing += 1
                        return fontCodes[drawn].code == code
                    }
                    guard agrees, agreeing == usage.glyphs.count else { throw .codesChanged }
                    return FontEmbedding.prepare(usage, ascending: glyphs, subset: made, codes: fontCodes, codesChecked: true, compress: compress)
                })
            }
            if options.sideThreads { DispatchQueue.global().async(group: preparing, execute: prepare) } else { prepare() }
        }
        var imageRefs: [(String, Int)] = []
        for (name, image) in collector.images {
            let ref = writer.reserve()
            ImageEmbedding.write(image, ref: ref, into: &writer)
            imageRefs.append((name, ref))
        }

        var sealRefs: [Int] = []
        for seal in collector.seals {
            let ref = writer.reserve()
            SealForm.write(seal, ref: ref, resources: resources, collector: collector, codes: codes, into: &writer)
            sealRefs.append(ref)
        }
        if !sealRefs.isEmpty { imageRefs += zip(collector.seals, sealRefs).map { ($0.0.name, $0.1) } }

        // Pages are drawn and compressed side by side (a policy page waits on one document, and its
        // pages share nothing but the read-only resources); they are written in order after.
        let drawn = Slots<DrawnPage>(count: document.pages.count)
        let pages = document.pages, compress = writer.compress, printable = options.archive != nil
        let fixedCodes = early.map { $0 == nil }
        let runBodies: BoundedCache<GlyphRunIdentity, [UInt8]>? = writer.caches?.cache("glyph-runs", stripes: 16)
        let shared = (collector: collector, codes: codes)
        let draw: @Sendable (Int) -> Void = { i in
            var stream = ContentStream(pageHeight: pages[i].size.height)
            var annotations: [PDFValue] = []
            var drawing = PageDrawing(collector: shared.collector, codes: shared.codes, fixedCodes: fixedCodes, runBodies: runBodies,
                                      printableAnnotations: printable)
            drawing.draw(pages[i].items, into: &stream, links: &annotations)
            drawn.set(i, DrawnPage(contents: compress ? Deflate.zlib(stream.bytes) : stream.bytes, annotations: annotations, seals: drawing.seals))
        }
        if options.sideThreads { DispatchQueue.concurrentPerform(iterations: pages.count, execute: draw) } else { for i in pages.indices { draw(i) } }
        var pageRefs: [Int] = []
        for (i, page) in pages.enumerated() {
            let drawing = drawn.get(i)!
            let pageRef = writer.reserve(), contents = writer.reserve()
            writer.writeStream(contents, [], data: drawing.contents, compressible: false, filter: compress ? "FlateDecode" : nil)
            var entries: [(String, PDFValue)] = [
                ("Type", .name("Page")), ("Parent", .ref(pageTree)),
                ("MediaBox", .rect([0, 0, page.size.width, page.size.height])),
                ("Resources", .ref(resources)), ("Contents", .ref(contents)),
            ]
            if !drawing.annotations.isEmpty { entries.append(("Annots", .array(drawing.annotations))) }
            if let first = drawing.seals.first {
                entries.append(SealForm.pageEntry(first, pageHeight: page.size.height, form: sealRefs[first.index]))
            }
            writer.write(pageRef, .dict(entries))
            pageRefs.append(pageRef)
        }

        preparing.wait()
        for (k, usage) in usages.enumerated() {
            FontEmbedding.write(usage, prepared: try prepared.get(k)!.get(), ref: fontRefs[k].1, into: &writer)
        }

        var resourceEntries: [(String, PDFValue)] = []
        if !fontRefs.isEmpty { resourceEntries.append(("Font", .dict(fontRefs.map { ($0.0, .ref($0.1)) }))) }
        if !imageRefs.isEmpty { resourceEntries.append(("XObject", .dict(imageRefs.map { ($0.0, .ref($0.1)) }))) }
        if !collector.opacities.isEmpty {
            resourceEntries.append(("ExtGState", .dict(collector.opacityOrder.map { alpha in
                (collector.opacities[alpha]!, .dict([("Type", .name("ExtGState")), ("ca", .real(alpha)), ("CA", .real(alpha))]))
            })))
        }
        writer.write(resources, .dict(resourceEntries))
        writer.write(pageTree, .dict([("Type", .name("Pages")), ("Kids", .array(pageRefs.map { .ref($0) })), ("Count", .int(pageRefs.count))]))

        let metadata = writer.reserve(), info = writer.reserve()
        writer.writeStream(metadata, [("Type", .name("Metadata")), ("Subtype", .name("XML"))],
                           data: Metadata.xmp(document.metadata, producer: options.producer, archive: options.archive?.part), compressible: false)
        writer.write(info, Metadata.info(document.metadata, producer: options.producer))
        var catalogEntries: [(String, PDFValue)] = [("Type", .name("Catalog")), ("Pages", .ref(pageTree)), ("Metadata", .ref(metadata))]
        if !document.metadata.language.isEmpty { catalogEntries.append(("Lang", .text(document.metadata.language))) }
        if !document.metadata.title.isEmpty { catalogEntries.append(("ViewerPreferences", .dict([("DisplayDocTitle", .bool(true))]))) }
        if let archive = options.archive { catalogEntries.append(("OutputIntents", .array([OutputIntent.write(archive, into: &writer)]))) }
        if !options.attachments.isEmpty {
            let files = try EmbeddedFiles.write(options.attachments, documentDate: document.metadata.creationDate, into: &writer)
            catalogEntries.append(("Names", .dict([("EmbeddedFiles", files.nameTree)])))
            catalogEntries.append(("AF", .array(files.fileSpecs.map { .ref($0) })))
        }
        var encrypt: Int?
        if let encryption = options.encryption {
            // AESV3 / revision 6 came with Adobe's extension level 8 to PDF 1.7 (ISO 32000-2 §7.12).
            catalogEntries.append(("Extensions", .dict([("ADBE", .dict([("BaseVersion", .name("1.7")), ("ExtensionLevel", .int(8))]))])))
            encrypt = writer.reserve()
            writer.writeUnencrypted(encrypt!, EncryptDictionary.value(encryption))
        }
        writer.write(catalog, .dict(catalogEntries))

        // §14.4: the file identifier; a hash of the body keeps it unique per content and reproducible.
        // §14.4 suggests MD5 but requires only uniqueness: this is an identifier, not a seal, so the
        // 128-bit XXH3 does it for a twentieth of MD5's cost on a 100 KB body (MD5 was 3 % of a render).
        // An encrypted body is ciphertext, so the identifier tells nothing about the plaintext.
        let id = FileIdentifier.of(writer.bytes)
        var trailer: [(String, PDFValue)] = [("Root", .ref(catalog)), ("Info", .ref(info)), ("ID", .array([.hex(id), .hex(id)]))]
        if let encrypt { trailer.append(("Encrypt", .ref(encrypt))) }
        return writer.finish(trailer: trailer)
    }
}

/// Resource names in first-use order, so numbering is deterministic.
struct ResourceCollector {
    var usages: [FontUsage] = []
    var fontIndex: [Font: Int] = [:]
    var images: [(String, ImageAsset)] = []
    var imageNames: [ObjectIdentifier: String] = [:]
    var opacities: [Double: String] = [:]
    var opacityOrder: [Double] = []
    /// Seals, each drawing once per opacity it is drawn at (its form sets that opacity itself).
    var seals: [SealForm] = []
    var sealIndex: [SealForm.Key: Int] = [:]
    /// The last run's font and its index: runs come in long stretches of one font, and hashing the
    /// font for each of them was most of the collecting. (`fontIndex` keeps the font alive.)
    private var lastFont: (font: ObjectIdentifier, index: Int)?

    /// The index of `font`'s usage, through the last one looked up.
    mutating func index(of font: Font) -> Int? {
        if let last = lastFont, last.font == ObjectIdentifier(font) { return last.index }
        guard let index = fontIndex[font] else { return nil }
        lastFont = (ObjectIdentifier(font), index)
        return index
    }

    mutating func useOpacity(_ alpha: Double) {
        if alpha < 1 && opacities[alpha] == nil {
            opacities[alpha] = "GS\(opacityOrder.count)"
            opacityOrder.append(alpha)
        }
    }

    /// - Parameter opacity: the product of the enclosing groups' opacities (groups nest multiplicatively).
    mutating func collect(_ items: [PageItem], opacity: Double = 1) {
        for item in items {
            switch item {
            case .glyphs(let run):
                let font = run.font
                let index: Int
                if let known = self.index(of: font) { index = known } else {
                    index = usages.count
                    fontIndex[font] = index
                    usages.append(FontUsage(font: font, resourceName: "F\(index)"))
                }
                usages[index].use(run.glyphs)
            case .image(let image):
                let key = ObjectIdentifier(image.image)
                if imageNames[key] == nil {
                    let name = "Im\(images.count)"
                    imageNames[key] = name
                    images.append((name, image.image))
                }
            case .group(let group):
                let effective = opacity * group.opacity
                useOpacity(effective)
                collect(group.items, opacity: effective)
            case .seal(let seal):
                let effective = opacity * seal.opacity
                let key = SealForm.Key(drawing: ObjectIdentifier(seal.drawing), opacity: effective)
                guard sealIndex[key] == nil else { continue }
                sealIndex[key] = seals.count
                let form = SealForm(name: "Seal\(seals.count)", seal: seal, opacity: effective)
                seals.append(form)
                // A drawn seal (paths only) carries its opacity in its own resources; anything else
                // draws from the document's.
                if !form.isSelfContained {
                    useOpacity(effective)
                    collect(seal.items, opacity: effective)
                }
            case .path, .link:
                break
            }
        }
    }
}

/// Draws page items as content-stream operators.
///
/// Fill colour and font persist from one text object to the next (they are graphics state, §8.4,
/// §9.3), so a run sets only what differs from the run before; paths and images change state only
/// inside q/Q, and groups restore it.
struct PageDrawing {
    /// Read only, but for its memo of the last font looked up.
    var collector: ResourceCollector
    /// Per font, in the collector's order: each glyph's code in the subset and its width, by the
    /// glyph's index in the font's usage.
    let codes: [[GlyphCode]]
    /// Fill colour, font (index) and size as the last text object left them; nil when unknown.
    /// Give link annotations the Print flag (/F 4), as PDF/A requires of every annotation (ISO 19005-2 §6.3.2).
    let printableAnnotations: Bool
    /// Per font: whether a glyph's code is the same in every document (a CID-keyed CFF's codes are its
    /// CIDs; other subsets renumber glyphs per glyph set).
    let fixedCodes: [Bool]
    /// The font book's cache of encoded runs (``GlyphRunIdentity``): the terms, labels and table cells a
    /// template repeats share their runs between documents, and so their TJ bytes.
    let runBodies: BoundedCache<GlyphRunIdentity, [UInt8]>?
    private var textFill: Color?
    private var textFont: (font: Int, size: Double)?

    init(collector: ResourceCollector, codes: [[GlyphCode]], fixedCodes: [Bool] = [], runBodies: BoundedCache<GlyphRunIdentity, [UInt8]>? = nil,
         printableAnnotations: Bool = false) {
        self.collector = collector
        self.codes = codes
        self.fixedCodes = fixedCodes
        self.runBodies = fixedCodes.isEmpty ? nil : runBodies
        self.printableAnnotations = printableAnnotations
    }

    /// Seals drawn so far, in drawing order, with their frames in page coordinates.
    private(set) var seals: [SealForm.Placement] = []

    /// - Parameters:
    ///   - opacity: the product of the enclosing groups' opacities; `/ca` is absolute, not relative.
    ///   - transform: the enclosing groups' transforms, to place seals on the page.
    mutating func draw(_ items: [PageItem], into s: inout ContentStream, links: inout [PDFValue], opacity: Double = 1,
                       transform: Transform = .identity) {
        for item in items {
            switch item {
            case .glyphs(let run): drawGlyphs(run, into: &s)
            case .path(let p):
                guard !p.path.isEmpty, p.fill != nil || p.stroke != nil else { continue }
                s.op("q")
                if let fill = p.fill { s.fillColor(fill) }
                if let stroke = p.stroke { s.stroke(stroke) }
                s.path(p.path)
                s.op(p.fill != nil && p.stroke != nil ? "B" : p.fill != nil ? "f" : "S")
                s.op("Q")
            case .image(let image):
                guard let name = collector.imageNames[ObjectIdentifier(image.image)] else { continue }
                s.op("q")
                if let clip = image.clip { s.rectangle(clip); s.op("W n") }
                let r = image.rect
                s.numbers(r.width, 0, 0, r.height, r.x, s.y(r.maxY), op: "cm")
                s.op("/\(name) Do")
                s.op("Q")
            case .link(let link):
                let r = link.rect
                var annotation: [(String, PDFValue)] = [
                    ("Type", .name("Annot")), ("Subtype", .name("Link")),
                    ("Rect", .rect([r.x, s.y(r.maxY), r.maxX, s.y(r.y)])),
                    ("Border", .array([.int(0), .int(0), .int(0)])),
                    ("A", .dict([("S", .name("URI")), ("URI", .literal(Array(link.url.utf8)))])),
                ]
                if printableAnnotations { annotation.append(("F", .int(4))) }
                links.append(.dict(annotation))
            case .group(let group):
                let (fill, font) = (textFill, textFont)
                s.op("q")
                if group.transform != .identity { s.concat(group.transform) }
                let effective = opacity * group.opacity
                if effective != opacity, let gs = collector.opacities[effective] { s.op("/\(gs) gs") }
                draw(group.items, into: &s, links: &links, opacity: effective, transform: transform.concatenating(group.transform))
                s.op("Q")
                (textFill, textFont) = (fill, font)
            case .seal(let seal):
                let key = SealForm.Key(drawing: ObjectIdentifier(seal.drawing), opacity: opacity * seal.opacity)
                guard let index = collector.sealIndex[key] else { continue }
                let f = seal.frame
                s.op("q")
                s.numbers(1, 0, 0, 1, f.x, s.y(f.maxY), op: "cm")
                s.op("/\(collector.seals[index].name) Do")
                s.op("Q")
                seals.append(SealForm.Placement(index: index, frame: f, transform: transform))
            }
        }
    }

    /// One text object per run; glyph positions the font's widths do not give are TJ adjustments
    /// (§9.4.3: thousandths of text space, subtracted from the advance). Consecutive codes share one
    /// hex string.
    mutating func drawGlyphs(_ run: GlyphRun, into s: inout ContentStream) {
        guard !run.glyphs.isEmpty, let index = collector.index(of: run.font) else { return }
        // The font's usage is read in place below, never copied out: a copy retains and releases its
        // five buffers, for each of a page's hundreds of runs.
        s.op("BT")
        if textFill != run.color { s.fillColor(run.color); textFill = run.color }
        if textFont?.font != index || textFont?.size != run.size {
            s.append(UInt8(ascii: "/"))
            s.append(utf8: collector.usages[index].resourceName)
            s.append(UInt8(ascii: " "))
            s.numbers(run.size, op: "Tf")
            textFont = (index, run.size)
        }
        // In a new text object the line matrix is the identity, so Td places the run (§9.4.2).
        s.numbers(run.origin.x + run.glyphs[0].x, s.y(run.origin.y), op: "Td")
        if let runBodies, fixedCodes[index] {
            let identity = run.identity
            if let body = runBodies.get(identity) {
                s.append(contentsOf: body)
            } else {
                var body: [UInt8] = []
                body.reserveCapacity(run.glyphs.count * 5 + 16)
                Self.encodeGlyphs(run, usage: collector.usages[index], codes: codes[index], into: &body)
                runBodies.put(identity, body, cost: body.count + run.glyphs.count * 40 + 96)
                s.append(contentsOf: body)
            }
        } else {
            var body: [UInt8] = []
            Self.encodeGlyphs(run, usage: collector.usages[index], codes: codes[index], into: &body)
            s.append(contentsOf: body)
        }
        s.op("ET")
    }

    /// The run's glyphs as TJ (and Ts) operators: the text object's body after its Td. It depends on
    /// the run's shared content and the codes alone.
    ///
    /// Codes go in literal strings as their two bytes (§7.3.4.2: a literal holds any byte; `(`, `)`
    /// and `\` are escaped, and CR and LF, which a reader would normalize). Hex took four bytes a
    /// glyph: the content streams are a third smaller, and so is the time to compress them.
    static func encodeGlyphs(_ run: GlyphRun, usage: FontUsage, codes: [GlyphCode], into out: inout [UInt8]) {
        let glyphs = run.glyphs, size = run.size, table = usage.table
        var rise = 0.0
        var open = false
        var inString = false
        var pen = glyphs[0].x  // where the PDF's own advance has put the pen
        for glyph in glyphs {
            if glyph.yOffset != rise {
                if inString { out.append(UInt8(ascii: ")")); inString = false }
                if open { out.append(contentsOf: "]TJ\n".utf8); open = false }
                rise = glyph.yOffset
                PDFNumber.append(rise, to: &out)
                out.append(contentsOf: " Ts\n".utf8)
            }
            if !open { out.append(UInt8(ascii: "[")); open = true }
            let shift = (glyph.x - pen) * 1000 / size
            if abs(shift) >= 0.5 {
                if inString { out.append(UInt8(ascii: ")")); inString = false }
                PDFNumber.append(-shift.rounded(), to: &out)
                pen += shift.rounded() * size / 1000
            }
            let info = table.index(of: glyph.glyphID).map { codes[$0] } ?? GlyphCode(code: 0, width: 0)
            if !inString { out.append(UInt8(ascii: "(")); inString = true }
            appendLiteralByte(UInt8(truncatingIfNeeded: info.code >> 8), to: &out)
            appendLiteralByte(UInt8(truncatingIfNeeded: info.code), to: &out)
            pen += info.width * size / 1000
        }
        if inString { out.append(UInt8(ascii: ")")) }
        if open { out.append(contentsOf: "]TJ\n".utf8) }
        if rise != 0 { out.append(contentsOf: "0 Ts\n".utf8) }  // text rise is graphics state too: leave it as found
    }

    @inline(__always)
    static func appendLiteralByte(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
        case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
        case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
        default: out.append(byte)
        }
    }
}

/// A glyph's code in its font's subset and its width as the PDF gives it (/W, thousandths of an em).
struct GlyphCode {
    var code: UInt16
    var width: Double
}

extension PDFExportError {
    /// A subset gave a glyph another code than its CID: draw again with subsets first.
    static var codesChanged: PDFExportError {
        var error = PDFExportError("internal: a font subset changed a glyph's code")
        error.redrawWithSubsetsFirst = true
        return error
    }
}

/// Results made on other threads, one slot each, read once the work is done.
final class Slots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ value: Value) { lock.lock(); slots[k] = value; lock.unlock() }
    func get(_ k: Int) -> Value? { lock.lock(); defer { lock.unlock() }; return slots[k] }
}

/// A page's compressed content stream, its link annotations and where its seals were drawn.
struct DrawnPage {
    var contents: [UInt8]
    var annotations: [PDFValue]
    var seals: [SealForm.Placement]
}

/// The trailer's /ID: 16 bytes that change with the content and stay the same for the same bytes.
enum FileIdentifier {
    static func of(_ body: [UInt8]) -> [UInt8] {
        let hash = body.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) }
        var id: [UInt8] = []
        id.reserveCapacity(16)
        for word in [hash.high64, hash.low64] { withUnsafeBytes(of: word.bigEndian) { id.append(contentsOf: $0) } }
        return id
    }
}
