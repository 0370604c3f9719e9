/// An existing PDF opened for an incremental update: its cross-reference sections (the last one and every
/// `/Prev` before it, ISO 32000-1 §7.5.4 and §7.5.6), its trailer and random access to its objects.
///
/// Wenshu's writer ends its files with a classic cross-reference table, and so does this signer's own
/// increment, so a file signed twice still reads here. Cross-reference streams (§7.5.8) are refused
/// with a clear error rather than half-read.
struct PDFFile {
    let bytes: [UInt8]
    /// The newest trailer.
    let trailer: PDFDictionary
    /// Offset of the newest cross-reference section, for the increment's `/Prev`.
    let lastXrefOffset: Int
    /// In-use objects: number → (offset, generation), the newest section winning.
    let offsets: [Int: (offset: Int, generation: Int)]
    /// The trailer's /Size: the next free object number.
    let size: Int

    init(_ bytes: [UInt8]) throws(SigningError) {
        self.bytes = bytes
        guard bytes.count > 8, bytes[0..<5].elementsEqual("%PDF-".utf8) else {
            throw SigningError(.unsupportedPDF, "input is not a PDF: it does not start with '%PDF-'")
        }
        // §7.5.5: the file ends with `startxref`, the offset and `%%EOF` within its last bytes.
        guard let startxref = bytes.lastRange(of: "startxref", from: Swift.max(0, bytes.count - 2048)) else {
            throw SigningError(.unsupportedPDF, "input PDF has no 'startxref' near its end (truncated file?)")
        }
        var parser = PDFParser(bytes: bytes, position: startxref + 9)
        parser.skipWhitespace()
        guard let offset = Int(parser.regularToken()), offset >= 0, offset < bytes.count else {
            throw SigningError(.unsupportedPDF, "input PDF: 'startxref' at byte \(startxref) is not followed by a valid offset")
        }
        lastXrefOffset = offset

        var newest: PDFDictionary?
        var offsets: [Int: (offset: Int, generation: Int)] = [:]
        var visited: Set<Int> = []
        var next: Int? = offset
        while let sectionOffset = next {
            guard visited.insert(sectionOffset).inserted, visited.count <= 1000 else {
                throw SigningError(.unsupportedPDF, "input PDF: the /Prev chain of cross-reference sections loops at byte \(sectionOffset)")
            }
            let trailer = try Self.readSection(bytes, at: sectionOffset, into: &offsets)
            if newest == nil { newest = trailer }
            next = nil
            if let value = trailer["Prev"] {
                guard let prev = value.integer, prev >= 0, prev < bytes.count else {
                    throw SigningError(.unsupportedPDF, "input PDF: trailer /Prev at byte \(sectionOffset) is not a valid offset")
                }
                next = prev
            }
        }
        trailer = newest!
        self.offsets = offsets
        guard let size = trailer["Size"]?.integer, size > 0 else {
            throw SigningError(.unsupportedPDF, "input PDF: the trailer has no valid /Size")
        }
        self.size = size
    }

