import Foundation
import WenshuPages
import WenshuText

/// The glyphs of one font a document uses, and the text each stands for.
struct FontUsage {
    let font: Font
    let resourceName: String
    /// Each distinct glyph's index into `glyphs` and `texts`.
    var table = GlyphTable()
    /// Glyphs in first-use order.
    var glyphs: [UInt32] = []
    /// The text each glyph stands for (for ToUnicode).
    var texts: [String] = []

    /// Every glyph of a run; reads a glyph's text only when it is kept (most glyphs are seen before).
    mutating func use(_ run: [PlacedGlyph]) {
        run.withUnsafeBufferPointer { run in
            for k in run.indices {
                let (index, inserted) = table.insert(run[k].glyphID)
                if inserted {
                    glyphs.append(run[k].glyphID)
                    texts.append(run[k].text)
                } else if texts[index].isEmpty && !run[k].text.isEmpty {
                    texts[index] = run[k].text  // the first non-empty text wins: a code maps to one string in a ToUnicode CMap
                }
            }
        }
    }

    /// The glyphs in ascending order (they are distinct), for the subset and the tag. Through a bitmap
    /// of the 16-bit glyph space: a comparison sort of a policy's ~600 glyphs, done for the subset and
    /// again for the tag, was over 1 % of a document's instructions.
    func ascendingGlyphs() -> [UInt32] {
        guard glyphs.count > 64, glyphs.allSatisfy({ $0 <= UInt32(UInt16.max) }) else { return glyphs.sorted() }
        var words = [UInt64](repeating: 0, count: 1024)
        for glyph in glyphs { words[Int(glyph >> 6)] |= 1 << UInt64(glyph & 63) }
        var out: [UInt32] = []
        out.reserveCapacity(glyphs.count)
        for w in words.indices where words[w] != 0 {
            var bits = words[w]
            while bits != 0 {
                out.append(UInt32(w << 6 | bits.trailingZeroBitCount))
                bits &= bits &- 1
            }
        }
        return out
    }
}

/// Writes a composite font: Type0 with Identity-H encoding over a CIDFont with embedded subset,
/// widths and a ToUnicode CMap (ISO 32000-1 §9.7). The subset carries its tag `ABCDEF+Name` (§9.6.4).
enum FontEmbedding {
    /// The subset of the glyphs a document uses of one font.
    /// `ascending`: the usage's ``FontUsage/ascendingGlyphs()``.
    static func subset(_ usage: FontUsage, ascending: [UInt32]) throws -> FontSubset {
        try usage.font.subset(glyphs: ascending)
    }

    /// The parts of a font's objects that take time: the tag, the /W array, the ToUnicode CMap and
    /// the compressed program. Thread-safe, so the exporter makes them while it draws the pages.
    /// `codes` are the glyphs' codes and widths in `usage.glyphs` order, as the content streams use them;
    /// `codesChecked`: the caller has checked that they are the subset's, so the CMap takes them as
    /// they are instead of looking each glyph up in the subset again.
    static func prepare(_ usage: FontUsage, ascending glyphs: [UInt32], subset: FontSubset, codes: [GlyphCode], codesChecked: Bool = false,
                        compress: Bool) -> PreparedFont {
        let baseFont = tag(font: usage.font, glyphs: glyphs) + "+" + usage.font.postScriptName
        let mappings = codesChecked
            ? zip(codes, usage.texts).map { (code: $0.code, text: $1) }
            : zip(usage.glyphs, usage.texts).compactMap { glyph, text in subset.codes[glyph].map { (code: $0, text: text) } }
        let toUnicode = ToUnicodeCMap.build(mappings)
        return PreparedFont(subset: subset, baseFont: baseFont, widths: widthArray(codes),
                            toUnicode: compress ? Deflate.zlib(toUnicode, memo: usage.font.caches?.cache("cmaps")) : toUnicode,
                            program: compress ? compressedProgram(subset, font: usage.font, glyphs: glyphs) : subset.program.bytes,
                            compressed: compress)
    }

    /// /W: runs of consecutive codes share one array of widths (§9.7.4.3).
    /// Glyphs as wide as /DW (1000: every ideograph) need no entry.
    static func widthArray(_ codes: [GlyphCode]) -> [UInt8] {
        let widths: [(UInt16, Double)] = codes.filter { $0.width != 1000 }.map { ($0.code, $0.width) }.sorted { $0.0 < $1.0 }
        var w: [UInt8] = [UInt8(ascii: "[")]
        w.reserveCapacity(widths.count * 6 + 16)
        var k = 0
        while k < widths.count {
            PDFNumber.appendDigits(Int(widths[k].0), to: &w)
            w.append(UInt8(ascii: "["))
            var j = k
            repeat {
                if j > k { w.append(UInt8(ascii: " ")) }
                PDFNumber.append(widths[j].1, to: &w)
                j += 1
            } while j < widths.count && widths[j].0 == widths[j - 1].0 + 1
            w.append(UInt8(ascii: "]"))
            k = j
        }
        w.append(UInt8(ascii: "]"))
        return w
    }

