/// Glyph IDs to dense indices (0, 1, 2, ... in first-use order): an open-addressing table with
/// a multiplicative hash.
///
/// The exporter looks up every glyph of every run twice (collecting, then drawing): ~9,000 lookups
/// for a two-page policy, where a `Dictionary`'s seeded SipHash cost more than the rest of the work.
struct GlyphTable {
    /// Glyph + 1 per slot, 0 for an empty slot.
    private var slots: [UInt32]
    private var indices: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    /// 1,024 slots to start (8 KB): a policy's main font holds ~600 glyphs, and growing from 64 rehashed
    /// them five times.
    init() {
        slots = [UInt32](repeating: 0, count: 1024)
        indices = [Int32](repeating: 0, count: 1024)
        shift = 64 - 10
    }

    /// Fibonacci hashing: the top bits of glyph × 2⁶⁴/φ spread consecutive IDs over the table.
    @inline(__always)
    private func slot(_ glyph: UInt32) -> Int { Int((UInt64(glyph) &* 0x9E37_79B9_7F4A_7C15) &>> shift) }

    func index(of glyph: UInt32) -> Int? {
        var s = slot(glyph)
        let mask = slots.count - 1
        while true {
            let stored = slots[s]
            if stored == glyph &+ 1 { return Int(indices[s]) }
            if stored == 0 { return nil }
            s = (s + 1) & mask
        }
    }

    /// The glyph's index, adding it (as `count`) when new.
    mutating func insert(_ glyph: UInt32) -> (index: Int, inserted: Bool) {
        if count * 2 >= slots.count { grow() }
        var s = slot(glyph)
        let mask = slots.count - 1
        while true {
            let stored = slots[s]
            if stored == glyph &+ 1 { return (Int(indices[s]), false) }
            if stored == 0 {
                slots[s] = glyph &+ 1
                indices[s] = Int32(count)
                count += 1
                return (count - 1, true)
            }
            s = (s + 1) & mask
        }
    }

    private mutating func grow() {
        let old = zip(slots, indices).filter { $0.0 != 0 }
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        indices = [Int32](repeating: 0, count: slots.count)
        shift -= 1
        let mask = slots.count - 1
        for (stored, index) in old {
            var s = slot(stored &- 1)
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = stored
            indices[s] = index
        }
    }
}