    /// Reads one `xref` table and the trailer after it; records entries not already set by a newer section.
    private static func readSection(_ bytes: [UInt8], at offset: Int,
                                    into offsets: inout [Int: (offset: Int, generation: Int)]) throws(SigningError) -> PDFDictionary {
        var parser = PDFParser(bytes: bytes, position: offset)
        parser.skipWhitespace()
        let keywordStart = parser.position
        let keyword = parser.regularToken()
        guard keyword == "xref" else {
            if Int(keyword) != nil {
                throw SigningError(.unsupportedPDF, "input PDF uses a cross-reference stream (ISO 32000-1 §7.5.8) at byte \(offset); only cross-reference tables are supported")
            }
            throw SigningError(.unsupportedPDF, "input PDF: no cross-reference table at byte \(offset) (found '\(keyword)' at \(keywordStart))")
        }
        var deleted: Set<Int> = []
        while true {
            parser.skipWhitespace()
            let save = parser.position
            let first = parser.regularToken()
            if first == "trailer" { break }
            guard let start = Int(first), start >= 0 else {
                parser.position = save
                throw SigningError(.unsupportedPDF, "input PDF: bad cross-reference subsection header at byte \(save)")
            }
            parser.skipWhitespace()
            guard let count = Int(parser.regularToken()), count >= 0, count <= 10_000_000 else {
                throw SigningError(.unsupportedPDF, "input PDF: bad cross-reference subsection count at byte \(save)")
            }
            for index in 0..<count {
                parser.skipWhitespace()
                let entryStart = parser.position
                let field1 = parser.regularToken()
                parser.skipWhitespace()
                let field2 = parser.regularToken()
                parser.skipWhitespace()
                let kind = parser.regularToken()
                guard let value = Int(field1), let generation = Int(field2), kind == "n" || kind == "f" else {
                    throw SigningError(.unsupportedPDF, "input PDF: bad cross-reference entry at byte \(entryStart)")
                }
                let number = start + index
                if offsets[number] != nil || deleted.contains(number) { continue }
                if kind == "n" {
                    guard value > 0, value < bytes.count else {
                        throw SigningError(.unsupportedPDF, "input PDF: object \(number) has offset \(value) outside the file")
                    }
                    offsets[number] = (value, generation)
                } else {
                    deleted.insert(number)
                }
            }
        }
        let parsed: PDFObject
        do { parsed = try parser.parseObject() } catch {
            throw SigningError(.unsupportedPDF, "input PDF: cannot read the trailer: \(error.message) at byte \(error.offset)")
        }
        guard case .dictionary(let trailer) = parsed else {
            throw SigningError(.unsupportedPDF, "input PDF: the trailer at byte \(parser.position) is not a dictionary")
        }
        if trailer["XRefStm"] != nil {
            throw SigningError(.unsupportedPDF, "input PDF is a hybrid-reference file (/XRefStm, ISO 32000-1 §7.5.8.4); only plain cross-reference tables are supported")
        }
        return trailer
    }

    /// The object `ref` points at; a stream object yields its dictionary.
    func object(_ ref: PDFReference) throws(SigningError) -> PDFObject {
        guard let entry = offsets[ref.number], entry.generation == ref.generation else {
            throw SigningError(.unsupportedPDF, "input PDF: object \(ref) is not in the cross-reference table")
        }
        var parser = PDFParser(bytes: bytes, position: entry.offset)
        do {
            return try parser.indirectObject(expecting: ref)
        } catch {
            throw SigningError(.unsupportedPDF, "input PDF: cannot read object \(ref) at byte \(entry.offset): \(error.message) at byte \(error.offset)")
        }
    }

    /// Follows a reference to a dictionary, or returns a direct dictionary.
    func dictionary(_ value: PDFObject?, _ what: String) throws(SigningError) -> PDFDictionary {
        switch value {
        case .dictionary(let dict)?: return dict
        case .reference(let ref)?:
            guard let dict = try object(ref).dictionary else {
                throw SigningError(.unsupportedPDF, "input PDF: \(what) (object \(ref)) is not a dictionary")
            }
            return dict
        default:
            throw SigningError(.unsupportedPDF, "input PDF: \(what) is missing or not a dictionary")
        }
    }

    /// Every page in document order (§7.7.3), with its object reference.
    func pages(root: PDFDictionary) throws(SigningError) -> [(ref: PDFReference, page: PDFDictionary)] {
        guard let treeRef = root["Pages"]?.reference else {
            throw SigningError(.unsupportedPDF, "input PDF: the catalog has no /Pages reference")
        }
        var pages: [(PDFReference, PDFDictionary)] = []
        var seen: Set<PDFReference> = []
        func walk(_ ref: PDFReference, depth: Int) throws(SigningError) {
            guard depth < 64, seen.insert(ref).inserted else {
                throw SigningError(.unsupportedPDF, "input PDF: the page tree loops or is too deep at \(ref)")
            }
            let node = try dictionary(.reference(ref), "page tree node")
            switch node["Type"]?.nameValue {
            case "Page":
                pages.append((ref, node))
            case "Pages":
                var kidsValue = node["Kids"]
                if let kidsRef = kidsValue?.reference { kidsValue = try object(kidsRef) }
                guard let kids = kidsValue?.array else {
                    throw SigningError(.unsupportedPDF, "input PDF: page tree node \(ref) has no /Kids array")
                }
                for kid in kids {
                    guard let kidRef = kid.reference else {
                        throw SigningError(.unsupportedPDF, "input PDF: page tree node \(ref) has a /Kids entry that is not a reference")
                    }
                    try walk(kidRef, depth: depth + 1)
                }
            default:
                throw SigningError(.unsupportedPDF, "input PDF: page tree node \(ref) has no /Type /Page or /Pages")
            }
        }
        try walk(treeRef, depth: 0)
        guard !pages.isEmpty else { throw SigningError(.unsupportedPDF, "input PDF has no pages") }
        return pages
    }
}
