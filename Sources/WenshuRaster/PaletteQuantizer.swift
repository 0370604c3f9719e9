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
        var order = Array(counts.colours.indices)
        order.sort { a, b in
            if counts.flat[a] != counts.flat[b] { return counts.flat[a] }
            if counts.counts[a] != counts.counts[b] { return counts.counts[a] > counts.counts[b] }
            return counts.colours[a] < counts.colours[b]
        }
        var palette = ColourGrid()
        for n in order {
            let colour = counts.colours[n]
            if !counts.flat[n] && palette.contains(near: colour) { continue }
            guard palette.colours.count < 256 else {
                guard let covered = PaletteQuantizer.coveringPalette(counts, order: order) else { return nil }
                palette = ColourGrid(covered)
                break
            }
            palette.append(colour)
        }
        // Each colour to its nearest entry within the bound, the lowest index among equals.
        var indices = [UInt8](repeating: 0, count: counts.colours.count)
        for (n, colour) in counts.colours.enumerated() {
            var best = 0, bestDistance = Int.max
            palette.forEach(near: colour) { i in
                let d = PaletteQuantizer.squared(palette.colours[i], colour)
                if d < bestDistance || (d == bestDistance && i < best) { best = i; bestDistance = d }
                return true
            }
            indices[n] = UInt8(best)
        }
        self.palette = palette.colours
        self.map = ColourMap(counts: counts, indices: indices)
    }

    /// When choosing by count needs more than 256 entries: the flat colours, then page colours picked
    /// greedily by how many colours still uncovered lie within ``maximumError`` of them (a greedy set
    /// cover), or nil when that too needs more than 256. `order` is the colours' numbers, flat first.
    ///
    /// Choosing by count spends entries on neighbouring edge colours of one blend; a translucent seal
    /// over text makes blends of blends (red over black, grey and white), and the second page of a
    /// text-heavy policy needed 276 entries by count where 229 cover it. Ties go to the smaller
    /// colour value, so the choice is deterministic.
    static func coveringPalette(_ counts: ColourCounts, order: [Int]) -> [UInt32]? {
        var palette = order.filter { counts.flat[$0] }.map { counts.colours[$0] }
        guard palette.count <= 256 else { return nil }
        let flat = ColourGrid(palette)
        let candidates = order.filter { !counts.flat[$0] }.map { counts.colours[$0] }
        let open = ColourGrid(candidates.filter { !flat.contains(near: $0) })
        // For each candidate, the open colours it would cover; for each open colour, who covers it.
        var covers = [[Int]](repeating: [], count: candidates.count)
        var coveredBy = [[Int]](repeating: [], count: open.colours.count)
        for (i, c) in candidates.enumerated() {
            open.forEach(near: c) { k in
                covers[i].append(k)
                coveredBy[k].append(i)
                return true
            }
        }
        var gain = covers.map(\.count)
        var isCovered = [Bool](repeating: false, count: open.colours.count)
        var remaining = open.colours.count
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

/// Page colours (0xRRGGBB) to palette indices; every colour of the page is present.
struct ColourMap {
    let counts: ColourCounts
    /// Palette index by colour number (``ColourCounts``).
    let indices: [UInt8]

    func index(_ colour: UInt32) -> UInt8 { indices[counts.number(of: colour)] }
}
