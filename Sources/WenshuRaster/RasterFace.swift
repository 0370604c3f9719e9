import CFreeType
import WenshuText

/// A layout `Font` opened in FreeType, once per process, with the glyph bitmaps and outlines
/// rendered from it so far.
///
/// FreeType faces are not thread-safe (FreeType API reference, "FT_Face": a face object must be
/// used by one thread at a time), so every use goes through ``withLock(_:)``. Each face has its own
/// `FT_Library`, so faces never contend with one another.
///
/// The face reads the font file in place (`FT_New_Memory_Face` on `Font.withFileBytes`): the bytes
/// belong to the font's HarfBuzz blob, which lives as long as the `Font`, and this object keeps its
/// `Font` alive for as long as the face exists.
final class RasterFace: @unchecked Sendable {
    let font: Font
    private let library: FT_Library
    private let face: FT_Face
    private let lock = Lock()
    /// Guarded by `lock`.
    private var bitmaps: [GlyphBitmap.Key: GlyphBitmap] = [:]
    private var outlines: [UInt32: GlyphOutline] = [:]
    private var pixelSize: FT_F26Dot6 = 0

    /// Bitmaps kept per face before the cache starts over (about 30 MB of coverage at worst).
    static let bitmapCacheLimit = 50_000

    private init(font: Font) throws(RasterError) {
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else {
            throw RasterError(.fontFailure, "failed to start FreeType for font '\(font)'")
        }
        var face: FT_Face?
        let error = font.withFileBytes { bytes in
            FT_New_Memory_Face(library, bytes.baseAddress?.assumingMemoryBound(to: FT_Byte.self),
                               FT_Long(bytes.count), FT_Long(font.faceIndex), &face)
        }
        guard error == 0, let face else {
            FT_Done_FreeType(library)
            throw RasterError(.fontFailure, "failed to rasterize font '\(font)' (FreeType cannot open face \(font.faceIndex) of '\(font.path)', error \(error))")
        }
        self.font = font
        self.library = library
        self.face = face
    }

    deinit {
        FT_Done_Face(face)
        FT_Done_FreeType(library)
    }

    // MARK: - The font book's faces

    /// Memory a face may come to hold (its bitmap cache full), the cost it is kept at.
    static let maximumBytes = 32 << 20

    /// The face for `font`, from its font book's `raster-faces` cache (``RenderCaches``), opened on
    /// first use. Keyed by the font itself (held), not by its address: a font freed with its book must
    /// not hand its face to a new font at the same address. A face dropped from the cache closes once
    /// the last page using it is done. A font whose book is gone gets a face of its own.
    /// - Throws: ``RasterError`` with code `fontFailure` when FreeType cannot open the face.
    static func face(for font: Font) throws(RasterError) -> RasterFace {
        guard let caches = font.caches else { return try RasterFace(font: font) }
        let cache: BoundedCache<Font, RasterFace> = caches.cache("raster-faces")
        return try cache.value(font, cost: { _ in maximumBytes }) { () throws(RasterError) -> RasterFace in try RasterFace(font: font) }
    }

    // MARK: - Glyphs

    /// Runs `body` with exclusive use of the face's FreeType state and caches.
    func withLock<R>(_ body: (inout Access) throws(RasterError) -> R) throws(RasterError) -> R {
        try lock.withLock { () throws(RasterError) -> R in
            var access = Access(owner: self)
            return try body(&access)
        }
    }

    /// Glyph lookups, valid only inside ``withLock(_:)``.
    struct Access {
        fileprivate let owner: RasterFace

