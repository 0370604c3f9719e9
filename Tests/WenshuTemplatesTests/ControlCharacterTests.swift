import Testing
@testable import WenshuTemplates

/// The UTF-8 check for control characters agrees with the scalar rule for every scalar up to U+3000,
/// alone and between other text, in both modes; so does the word-at-a-time pass, wherever in a word
/// the character falls; and the mark-run count read from bytes agrees with one over scalars.
@Suite struct ControlCharacterTests {
    @Test(arguments: [false, true])
    func utf8CheckAgreesWithTheScalarRule(multiline: Bool) {
        for value in UInt32(0)...0x3000 {
            guard let u = Unicode.Scalar(value) else { continue }
            let text = "保单" + String(u) + "é"
            #expect(containsForbiddenControl(text, multiline: multiline) == isForbiddenControl(u, multiline: multiline), "U+\(String(value, radix: 16))")
        }
        #expect(!containsForbiddenControl("", multiline: multiline))
    }

    /// Every offset of a long line (a control split across two words included: U+0085 is C2 85).
    @Test(arguments: [false, true])
    func everyPlaceInAWord(multiline: Bool) {
        let controls: [Unicode.Scalar] = ["\u{0}", "\u{1}", "\t", "\n", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}"]
        let harmless: [Unicode.Scalar] = [" ", "~", "\u{A0}", "\u{C2}", "\u{A9}", "\u{100}", "保"]
        let filler = "Policy 保单 No. 12345 ÀÉ ¢£ 被保险人 "
        for prefix in 0..<24 {
            let head = String(filler.unicodeScalars.prefix(prefix).map(Character.init))
            for u in controls + harmless {
                let text = head + String(u) + filler + filler
                let expected = text.unicodeScalars.contains { isForbiddenControl($0, multiline: multiline) }
                #expect(containsForbiddenControl(text, multiline: multiline) == expected, "U+\(String(u.value, radix: 16)) after \(prefix)")
            }
        }
    }

    @Test func markRunsFromBytesAgreeWithScalars() {
        func reference(_ s: String, over limit: Int) -> Int? {
            var run = 0, found = 0
            for scalar in s.unicodeScalars {
                let extends: Bool
                switch scalar.properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark: extends = true
                default: extends = scalar.properties.isVariationSelector || scalar.value == 0x200D
                }
                if extends { run += 1; if run > limit { found = max(found, run) } } else { if found > 0 { return found }; run = 0 }
            }
            return found > 0 ? found : nil
        }
        let marks = ["\u{301}", "\u{302A}", "\u{3099}", "\u{FE0F}", "\u{200D}", "\u{E0100}", "\u{20DD}", "\u{93F}"]
        let bases = ["a", "保", "\u{3029}", "\u{302B}", "\u{FF21}", "\u{20000}", "é", " "]
        for base in bases {
            for mark in marks {
                for count in [0, 3, 4, 5, 9] {
                    let text = "x" + base + String(repeating: mark, count: count) + "y" + base
                    #expect(longestMarkRun(text, over: 3) == reference(text, over: 3), "\(base.unicodeScalars.first!.value) + \(count) × \(mark.unicodeScalars.first!.value)")
                }
            }
        }
        // The shortest strings that can hold a run over the limit: the limit + 1 two-byte marks
        // alone, the size below which the pass is skipped; and over the default limit of 30.
        #expect(longestMarkRun(String(repeating: "\u{301}", count: 4), over: 3) == 4)
        #expect(longestMarkRun(String(repeating: "\u{301}", count: 3), over: 3) == nil)
        #expect(longestMarkRun("a" + String(repeating: "\u{301}", count: 31), over: 30) == 31)
        #expect(longestMarkRun("a" + String(repeating: "\u{301}", count: 30), over: 30) == nil)
    }
}
