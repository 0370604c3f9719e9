import WenshuPages

/// An 8-bit sRGB colour with the opacity it is painted with (0 transparent … 255 opaque).
struct Paint {
    var red: UInt8
    var green: UInt8
    var blue: UInt8
    var alpha: Int

    /// Components as the PDF backend writes them (`rg`/`g`, §8.6.4.2 DeviceRGB): 0…1 scaled to 0…255,
    /// rounded; no colour management.
    init(_ color: Color, opacity: Double) {
        red = Paint.byte(color.red); green = Paint.byte(color.green); blue = Paint.byte(color.blue)
        alpha = Int((min(max(opacity, 0), 1) * 255).rounded())
    }

    static func byte(_ v: Double) -> UInt8 { UInt8((min(max(v, 0), 1) * 255).rounded()) }
}

/// The page's pixels while drawing: opaque RGB, three bytes a pixel, starting white.
///
/// Every drawing operation ends in ``blend(_:count:row:coverage:paint:)`` or one of its relatives,
/// which paint source-over with `coverage × alpha / 255` (Porter–Duff over an opaque backdrop:
/// `d' = d + (s − d)·a`).
final class Canvas {
    let width: Int
    let height: Int
    let pixels: UnsafeMutableBufferPointer<UInt8>
    private let storage: UnsafeMutableRawBufferPointer

    /// Precondition: `width * height` was checked against ``RasterOptions/maximumPixels``.
    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        storage = ScratchPool.shared.take(bytes: width * height * 3)
        pixels = UnsafeMutableBufferPointer(rebasing: storage.bindMemory(to: UInt8.self)[0..<width * height * 3])
        pixels.update(repeating: 255)
    }

    deinit { ScratchPool.shared.give(storage) }

    /// Exact rounded `v / 255` for `v` in 0…255·255 (Blinn's trick, "Three Wrongs Make a Right").
    @inline(__always)
    static func div255(_ v: Int) -> Int {
        let t = v + 128
        return (t + (t >> 8)) >> 8
    }

    /// Paints one pixel with `a` in 0…255 (already coverage × alpha).
    @inline(__always)
    func blendPixel(_ offset: Int, red: UInt8, green: UInt8, blue: UInt8, a: Int) {
        if a >= 255 {
            pixels[offset] = red; pixels[offset + 1] = green; pixels[offset + 2] = blue
        } else if a > 0 {
            let inv = 255 - a
            pixels[offset] = UInt8(Canvas.div255(Int(pixels[offset]) * inv + Int(red) * a))
            pixels[offset + 1] = UInt8(Canvas.div255(Int(pixels[offset + 1]) * inv + Int(green) * a))
            pixels[offset + 2] = UInt8(Canvas.div255(Int(pixels[offset + 2]) * inv + Int(blue) * a))
        }
    }

    /// Paints `count` pixels of row `y` from column `x` with one coverage (a FreeType span).
    /// Parts outside the canvas are ignored.
    func blend(_ x: Int, count: Int, row y: Int, coverage: Int, paint: Paint) {
        guard y >= 0, y < height else { return }
        let start = max(x, 0), end = min(x + count, width)
        guard start < end else { return }
        let a = Canvas.div255(coverage * paint.alpha)
        guard a > 0 else { return }
        var offset = (y * width + start) * 3
        for _ in start..<end {
            blendPixel(offset, red: paint.red, green: paint.green, blue: paint.blue, a: a)
            offset += 3
        }
    }

    /// Paints an 8-bit coverage mask (a glyph bitmap) whose top-left pixel lands at (`left`, `top`).
    func blend(mask: GlyphBitmap, left: Int, top: Int, paint: Paint) {
        let x0 = max(left, 0), x1 = min(left + mask.width, width)
        let y0 = max(top, 0), y1 = min(top + mask.height, height)
        guard x0 < x1, y0 < y1 else { return }
        mask.coverage.withUnsafeBufferPointer { cov in
            for y in y0..<y1 {
                var source = (y - top) * mask.width + (x0 - left)
                var offset = (y * width + x0) * 3
                for _ in x0..<x1 {
                    let c = Int(cov[source])
                    if c != 0 {
                        let a = paint.alpha == 255 ? c : Canvas.div255(c * paint.alpha)
                        blendPixel(offset, red: paint.red, green: paint.green, blue: paint.blue, a: a)
                    }
                    source += 1
                    offset += 3
                }
            }
        }
    }

    /// The finished pixels.
    func image() -> RasterImage {
        RasterImage(width: width, height: height, rgb: Array(pixels))
    }
}
