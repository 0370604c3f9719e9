public import WenshuDiagnostics
import CHarfBuzz
import Foundation

/// One loaded font face, shared by every document of the process.
///
/// The face is memory-mapped once and made immutable, so shaping from many threads needs no lock.
/// The subsetting source (`hb_subset_preprocess`) is built lazily, once, on first use.
public final class Font: @unchecked Sendable, Hashable, CustomStringConvertible {
    public enum Outlines: Sendable { case cff, trueType }

    /// Position in the font book; stable for the life of the process.
    public let index: Int
    /// The caches of the book this face belongs to (weak: the caches' keys hold their fonts), for a
    /// stage that reaches the fonts only through the document (the PDF backend). Nil once the book
    /// is gone, or for a face made outside a book.
    public weak let caches: RenderCaches?
    public let family: String
    public let weight: Int
    public let postScriptName: String
    public let path: String
    public let faceIndex: Int
    public let outlines: Outlines
    public let unitsPerEm: Int32
    /// Typographic ascender and descender (OS/2), font units, y up; descender is negative.
    public let ascender: Int32
    public let descender: Int32
    public let capHeight: Int32
    /// `head` bounding box (xMin, yMin, xMax, yMax), font units.
    public let boundingBox: (Int32, Int32, Int32, Int32)

    let blob: OpaquePointer
    let face: OpaquePointer
    let hbFont: OpaquePointer
    /// The CFF table's blob (nil for TrueType faces), referenced at load and read on the first subset.
    private let cffTable: OpaquePointer?
    /// nil until the first subset; then the table as read, or `.some(nil)` when it is not CID-keyed.
    private var cffSource: CIDKeyedCFF??
    private let subsetLock = NSLock()
    private var preprocessed: OpaquePointer?
    private var stripped: OpaquePointer?
    /// Recent subsets by glyph set: text that every document of a batch repeats (a serif title, bold
    /// headings) subsets once.
    private var subsets: [[UInt32]: FontSubset] = [:]
    private var subsetMisses = 0
    /// Prepare the face after this many distinct subsets; 0 never prepares by itself.
    private var prepareAfterMisses = 0

    init(index: Int, path: String, faceIndex: Int, family: String, weight: Int, caches: RenderCaches? = nil) throws(FontError) {
        self.caches = caches
        guard let blob = hb_blob_create_from_file_or_fail(path) else {
            throw FontError("cannot read font file '\(path)'")
        }
        let faceCount = hb_face_count(blob)
        guard faceIndex >= 0, UInt32(faceIndex) < faceCount else {
            hb_blob_destroy(blob)
            throw FontError("font file '\(path)' has \(faceCount) faces, no face \(faceIndex)")
        }
        let face = hb_face_create(blob, UInt32(faceIndex))!
        hb_face_make_immutable(face)
        let font = hb_font_create(face)!
        let upem = Int32(hb_face_get_upem(face))
        hb_font_set_scale(font, upem, upem)
        hb_font_make_immutable(font)
        self.blob = blob
        self.face = face
        self.hbFont = font
        self.index = index
        self.path = path
        self.faceIndex = faceIndex
        self.family = family
        self.weight = weight
        self.unitsPerEm = upem

        if Font.tableLength(face, "CFF ") > 0 {
            outlines = .cff
        } else if Font.tableLength(face, "glyf") > 0 {
            outlines = .trueType
        } else {
            hb_font_destroy(font); hb_face_destroy(face); hb_blob_destroy(blob)
            throw FontError("failed to load font '\(path)' (no CFF or glyf outline table; CFF2 is not supported)")
        }
        cffTable = outlines == .cff ? hb_face_reference_table(face, Font.tag("CFF "))! : nil
        postScriptName = Font.name(face, hb_ot_name_id_t(HB_OT_NAME_ID_POSTSCRIPT_NAME)) ?? family.replacingOccurrences(of: " ", with: "")

        let os2 = Font.table(face, "OS/2")
        if os2.count >= 72 {
            ascender = Int32(Font.int16(os2, 68))
            descender = Int32(Font.int16(os2, 70))
        } else {
            ascender = upem * 88 / 100
            descender = -upem * 12 / 100
        }
        capHeight = os2.count >= 90 ? Int32(Font.int16(os2, 88)) : ascender * 7 / 10
        let head = Font.table(face, "head")
        if head.count >= 44 {
            boundingBox = (Int32(Font.int16(head, 36)), Int32(Font.int16(head, 38)),
                           Int32(Font.int16(head, 40)), Int32(Font.int16(head, 42)))
        } else {
            boundingBox = (0, descender, upem, ascender)
        }
    }

