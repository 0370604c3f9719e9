import CDeflate
import Testing
@testable import WenshuText

/// The literal-only Deflate encoder, inflated by libdeflate (an independent decoder that rejects
/// incomplete codes and bad checksums). Readers inflating whole PDFs are covered by the sample tests.
@Suite struct LiteralDeflateTests {
    static func inflate(_ compressed: [UInt8], size: Int) -> [UInt8]? {
        guard let decompressor = libdeflate_alloc_decompressor() else { return nil }
        defer { libdeflate_free_decompressor(decompressor) }
        var out = [UInt8](repeating: 0, count: max(size, 1))
        var actual = 0
        let result = compressed.withUnsafeBytes { input in
            out.withUnsafeMutableBytes { output in
                libdeflate_zlib_decompress(decompressor, input.baseAddress, input.count, output.baseAddress, output.count, &actual)
            }
        }
        guard result == LIBDEFLATE_SUCCESS else { return nil }
        return Array(out.prefix(actual))
    }

    static var inputs: [(String, [UInt8])] {
        var rng: UInt64 = 0x2545F4914F6CDD1D
        func next() -> UInt64 { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng }
        let uniform = (0..<70_000).map { _ in UInt8(truncatingIfNeeded: next()) }
        // Fibonacci-like skew makes the optimal code deeper than 15 bits, so the length limit is used.
        var skewed: [UInt8] = []
        var a = 1, b = 1
        for symbol in 0..<26 { skewed += [UInt8](repeating: UInt8(symbol), count: a); (a, b) = (b, a + b) }
        return [
            ("empty", []), ("one byte", [42]), ("one value repeated", [UInt8](repeating: 7, count: 5000)),
            ("text", Array(String(repeating: "电子保单 Electronic policy 1004.50 ", count: 300).utf8)),
            ("every byte value", (0..<512).map { UInt8($0 % 256) }), ("uniform random", uniform), ("deep code", skewed),
        ]
    }

    @Test(arguments: inputs)
    func inflatesToTheInput(name: String, data: [UInt8]) throws {
        let compressed = LiteralDeflate.zlib(data)
        let restored = try #require(Self.inflate(compressed, size: data.count), "\(name) did not inflate")
        #expect(restored == data, "\(name)")
        #expect(compressed.count <= data.count * 17 / 16 + 200, "\(name): \(compressed.count) bytes for \(data.count)")
    }

    @Test func codeLengthsAreLimited() {
        var frequencies = [Int](repeating: 0, count: 257)
        var a = 1, b = 1
        for symbol in 0..<30 { frequencies[symbol] = a; (a, b) = (b, a + b) }
        let lengths = HuffmanCode.lengths(frequencies, limit: 15)
        #expect(lengths.max()! <= 15)
        let kraft = lengths.filter { $0 > 0 }.reduce(0.0) { $0 + 1 / Double(1 << Int($1)) }
        #expect(kraft == 1, "a complete prefix code")
    }

    @Test func bytesWithSkewedFrequenciesShrink() {
        let data = Array(String(repeating: "aaaaaaab", count: 4000).utf8)
        #expect(LiteralDeflate.zlib(data).count < data.count / 4)
    }
}
