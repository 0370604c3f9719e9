import Testing
@testable import WenshuPDF

/// Numbers in content streams: locale-free, at most three decimals, no trailing zeros, no "-0".
@Suite struct PDFNumberTests {
    @Test(arguments: [
        (0.0, "0"), (-0.0001, "0"), (1, "1"), (10, "10"), (100, "100"), (1234.5, "1234.5"), (0.001, "0.001"),
        (0.05, "0.05"), (-0.5, "-0.5"), (1_000_000, "1000000"), (72.03, "72.03"), (595.2756, "595.276"), (9.9996, "10"),
    ])
    func formatsLikeTheSpecWants(value: Double, expected: String) {
        #expect(PDFNumber.string(value) == expected)
    }
}