    deinit {
        if let preprocessed { hb_face_destroy(preprocessed) }
        if let stripped { hb_face_destroy(stripped) }
        if let cffTable { hb_blob_destroy(cffTable) }
        hb_font_destroy(hbFont)
        hb_face_destroy(face)
        hb_blob_destroy(blob)
    }

    /// The glyph the font's cmap gives a scalar, or nil when the font lacks it.
    public func glyph(for scalar: Unicode.Scalar) -> UInt32? {
        var glyph: hb_codepoint_t = 0
        return hb_font_get_nominal_glyph(hbFont, scalar.value, &glyph) != 0 ? glyph : nil
    }

    /// Horizontal advance of a glyph in font units.
    public func advance(of glyph: UInt32) -> Int32 {
        hb_font_get_glyph_h_advance(hbFont, glyph)
    }

    /// Left and right edge of a glyph's ink in font units, from its origin; nil for a glyph
    /// without outline. Punctuation compression reads where a full-width mark's blank half is.
    public func inkSpan(of glyph: UInt32) -> (left: Int32, right: Int32)? {
        var extents = hb_glyph_extents_t()
        guard hb_font_get_glyph_extents(hbFont, glyph, &extents) != 0, extents.width > 0 else { return nil }
        return (extents.x_bearing, extents.x_bearing + extents.width)
    }

    /// Each glyph's CID when the face is CID-keyed CFF: the code that selects the glyph in any of its
    /// subsets (a subset keeps the original CIDs in its charset). Nil for other faces.
    public var cidsByGlyph: [UInt16]? { cidKeyedCFF?.cidOfGlyph }

    /// The face's CFF table read in place when it is CID-keyed (the CJK faces): subset without
    /// HarfBuzz and without preparation. Nil for TrueType and name-keyed CFF faces, and for a table
    /// this reader rejects, which is left to HarfBuzz. Read on first use, not at load: a process that
    /// renders one document reads only the faces it subsets.
    var cidKeyedCFF: CIDKeyedCFF? {
        subsetLock.lock()
        defer { subsetLock.unlock() }
        if let cffSource { return cffSource }
        var parsed: CIDKeyedCFF?
        var length: UInt32 = 0
        if let cffTable, let data = hb_blob_get_data(cffTable, &length) {
            parsed = try? CIDKeyedCFF(UnsafeRawBufferPointer(start: data, count: Int(length)))
        }
        cffSource = .some(parsed)
        return parsed
    }

    /// The face to subset from. After ``prepareForSubsetting()`` it is HarfBuzz's preprocessed face,
    /// which makes every later subset several times faster; before, the plain face, which spares a
    /// one-document process the preparation (about a second per CJK face).
    var subsetSource: OpaquePointer {
        subsetLock.lock()
        defer { subsetLock.unlock() }
        return preprocessed ?? outlineFace()
    }

