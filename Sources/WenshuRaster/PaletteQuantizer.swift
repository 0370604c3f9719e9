/// Approximates a page of more than 256 colours by a palette of at most 256, within a bound per
/// channel, or reports that it cannot. Pages qualify when their colours are blends of a few inks over a
/// few flat backgrounds: anti-aliased text and rules in black, grey and a heading blue, a translucent
/// red seal or watermark, light table shading.
///
/// 1. ``ColourCounts`` counts the distinct colours (giving up above ``maximumDistinctColours``, as a
///    photograph would exceed) and marks as *flat* each colour that forms a horizontal run of at least
///    ``flatRun`` pixels somewhere: a fill, a background or the inside of a seal.
/// 2. Every flat colour becomes a palette entry as it is. Flat areas are where a small change shows:
///    a table shading of #F8F8F8 is within 8 of white and would vanish if it were merged into white.
/// 3. The remaining colours (edge pixels of glyphs, strokes and image edges), by descending count, each
///    become an entry only when no entry is already within ``maximumError`` in every channel. When
///    that needs more than 256 entries, a greedy cover picks them instead (``coveringPalette(_:slots:)``).
/// 4. Each colour is then mapped to the nearest entry (squared distance) among those within the bound,
///    so the error of every pixel is at most ``maximumError`` per channel.
///
/// Worked example: a page in white, black, #555555 and #12488C text. The white–black blend is a line
/// of 256 greys; an entry covers 2 × 8 + 1 = 17 levels of it, so about 15–30 entries (greedy choice
/// by count spaces them less evenly than 17 apart) cover it. Four such lines, a few flat fills and the
/// seal's blends fit in 256 entries; an RGB gradient or a photograph does not, and stays RGB.
///
/// Deterministic: ties in count are broken by colour value, never by hash order.
struct PaletteQuantizer {
    /// Largest difference, in any channel, between a pixel and its palette entry: 8 of 255 (3 %), below
    /// what shows on anti-aliased edges, and the bound ``PNGEncoder`` accepts.
    static let maximumError = 8
    /// Pages with more distinct colours are left RGB without trying (a photograph, a gradient).
    static let maximumDistinctColours = 16_384
    /// A colour that fills this many pixels side by side in a row is kept exact.
    static let flatRun = 8

    /// The palette (0xRRGGBB entries, flat colours first) and the map from each page colour to its entry.
    let palette: [UInt32]
    let map: ColourMap

    /// From the page's colours as ``ColourCounts`` found them. Nil when there are more than 256 flat
    /// colours, or more than 256 entries are needed within ``maximumError``.
    init?(_ counts: ColourCounts) {
        let bound = PaletteQuantizer.maximumError
        var slots = counts.occupiedSlots
        slots.sort { a, b in
            if counts.flat[a] != counts.flat[b] { return counts.flat[a] }
            if counts.counts[a] != counts.counts[b] { return counts.counts[a] > counts.counts[b] }
            return counts.keys[a] < counts.keys[b]
        }
        var palette: [UInt32] = []
        palette.reserveCapacity(256)
        for slot in slots {
            let colour = counts.keys[slot]
            if !counts.flat[slot] && palette.contains(where: { PaletteQuantizer.chebyshev($0, colour) <= bound }) { continue }
            guard palette.count < 256 else {
                guard let covered = PaletteQuantizer.coveringPalette(counts, slots: slots) else { return nil }
                palette = covered
                break
            }
            palette.append(colour)
        }
        var indices = [UInt8](repeating: 0, count: counts.keys.count)
        for slot in slots {
            let colour = counts.keys[slot]
            var best = 0, bestDistance = Int.max
            for (i, entry) in palette.enumerated() where PaletteQuantizer.chebyshev(entry, colour) <= bound {
                let d = PaletteQuantizer.squared(entry, colour)
                if d < bestDistance { best = i; bestDistance = d }
                if d == 0 { break }
            }
            indices[slot] = UInt8(best)
        }
        self.palette = palette
        self.map = ColourMap(keys: counts.keys, indices: indices)
    }

