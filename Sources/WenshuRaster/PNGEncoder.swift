import CDeflate

/// Writes a canvas as PNG, in the smallest of these forms the pixels allow
/// (PNG specification §11.2.2, IHDR colour types and bit depths):
///
/// 1. greyscale when every pixel has red = green = blue, at 1, 2 or 4 bits when every level is a
///    multiple of 255, 85 or 17 (the levels those depths represent exactly), else 8 bits;
/// 2. a palette of at most 256 entries, in order of first appearance (deterministic), at 1, 2, 4 or
///    8 bits an index;
/// 3. when the page has more colours, a palette that approximates them within
///    ``PaletteQuantizer/maximumError`` per channel (flat colours exact, anti-aliased edges nearest),
///    if 256 entries suffice (see ``PaletteQuantizer``);
/// 4. 8-bit RGB.
///
/// Forms 1 and 2 are lossless; form 3 changes edge pixels by at most 8 of 255 per channel. Pages with a
/// translucent seal or coloured headings usually take form 3: an epolicy page at 150 dpi is about a
/// third of its RGB size.
///
/// The file is assembled here (signature, IHDR, PLTE, one IDAT, IEND, each with its CRC-32; §5)
/// around image data compressed by libdeflate in one call: libpng can only compress through zlib,
/// which took 10.7 ms for an e-policy page where libdeflate at level 2 takes 6.9 ms and is 10 %
/// smaller. Rows are unfiltered (filter type 0): on these pages filtering made files larger and
/// slower (measured with libpng: Sub +14 %, adaptive +6 % and 40 % slower). Reading PNG still goes
/// through libpng, and the tests decode every form with it.
enum PNGEncoder {
    /// libdeflate level for the image data (see the type's comment).
    static let level: Int32 = 2

    enum Form {
        case grey(bitDepth: Int)
        case palette([UInt32], bitDepth: Int)
        /// A palette within ``PaletteQuantizer/maximumError``, with the map from page colour to entry.
        case quantized([UInt32], bitDepth: Int, map: ColourMap)
        case rgb

        var bitDepth: Int {
            switch self {
            case .grey(let bits), .palette(_, let bits), .quantized(_, let bits, _): bits
            case .rgb: 8
            }
        }
    }

