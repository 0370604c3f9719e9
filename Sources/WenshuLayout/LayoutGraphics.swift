import CQREncode
import Foundation
import WenshuDiagnostics
import WenshuDocument
import WenshuImage
import WenshuPages
import WenshuText

extension LayoutContext {
    /// An image sized from the block (or its pixels at 150 dpi), placed by fit and alignment.
    mutating func image(_ block: ImageBlock, width available: Double, at location: SourceLocation) -> Fragment? {
        guard admitImage(block.data, at: location) else { return nil }
        let asset: ImageAsset
        do {
            asset = try engine.images.decode(block.data)
        } catch {
            fail(DiagnosticError("image does not decode: \(error)", at: location.description))
            return nil
        }
        let aspect = Double(asset.height) / Double(asset.width)
        var w = block.width ?? block.height.map { $0 / aspect } ?? Double(asset.width) * 72 / 150
        var h = block.height ?? w * aspect
        if w > available { h *= available / w; w = available }
        let x = alignedX(w, in: available, block.alignment)
        let box = Rect(x: x, y: 0, width: w, height: h)
        return Fragment(height: h, items: [.image(placed(asset, in: box, fit: block.fit, source: location))])
    }

    func placed(_ asset: ImageAsset, in box: Rect, fit: ImageFit, source: SourceLocation) -> ImageItem {
        let aspect = Double(asset.height) / Double(asset.width)
        switch fit {
        case .fill:
            return ImageItem(image: asset, rect: box, source: source)
        case .contain, .cover:
            let boxAspect = box.height / box.width
            let byWidth = (fit == .contain) == (aspect < boxAspect)
            let w = byWidth ? box.width : box.height / aspect
            let h = byWidth ? box.width * aspect : box.height
            let rect = Rect(x: box.x + (box.width - w) / 2, y: box.y + (box.height - h) / 2, width: w, height: h)
            return ImageItem(image: asset, rect: rect, clip: fit == .cover ? box : nil, source: source)
        }
    }

    /// A QR code (ISO/IEC 18004) from libqrencode, drawn as filled rectangles — one per horizontal run
    /// of dark modules — inside a four-module quiet zone (§6.3.8), with an optional caption below.
    mutating func qrCode(_ qr: QRCodeBlock, width: Double, at location: SourceLocation, numbers: PageNumbers?) -> [Fragment] {
        guard let matrix = qrCodes?.matrix(qr.payload, level: qr.level) ?? QRMatrix(payload: qr.payload, level: qr.level) else {
            fail(DiagnosticError("QR payload of \(qr.payload.utf8.count) bytes does not fit in a QR code at level \(qr.level.rawValue)",
                                 at: location.description))
            return []
        }
        let size = min(qr.size, width)
        let modules = Double(matrix.width + 8)
        let module = size / modules
        let x0 = alignedX(size, in: width, qr.alignment)
        var path = Path()
        for row in 0..<matrix.width {
            var col = 0
            while col < matrix.width {
                guard matrix.dark(row, col) else { col += 1; continue }
                let start = col
                while col < matrix.width && matrix.dark(row, col) { col += 1 }
                path.addRect(Rect(x: x0 + (Double(start) + 4) * module, y: (Double(row) + 4) * module,
                                  width: Double(col - start) * module, height: module))
            }
        }
        var result = [Fragment(height: size, items: [.path(PathItem(path: path, fill: .black))])]
        if let caption = qr.caption {
            result[0].keepWithNext = true
            do {
                var lines = try textLines(caption, properties: TextProperties(size: 7, alignment: .center), width: size, at: location, numbers: numbers)
                for k in lines.indices { lines[k].items = lines[k].items.map { $0.translated(dx: x0, dy: 0) } }
                result += lines
            } catch { fail(error) }
        }
        return result
    }

    /// A handwritten signature: stroke points scaled into the box (aspect kept) and joined by a
    /// Catmull-Rom spline, converted to cubic Béziers so the curve passes through every captured point.
    mutating func signature(_ s: SignatureBlock, width: Double, at location: SourceLocation, numbers: PageNumbers?) -> [Fragment] {
        let w = min(s.width, width)
        let x0 = alignedX(w, in: width, s.alignment)
        var result: [Fragment] = []
        if let data = s.image {
            guard let f = image(ImageBlock(data: data, width: w, height: s.height, fit: .contain, alignment: .left), width: w, at: location) else { return [] }
            result.append(Fragment(height: f.height, items: f.items.map { $0.translated(dx: x0, dy: 0) }))
        } else {
            guard s.canvasWidth > 0, s.canvasHeight > 0 else {
                fail(DiagnosticError("signature canvas size must be positive", at: location.description))
                return []
            }
            let scale = min(w / s.canvasWidth, s.height / s.canvasHeight)
            let dx = x0 + (w - s.canvasWidth * scale) / 2, dy = (s.height - s.canvasHeight * scale) / 2
            var path = Path()
            for stroke in s.strokes where !stroke.isEmpty {
                let p = stroke.map { Point(dx + $0.x * scale, dy + $0.y * scale) }
                path.move(to: p[0])
                if p.count == 1 { path.line(to: Point(p[0].x + 0.01, p[0].y)); continue }
                for i in 0..<(p.count - 1) {
                    let before = p[max(i - 1, 0)], after = p[min(i + 2, p.count - 1)]
                    let c1 = Point(p[i].x + (p[i + 1].x - before.x) / 6, p[i].y + (p[i + 1].y - before.y) / 6)
                    let c2 = Point(p[i + 1].x - (after.x - p[i].x) / 6, p[i + 1].y - (after.y - p[i].y) / 6)
                    path.curve(c1, c2, to: p[i + 1])
                }
            }
            let stroke = Stroke(color: color(s.color), width: s.strokeWidth, cap: .round, join: .round)
            result.append(Fragment(height: s.height, items: [.path(PathItem(path: path, stroke: stroke))]))
        }
        if let caption = s.caption {
            result[0].keepWithNext = true
            do {
                var lines = try textLines(caption, properties: TextProperties(size: 8), width: w, at: location, numbers: numbers)
                for k in lines.indices { lines[k].items = lines[k].items.map { $0.translated(dx: x0, dy: 0) } }
                result += lines
            } catch { fail(error) }
        }
        return result
    }