    /// When choosing by count needs more than 256 entries: the flat colours, then page colours picked
    /// greedily by how many colours still uncovered lie within ``maximumError`` of them (a greedy set
    /// cover), or nil when that too needs more than 256.
    ///
    /// Choosing by count spends entries on neighbouring edge colours of one blend; a translucent seal
    /// over text makes blends of blends (red over black, grey and white), and the second page of a
    /// text-heavy policy needed 276 entries by count where 229 cover it. Ties go to the smaller
    /// colour value, so the choice is deterministic. Neighbours are found through a grid of cells
    /// ``maximumError`` + 1 wide: a colour within the bound lies in one of the 27 cells around.
    static func coveringPalette(_ counts: ColourCounts, slots: [Int]) -> [UInt32]? {
        let bound = maximumError
        var palette = slots.filter { counts.flat[$0] }.map { counts.keys[$0] }
        guard palette.count <= 256 else { return nil }
        let candidates = slots.filter { !counts.flat[$0] }.map { counts.keys[$0] }
        let open = candidates.filter { c in !palette.contains { chebyshev($0, c) <= bound } }
        let cellSize = UInt32(bound + 1)
        func cell(_ c: UInt32) -> (Int, Int, Int) { (Int((c >> 16 & 0xFF) / cellSize), Int((c >> 8 & 0xFF) / cellSize), Int((c & 0xFF) / cellSize)) }
        func cellKey(_ r: Int, _ g: Int, _ b: Int) -> Int { (r + 1) << 16 | (g + 1) << 8 | (b + 1) }
        var grid: [Int: [Int]] = [:]
        for (k, c) in open.enumerated() { let (r, g, b) = cell(c); grid[cellKey(r, g, b), default: []].append(k) }
        // For each candidate, the open colours it would cover; for each open colour, who covers it.
        var covers = [[Int]](repeating: [], count: candidates.count)
        var coveredBy = [[Int]](repeating: [], count: open.count)
        for (i, c) in candidates.enumerated() {
            let (r, g, b) = cell(c)
            for dr in -1...1 { for dg in -1...1 { for db in -1...1 {
                for k in grid[cellKey(r + dr, g + dg, b + db)] ?? [] where chebyshev(c, open[k]) <= bound {
                    covers[i].append(k)
                    coveredBy[k].append(i)
                }
            } } }
        }
        var gain = covers.map(\.count)
        var isCovered = [Bool](repeating: false, count: open.count)
        var remaining = open.count
        while remaining > 0 {
            var best = -1
            for i in candidates.indices where gain[i] > 0 {
                if best < 0 || gain[i] > gain[best] || (gain[i] == gain[best] && candidates[i] < candidates[best]) { best = i }
            }
            guard best >= 0, palette.count < 256 else { return nil }
            palette.append(candidates[best])
            for k in covers[best] where !isCovered[k] {
                isCovered[k] = true
                remaining -= 1
                for i in coveredBy[k] { gain[i] -= 1 }
            }
        }
        return palette
    }

    /// Largest per-channel difference of two 0xRRGGBB colours.
    static func chebyshev(_ a: UInt32, _ b: UInt32) -> Int {
        max(abs(Int(a >> 16 & 0xFF) - Int(b >> 16 & 0xFF)), abs(Int(a >> 8 & 0xFF) - Int(b >> 8 & 0xFF)), abs(Int(a & 0xFF) - Int(b & 0xFF)))
    }

    static func squared(_ a: UInt32, _ b: UInt32) -> Int {
        let r = Int(a >> 16 & 0xFF) - Int(b >> 16 & 0xFF), g = Int(a >> 8 & 0xFF) - Int(b >> 8 & 0xFF), b = Int(a & 0xFF) - Int(b & 0xFF)
        return r * r + g * g + b * b
    }
}

