import Foundation
import WenshuImage
import WenshuText

/// Image XObjects (§8.9.5): PNG samples Flate-compressed with alpha as a soft mask (§11.6.5.3),
/// JPEG passed through unchanged with DCTDecode.
enum ImageEmbedding {
    static func write(_ image: ImageAsset, ref: Int, into writer: inout PDFWriter) {
        let colorSpace: String
        switch image.components {
        case 1: colorSpace = "DeviceGray"
        case 4: colorSpace = "DeviceCMYK"
        default: colorSpace = "DeviceRGB"
        }
        var entries: [(String, PDFValue)] = [
            ("Type", .name("XObject")), ("Subtype", .name("Image")),
            ("Width", .int(image.width)), ("Height", .int(image.height)),
            ("ColorSpace", .name(colorSpace)), ("BitsPerComponent", .int(8)),
        ]
        switch image.format {
        case .jpeg:
            if image.components == 4 { entries.append(("Decode", .array([1, 0, 1, 0, 1, 0, 1, 0].map { .int($0) }))) }  // Adobe CMYK JPEGs are inverted
            writer.writeStream(ref, entries, data: image.encoded, filter: "DCTDecode")
        case .png:
            let compressed = writer.compress ? CompressedImages.get(image, cache: writer.caches?.cache("image-streams")) : nil
            if let alpha = image.alpha {
                let mask = writer.reserve()
                let maskEntries: [(String, PDFValue)] = [
                    ("Type", .name("XObject")), ("Subtype", .name("Image")),
                    ("Width", .int(image.width)), ("Height", .int(image.height)),
                    ("ColorSpace", .name("DeviceGray")), ("BitsPerComponent", .int(8)),
                ]
                if let compressed { writer.writeStream(mask, maskEntries, data: compressed.alpha, filter: "FlateDecode") }
                else { writer.writeStream(mask, maskEntries, data: alpha) }
                entries.append(("SMask", .ref(mask)))
            }
            if let compressed { writer.writeStream(ref, entries, data: compressed.samples, filter: "FlateDecode") }
            else { writer.writeStream(ref, entries, data: image.samples) }
        }
    }
}

/// Flate-compressed samples of the PNG images recently embedded, in the font book's `image-streams`
/// cache (``RenderCaches``). A batch prints the same logo and seal on every document; compressing
/// their samples was a seventh of an e-policy's export time. Keyed by the asset's identity, which the
/// entry keeps alive, so an identity is never reused while cached; the layout's image cache hands out
/// the same asset for the same source.
enum CompressedImages {
    struct Entry {
        let image: ImageAsset
        let samples: [UInt8]
        let alpha: [UInt8]
    }

    /// The compressed samples and alpha of `image`, from `cache` when it holds them.
    static func get(_ image: ImageAsset, cache: BoundedCache<ObjectIdentifier, Entry>?) -> Entry {
        let key = ObjectIdentifier(image)
        if let cached = cache?.get(key) { return cached }
        let entry = Entry(image: image, samples: Deflate.zlib(image.samples), alpha: image.alpha.map { Deflate.zlib($0) } ?? [])
        cache?.put(key, entry, cost: entry.samples.count + entry.alpha.count + 64)
        return entry
    }
}
