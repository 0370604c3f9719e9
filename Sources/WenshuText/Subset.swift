import CHarfBuzz

/// Original glyph IDs to their codes in a subset, as two arrays in glyph order searched by halving:
/// a subset's glyphs arrive sorted, and hashing ~600 of them into a `Dictionary` and looking each
/// up again cost more than the search.
public struct GlyphCodes: Sendable {
    private let glyphs: [UInt32]
    private let values: [UInt16]

    /// `ascending`: distinct glyphs in increasing order; `codes`: theirs, in the same order.
    init(ascending: [UInt32], codes: [UInt16]) {
        precondition(ascending.count == codes.count, "one code per glyph")
        glyphs = ascending; values = codes
    }

    init(_ dictionary: [UInt32: UInt16]) {
        let pairs = dictionary.sorted { $0.key < $1.key }
        self.init(ascending: pairs.map(\.key), codes: pairs.map(\.value))
    }

    public var count: Int { glyphs.count }

    /// Whether `body` holds for every glyph and its code, in glyph order.
    public func allSatisfy(_ body: (_ glyph: UInt32, _ code: UInt16) throws -> Bool) rethrows -> Bool {
        for k in glyphs.indices where try !body(glyphs[k], values[k]) { return false }
        return true
    }

    /// Without a branch on the comparison (it compiles to a conditional move): a search's branches
    /// go either way at random, and their mispredictions cost several times its instructions.
    public subscript(glyph: UInt32) -> UInt16? {
        glyphs.withUnsafeBufferPointer { g in
            guard !g.isEmpty else { return nil }
            var base = 0, n = g.count
            while n > 1 {
                let half = n >> 1
                base = g[base + half - 1] < glyph ? base + half : base
                n -= half
            }
            return g[base] == glyph ? values[base] : nil
        }
    }
}

/// A font program cut down to the glyphs one document uses, ready to embed.
public struct FontSubset: Sendable {
    public enum Program: Sendable {
        /// A bare CID-keyed CFF table (PDF FontFile3, Subtype CIDFontType0C).
        case cidKeyedCFF([UInt8])
        /// A whole OpenType font with name-keyed CFF outlines (PDF FontFile3, Subtype OpenType).
        case openTypeCFF([UInt8])
        /// A TrueType font (PDF FontFile2).
        case trueType([UInt8])

        public var bytes: [UInt8] {
            switch self { case .cidKeyedCFF(let b), .openTypeCFF(let b), .trueType(let b): return b }
        }
    }

    public let program: Program
    /// The program as a zlib stream, when the subsetter made one as it went (a CID-keyed CFF it
    /// flattened itself); otherwise the embedder compresses ``program``.
    public let compressedProgram: [UInt8]?
    /// For each original glyph ID, the 2-byte code that selects it in the subset: its CID for a
    /// CID-keyed CFF (through the subset's charset), else its new glyph ID.
    public let codes: GlyphCodes

    init(program: Program, compressedProgram: [UInt8]? = nil, codes: GlyphCodes) {
        self.program = program
        self.compressedProgram = compressedProgram
        self.codes = codes
    }
}

extension Font {
    /// Subsets this face to `glyphs` (glyph 0 is always kept).
    /// - Throws: `FontError` when HarfBuzz cannot subset the face or the result is malformed.
    public func subset(glyphs: some Sequence<UInt32>) throws(FontError) -> FontSubset {
        let key = Font.sortedUnique(glyphs)
        if let cached = cachedSubset(key) { return cached }
        let result = try makeSubset(key)
        storeSubset(key, result)
        return result
    }

    /// The glyphs ascending, once each, with glyph 0 (.notdef, which every font program must keep).
    /// Callers pass them sorted already, so this is one pass; a hashed set was a twentieth of a
    /// text-heavy document's export.
    static func sortedUnique(_ glyphs: some Sequence<UInt32>) -> [UInt32] {
        var all = Array(glyphs)
        if !all.indices.dropFirst().allSatisfy({ all[$0 - 1] <= all[$0] }) { all.sort() }
        var out: [UInt32] = [0]
        out.reserveCapacity(all.count + 1)
        for g in all where g != out[out.count - 1] { out.append(g) }
        return out
    }

