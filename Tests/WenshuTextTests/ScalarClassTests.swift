import Testing
@testable import WenshuText

/// The shaper's range checks stand in for Unicode property lookups: they must agree with the
/// properties on every scalar, or a variation selector would split a cluster or a space be shaped
/// as a glyph.
@Suite struct ScalarClassTests {
    static let scalars: [Unicode.Scalar] = (UInt32(0)...0x10FFFF).compactMap(Unicode.Scalar.init)

    @Test func variationSelectorsAreTheProperty() {
        let disagreeing = Self.scalars.filter { Shaper.isVariationSelector($0) != $0.properties.isVariationSelector }
        #expect(disagreeing.isEmpty, "\(disagreeing.prefix(5).map { String($0.value, radix: 16) })")
    }

    @Test func whitespaceIsTheProperty() {
        let disagreeing = Self.scalars.filter { Shaper.isWhitespace($0) != $0.properties.isWhitespace }
        #expect(disagreeing.isEmpty, "\(disagreeing.prefix(5).map { String($0.value, radix: 16) })")
    }

    /// The fast path says "plain" only for scalars that are no mark, joiner, variation selector or
    /// default-ignorable code point (U+00AD aside, which the caller tests).
    @Test func plainScalarsHaveNoneOfTheProperties() {
        let wrong = Self.scalars.filter { s in
            guard Shaper.isPlainLetterOrPunctuation(s.value) else { return false }
            let p = s.properties
            let mark = [.nonspacingMark, .spacingMark, .enclosingMark].contains(p.generalCategory)
            return mark || p.isVariationSelector || s.value == 0x200D || (p.isDefaultIgnorableCodePoint && s.value != 0xAD)
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5).map { String($0.value, radix: 16) })")
    }
}
