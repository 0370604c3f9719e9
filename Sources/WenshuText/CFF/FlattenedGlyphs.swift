import Foundation

/// Flattened charstrings of the glyphs a face has subset so far, shared by every document of the
/// process: names and numbers change from one document to the next, but the characters they are
/// written with mostly repeat, so after a few documents a subset is only copies.
///
/// One arena per face, with each glyph's place in it; bounded (cleared past `limit` bytes, about
/// three times what every glyph of a CJK face takes).
final class FlattenedGlyphs: @unchecked Sendable {
    private let lock = NSLock()
    private var arena = ByteBuffer(capacity: 1 << 16)
    /// Per glyph: start in the arena and length + 1 (0 = not flattened yet).
    private var places: [(start: Int32, lengthPlusOne: Int32)]
    private let glyphCount: Int
    private let limit = 32 << 20

    /// The per-glyph table (8 bytes a glyph) is allocated on first use.
    init(glyphCount: Int) {
        places = []
        self.glyphCount = glyphCount
    }

    /// Appends each glyph's flattened charstring to `out`, flattening (and keeping) those not seen
    /// before; `ends` receives the end offset of each in `out`.
    func append(_ glyphs: [UInt32], to out: inout ByteBuffer, ends: inout [Int],
                flatten: (UInt32, inout ByteBuffer) throws(CharstringFlattener.Unsupported) -> Void) throws(CharstringFlattener.Unsupported) {
        lock.lock()
        defer { lock.unlock() }
        if places.isEmpty { places = Array(repeating: (0, 0), count: glyphCount) }
        for glyph in glyphs {
            var place = places[Int(glyph)]
            if place.lengthPlusOne == 0 {
                if arena.count > limit {
                    arena.truncate(to: 0)
                    for k in places.indices { places[k] = (0, 0) }
                }
                let start = arena.count
                try flatten(glyph, &arena)
                // The flattener caps a glyph at 64 KB and the arena is cleared past 32 MB: both fit.
                place = (Int32(start), Int32(arena.count - start + 1))
                places[Int(glyph)] = place
            }
            out.append(arena.base + Int(place.start), count: Int(place.lengthPlusOne) - 1)
            ends.append(out.count)
        }
    }
}