    private func makeSubset(_ glyphs: [UInt32]) throws(FontError) -> FontSubset {
        if let cff = cidKeyedCFF {
            do {
                let (program, compressed, cids) = try cff.subset(glyphs)
                let codes = GlyphCodes(ascending: Array(glyphs.prefix(cids.count)), codes: Array(cids.prefix(glyphs.count)))
                return FontSubset(program: .cidKeyedCFF(program), compressedProgram: compressed, codes: codes)
            } catch {
                // A charstring this reader does not follow: HarfBuzz subsets it instead.
            }
        }
        return try harfBuzzSubset(glyphs)
    }

    /// HarfBuzz's subset: for TrueType and name-keyed CFF faces, and for a CID-keyed face whose charstrings
    /// `CharstringFlattener` does not follow.
    func harfBuzzSubset(_ requested: [UInt32]) throws(FontError) -> FontSubset {
        guard let input = hb_subset_input_create_or_fail() else { throw FontError("failed to subset font '\(self)' (out of memory)") }
        defer { hb_subset_input_destroy(input) }
        let glyphSet = hb_subset_input_glyph_set(input)
        hb_set_add(glyphSet, 0)
        for glyph in requested { hb_set_add(glyphSet, glyph) }
        hb_set_clear(hb_subset_input_unicode_set(input))
        // Layout, vertical and naming tables are not needed by a PDF reader: glyphs are already shaped.
        let drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for table in ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "DSIG", "kern", "morx", "hdmx", "LTSH", "VDMX", "gasp", "name"] {
            hb_set_add(drop, Font.tag(table))
        }
        hb_subset_input_set_flags(input, UInt32(HB_SUBSET_FLAGS_NO_HINTING.rawValue))

        guard let plan = hb_subset_plan_create_or_fail(subsetSource, input) else {
            throw FontError("failed to subset font '\(self)'")
        }
        defer { hb_subset_plan_destroy(plan) }
        guard let subsetFace = hb_subset_plan_execute_or_fail(plan) else {
            throw FontError("failed to subset font '\(self)'")
        }
        defer { hb_face_destroy(subsetFace) }
        let mapping = hb_subset_plan_old_to_new_glyph_mapping(plan)

        var newGlyphOf: [UInt32: UInt32] = [:]
        for old in requested {
            let new = hb_map_get(mapping, old)
            guard new != hb_codepoint_t.max else { throw FontError("failed to subset font '\(self)' (glyph \(old) was dropped)") }
            newGlyphOf[old] = new
        }

        switch outlines {
        case .cff:
            // HarfBuzz keeps each glyph's CID: the subset's charset, read like any CID-keyed table,
            // says which. A table without ROS is name-keyed and embedded as OpenType.
            let cff = Font.table(subsetFace, "CFF ")
            var read = Result<[UInt16]?, CFFMalformed>.success(nil)
            cff.withUnsafeBytes { bytes in read = Result { () throws(CFFMalformed) in try CIDKeyedCFF(bytes)?.cidOfGlyph } }
            let cidOfGlyph: [UInt16]?
            do { cidOfGlyph = try read.get() } catch { throw FontError("failed to embed font '\(self)' (\(error.message))") }
            if let cidOfGlyph {
                var codes: [UInt32: UInt16] = [:]
                for (old, new) in newGlyphOf {
                    guard Int(new) < cidOfGlyph.count else { throw FontError("failed to embed font '\(self)' (glyph \(new) outside the subset charset)") }
                    codes[old] = cidOfGlyph[Int(new)]
                }
                return FontSubset(program: .cidKeyedCFF(cff), codes: GlyphCodes(codes))
            }
            return FontSubset(program: .openTypeCFF(Font.faceBytes(subsetFace)), codes: GlyphCodes(newGlyphOf.mapValues { UInt16($0) }))
        case .trueType:
            return FontSubset(program: .trueType(Font.faceBytes(subsetFace)), codes: GlyphCodes(newGlyphOf.mapValues { UInt16($0) }))
        }
    }

    static func faceBytes(_ face: OpaquePointer) -> [UInt8] {
        let blob = hb_face_reference_blob(face)
        defer { hb_blob_destroy(blob) }
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(blob, &length) else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: Int(length)))
    }
}
