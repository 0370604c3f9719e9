#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WenshuImage
import WenshuPages

/// Paints decoded images: the image fills `ImageItem.rect` (its first row at the rect's top, as the
/// PDF backend's `cm` maps the unit square, ISO 32000-1 §8.9.5), limited to `clip`, under the
/// current transform, composited over the canvas with its alpha times the group opacity.
///
/// Each device pixel whose centre falls inside both rects is sampled bilinearly at the point its
/// centre maps back to (edge pixels clamped), with colour premultiplied by alpha before interpolating
/// so that transparent pixels do not bleed their colour. Edges are not anti-aliased.
enum ImageCompositing {
    /// PNG and JPEG alike: both arrive decoded to grey or RGB samples (``ImageAsset/samples``).
    static func draw(_ item: ImageItem, transform ctm: Transform, opacity: Double, canvas: Canvas) throws(RasterError) {
        let image = item.image
        let rect = item.rect
        guard rect.width > 0, rect.height > 0, image.width > 0, image.height > 0, opacity > 0,
              let inverse = ctm.inverted else { return }
        var area = deviceBounds(rect, ctm)
        if let clip = item.clip { area = intersect(area, deviceBounds(clip, ctm)) }
        let x0 = max(0, Int(saturating: area.x.rounded(.down))), x1 = min(canvas.width, Int(saturating: area.maxX.rounded(.up)))
        let y0 = max(0, Int(saturating: area.y.rounded(.down))), y1 = min(canvas.height, Int(saturating: area.maxY.rounded(.up)))
        guard x0 < x1, y0 < y1 else { return }

        let w = image.width, h = image.height, components = image.sampleComponents
        let sx = Double(w) / rect.width, sy = Double(h) / rect.height
        let opacity = Float(min(opacity, 1))
        image.samples.withUnsafeBufferPointer { samples in
            withAlpha(image.alpha) { alpha in
                for y in y0..<y1 {
                    for x in x0..<x1 {
                        let u = inverse.apply(Point(Double(x) + 0.5, Double(y) + 0.5))
                        guard u.x >= rect.x, u.x < rect.maxX, u.y >= rect.y, u.y < rect.maxY else { continue }
                        if let clip = item.clip, !(u.x >= clip.x && u.x < clip.maxX && u.y >= clip.y && u.y < clip.maxY) { continue }
                        // Sample space: pixel k's centre is at k + 0.5.
                        let fx = (u.x - rect.x) * sx - 0.5, fy = (u.y - rect.y) * sy - 0.5
                        let ix = Int(saturating: fx.rounded(.down)), iy = Int(saturating: fy.rounded(.down))
                        let tx = Float(fx - Double(ix)), ty = Float(fy - Double(iy))
                        let cx0 = min(max(ix, 0), w - 1), cx1 = min(max(ix + 1, 0), w - 1)
                        let cy0 = min(max(iy, 0), h - 1), cy1 = min(max(iy + 1, 0), h - 1)
                        var sum = Sample()
                        sum.add(cy0 * w + cx0, (1 - tx) * (1 - ty), samples, alpha, components)
                        sum.add(cy0 * w + cx1, tx * (1 - ty), samples, alpha, components)
                        sum.add(cy1 * w + cx0, (1 - tx) * ty, samples, alpha, components)
                        sum.add(cy1 * w + cx1, tx * ty, samples, alpha, components)
                        let r = sum.r, g = sum.g, b = sum.b
                        var a = sum.a
                        a *= opacity
                        guard a > 0 else { continue }
                        let o = (y * canvas.width + x) * 3, keep = 1 - a
                        canvas.pixels[o] = byte(Float(canvas.pixels[o]) * keep + r * opacity)
                        canvas.pixels[o + 1] = byte(Float(canvas.pixels[o + 1]) * keep + g * opacity)
                        canvas.pixels[o + 2] = byte(Float(canvas.pixels[o + 2]) * keep + b * opacity)
                    }
                }
            }
        }
    }

    /// A premultiplied bilinear sum.
    private struct Sample {
        var r: Float = 0, g: Float = 0, b: Float = 0, a: Float = 0

        @inline(__always)
        mutating func add(_ index: Int, _ weight: Float, _ samples: UnsafeBufferPointer<UInt8>,
                          _ alpha: UnsafeBufferPointer<UInt8>?, _ components: Int) {
            guard weight > 0 else { return }
            let wa = weight * (alpha.map { Float($0[index]) / 255 } ?? 1)
            let s = index * components
            if components == 1 {
                let v = Float(samples[s]) * wa
                r += v; g += v; b += v
            } else {
                r += Float(samples[s]) * wa; g += Float(samples[s + 1]) * wa; b += Float(samples[s + 2]) * wa
            }
            a += wa
        }
    }

    private static func withAlpha<R>(_ alpha: [UInt8]?, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        guard let alpha else { return body(nil) }
        return alpha.withUnsafeBufferPointer { body($0) }
    }

    private static func byte(_ v: Float) -> UInt8 { UInt8(min(max(v.rounded(), 0), 255)) }

    /// Bounding box, in device pixels, of a page rect under `t`.
    static func deviceBounds(_ r: Rect, _ t: Transform) -> Rect {
        let corners = [Point(r.x, r.y), Point(r.maxX, r.y), Point(r.x, r.maxY), Point(r.maxX, r.maxY)].map(t.apply)
        let xs = corners.map(\.x), ys = corners.map(\.y)
        let minX = xs.min()!, minY = ys.min()!
        return Rect(x: minX, y: minY, width: xs.max()! - minX, height: ys.max()! - minY)
    }

    static func intersect(_ a: Rect, _ b: Rect) -> Rect {
        let x = max(a.x, b.x), y = max(a.y, b.y)
        return Rect(x: x, y: y, width: max(0, min(a.maxX, b.maxX) - x), height: max(0, min(a.maxY, b.maxY) - y))
    }
}
