import Crypto

/// Writes attachments as embedded file streams with file specifications (ISO 32000-2 §7.11.3–4)
/// and returns what the catalog needs: the /AF array and the /EmbeddedFiles name tree.
enum EmbeddedFiles {
    struct Written {
        /// File specifications in the given order (catalog /AF, §14.13.2).
        var fileSpecs: [Int]
        /// The /EmbeddedFiles name tree: one leaf, names in byte order as §7.9.6 requires.
        var nameTree: PDFValue
    }

    /// - Parameter documentDate: the document's creation date (ISO 8601), for attachments that give none.
    /// - Throws: ``PDFExportError`` for an empty or repeated file name, or a media type that is not `type/subtype`.
    static func write(_ attachments: [PDFAttachment], documentDate: String?, into writer: inout PDFWriter) throws(PDFExportError) -> Written {
        var seen = Set<String>()
        for a in attachments {
            guard !a.fileName.isEmpty else { throw PDFExportError("an attachment needs a file name") }
            guard seen.insert(a.fileName).inserted else { throw PDFExportError("two attachments are named '\(a.fileName)'") }
            let parts = a.mediaType.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && !$0.isWhitespace } }) else {
                throw PDFExportError("attachment '\(a.fileName)': media type '\(a.mediaType)' is not of the form type/subtype")
            }
        }
        var specs: [Int] = []
        var leaves: [(key: PDFValue, bytes: [UInt8], ref: Int)] = []
        for a in attachments {
            let stream = writer.reserve(), spec = writer.reserve()
            // §7.11.4.2 table 45: /Params /Size, /CheckSum (MD5 of the uncompressed bytes), /ModDate.
            var params: [(String, PDFValue)] = [("Size", .int(a.contents.count)), ("CheckSum", .hex(Array(Insecure.MD5.hash(data: a.contents))))]
            if let date = (a.modificationDate ?? documentDate).flatMap(Metadata.pdfDate) { params.append(("ModDate", .literal(Array(date.utf8)))) }
            writer.writeStream(stream, [("Type", .name("EmbeddedFile")), ("Subtype", .name(a.mediaType)), ("Params", .dict(params))], data: a.contents)
            var entries: [(String, PDFValue)] = [
                ("Type", .name("Filespec")),
                ("F", .literal(asciiFileName(a.fileName))),
                ("UF", .text(a.fileName)),
                ("EF", .dict([("F", .ref(stream)), ("UF", .ref(stream))])),
            ]
            if !a.description.isEmpty { entries.append(("Desc", .text(a.description))) }
            entries.append(("AFRelationship", .name(a.relationship.rawValue)))
            writer.write(spec, .dict(entries))
            specs.append(spec)
            let key = PDFValue.text(a.fileName)
            let bytes: [UInt8] = switch key { case .literal(let b), .hex(let b): b; default: [] }
            leaves.append((key, bytes, spec))
        }
        leaves.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        let names = PDFValue.array(leaves.flatMap { [$0.key, .ref($0.ref)] })
        return Written(fileSpecs: specs, nameTree: .dict([("Names", names)]))
    }

    /// /F is a byte string for older readers: the name with anything outside printable ASCII as `_`;
    /// /UF carries the real name (§7.11.3).
    static func asciiFileName(_ name: String) -> [UInt8] {
        name.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? UInt8($0.value) : UInt8(ascii: "_") }
    }
}
