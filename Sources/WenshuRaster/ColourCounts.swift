/// The distinct colours of an RGB page with their pixel counts, numbered in order of first appearance
/// (reading order); and, while the page has few enough runs, the page itself as runs of one colour,
/// so that the encoder writes rows from the runs instead of reading and hashing every pixel again.
///
/// Colours are numbered densely so that counts and flags sit side by side in small arrays: a page's
/// few hundred to few thousand colours stay in cache, where a table sized for the 16,384-colour limit
/// made every run a cache miss.
struct ColourCounts {
    /// Colours (0xRRGGBB) by number.
    private(set) var colours: [UInt32] = []
    /// Pixels of each colour.
    private(set) var counts: [Int] = []
    /// Whether the colour forms a run of at least ``PaletteQuantizer/flatRun`` pixels in some row.
    private(set) var flat: [Bool] = []
    /// The page in reading order as runs of one colour, each `number << 16 | length` (a run longer than
    /// 65,535 pixels is several entries); no run crosses a row's end. Nil when the page has more runs
    /// than half its pixels (a photograph), where the list would cost more than reading the pixels again.
    private(set) var runs: RunList?
    private var table = ColourNumbers()

    /// Nil when the page has more than `limit` distinct colours (at most 65,536).
    init?(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, limit: Int) {
        precondition(limit <= 1 << 16, "colour numbers must fit the 16 bits a run gives them")
        // A text-heavy A4 page at 150 dpi has about 300,000 runs; a tenth of the pixels covers it.
        let runs = RunList(limit: max(width * height / 2, 1), expected: width * height / 10)
        guard let base = pixels.baseAddress, width > 0 else { self.runs = runs; return }
        // Counts and flags in raw buffers sized for the limit (only the first few hundred entries are
        // ever touched): arrays growing in `self` paid a uniqueness check on every run.
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: limit)
        let flat = UnsafeMutablePointer<Bool>.allocate(capacity: limit)
        defer { counts.deallocate(); flat.deallocate() }
        var table = ColourNumbers()
        var colours: [UInt32] = []
        var keepRuns = true
        for y in 0..<height {
            let row = base + y &* width &* 3
            var x = 0
            while x < width {
                let run = PixelRuns.length(row, from: x, width: width)
                let o = x &* 3
                let colour = UInt32(row[o]) << 16 | UInt32(row[o &+ 1]) << 8 | UInt32(row[o &+ 2])
                var number = table.number(of: colour)
                if number < 0 {
                    guard colours.count < limit else { return nil }
                    number = colours.count
                    table.insert(colour, number: number)
                    colours.append(colour)
                    counts[number] = 0
                    flat[number] = false
                }
                counts[number] &+= run
                if run >= PaletteQuantizer.flatRun { flat[number] = true }
                if keepRuns { keepRuns = runs.append(number, length: run) }
                x &+= run
            }
        }
        self.colours = colours
        self.counts = Array(UnsafeBufferPointer(start: counts, count: colours.count))
        self.flat = Array(UnsafeBufferPointer(start: flat, count: colours.count))
        self.table = table
        self.runs = keepRuns ? runs : nil
    }

    /// The number of a colour of the page.
    func number(of colour: UInt32) -> Int { table.number(of: colour) }
}

/// Colour to number, open-addressed, each slot `colour << 32 | number` (`.max` empty), doubled when
/// half full.
struct ColourNumbers {
    private var slots = [UInt64](repeating: .max, count: 1024)
    private var used = 0

    /// The colour's number, or -1.
    @inline(__always)
    func number(of colour: UInt32) -> Int {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = ColourNumbers.hash(colour) & mask
            while true {
                let entry = slots[slot]
                if entry >> 32 == UInt64(colour) { return Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) }
                if entry == .max { return -1 }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds a colour not yet present.
    mutating func insert(_ colour: UInt32, number: Int) {
        if (used + 1) * 2 > slots.count {
            let old = slots
            slots = [UInt64](repeating: .max, count: old.count * 2)
            for entry in old where entry != .max { place(entry) }
        }
        place(UInt64(colour) << 32 | UInt64(number))
        used += 1
    }

    private mutating func place(_ entry: UInt64) {
        let mask = slots.count - 1
        var slot = ColourNumbers.hash(UInt32(truncatingIfNeeded: entry >> 32)) & mask
        while slots[slot] != .max { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    @inline(__always)
    static func hash(_ colour: UInt32) -> Int { Int(truncatingIfNeeded: (UInt64(colour) &* 0x9E37_79B9_7F4A_7C15) >> 40) }
}

/// Runs as ``ColourCounts`` records them, in one growing buffer: appending is the inner loop of the
/// count, where an array's uniqueness check on every append showed.
final class RunList {
    private(set) var entries: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    private var capacity: Int
    private var storage: UnsafeMutableRawBufferPointer
    /// Most entries kept; ``append(_:length:)`` refuses beyond it.
    let limit: Int

    /// The list starts with room for `expected` runs, from the scratch pool.
    init(limit: Int, expected: Int = 1 << 16) {
        self.limit = limit
        storage = ScratchPool.shared.take(bytes: max(min(expected, limit + 1), 16) * 4)
        capacity = storage.count / 4
        entries = storage.bindMemory(to: UInt32.self).baseAddress!
    }

    deinit { ScratchPool.shared.give(storage) }

    /// Records a run of `length` pixels of colour `number`; false once the list would pass its limit.
    @inline(__always)
    func append(_ number: Int, length: Int) -> Bool {
        var left = length
        while true {
            if count == capacity { grow() }
            let piece = min(left, 0xFFFF)
            entries[count] = UInt32(truncatingIfNeeded: number) << 16 | UInt32(truncatingIfNeeded: piece)
            count &+= 1
            left &-= piece
            if left == 0 { return count <= limit }
        }
    }

    private func grow() {
        let larger = ScratchPool.shared.take(bytes: capacity * 8)
        let moved = larger.bindMemory(to: UInt32.self).baseAddress!
        moved.update(from: entries, count: count)
        ScratchPool.shared.give(storage)
        storage = larger
        entries = moved
        capacity = larger.count / 4
    }
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
        // Wrapping arithmetic: offsets stay below the row's length, which the canvas limit keeps far
        // from overflow, and checked arithmetic was a third of this loop's instructions.
        while q &+ 8 < width {
            let a = q &* 3
            guard raw.loadUnaligned(fromByteOffset: a, as: UInt64.self) == raw.loadUnaligned(fromByteOffset: a &+ 3, as: UInt64.self),
                  raw.loadUnaligned(fromByteOffset: a &+ 8, as: UInt64.self) == raw.loadUnaligned(fromByteOffset: a &+ 11, as: UInt64.self),
                  raw.loadUnaligned(fromByteOffset: a &+ 16, as: UInt64.self) == raw.loadUnaligned(fromByteOffset: a &+ 19, as: UInt64.self)
            else { break }
            q &+= 8
        }
        while q &+ 1 < width {
            let a = q &* 3
            guard raw.loadUnaligned(fromByteOffset: a, as: UInt16.self) == raw.loadUnaligned(fromByteOffset: a &+ 3, as: UInt16.self),
                  row[a &+ 2] == row[a &+ 5] else { break }
            q &+= 1
        }
        return q &- x &+ 1
    }
}
