import CQREncode
import Testing
@testable import WenshuLayout

/// The word-at-a-time mask choice must pick libqrencode's own mask: each symbol is compared,
/// module for module, with `QRcode_encodeData`'s, which scores the eight masks itself.
@Suite struct QRMaskSearchTests {
    /// The module bytes of a libqrencode symbol, or nil.
    static func modules(_ code: UnsafeMutablePointer<QRcode>?) -> [UInt8]? {
        guard let code else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        return Array(UnsafeBufferPointer(start: code.pointee.data, count: width * width))
    }

    static let levels = [QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H]

    @Test func theFastPathIsTaken() {
        // Debian's libqrencode 4.1 exports QRcode_encodeMask; without it the comparisons below
        // would compare libqrencode with itself.
        #expect(QRMaskSearch.encodeMask != nil)
    }

    @Test func formatBitsMatchTheSpecTable() {
        // ISO/IEC 18004 Table C.1: level M (00), mask 0 is 101010000010010; level L mask 0 is
        // 111011111000100; level H mask 7 is 000100000111011.
        #expect(QRMaskSearch.formatBits(mask: 0, level: QR_ECLEVEL_M) == 0b101010000010010)
        #expect(QRMaskSearch.formatBits(mask: 0, level: QR_ECLEVEL_L) == 0b111011111000100)
        #expect(QRMaskSearch.formatBits(mask: 7, level: QR_ECLEVEL_H) == 0b000100000111011)
    }

    /// Random payloads from one byte to version 40 (177 modules, three words a row), every level.
    @Test func sameSymbolAsLibqrencode() {
        var generator = SystemRandomNumberGenerator()
        // 8-bit capacity of version 40 at L, M, Q, H (ISO/IEC 18004 Table 7).
        let capacity = [2953, 2331, 1663, 1273]
        var widths = Set<Int>()
        for round in 0..<600 {
            let level = Self.levels[round % 4]
            let length = round < 400 ? Int.random(in: 1...120, using: &generator) : Int.random(in: 121...capacity[round % 4], using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Self.modules(bytes.withUnsafeBufferPointer { QRcode_encodeData(Int32($0.count), $0.baseAddress, 0, level) })
            let actual = Self.modules(QRMaskSearch.encode(bytes, level: level))
            #expect(expected != nil)
            #expect(actual == expected, "\(length) bytes at level \(level.rawValue)")
            if let expected { widths.insert(Int(Double(expected.count).squareRoot())) }
        }
        #expect(widths.contains { $0 > 64 } && widths.contains { $0 > 128 } && widths.contains { $0 < 30 }, "\(widths.sorted())")
    }

    /// Verification URLs like the policies', where the template's payloads come from.
    @Test func verificationURLs() {
        for n in 0..<400 {
            let text = "https://verify.insurer.example/p?code=\(String(n * 7919, radix: 36).uppercased())-\(n)&n=PA\(100_000_000 + n * 37)"
            let bytes = Array(text.utf8)
            for level in Self.levels {
                let expected = Self.modules(bytes.withUnsafeBufferPointer { QRcode_encodeData(Int32($0.count), $0.baseAddress, 0, level) })
                #expect(Self.modules(QRMaskSearch.encode(bytes, level: level)) == expected)
            }
        }
    }

    /// libqrencode's `Mask_calcRunLengthH` and `Mask_calcN1N3`, module by module, as the reference
    /// for one line.
    static func referenceDemerit(_ dark: [Bool]) -> Int {
        var runs: [Int] = []
        if dark[0] { runs.append(-1) }
        var run = 1
        for i in 1..<dark.count {
            if dark[i] != dark[i - 1] { runs.append(run); run = 1 } else { run += 1 }
        }
        runs.append(run)
        var demerit = 0
        for i in runs.indices {
            if runs[i] >= 5 { demerit += 3 + runs[i] - 5 }
            if i & 1 == 1, i >= 3, i < runs.count - 2, runs[i] % 3 == 0 {
                let f = runs[i] / 3
                if runs[i - 2] == f && runs[i - 1] == f && runs[i + 1] == f && runs[i + 2] == f {
                    if i == 3 || runs[i - 3] >= 4 * f { demerit += 40 } else if i + 4 >= runs.count || runs[i + 3] >= 4 * f { demerit += 40 }
                }
            }
        }
        return demerit
    }

    /// Every line shape the symbols meet, and the edges: random lines, lines made of runs (long runs,
    /// finder-like 1:1:3:1:1 at scales 1–4 at either end), at widths 21–177.
    @Test func lineScoreEqualsTheModuleByModuleOne() {
        var generator = SystemRandomNumberGenerator()
        var runs = [Int](repeating: 0, count: 200)
        for round in 0..<20_000 {
            let width = round % 3 == 0 ? Int.random(in: 65...177, using: &generator) : Int.random(in: 21...64, using: &generator)
            var dark: [Bool] = []
            if round % 2 == 0 {
                dark = (0..<width).map { _ in Bool.random(using: &generator) }
            } else {
                var colour = Bool.random(using: &generator)
                while dark.count < width {
                    if Int.random(in: 0..<4, using: &generator) == 0 {
                        let f = Int.random(in: 1...4, using: &generator)
                        for (k, length) in [f, f, 3 * f, f, f].enumerated() { dark += Array(repeating: k % 2 == 0, count: length) }
                        colour = false
                    } else {
                        dark += Array(repeating: colour, count: Int.random(in: 1...8, using: &generator))
                        colour.toggle()
                    }
                }
                dark = Array(dark.prefix(width))
            }
            let words = (width + 63) >> 6
            var bits = [UInt64](repeating: 0, count: words)
            for (x, d) in dark.enumerated() where d { bits[x >> 6] |= 1 << UInt64(x & 63) }
            let actual = runs.withUnsafeMutableBufferPointer { QRMaskSearch.lineDemerit(bits, at: 0, width: width, words: words, runs: $0) }
            #expect(actual == Self.referenceDemerit(dark), "\(dark.map { $0 ? "1" : "0" }.joined())")
        }
    }

    @Test func tooLongAndEmptyGiveNil() {
        #expect(QRMaskSearch.encode([], level: QR_ECLEVEL_M) == nil)
        #expect(QRMaskSearch.encode([UInt8](repeating: 0x41, count: 3000), level: QR_ECLEVEL_H) == nil)
    }
}