    /// The face without its layout tables (GSUB, GPOS, GDEF, ...). Glyphs reach the subsetter already
    /// shaped, so the layout closure HarfBuzz would compute over these tables (and the glyphs it would
    /// add) is wasted work; HarfBuzz 6 has no flag to skip it, so the tables are hidden instead.
    /// - Precondition: `subsetLock` is held.
    private func outlineFace() -> OpaquePointer {
        if let stripped { return stripped }
        let hidden: Set<hb_tag_t> = Set(["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "morx", "kern", "vhea", "vmtx", "VORG"].map(Font.tag))
        let box = Unmanaged.passRetained(TableSource(face: face, hidden: hidden))
        let newFace = hb_face_create_for_tables({ _, tag, userData in
            let source = Unmanaged<TableSource>.fromOpaque(userData!).takeUnretainedValue()
            return source.hidden.contains(tag) ? hb_blob_get_empty() : hb_face_reference_table(source.face, tag)
        }, box.toOpaque(), { userData in
            Unmanaged<TableSource>.fromOpaque(userData!).release()
        })!
        hb_face_set_upem(newFace, hb_face_get_upem(face))
        hb_face_set_glyph_count(newFace, hb_face_get_glyph_count(face))
        hb_face_make_immutable(newFace)
        stripped = newFace
        return newFace
    }

    func cachedSubset(_ glyphs: [UInt32]) -> FontSubset? {
        subsetLock.lock()
        defer { subsetLock.unlock() }
        return subsets[glyphs]
    }

    func storeSubset(_ glyphs: [UInt32], _ subset: FontSubset) {
        subsetLock.lock()
        if subsets.count >= 32 { subsets.removeAll(keepingCapacity: true) }
        subsets[glyphs] = subset
        subsetMisses += 1
        let prepare = prepareAfterMisses > 0 && subsetMisses == prepareAfterMisses && preprocessed == nil
        subsetLock.unlock()
        if prepare { prepareForSubsetting() }
    }

    /// Prepares the face once it has made `misses` distinct subsets: a batch pays the preparation
    /// (about 0.7 s and 200 MB for a CJK face) only for faces whose glyph sets keep changing.
    public func prepareForSubsetting(afterDistinctSubsets misses: Int) {
        subsetLock.lock()
        prepareAfterMisses = misses
        let now = misses > 0 && subsetMisses >= misses && preprocessed == nil
        subsetLock.unlock()
        if now { prepareForSubsetting() }
    }

    /// Prepares the face for fast repeated subsetting (`hb_subset_preprocess`), once per process:
    /// servers and batch runs call this at start-up.
    public func prepareForSubsetting() {
        if cidKeyedCFF != nil { return }  // subset in place, nothing to prepare
        subsetLock.lock()
        defer { subsetLock.unlock() }
        if preprocessed != nil { return }
        preprocessed = hb_subset_preprocess(outlineFace())!
    }

    /// The whole font file's bytes (for rasterizers that load the face themselves).
    ///
    /// The bytes are the font's memory-mapped file, owned by its HarfBuzz blob: they stay valid, at the
    /// same address and unchanged, for as long as this `Font` lives, so a caller that keeps the `Font`
    /// alive may keep the pointer beyond the closure (FreeType's `FT_New_Memory_Face` does).
    public func withFileBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var length: UInt32 = 0
        let data = hb_blob_get_data(blob, &length)
        return try body(UnsafeRawBufferPointer(start: data, count: Int(length)))
    }

    public var description: String { "\(family) \(weight)" }
    public static func == (a: Font, b: Font) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    // MARK: - Table access

    static func tag(_ s: String) -> hb_tag_t {
        s.utf8.reduce(0) { ($0 << 8) | hb_tag_t($1) }
    }

    static func tableLength(_ face: OpaquePointer, _ name: String) -> Int {
        let table = hb_face_reference_table(face, tag(name))
        defer { hb_blob_destroy(table) }
        return Int(hb_blob_get_length(table))
    }

    static func table(_ face: OpaquePointer, _ name: String) -> [UInt8] {
        let table = hb_face_reference_table(face, tag(name))
        defer { hb_blob_destroy(table) }
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(table, &length), length > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: Int(length)))
    }

    static func int16(_ bytes: [UInt8], _ offset: Int) -> Int16 {
        Int16(bitPattern: UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1]))
    }

    static func name(_ face: OpaquePointer, _ id: hb_ot_name_id_t) -> String? {
        var size: UInt32 = 128
        var buffer = [CChar](repeating: 0, count: Int(size))
        let length = hb_ot_name_get_utf8(face, id, nil, &size, &buffer)
        guard length > 0 else { return nil }
        return String(decoding: buffer.prefix(Int(size)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A font that cannot be loaded or used.
public struct FontError: DiagnosticConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// What the stripped face's table callback needs: the real face and the tags to hide.
private final class TableSource {
    let face: OpaquePointer
    let hidden: Set<hb_tag_t>
    init(face: OpaquePointer, hidden: Set<hb_tag_t>) { self.face = face; self.hidden = hidden }
}
