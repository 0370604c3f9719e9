import WenshuImage

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
            if let alpha = image.alpha {
                let mask = writer.reserve()
                writer.writeStream(mask, [
                    ("Type", .name("XObject")), ("Subtype", .name("Image")),
                    ("Width", .int(image.width)), ("Height", .int(image.height)),
                    ("ColorSpace", .name("DeviceGray")), ("BitsPerComponent", .int(8)),
                ], data: alpha)
                entries.append(("SMask", .ref(mask)))
            }
            writer.writeStream(ref, entries, data: image.samples)
        }
    }
}
