import Testing
@testable import WenshuPDF

@Suite struct GlyphTableTests {
    @Test func agreesWithADictionaryThroughGrowth() {
        var table = GlyphTable()
        var reference: [UInt32: Int] = [:]
        var state: UInt32 = 12345
        for _ in 0..<20_000 {
            state = state &* 1_103_515_245 &+ 12345
            let glyph = (state >> 8) % 70_000
            let (index, inserted) = table.insert(glyph)
            if let known = reference[glyph] {
                #expect(!inserted && index == known)
            } else {
                #expect(inserted && index == reference.count)
                reference[glyph] = index
            }
        }
        #expect(table.count == reference.count)
        for (glyph, index) in reference { #expect(table.index(of: glyph) == index) }
        #expect(table.index(of: 70_001) == nil)
        #expect(table.index(of: UInt32.max - 1) == nil)
    }
}
