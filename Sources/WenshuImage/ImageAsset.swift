public import WenshuDiagnostics
import CPNG
import CTurboJPEG

/// A decoded raster image, immutable and shared between documents (a logo or seal is decoded once).
///
/// PNG is decoded to 8-bit grey or RGB samples plus an optional alpha plane. JPEG keeps its bytes for
/// PDF pass-through (DCTDecode) and is also decoded (TurboJPEG) to grey or RGB samples for rasterizing.
public final class ImageAsset: Sendable {
    public enum Format: Sendable { case png, jpeg }

    public let format: Format
    public let width: Int
    public let height: Int
    /// Colour components of the encoded image: 1 (grey), 3 (RGB) or, for JPEG, 4 (CMYK).
    public let components: Int
    /// Decoded colour samples, row-major, ``sampleComponents`` bytes a pixel.
    public let samples: [UInt8]
    /// Bytes a pixel in ``samples``: 1 (grey) or 3 (RGB); a CMYK JPEG is decoded to RGB.
    public var sampleComponents: Int { components == 1 ? 1 : 3 }
    /// PNG with transparency: one alpha byte a pixel; nil when opaque.
    public let alpha: [UInt8]?
    /// The file as given (JPEG bytes are embedded as they are).
    public let encoded: [UInt8]

    init(format: Format, width: Int, height: Int, components: Int, samples: [UInt8], alpha: [UInt8]?, encoded: [UInt8]) {
        self.format = format
        self.width = width
        self.height = height
        self.components = components
        self.samples = samples
        self.alpha = alpha
        self.encoded = encoded
    }

    /// Largest image accepted, in pixels: a 40-megapixel image is far beyond any logo or seal.
    public static let maximumPixels = 40_000_000

    /// Width and height from the header alone (PNG IHDR, ISO/IEC 15948 §11.2.2; JPEG SOFn, ITU T.81
    /// §B.2.2), without decoding: lets a caller refuse an image before paying for its pixels. Nil when
    /// the header is not found.
    public static func dimensions(of bytes: [UInt8]) -> (width: Int, height: Int)? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            guard bytes.count >= 24, bytes[12...15].elementsEqual("IHDR".utf8) else { return nil }
            let be32 = { (k: Int) in Int(bytes[k]) << 24 | Int(bytes[k + 1]) << 16 | Int(bytes[k + 2]) << 8 | Int(bytes[k + 3]) }
            return (be32(16), be32(20))
        }
        guard bytes.starts(with: [0xFF, 0xD8]) else { return nil }
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                return (Int(bytes[i + 7]) << 8 | Int(bytes[i + 8]), Int(bytes[i + 5]) << 8 | Int(bytes[i + 6]))
            }
            i += 2 + (Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]))
        }
        return nil
    }

    /// Bytes this image holds in memory: samples, alpha plane and the encoded file.
    public var memoryBytes: Int { samples.count + (alpha?.count ?? 0) + encoded.count }

    /// Decodes PNG or JPEG bytes, recognised by signature.
    /// - Throws: `ImageError` for unknown formats, corrupt data or images over ``maximumPixels``.
    public static func decode(_ bytes: [UInt8]) throws(ImageError) -> ImageAsset {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return try decodePNG(bytes) }
        if bytes.starts(with: [0xFF, 0xD8]) { return try decodeJPEG(bytes) }
        throw ImageError("unsupported image format (expected PNG or JPEG)")
    }

    static func decodePNG(_ bytes: [UInt8]) throws(ImageError) -> ImageAsset {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let began = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard began != 0 else { throw ImageError("corrupt PNG: \(message(of: image))") }
        defer { png_image_free(&image) }
        let width = Int(image.width), height = Int(image.height)
        guard width > 0, height > 0, width * height <= maximumPixels else {
            throw ImageError("PNG of \(width)×\(height) pixels is over the limit of \(maximumPixels) pixels")
        }
        let isGrey = image.format & UInt32(PNG_FORMAT_FLAG_COLOR) == 0
        let hasAlpha = image.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
        let components = isGrey ? 1 : 3
        let stride = components + (hasAlpha ? 1 : 0)
        image.format = (isGrey ? 0 : UInt32(PNG_FORMAT_FLAG_COLOR)) | (hasAlpha ? UInt32(PNG_FORMAT_FLAG_ALPHA) : 0)
        var buffer = [UInt8](repeating: 0, count: width * height * stride)
        let finished = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard finished != 0 else { throw ImageError("corrupt PNG: \(message(of: image))") }
        guard hasAlpha else {
            return ImageAsset(format: .png, width: width, height: height, components: components, samples: buffer, alpha: nil, encoded: bytes)
        }
        var colour = [UInt8](repeating: 0, count: width * height * components)
        var alpha = [UInt8](repeating: 0, count: width * height)
        var opaque = true
        for p in 0..<(width * height) {
            for c in 0..<components { colour[p * components + c] = buffer[p * stride + c] }
            alpha[p] = buffer[p * stride + components]
            if alpha[p] != 255 { opaque = false }
        }
        return ImageAsset(format: .png, width: width, height: height, components: components, samples: colour,
                          alpha: opaque ? nil : alpha, encoded: bytes)
    }

    private static func message(of image: png_image) -> String {
        var m = image.message
        return withUnsafeBytes(of: &m) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }

    /// Reads the frame header (SOF0–SOF15 except DHT/JPG/DAC) for size and components.
    static func decodeJPEG(_ bytes: [UInt8]) throws(ImageError) -> ImageAsset {
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { throw ImageError("corrupt JPEG: marker expected at byte \(i)") }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                let height = Int(bytes[i + 5]) << 8 | Int(bytes[i + 6])
                let width = Int(bytes[i + 7]) << 8 | Int(bytes[i + 8])
                let components = Int(bytes[i + 9])
                guard width > 0, height > 0, width * height <= maximumPixels, [1, 3, 4].contains(components) else {
                    throw ImageError("unsupported JPEG: \(width)×\(height) pixels, \(components) components")
                }
                let samples = try decodeJPEGSamples(bytes, width: width, height: height, grey: components == 1)
                return ImageAsset(format: .jpeg, width: width, height: height, components: components, samples: samples, alpha: nil, encoded: bytes)
            }
            i += 2 + length
        }
        throw ImageError("corrupt JPEG: no frame header")
    }
}

/// JPEG pixels through TurboJPEG, whose API reports errors by return code (libjpeg's own API uses
/// longjmp, which Swift cannot survive).
private func decodeJPEGSamples(_ bytes: [UInt8], width: Int, height: Int, grey: Bool) throws(ImageError) -> [UInt8] {
    guard let handle = tjInitDecompress() else { throw ImageError("cannot start the JPEG decoder") }
    defer { tjDestroy(handle) }
    let channels = grey ? 1 : 3
    var out = [UInt8](repeating: 0, count: width * height * channels)
    let status = bytes.withUnsafeBufferPointer { input in
        out.withUnsafeMutableBufferPointer { output in
            tjDecompress2(handle, input.baseAddress, UInt(input.count), output.baseAddress, Int32(width), 0, Int32(height),
                          Int32(grey ? TJPF_GRAY.rawValue : TJPF_RGB.rawValue), 0)
        }
    }
    guard status == 0 else {
        throw ImageError("corrupt JPEG: \(String(cString: tjGetErrorStr2(handle)))")
    }
    return out
}

public struct ImageError: DiagnosticConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
