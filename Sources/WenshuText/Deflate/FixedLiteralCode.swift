/// A literal-only Deflate code fixed for one font's flattened charstrings, so each glyph's bits
/// can be coded once and kept (``FlattenedGlyphs``): a subset's compressed program is then its
/// glyphs' bits laid end to end, with only the tables around them coded per document.
///
/// The code comes from the byte frequencies of some of the font's own flattened glyphs
/// (``CIDKeyedCFF``'s `literalCode`), each of the 256 byte values counted once more so any byte can be
/// coded. It depends on the font alone, so the same glyphs give the same bytes in any process, whatever
/// it subset before. On a text-heavy policy it codes the subset under 1 % larger than a code made for
/// that subset.
final class FixedLiteralCode: Sendable {
    /// Packed codes (``HuffmanCode/codes(_:)``) of bytes 0...255 and end of block (256).
    let codes: [UInt64]
    /// The zlib header and the block's header, coded: whole words, then the partial one.
    private let headerWords: [UInt64]
    private let headerBits: Int

    init(frequencies counted: [Int]) {
        var frequencies = counted.map { $0 + 1 }
        frequencies[256] = 1
        let lengths = HuffmanCode.lengths(frequencies, limit: 15)
        codes = HuffmanCode.codes(lengths)
        var header = BitString()
        LiteralDeflate.BlockHeader.make(lengths).header.write(into: &header)
        headerWords = Array(header.words) + [header.tail]
        headerBits = header.count
    }

    /// Appends `bytes`, coded, to `bits`.
    func code(_ bytes: UnsafeBufferPointer<UInt8>, into bits: inout BitString) {
        codes.withUnsafeBufferPointer { bits.put(bytes, codes: $0) }
    }

    /// The zlib stream of `data`, whose bytes from `middle` are already coded as `middleBits`:
    /// the header, the bytes before, the bits, the bytes after, the end of block and Adler-32.
    func zlib(_ data: UnsafeBufferPointer<UInt8>, middle: Range<Int>, middleBits: borrowing BitString) -> [UInt8] {
        var stream = BitString(capacityBits: headerBits + middleBits.count + (data.count - middle.count) * 15 + 64)
        headerWords.withUnsafeBufferPointer { stream.append(words: $0, count: headerBits) }
        code(UnsafeBufferPointer(rebasing: data[..<middle.lowerBound]), into: &stream)
        stream.append(middleBits)
        code(UnsafeBufferPointer(rebasing: data[middle.upperBound...]), into: &stream)
        return LiteralDeflate.finish(&stream, endOfBlock: codes[256], data: UnsafeRawBufferPointer(data))
    }
}
