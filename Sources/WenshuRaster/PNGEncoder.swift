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
    }

    /// Encodes in the form ``chooseForm(_:width:height:)`` picks.
    static func encode(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> [UInt8] {
        encode(pixels, width: width, height: height, form: chooseForm(pixels, width: width, height: height))
    }

    /// Encodes in `form`, which must describe these pixels (a palette holding every colour, or a map
    /// covering every colour).
    static func encode(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, form: Form) -> [UInt8] {
        let depth: Int, colorType: UInt8
        switch form {
        case .grey(let bits): depth = bits; colorType = 0
        case .palette(_, let bits), .quantized(_, let bits, _): depth = bits; colorType = 3
        case .rgb: depth = 8; colorType = 2
        }
        let rowBytes = if case .rgb = form { width * 3 } else { (width * depth + 7) / 8 }
        let stride = rowBytes + 1  // each row starts with its filter type
        var raw = [UInt8](repeating: 0, count: stride * height)
        raw.withUnsafeMutableBufferPointer { out in
            guard let pixels = pixels.baseAddress, let out = out.baseAddress else { return }
            var lookup = PaletteLookup(form)
            for y in 0..<height {
                let source = pixels + y * width * 3
                let row = out + y * stride + 1
                switch form {
                case .rgb:
                    row.update(from: source, count: width * 3)
                case .grey(let bits):
                    let shift = UInt8(8 - bits)
                    if bits == 8 {
                        fillRuns(row, source, width: width) { o in source[o] }
                    } else {
                        pack(row, width: width, bits: bits) { x in source[x * 3] &>> shift }
                    }
                case .palette:
                    let index = { (o: Int) in lookup.index(UInt32(source[o]) << 16 | UInt32(source[o + 1]) << 8 | UInt32(source[o + 2])) }
                    if depth == 8 { fillRuns(row, source, width: width, index) } else { pack(row, width: width, bits: depth) { x in index(x * 3) } }
                case .quantized(_, _, let map):
                    let index = { (o: Int) in map.index(UInt32(source[o]) << 16 | UInt32(source[o + 1]) << 8 | UInt32(source[o + 2])) }
                    if depth == 8 { fillRuns(row, source, width: width, index) } else { pack(row, width: width, bits: depth) { x in index(x * 3) } }
                }
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
        appendChunk("IDAT", zlib(raw), to: &file)
        appendChunk("IEND", [], to: &file)
        return file
    }

    /// Writes an 8-bit row run by run: one sample (from the run's first pixel offset) per run.
    @inline(__always)
    private static func fillRuns(_ row: UnsafeMutablePointer<UInt8>, _ source: UnsafePointer<UInt8>, width: Int, _ sample: (Int) -> UInt8) {
        var x = 0
        while x < width {
            let run = PixelRuns.length(source, from: x, width: width)
            (row + x).update(repeating: sample(x * 3), count: run)
            x += run
        }
    }

    /// Writes one row of samples (one byte each from `sample`) at `bits` bits each, most significant
    /// first (§7.2), the last byte padded with zeros.
    @inline(__always)
    private static func pack(_ row: UnsafeMutablePointer<UInt8>, width: Int, bits: Int, _ sample: (Int) -> UInt8) {
        if bits == 8 {
            for x in 0..<width { row[x] = sample(x) }
            return
        }
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

    private static func zlib(_ data: [UInt8]) -> [UInt8] {
        guard let compressor = libdeflate_alloc_compressor(level) else { fatalError("out of memory") }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_zlib_compress_bound(compressor, data.count)
        // Uninitialized: zero-filling a bound the size of the page's pixels only to overwrite it cost
        // as much as a pass over the image.
        let out = [UInt8](unsafeUninitializedCapacity: bound) { output, count in
            count = data.withUnsafeBytes { input in
                libdeflate_zlib_compress(compressor, input.baseAddress, input.count, output.baseAddress, bound)
            }
        }
        precondition(!out.isEmpty, "libdeflate output bound was too small")
        return out
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
        let colours = counts.occupiedSlots.map { counts.keys[$0] }
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

/// Up to 256 colours in first-seen order, in an open-addressed table of 1024 slots.
struct ColourTable {
    private(set) var colours: [UInt32] = []
    private var slots = [UInt32](repeating: .max, count: 1024)  // .max: empty (colours use 24 bits)
    private var indices = [UInt8](repeating: 0, count: 1024)

    /// Adds `colour` if new; false when it would be the 257th colour.
    mutating func insert(_ colour: UInt32) -> Bool {
        var slot = ColourTable.hash(colour)
        while slots[slot] != .max {
            if slots[slot] == colour { return true }
            slot = (slot + 1) & 1023
        }
        guard colours.count < 256 else { return false }
        slots[slot] = colour
        indices[slot] = UInt8(colours.count)
        colours.append(colour)
        return true
    }

    /// The palette index of a colour that was inserted.
    func index(_ colour: UInt32) -> UInt8 {
        var slot = ColourTable.hash(colour)
        while slots[slot] != colour { slot = (slot + 1) & 1023 }
        return indices[slot]
    }

    private static func hash(_ colour: UInt32) -> Int { Int((colour &* 2_654_435_761) >> 22) }
}

/// Palette lookups with the previous pixel remembered (pages are mostly runs of one colour).
private struct PaletteLookup {
    var table = ColourTable()
    var last: UInt32 = .max
    var lastIndex: UInt8 = 0

    init(_ form: PNGEncoder.Form) {
        if case .palette(let colours, _) = form { for c in colours { _ = table.insert(c) } }
    }

    mutating func index(_ colour: UInt32) -> UInt8 {
        if colour != last { last = colour; lastIndex = table.index(colour) }
        return lastIndex
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ v: UInt32) {
        append(UInt8(v >> 24)); append(UInt8(v >> 16 & 0xFF)); append(UInt8(v >> 8 & 0xFF)); append(UInt8(v & 0xFF))
    }
}
