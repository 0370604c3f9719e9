import CPNG

/// Writes a canvas as PNG with libpng, in the smallest of these forms the pixels allow
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
/// Compression favours speed (see ``Settings``). libpng reports errors by `longjmp`, which Swift
/// cannot catch; this encoder therefore only passes parameters it has validated, leaving allocation
/// failure as the one way libpng can fail, which aborts like any failed Swift allocation.
enum PNGEncoder {
    /// zlib and filter settings, chosen by measuring A4 pages at 150 dpi (release build, 2 shared
    /// cores): zlib level 1 with no filtering was both the fastest and the smallest of levels 1–3 ×
    /// filters None, Sub, Up and adaptive × strategies default and run-length. A typical grey text page
    /// (1 590 glyphs) encodes to 207 KB; with the `Sub` filter it is 235 KB, adaptive 219 KB and 40 %
    /// slower; level 9 saves under 10 % at twenty times the time.
    struct Settings {
        var level: Int32 = 1
        var filter: Int32 = Int32(PNG_FILTER_NONE)
        /// zlib strategy: 0 default, 1 filtered, 3 run-length (faster, but 45 % larger on RGB pages).
        var strategy: Int32 = 0
    }

    enum Form {
        case grey(bitDepth: Int)
        case palette([UInt32], bitDepth: Int)
        /// A palette within ``PaletteQuantizer/maximumError``, with the map from page colour to entry.
        case quantized([UInt32], bitDepth: Int, map: ColourMap)
        case rgb
    }

    /// Encodes in the form ``chooseForm(_:width:height:)`` picks.
    static func encode(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, settings: Settings = Settings()) -> [UInt8] {
        encode(pixels, width: width, height: height, form: chooseForm(pixels, width: width, height: height), settings: settings)
    }

    /// Encodes in `form`, which must describe these pixels (a palette holding every colour, or a map
    /// covering every colour).
    static func encode(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, form: Form, settings: Settings) -> [UInt8] {
        let sink = ByteSink()
        let png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nil, nil, ignoreWarning)!
        var info: png_infop? = png_create_info_struct(png)
        var pngOptional: png_structp? = png
        defer { png_destroy_write_struct(&pngOptional, &info) }
        png_set_write_fn(png, Unmanaged.passUnretained(sink).toOpaque(), writeBytes, nil)
        png_set_compression_level(png, settings.level)
        png_set_compression_strategy(png, settings.strategy)
        png_set_filter(png, 0, settings.filter)

        let depth: Int, colorType: Int32
        switch form {
        case .grey(let bits): depth = bits; colorType = PNG_COLOR_TYPE_GRAY
        case .palette(_, let bits), .quantized(_, let bits, _): depth = bits; colorType = PNG_COLOR_TYPE_PALETTE
        case .rgb: depth = 8; colorType = PNG_COLOR_TYPE_RGB
        }
        png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), Int32(depth), colorType,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT)
        let entries: [UInt32]? = switch form {
        case .palette(let colours, _), .quantized(let colours, _, _): colours
        default: nil
        }
        if let colours = entries {
            var entries = colours.map { png_color(red: UInt8($0 >> 16 & 0xFF), green: UInt8($0 >> 8 & 0xFF), blue: UInt8($0 & 0xFF)) }
            png_set_PLTE(png, info, &entries, Int32(entries.count))
        }
        png_write_info(png, info)
        if depth < 8 { png_set_packing(png) }  // rows below hold one byte a pixel; libpng packs them

        let sampleCount = if case .rgb = form { 3 } else { 1 }
        var row = [UInt8](repeating: 0, count: width * sampleCount)
        var lookup = PaletteLookup(form)
        for y in 0..<height {
            let base = y * width * 3
            switch form {
            case .rgb:
                for i in 0..<(width * 3) { row[i] = pixels[base + i] }
            case .grey(let bits):
                let shift = 8 - bits
                for x in 0..<width { row[x] = pixels[base + x * 3] >> shift }
            case .palette:
                for x in 0..<width {
                    let o = base + x * 3
                    row[x] = lookup.index(UInt32(pixels[o]) << 16 | UInt32(pixels[o + 1]) << 8 | UInt32(pixels[o + 2]))
                }
            case .quantized(_, _, let map):
                var last: UInt32 = .max, lastIndex: UInt8 = 0
                for x in 0..<width {
                    let o = base + x * 3
                    let colour = UInt32(pixels[o]) << 16 | UInt32(pixels[o + 1]) << 8 | UInt32(pixels[o + 2])
                    if colour != last { last = colour; lastIndex = map.index(colour) }
                    row[x] = lastIndex
                }
            }
            row.withUnsafeBufferPointer { png_write_row(png, $0.baseAddress) }
        }
        png_write_end(png, info)
        return sink.bytes
    }

    /// Scans the pixels once for grey, and if not grey once more to count colours (stopping at 257);
    /// with more than 256 colours, tries ``PaletteQuantizer`` before settling for RGB.
    static func chooseForm(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> Form {
        let count = width * height
        var grey = true
        var levels: UInt8 = 0  // bit 0: a level not a multiple of 255; 1: of 85; 2: of 17
        var seen = [Bool](repeating: false, count: 256)
        for p in 0..<count {
            let r = pixels[p * 3]
            guard r == pixels[p * 3 + 1], r == pixels[p * 3 + 2] else { grey = false; break }
            if !seen[Int(r)] {
                seen[Int(r)] = true
                if r % 255 != 0 { levels |= 1 }
                if r % 85 != 0 { levels |= 2 }
                if r % 17 != 0 { levels |= 4 }
            }
        }
        if grey {
            return .grey(bitDepth: levels & 1 == 0 ? 1 : levels & 2 == 0 ? 2 : levels & 4 == 0 ? 4 : 8)
        }
        var table = ColourTable()
        var last: UInt32 = .max
        for p in 0..<count {
            let o = p * 3
            let colour = UInt32(pixels[o]) << 16 | UInt32(pixels[o + 1]) << 8 | UInt32(pixels[o + 2])
            if colour == last { continue }
            last = colour
            if !table.insert(colour) {
                guard let quantizer = PaletteQuantizer(pixels, width: width, height: height) else { return .rgb }
                return .quantized(quantizer.palette, bitDepth: bitDepth(quantizer.palette.count), map: quantizer.map)
            }
        }
        return .palette(table.colours, bitDepth: bitDepth(table.colours.count))
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

/// Where libpng's write callback appends.
private final class ByteSink {
    var bytes: [UInt8] = []
    init() { bytes.reserveCapacity(256 * 1024) }
}

private let writeBytes: png_rw_ptr = { png, data, length in
    guard let png, let data, let io = png_get_io_ptr(png) else { return }
    Unmanaged<ByteSink>.fromOpaque(io).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: length))
}

/// libpng warnings (none are expected for the parameters used here) are not printed to stderr.
private let ignoreWarning: png_error_ptr = { _, _ in }
