import Foundation
import Testing
@testable import WenshuPDF

/// Numbers in content streams: locale-free, at most three decimals, no trailing zeros, no "-0".
@Suite struct PDFNumberTests {
    @Test(arguments: [
        (0.0, "0"), (-0.0001, "0"), (1, "1"), (10, "10"), (100, "100"), (1234.5, "1234.5"), (0.001, "0.001"),
        (0.05, "0.05"), (-0.5, "-0.5"), (1_000_000, "1000000"), (72.03, "72.03"), (595.2756, "595.276"), (9.9996, "10"),
        (0.0005, "0.001"), (-0.0005, "-0.001"), (0.0004999, "0"), (-72.0305, "-72.031"), (0.1, "0.1"), (-0.104, "-0.104"),
        (.infinity, "0"), (.nan, "0"), (1e300, "2147483647"), (-1e300, "-2147483647"),
    ])
    func formatsLikeTheSpecWants(value: Double, expected: String) {
        #expect(PDFNumber.string(value) == expected)
    }

    /// The digits come from integer arithmetic now: they must be the decimal rounding half away from
    /// zero that `rounded()` and a formatter give, over magnitudes from thousandths to the limit.
    @Test func agreesWithRoundedAndAFormatter() {
        var generator = SystemRandomNumberGenerator()
        for k in 0..<20_000 {
            let magnitude = pow(10, Double(k % 13) - 4)
            var value = Double.random(in: -magnitude...magnitude, using: &generator)
            if k % 4 == 0 { value = (value * 1000).rounded(.towardZero) / 1000 + (k % 8 == 0 ? 0.0005 : -0.0005) }
            let thousandths = (min(max(value, -PDFNumber.maximumMagnitude), PDFNumber.maximumMagnitude) * 1000).rounded()
            var expected = thousandths == 0 ? "0" : String(format: "%.3f", thousandths / 1000)
            if expected.contains(".") { while expected.hasSuffix("0") { expected.removeLast() }; if expected.hasSuffix(".") { expected.removeLast() } }
            #expect(PDFNumber.string(value) == expected, "\(value)")
        }
    }
}

/// A content stream written into room made once gives the bytes of appending each piece to an
/// array, past its first 64 KB (where it grows) too.
@Suite struct ContentStreamBytesTests {
    @Test func sameBytesAsAppendingPastTheFirstRoom() {
        var stream = ContentStream(pageHeight: 842)
        var expected: [UInt8] = []
        var generator = SystemRandomNumberGenerator()
        for k in 0..<20_000 {
            let v = Double.random(in: -1_000...1_000, using: &generator)
            stream.number(v)
            PDFNumber.append(v, to: &expected); expected.append(UInt8(ascii: " "))
            if k % 7 == 0 { stream.op("BT"); expected += Array("BT\n".utf8) }
            if k % 11 == 0 { stream.append(contentsOf: [0x28, 0x29]); expected += [0x28, 0x29] }
            if k % 13 == 0 { stream.append(utf8: "F12"); expected += Array("F12".utf8) }
        }
        #expect(expected.count > 128 * 1024)
        #expect(stream.bytes == expected)
    }
}
