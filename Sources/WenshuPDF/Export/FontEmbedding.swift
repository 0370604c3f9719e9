import Foundation
import Crypto
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

    mutating func use(_ glyph: UInt32, text: String) {
        let (index, inserted) = table.insert(glyph)
        if inserted {
            glyphs.append(glyph)
            texts.append(text)
        } else if texts[index].isEmpty && !text.isEmpty {
            texts[index] = text  // the first non-empty text wins: a code maps to one string in a ToUnicode CMap
        }
    }
}

/// Writes a composite font: Type0 with Identity-H encoding over a CIDFont with embedded subset,
/// widths and a ToUnicode CMap (ISO 32000-1 §9.7). The subset carries its tag `ABCDEF+Name` (§9.6.4).
enum FontEmbedding {
    /// The subset of the glyphs a document uses of one font.
    static func subset(_ usage: FontUsage) throws -> FontSubset {
        try usage.font.subset(glyphs: usage.glyphs.sorted())
    }

    /// Embeds the subset. `codes` are the glyphs' codes and widths in `usage.glyphs` order, as the
    /// content streams used them; `compressedProgram` is the Flate-compressed font program when it
    /// was made ahead (in parallel with the content streams); nil compresses it here.
    static func write(_ usage: FontUsage, subset: FontSubset, codes: [GlyphCode], compressedProgram: [UInt8]?, ref type0: Int,
                      into writer: inout PDFWriter) {
        let font = usage.font
        let glyphs = usage.glyphs.sorted()
        let baseFont = tag(font: font, glyphs: glyphs) + "+" + font.postScriptName
        let upem = Double(font.unitsPerEm)
        func scaled(_ v: Int32) -> Double { (Double(v) * 1000 / upem).rounded() }

        let cidFont = writer.reserve(), descriptor = writer.reserve(), file = writer.reserve(), toUnicode = writer.reserve()

        // /W: runs of consecutive codes share one array of widths (§9.7.4.3).
        // Glyphs as wide as /DW (1000: every ideograph) need no entry.
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

        var cid: [(String, PDFValue)] = [
            ("Type", .name("Font")),
            ("Subtype", .name(font.outlines == .cff ? "CIDFontType0" : "CIDFontType2")),
            ("BaseFont", .name(baseFont)),
            ("CIDSystemInfo", .dict([("Registry", .literal(Array("Adobe".utf8))), ("Ordering", .literal(Array("Identity".utf8))), ("Supplement", .int(0))])),
            ("FontDescriptor", .ref(descriptor)),
            ("DW", .int(1000)),
            ("W", .raw(w)),
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
        writeProgram(subset.program, compressed: compressedProgram, ref: file, programEntries, font: font, glyphs: glyphs, into: &writer)
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

        let mappings = zip(usage.glyphs, usage.texts).compactMap { glyph, text in subset.codes[glyph].map { (code: $0, text: text) } }
        writer.writeStream(toUnicode, [], data: ToUnicodeCMap.build(mappings))

        writer.write(type0, .dict([
            ("Type", .name("Font")),
            ("Subtype", .name("Type0")),
            ("BaseFont", .name(baseFont)),
            ("Encoding", .name("Identity-H")),
            ("DescendantFonts", .array([.ref(cidFont)])),
            ("ToUnicode", .ref(toUnicode)),
        ]))
    }

    /// Writes a font program stream. Compressed programs are cached by font and glyph set: the faces
    /// that print a template's fixed text (a serif title, bold headings) compress once per process.
    static func writeProgram(_ program: FontSubset.Program, compressed: [UInt8]?, ref: Int, _ entries: [(String, PDFValue)], font: Font,
                             glyphs: [UInt32], into writer: inout PDFWriter) {
        guard writer.compress else {
            writer.writeStream(ref, entries, data: program.bytes)
            return
        }
        writer.writeStream(ref, entries, data: compressed ?? compressedProgram(program, font: font, glyphs: glyphs), filter: "FlateDecode")
    }

    /// The Flate-compressed program, from the cache when the same font and glyph set was seen before.
    /// Thread-safe: the exporter compresses programs on other threads while it writes content streams.
    ///
    /// A bare CID-keyed CFF is almost all charstrings, which repeat too little for back-references to
    /// pay: its bytes are only Huffman-coded (``LiteralDeflate``), 3 % larger for a fifth of the time.
    /// TrueType and OpenType programs have tables that do repeat, and get libdeflate.
    static func compressedProgram(_ program: FontSubset.Program, font: Font, glyphs: [UInt32]) -> [UInt8] {
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
        var hasher = SHA256()
        hasher.update(data: Array(font.postScriptName.utf8))
        for g in glyphs { withUnsafeBytes(of: g.littleEndian) { hasher.update(bufferPointer: $0) } }
        let digest = Array(hasher.finalize())
        return String(decoding: digest.prefix(6).map { UInt8(ascii: "A") + $0 % 26 }, as: UTF8.self)
    }
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