    /// A Code 128 barcode (ISO/IEC 15417) drawn as bars, with its text below when asked.
    mutating func barcode(_ b: BarcodeBlock, width: Double, at location: SourceLocation, numbers: PageNumbers?) -> [Fragment] {
        guard let modules = Code128.modules(b.payload) else {
            fail(DiagnosticError("Code 128 payload must be printable ASCII: \"\(b.payload)\"", at: location.description))
            return []
        }
        let w = min(b.width, width)
        let x0 = alignedX(w, in: width, b.alignment)
        let quiet = 10.0  // §4.2.5: quiet zone of at least 10 modules on each side
        let module = w / (Double(modules.count) + 2 * quiet)
        var path = Path()
        var k = 0
        while k < modules.count {
            guard modules[k] else { k += 1; continue }
            let start = k
            while k < modules.count && modules[k] { k += 1 }
            path.addRect(Rect(x: x0 + (Double(start) + quiet) * module, y: 0, width: Double(k - start) * module, height: b.height))
        }
        var result = [Fragment(height: b.height, items: [.path(PathItem(path: path, fill: .black))])]
        if b.showText {
            result[0].keepWithNext = true
            do {
                var lines = try textLines([Span(b.payload)], properties: TextProperties(size: 7, alignment: .center), width: w, at: location, numbers: numbers)
                for i in lines.indices { lines[i].items = lines[i].items.map { $0.translated(dx: x0, dy: 0) } }
                result += lines
            } catch { fail(error) }
        }
        return result
    }
}

/// The module matrix of a QR symbol.
struct QRMatrix: Sendable {
    let width: Int
    private let cells: [UInt8]

    init?(payload: String, level: QRCodeBlock.Level) {
        let bytes = Array(payload.utf8)
        let ecc: QRecLevel
        switch level {
        case .L: ecc = QR_ECLEVEL_L
        case .M: ecc = QR_ECLEVEL_M
        case .Q: ecc = QR_ECLEVEL_Q
        case .H: ecc = QR_ECLEVEL_H
        }
        guard let code = QRMaskSearch.encode(bytes, level: ecc) else { return nil }
        defer { QRcode_free(code) }
        width = Int(code.pointee.width)
        cells = Array(UnsafeBufferPointer(start: code.pointee.data, count: width * width))
    }

    /// libqrencode: bit 0 of each byte is the module's colour (1 = dark).
    func dark(_ row: Int, _ col: Int) -> Bool { cells[row * width + col] & 1 != 0 }
}

extension LayoutContext {
    /// Counts the pixels of a distinct image against the document's budget before it is decoded
    /// (the header tells the size), so thirty large images fail with an error instead of taking
    /// gigabytes. An image used twice counts once.
    mutating func admitImage(_ data: [UInt8], at location: SourceLocation) -> Bool {
        guard let (width, height) = ImageAsset.dimensions(of: data) else { return true }  // decode reports it
        let key = data.hashValue
        if imagesCounted.contains(key) { return true }
        let pixels = width.multipliedReportingOverflow(by: height)
        let budget = LayoutEngine.maximumImagePixels
        guard !pixels.overflow, pixels.partialValue <= budget - imagePixels else {
            fail(DiagnosticError("images of this document have more than \(budget / 1_000_000) megapixels in all (this one is \(width)×\(height))",
                                 at: location.description, hints: ["scale the images down: 300 dpi at their printed size is plenty"]))
            return false
        }
        imagePixels += pixels.partialValue
        imagesCounted.insert(key)
        return true
    }
}

/// Images decoded once per font book (a template's logo and seal are shared by every document), in
/// the book's `images` cache (``RenderCaches``), bounded by the memory the decoded images hold.
///
/// The key hashes the image bytes once; the cache compares bytes only on a hash match.
struct ImageCache: Sendable {
    struct Key: Hashable, Sendable {
        let data: [UInt8]
        let hash: Int
        init(_ data: [UInt8]) { self.data = data; self.hash = data.hashValue }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (a: Key, b: Key) -> Bool { a.hash == b.hash && a.data == b.data }
    }

    let cache: BoundedCache<Key, ImageAsset>
    init(_ cache: BoundedCache<Key, ImageAsset>) { self.cache = cache }

    func decode(_ data: [UInt8]) throws(ImageError) -> ImageAsset {
        let key = Key(data)
        if let hit = cache.get(key) { return hit }
        let asset = try ImageAsset.decode(data)
        cache.put(key, asset, cost: asset.memoryBytes + data.count)
        return asset
    }
}