    /// Encodes in the form ``chooseForm(_:)`` picks. Grey and palette rows are written run by run,
    /// each run's sample found by its colour's number: from the runs the colour count kept, or, on a
    /// page with too many runs to keep, from runs found in the pixels again.
    static func encode(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> [UInt8] {
        guard let counts = ColourCounts(pixels, width: width, height: height, limit: PaletteQuantizer.maximumDistinctColours),
              case let form = chooseForm(counts), let samples = colourSamples(form, counts) else {
            return assemble(width: width, height: height, form: .rgb) { y, row, _, _ in
                row.update(from: pixels.baseAddress! + y * width * 3, count: width * 3)
            }
        }
        let bits = form.bitDepth
        return samples.withUnsafeBufferPointer { samples in
            if let runs = counts.runs {
                let list = UnsafeBufferPointer(start: runs.entries, count: runs.count)
                return withExtendedLifetime(runs) {
                    assemble(width: width, height: height, form: form) { _, row, scratch, next in
                        writeRow(row, width: width, bits: bits, scratch: scratch) { target in
                            var x = 0
                            while x < width {
                                let run = list[next]
                                next += 1
                                let length = Int(run & 0xFFFF)
                                fill(target + x, samples[Int(run >> 16)], length)
                                x += length
                            }
                        }
                    }
                }
            }
            let base = pixels.baseAddress!
            return assemble(width: width, height: height, form: form) { y, row, scratch, _ in
                let source = base + y * width * 3
                writeRow(row, width: width, bits: bits, scratch: scratch) { target in
                    var x = 0
                    while x < width {
                        let length = PixelRuns.length(source, from: x, width: width)
                        let o = x * 3
                        let number = counts.number(of: UInt32(source[o]) << 16 | UInt32(source[o + 1]) << 8 | UInt32(source[o + 2]))
                        fill(target + x, samples[number], length)
                        x += length
                    }
                }
            }
        }
    }

    /// Each colour's sample in `form` (grey level, or palette index) by its number; nil for RGB, which
    /// has no one-byte sample.
    private static func colourSamples(_ form: Form, _ counts: ColourCounts) -> [UInt8]? {
        switch form {
        case .rgb:
            nil
        case .grey(let bits):
            counts.colours.map { UInt8($0 & 0xFF) &>> UInt8(8 - bits) }
        case .palette:
            // The palette is the colours in order of first appearance, which is how they are numbered.
            counts.colours.indices.map { UInt8($0) }
        case .quantized(_, _, let map):
            map.indices
        }
    }

    /// One row of samples: `fill` writes one byte per pixel, into the row itself at 8 bits, or into
    /// `scratch` to be packed at fewer.
    @inline(__always)
    private static func writeRow(_ row: UnsafeMutablePointer<UInt8>, width: Int, bits: Int, scratch: UnsafeMutablePointer<UInt8>,
                                 _ fill: (UnsafeMutablePointer<UInt8>) -> Void) {
        fill(bits == 8 ? row : scratch)
        if bits != 8 { pack(row, width: width, bits: bits) { x in scratch[x] } }
    }

    /// `count` samples from `target` (most runs in text are one pixel).
    @inline(__always)
    private static func fill(_ target: UnsafeMutablePointer<UInt8>, _ sample: UInt8, _ count: Int) {
        if count == 1 { target.pointee = sample } else { target.update(repeating: sample, count: count) }
    }

    /// The file around rows that `writeRow(y, row, scratch, runIndex)` writes (a row's samples after
    /// its filter byte; `scratch` holds `width` bytes; `runIndex` starts at 0 and is carried from row
    /// to row).
    private static func assemble(width: Int, height: Int, form: Form,
                                 _ writeRow: (Int, UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt8>, inout Int) -> Void) -> [UInt8] {
        let depth = form.bitDepth
        let colorType: UInt8
        switch form {
        case .grey: colorType = 0
        case .palette, .quantized: colorType = 3
        case .rgb: colorType = 2
        }
        let rowBytes = if case .rgb = form { width * 3 } else { (width * depth + 7) / 8 }
        let stride = rowBytes + 1  // each row starts with its filter type
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: max(width, 1))
        defer { scratch.deallocate() }
        // From the scratch pool, uninitialized: every byte is written below (filter type, then every
        // sample byte of the row).
        let buffer = ScratchPool.shared.take(bytes: stride * height)
        defer { ScratchPool.shared.give(buffer) }
        let raw = UnsafeMutableBufferPointer(rebasing: buffer.bindMemory(to: UInt8.self)[0..<stride * height])
        if let out = raw.baseAddress {
            var run = 0
            for y in 0..<height {
                out[y * stride] = 0  // filter type None
                writeRow(y, out + y * stride + 1, scratch, &run)
            }
        }

        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width)); header.appendBigEndian(UInt32(height))
        header += [UInt8(depth), colorType, 0, 0, 0]  // deflate, adaptive filtering method, no interlace
        appendChunk("IHDR", header, to: &file)
        switch form {
        case .palette(let colours, _), .quantized(let colours, _, _):
            appendChunk("PLTE", colours.flatMap { [UInt8($0 >> 16 & 0xFF), UInt8($0 >> 8 & 0xFF), UInt8($0 & 0xFF)] }, to: &file)
        default: break
        }
        appendChunk("IDAT", zlib(UnsafeBufferPointer(raw)), to: &file)
        appendChunk("IEND", [], to: &file)
        return file
    }

    /// Writes one row of samples (one byte each from `sample`) at `bits` (1, 2 or 4) bits each, most
    /// significant first (§7.2), the last byte padded with zeros.
    @inline(__always)
    private static func pack(_ row: UnsafeMutablePointer<UInt8>, width: Int, bits: Int, _ sample: (Int) -> UInt8) {
        let perByte = 8 / bits
        var x = 0, byte = 0
        while x < width {
            var value: UInt8 = 0
            for k in 0..<perByte {
                let s: UInt8 = x + k < width ? sample(x + k) : 0
                value |= s &<< UInt8(8 - bits * (k + 1))
            }
            row[byte] = value
            byte += 1
            x += perByte
        }
    }

    private static func zlib(_ data: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        ScratchPool.shared.withCompressor { compressor in
            let bound = libdeflate_zlib_compress_bound(compressor, data.count)
            let buffer = ScratchPool.shared.take(bytes: bound)
            defer { ScratchPool.shared.give(buffer) }
            let count = libdeflate_zlib_compress(compressor, data.baseAddress, data.count, buffer.baseAddress, bound)
            precondition(count > 0, "libdeflate output bound was too small")
            return Array(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// Length, type, data and the CRC-32 of type and data (§5.3).
    private static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        file.appendBigEndian(UInt32(data.count))
        file += typeBytes
        file += data
        var crc = typeBytes.withUnsafeBytes { libdeflate_crc32(0, $0.baseAddress, $0.count) }
        crc = data.withUnsafeBytes { libdeflate_crc32(crc, $0.baseAddress, $0.count) }
        file.appendBigEndian(crc)
    }

    /// Counts the page's colours in one pass (``ColourCounts``, which gives up beyond
    /// ``PaletteQuantizer/maximumDistinctColours``), then picks the form from the distinct colours:
    /// all grey, at most 256 (a palette in order of first appearance: runs are counted in reading
    /// order), or more, for ``PaletteQuantizer`` to approximate from the same counts.
    static func chooseForm(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> Form {
        guard let counts = ColourCounts(pixels, width: width, height: height, limit: PaletteQuantizer.maximumDistinctColours) else {
            return .rgb
        }
        return chooseForm(counts)
    }

    /// The form for a page of these colours.
    static func chooseForm(_ counts: ColourCounts) -> Form {
        let colours = counts.colours
        if colours.allSatisfy({ $0 >> 16 == $0 >> 8 & 0xFF && $0 >> 8 & 0xFF == $0 & 0xFF }) {
            var levels: UInt8 = 0  // bit 0: a level not a multiple of 255; 1: of 85; 2: of 17
            for colour in colours {
                let r = colour & 0xFF
                if r % 255 != 0 { levels |= 1 }
                if r % 85 != 0 { levels |= 2 }
                if r % 17 != 0 { levels |= 4 }
            }
            return .grey(bitDepth: levels & 1 == 0 ? 1 : levels & 2 == 0 ? 2 : levels & 4 == 0 ? 4 : 8)
        }
        if colours.count <= 256 { return .palette(colours, bitDepth: bitDepth(colours.count)) }
        guard let quantizer = PaletteQuantizer(counts) else { return .rgb }
        return .quantized(quantizer.palette, bitDepth: bitDepth(quantizer.palette.count), map: quantizer.map)
    }

    private static func bitDepth(_ entries: Int) -> Int { entries <= 2 ? 1 : entries <= 4 ? 2 : entries <= 16 ? 4 : 8 }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ v: UInt32) {
        append(UInt8(v >> 24)); append(UInt8(v >> 16 & 0xFF)); append(UInt8(v >> 8 & 0xFF)); append(UInt8(v & 0xFF))
    }
}
