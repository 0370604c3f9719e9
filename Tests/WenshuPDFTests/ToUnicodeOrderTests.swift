import Testing
@testable import WenshuPDF

/// The CMap's entries by code: the counting sort gives exactly `sorted()`'s order, ties (one code
/// for two glyphs) in the order given.
@Suite struct ToUnicodeOrderTests {
    @Test(arguments: [0, 5, 64, 65, 600, 5_000])
    func countingSortMatchesSorted(count: Int) {
        var generator = SystemRandomNumberGenerator()
        let codes = (0..<count).map { k in k % 7 == 0 ? UInt16(k % 50) : UInt16.random(in: 0...UInt16.max, using: &generator) }
        let order = codes.enumerated().map { UInt64($0.element) << 32 | UInt64($0.offset) }
        #expect(ToUnicodeCMap.byCode(order) == order.sorted())
    }
}