/// Page colours (0xRRGGBB) to palette indices, in an open-addressed table; every colour of the page
/// is present.
struct ColourMap {
    let keys: [UInt32]
    let indices: [UInt8]

    func index(_ colour: UInt32) -> UInt8 {
        let mask = keys.count - 1
        var slot = ColourCounts.hash(colour, mask: mask)
        while keys[slot] != colour { slot = (slot + 1) & mask }
        return indices[slot]
    }
}

/// The distinct colours of an RGB page with their pixel counts, in an open-addressed table of
/// `2 × limit` slots rounded up to a power of two (keys `.max` mark empty slots; colours use 24 bits).
struct ColourCounts {
    private(set) var keys: [UInt32]
    private(set) var counts: [Int]
    /// Whether the colour forms a run of at least ``PaletteQuantizer/flatRun`` pixels in some row.
    private(set) var flat: [Bool]
    private(set) var occupiedSlots: [Int] = []

    /// Nil when the page has more than `limit` distinct colours.
    init?(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, limit: Int) {
        var size = 1
        while size < 2 * limit { size <<= 1 }
        keys = [UInt32](repeating: .max, count: size)
        counts = [Int](repeating: 0, count: size)
        flat = [Bool](repeating: false, count: size)
        let mask = size - 1
        guard let base = pixels.baseAddress, width > 0 else { return }
        for y in 0..<height {
            let row = base + y * width * 3
            var x = 0
            while x < width {
                let run = PixelRuns.length(row, from: x, width: width)
                let o = x * 3
                guard add(UInt32(row[o]) << 16 | UInt32(row[o + 1]) << 8 | UInt32(row[o + 2]), run, mask: mask, limit: limit) else { return nil }
                x += run
            }
        }
    }

    private mutating func add(_ colour: UInt32, _ run: Int, mask: Int, limit: Int) -> Bool {
        var slot = ColourCounts.hash(colour, mask: mask)
        while keys[slot] != .max && keys[slot] != colour { slot = (slot + 1) & mask }
        if keys[slot] == .max {
            guard occupiedSlots.count < limit else { return false }
            keys[slot] = colour
            occupiedSlots.append(slot)
        }
        counts[slot] += run
        if run >= PaletteQuantizer.flatRun { flat[slot] = true }
        return true
    }

    static func hash(_ colour: UInt32, mask: Int) -> Int { Int(truncatingIfNeeded: (UInt64(colour) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask }
}

/// Runs of one colour in a row of RGB pixels, found eight pixels at a time: pixels q+1…q+8 equal
/// pixels q…q+7 exactly when the 24 bytes after pixel q equal the 24 bytes from it shifted by one
/// pixel, and then all equal pixel q. White margins and fills are most of a page.
enum PixelRuns {
    /// How many pixels from `x` on (at least 1) have pixel `x`'s colour.
    @inline(__always)
    static func length(_ row: UnsafePointer<UInt8>, from x: Int, width: Int) -> Int {
        let raw = UnsafeRawPointer(row)
        var q = x
        while q + 8 < width {
            let a = q * 3
            guard raw.loadUnaligned(fromByteOffset: a, as: UInt64.self) == raw.loadUnaligned(fromByteOffset: a + 3, as: UInt64.self),
                  raw.loadUnaligned(fromByteOffset: a + 8, as: UInt64.self) == raw.loadUnaligned(fromByteOffset: a + 11, as: UInt64.self),
                  raw.loadUnaligned(fromByteOffset: a + 16, as: UInt64.self) == raw.loadUnaligned(fromByteOffset: a + 19, as: UInt64.self)
            else { break }
            q += 8
        }
        while q + 1 < width {
            let a = q * 3
            guard row[a] == row[a + 3], row[a + 1] == row[a + 4], row[a + 2] == row[a + 5] else { break }
            q += 1
        }
        return q - x + 1
    }
}
