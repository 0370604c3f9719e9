/// Colours filed by cells ``PaletteQuantizer/maximumError`` + 1 wide in each channel, so that every
/// colour within the bound of another lies in one of the 27 cells around it: finding the entries near
/// a colour reads a handful of candidates instead of the whole palette.
struct ColourGrid {
    private static let cell = UInt32(PaletteQuantizer.maximumError + 1)
    private static let side = Int(255 / cell) + 1
    /// First colour of each cell, then each colour's next in its cell (-1 ends).
    private var head = [Int32](repeating: -1, count: side * side * side)
    private var next: [Int32] = []
    /// The colours filed, by index.
    private(set) var colours: [UInt32] = []

    init() {}

    init(_ colours: [UInt32]) { for colour in colours { append(colour) } }

    /// Files `colour` under index `colours.count`.
    mutating func append(_ colour: UInt32) {
        let (r, g, b) = ColourGrid.cell(of: colour)
        let c = (r * ColourGrid.side + g) * ColourGrid.side + b
        next.append(head[c])
        head[c] = Int32(colours.count)
        colours.append(colour)
    }

    /// Calls `body` with the index of every filed colour within ``PaletteQuantizer/maximumError`` of
    /// `colour` in every channel, in no particular order, until it returns false.
    func forEach(near colour: UInt32, _ body: (Int) -> Bool) {
        let (r, g, b) = ColourGrid.cell(of: colour)
        let side = ColourGrid.side
        for cr in max(r - 1, 0)...min(r + 1, side - 1) {
            for cg in max(g - 1, 0)...min(g + 1, side - 1) {
                for cb in max(b - 1, 0)...min(b + 1, side - 1) {
                    var k = head[(cr * side + cg) * side + cb]
                    while k >= 0 {
                        let index = Int(k)
                        if PaletteQuantizer.chebyshev(colours[index], colour) <= PaletteQuantizer.maximumError, !body(index) { return }
                        k = next[index]
                    }
                }
            }
        }
    }

    /// Whether a filed colour lies within the bound of `colour`.
    func contains(near colour: UInt32) -> Bool {
        var found = false
        forEach(near: colour) { _ in found = true; return false }
        return found
    }

    private static func cell(of colour: UInt32) -> (Int, Int, Int) {
        (Int((colour >> 16 & 0xFF) / cell), Int((colour >> 8 & 0xFF) / cell), Int((colour & 0xFF) / cell))
    }
}