        /// The anti-aliased coverage of `glyph` at `key.pixelSize` (26.6 pixels per em), shifted right
        /// and down by the key's quarter-pixel phase, unhinted (`FT_LOAD_NO_HINTING`) so that glyphs
        /// sit exactly where the PDF puts them.
        mutating func bitmap(_ key: GlyphBitmap.Key) throws(RasterError) -> GlyphBitmap {
            if let cached = owner.bitmaps[key] { return cached }
            let face = owner.face
            if owner.pixelSize != key.pixelSize {
                let error = FT_Set_Char_Size(face, 0, key.pixelSize, 72, 72)
                guard error == 0 else { throw owner.failure("cannot set size \(Double(key.pixelSize) / 64) px", error) }
                owner.pixelSize = key.pixelSize
            }
            // The phase moves the outline right (x) and down (FreeType's −y) before rendering.
            var delta = FT_Vector(x: FT_Pos(key.phaseX) * 16, y: -FT_Pos(key.phaseY) * 16)
            FT_Set_Transform(face, nil, &delta)
            var error = FT_Load_Glyph(face, FT_UInt(key.glyph), FT_Int32(FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP))
            guard error == 0 else { throw owner.failure("cannot load glyph \(key.glyph)", error) }
            error = FT_Render_Glyph(face.pointee.glyph, FT_RENDER_MODE_NORMAL)
            guard error == 0 else { throw owner.failure("cannot render glyph \(key.glyph)", error) }
            let slot = face.pointee.glyph.pointee
            let map = slot.bitmap
            let width = Int(map.width), height = Int(map.rows), pitch = Int(map.pitch)
            var coverage = [UInt8](repeating: 0, count: width * height)
            if let buffer = map.buffer, width > 0 {
                for row in 0..<height {
                    let source = pitch >= 0 ? row * pitch : (height - 1 - row) * -pitch
                    for col in 0..<width { coverage[row * width + col] = buffer[source + col] }
                }
            }
            let bitmap = GlyphBitmap(width: width, height: height, left: Int(slot.bitmap_left), top: Int(slot.bitmap_top), coverage: coverage)
            if owner.bitmaps.count >= RasterFace.bitmapCacheLimit { owner.bitmaps.removeAll(keepingCapacity: true) }
            owner.bitmaps[key] = bitmap
            return bitmap
        }

        /// The outline of `glyph` in font units (y up), unscaled and unhinted, for glyphs drawn under
        /// a rotation or skew, where a pre-rendered bitmap would be wrong.
        mutating func outline(_ glyph: UInt32) throws(RasterError) -> GlyphOutline {
            if let cached = owner.outlines[glyph] { return cached }
            let face = owner.face
            FT_Set_Transform(face, nil, nil)
            let error = FT_Load_Glyph(face, FT_UInt(glyph), FT_Int32(FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP))
            guard error == 0 else { throw owner.failure("cannot load glyph \(glyph)", error) }
            let source = face.pointee.glyph.pointee.outline
            var outline = GlyphOutline(points: [], tags: [], contourEnds: [])
            for k in 0..<Int(source.n_points) {
                let p = source.points[k]
                outline.points.append((Double(p.x), Double(p.y)))
                outline.tags.append(CChar(Int(source.tags[k]) & 3))  // FT_CURVE_TAG: drop dropout flags
            }
            for k in 0..<Int(source.n_contours) { outline.contourEnds.append(Int(source.contours[k]) + 1) }
            owner.outlines[glyph] = outline
            return outline
        }
    }

    private func failure(_ what: String, _ error: FT_Error) -> RasterError {
        RasterError(.fontFailure, "failed to rasterize font '\(font)' (\(what), FreeType error \(error))")
    }
}

/// A rendered glyph: 8-bit coverage rows, placed `left` pixels right of and `top` pixels above the
/// integer pen position.
struct GlyphBitmap {
    /// Glyph, size (26.6 pixels per em) and the pen's fractional position in quarter pixels (0…3).
    struct Key: Hashable {
        var glyph: UInt32
        var pixelSize: FT_F26Dot6
        var phaseX: Int
        var phaseY: Int
    }
    var width: Int
    var height: Int
    var left: Int
    var top: Int
    var coverage: [UInt8]
}

/// A glyph outline in font units, y up, with FreeType curve tags.
struct GlyphOutline {
    var points: [(x: Double, y: Double)]
    var tags: [CChar]
    /// Index after each contour's last point.
    var contourEnds: [Int]
}
