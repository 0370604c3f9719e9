import Testing
@testable import WenshuText

/// A subset's glyph → code table finds every glyph it holds and none it does not, at every size
/// (the search halves without branching, so its bounds are easy to get wrong).
@Suite struct GlyphCodesTests {
    @Test func findsExactlyTheGlyphsItHolds() {
        for count in [0, 1, 2, 3, 7, 8, 9, 64, 600, 1025] {
            let glyphs = (0..<count).map { UInt32($0 * 3 + 1) }  // 1, 4, 7, …: gaps on both sides of each
            let table = GlyphCodes(ascending: glyphs, codes: glyphs.map { UInt16($0 % 65_521) })
            #expect(table.count == count)
            for probe in 0..<UInt32(count * 3 + 4) {
                let expected: UInt16? = probe % 3 == 1 && probe < UInt32(count * 3) ? UInt16(probe % 65_521) : nil
                #expect(table[probe] == expected, "\(probe) of \(count)")
            }
        }
    }

    @Test func fromADictionary() {
        let table = GlyphCodes([9: 1, 2: 7, 400: 3])
        #expect(table[2] == 7 && table[9] == 1 && table[400] == 3 && table[3] == nil && table[401] == nil)
    }
}