    /// Embeds the subset with its prepared parts.
    static func write(_ usage: FontUsage, prepared: PreparedFont, ref type0: Int, into writer: inout PDFWriter) {
        let font = usage.font, subset = prepared.subset
        let baseFont = prepared.baseFont
        let upem = Double(font.unitsPerEm)
        func scaled(_ v: Int32) -> Double { (Double(v) * 1000 / upem).rounded() }
        let filter: String? = prepared.compressed ? "FlateDecode" : nil

        let cidFont = writer.reserve(), descriptor = writer.reserve(), file = writer.reserve(), toUnicode = writer.reserve()
        var cid: [(String, PDFValue)] = [
            ("Type", .name("Font")),
            ("Subtype", .name(font.outlines == .cff ? "CIDFontType0" : "CIDFontType2")),
            ("BaseFont", .name(baseFont)),
            ("CIDSystemInfo", .dict([("Registry", .literal(Array("Adobe".utf8))), ("Ordering", .literal(Array("Identity".utf8))), ("Supplement", .int(0))])),
            ("FontDescriptor", .ref(descriptor)),
            ("DW", .int(1000)),
            ("W", .raw(prepared.widths)),
        ]
        if font.outlines == .trueType { cid.append(("CIDToGIDMap", .name("Identity"))) }
        writer.write(cidFont, .dict(cid))

        let bbox = font.boundingBox
        let fileKey: String
        let programEntries: [(String, PDFValue)]
        switch subset.program {
        case .cidKeyedCFF: fileKey = "FontFile3"; programEntries = [("Subtype", .name("CIDFontType0C"))]
        case .openTypeCFF: fileKey = "FontFile3"; programEntries = [("Subtype", .name("OpenType"))]
        case .trueType(let bytes): fileKey = "FontFile2"; programEntries = [("Length1", .int(bytes.count))]
        }
        writer.writeStream(file, programEntries, data: prepared.program, compressible: false, filter: filter)
        writer.write(descriptor, .dict([
            ("Type", .name("FontDescriptor")),
            ("FontName", .name(baseFont)),
            ("Flags", .int(4)),  // symbolic: glyphs outside the standard Latin set
            ("FontBBox", .array([scaled(bbox.0), scaled(bbox.1), scaled(bbox.2), scaled(bbox.3)].map { .real($0) })),
            ("ItalicAngle", .int(0)),
            ("Ascent", .real(scaled(font.ascender))),
            ("Descent", .real(scaled(font.descender))),
            ("CapHeight", .real(scaled(font.capHeight))),
            ("StemV", .int(font.weight >= 600 ? 120 : 80)),
            (fileKey, .ref(file)),
        ]))

        writer.writeStream(toUnicode, [], data: prepared.toUnicode, compressible: false, filter: filter)

        writer.write(type0, .dict([
            ("Type", .name("Font")),
            ("Subtype", .name("Type0")),
            ("BaseFont", .name(baseFont)),
            ("Encoding", .name("Identity-H")),
            ("DescendantFonts", .array([.ref(cidFont)])),
            ("ToUnicode", .ref(toUnicode)),
        ]))
    }

    /// The Flate-compressed program: the subsetter's own when it made one (a CID-keyed CFF it
    /// flattened, its glyphs' bits coded once per process), else from the cache when the same font and
    /// glyph set was seen before. Thread-safe: the exporter compresses programs on other threads while
    /// it writes content streams.
    ///
    /// A bare CID-keyed CFF is almost all charstrings, which repeat too little for back-references to
    /// pay: its bytes are only Huffman-coded (``LiteralDeflate``), 3 % larger for a fifth of the time.
    /// TrueType and OpenType programs have tables that do repeat, and get libdeflate.
    static func compressedProgram(_ subset: FontSubset, font: Font, glyphs: [UInt32]) -> [UInt8] {
        if let made = subset.compressedProgram { return made }
        let program = subset.program
        let cache: BoundedCache<CompressedPrograms.Key, [UInt8]>? = font.caches?.cache("font-programs")
        let key = CompressedPrograms.Key(font: font, glyphs: glyphs)
        if let cached = cache?.get(key) { return cached }
        let fresh = switch program {
        case .cidKeyedCFF(let bytes): LiteralDeflate.zlib(bytes)
        case .openTypeCFF(let bytes), .trueType(let bytes): Deflate.zlib(bytes, level: Deflate.fontProgramLevel)
        }
        cache?.put(key, fresh, cost: fresh.count + glyphs.count * 4 + 64)
        return fresh
    }

    /// Six capital letters from a hash of the font and its glyph set: stable for the same input.
    static func tag(font: Font, glyphs: [UInt32]) -> String {
        var bytes = Array(font.postScriptName.utf8)
        bytes.reserveCapacity(bytes.count + glyphs.count * 4)
        for g in glyphs { withUnsafeBytes(of: g.littleEndian) { bytes.append(contentsOf: $0) } }
        let hash = FileIdentifier.of(bytes)  // a name, not a seal: XXH3 is enough
        return String(decoding: hash.prefix(6).map { UInt8(ascii: "A") + $0 % 26 }, as: UTF8.self)
    }
}

/// A font's parts made ahead of writing (``FontEmbedding/prepare(_:ascending:subset:codes:codesChecked:compress:)``): streams
/// are Flate-compressed when `compressed`.
struct PreparedFont: Sendable {
    var subset: FontSubset
    var baseFont: String
    var widths: [UInt8]
    var toUnicode: [UInt8]
    var program: [UInt8]
    var compressed: Bool
}

/// Flate-compressed font programs by font and glyph set: the key of the font book's `font-programs`
/// cache (``RenderCaches``).
enum CompressedPrograms {
    struct Key: Hashable {
        /// The font itself (equal by identity, held by the key): `font.index` is a place in one font book
        /// only, and a second book would have been handed the first book's programs.
        var font: Font
        var glyphs: [UInt32]
    }
}
