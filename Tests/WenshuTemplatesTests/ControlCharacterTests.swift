import Testing
@testable import WenshuTemplates

/// The UTF-8 check for control characters agrees with the scalar rule for every scalar up to U+3000,
/// alone and between other text, in both modes.
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
}
