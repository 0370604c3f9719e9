import Testing
@testable import WenshuRaster

/// Palettes chosen by a greedy cover when choosing by count runs out of entries.
@Suite struct PaletteCoverTests {
    /// Ten ramps of 256 blends (grey, the primaries, their mixes), every colour one pixel wide, with
    /// every ninth step three times as common. Choosing by count takes those ninth steps first, 9
    /// apart, and needs 278 entries; entries 17 apart cover a ramp, and the cover needs about 150.
    static func rampPixels() -> [UInt8] {
        let ramps: [(Int) -> (Int, Int, Int)] = [
            { ($0, $0, $0) }, { ($0, 0, 0) }, { (0, $0, 0) }, { (0, 0, $0) }, { ($0, $0, 0) },
            { ($0, 0, $0) }, { (0, $0, $0) }, { (255, $0, 0) }, { (0, 255, $0) }, { ($0, 255, 255) },
        ]
        var rgb: [UInt8] = []
        func put(_ c: (Int, Int, Int)) { rgb += [UInt8(c.0), UInt8(c.1), UInt8(c.2)] }
        for ramp in ramps { for v in 0..<256 { put(ramp(v)) } }
        for _ in 0..<2 { for ramp in ramps { for v in stride(from: 0, to: 256, by: 9) { put(ramp(v)) } } }
        return rgb
    }

    @Test func rampsThatCountingCannotFitAreCoveredWithinTheBound() throws {
        let rgb = Self.rampPixels()
        let width = rgb.count / 3
        let form = rgb.withUnsafeBufferPointer { PNGEncoder.chooseForm($0, width: width, height: 1) }
        guard case .quantized(let palette, let bitDepth, let map) = form else {
            Issue.record("expected a quantized palette, got \(form)")
            return
        }
        #expect(palette.count <= 256 && bitDepth == 8)
        for p in stride(from: 0, to: rgb.count, by: 3) {
            let colour = UInt32(rgb[p]) << 16 | UInt32(rgb[p + 1]) << 8 | UInt32(rgb[p + 2])
            let entry = palette[Int(map.index(colour))]
            #expect(PaletteQuantizer.chebyshev(entry, colour) <= PaletteQuantizer.maximumError)
        }
        // Deterministic: the same pixels choose the same palette.
        let again = rgb.withUnsafeBufferPointer { PNGEncoder.chooseForm($0, width: width, height: 1) }
        if case .quantized(let second, _, _) = again { #expect(second == palette) } else { Issue.record("second choice differs") }
    }
}
