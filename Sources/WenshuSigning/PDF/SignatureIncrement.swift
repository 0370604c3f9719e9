import Foundation

/// Encrypts the bytes of a string or stream that the increment writes into an encrypted PDF, for the
/// object it belongs to (number, generation): ISO 32000-1 §7.6.2 algorithm 1 keys RC4 and AES-128 by
/// object; AES-256 (ISO 32000-2 §7.6.3.3, revision 6) ignores both and uses the file key.
public typealias StringEncryptor = @Sendable (_ plain: [UInt8], _ objectNumber: Int, _ generation: Int) -> [UInt8]

/// The incremental update that adds a signature to an existing PDF (ISO 32000-1 §7.5.6, §12.8;
/// ETSI EN 319 142-1 §5.1 and §6.3): appended after the original bytes, which stay untouched.
///
/// It writes a signature dictionary with fixed-width `/ByteRange` and `/Contents` placeholders, a
/// signature field merged with its widget annotation, the page rewritten with the widget in
/// `/Annots`, the catalog rewritten with `/AcroForm`, and a cross-reference table with `/Prev`.
/// The placeholders are filled in place afterwards, so no offset moves.
struct SignatureIncrement {
    /// What the increment should contain.
    struct Request {
        /// Bytes of DER the `/Contents` hex string can hold.
        var contentsCapacity: Int
        /// Written as the signature dictionary's /M (PAdES puts the claimed time here, not in the CMS).
        var signingTime: Date
        /// Nil: "Signature<n>" after the fields already there.
        var fieldName: String?
        var encryptor: StringEncryptor?
    }

    /// The whole signed file: the input, then the increment.
    private(set) var bytes: [UInt8]
    /// `<…>` of /Contents, delimiters included: the only bytes the signature does not cover.
    let contentsRange: Range<Int>
    /// The characters inside `/ByteRange [ … ]`.
    let byteRangeRange: Range<Int>
    /// Where the widget went (page index from 0) and its rectangle, for reporting.
    let pageIndex: Int
    let rect: [Double]

    static let byteRangeWidth = 34  // "0 " + three numbers of up to 10 digits, two spaces

    /// - Throws: `SigningError.unsupportedPDF` when the input's structure cannot be updated,
    ///   `.encryptedInput` when it is encrypted and `request.encryptor` is nil.
    init(file: PDFFile, request: Request) throws(SigningError) {
        let trailer = file.trailer
        let encrypted = trailer["Encrypt"] != nil
        if encrypted && request.encryptor == nil {
            throw SigningError(.encryptedInput, "input PDF is encrypted (/Encrypt in the trailer): signing it needs the document's string encryptor (sign before encrypting, or pass the encryptor)")
        }
        guard let rootRef = trailer["Root"]?.reference else {
            throw SigningError(.unsupportedPDF, "input PDF: the trailer has no /Root reference")
        }
        var catalog = try file.dictionary(.reference(rootRef), "document catalog")
        let pages = try file.pages(root: catalog)

        // The widget's place: the first page carrying /WenshuSeal << /Rect [...] >>, else invisible on page 1.
        var pageIndex = 0
        var rect: [Double] = [0, 0, 0, 0]
        for (index, entry) in pages.enumerated() {
            guard let seal = entry.page["WenshuSeal"] else { continue }
            let sealDict = try file.dictionary(seal, "page \(index + 1) /WenshuSeal")
            var rectValue = sealDict["Rect"]
            if let ref = rectValue?.reference { rectValue = try file.object(ref) }
            guard let numbers = rectValue?.array?.compactMap(\.real), numbers.count == 4, rectValue?.array?.count == 4,
                  numbers.allSatisfy({ $0.isFinite && abs($0) < 1e6 }) else {
                throw SigningError(.unsupportedPDF, "input PDF: page \(index + 1) /WenshuSeal /Rect must be an array of four numbers [x0 y0 x1 y1]")
            }
            rect = [min(numbers[0], numbers[2]), min(numbers[1], numbers[3]), max(numbers[0], numbers[2]), max(numbers[1], numbers[3])]
            pageIndex = index
            break
        }
        self.pageIndex = pageIndex
        self.rect = rect
        let pageRef = pages[pageIndex].ref

        var next = file.size
        func allocate() -> PDFReference { defer { next += 1 }; return PDFReference(number: next, generation: 0) }
        let signatureRef = allocate(), fieldRef = allocate(), appearanceRef = allocate()
        var written: [(ref: PDFReference, offset: Int)] = []

        var out = file.bytes
        out.reserveCapacity(file.bytes.count + request.contentsCapacity * 2 + 4096)
        if let last = out.last, last != 0x0A && last != 0x0D { out.append(0x0A) }

        func begin(_ ref: PDFReference) {
            written.append((ref, out.count))
            out.append(contentsOf: "\(ref.number) \(ref.generation) obj\n".utf8)
        }
        func end() { out.append(contentsOf: "\nendobj\n".utf8) }
        func text(_ string: String, in ref: PDFReference) -> PDFObject {
            let plain = Array(string.utf8)
            if let encryptor = request.encryptor, encrypted {
                return .hexString(encryptor(plain, ref.number, ref.generation))
            }
            return .string([0x28] + PDFSignatureText.escaped(plain) + [0x29])
        }

        // Signature dictionary (§12.8.1 table 252; EN 319 142-1 §5.1.2: SubFilter ETSI.CAdES.detached).
        begin(signatureRef)
        var sigDict = PDFDictionary()
        sigDict["Type"] = .name("Sig")
        sigDict["Filter"] = .name("Adobe.PPKLite")
        sigDict["SubFilter"] = .name("ETSI.CAdES.detached")
        sigDict["M"] = text(PDFSignatureText.date(request.signingTime), in: signatureRef)
        sigDict.write(to: &out)
        out.removeLast(2)  // reopen the dictionary to append the two placeholders
        out.append(contentsOf: " /ByteRange [".utf8)
        let byteRangeStart = out.count
        out.append(contentsOf: ("0 " + String(repeating: "0", count: 10) + " " + String(repeating: "0", count: 10) + " " + String(repeating: "0", count: 10)).utf8)
        byteRangeRange = byteRangeStart..<out.count
        out.append(contentsOf: "] /Contents ".utf8)
        // §7.6.1: the signature's /Contents is never encrypted, so the hex digits go in as they are.
        let contentsStart = out.count
        out.append(0x3C)
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: request.contentsCapacity * 2))
        out.append(0x3E)
        contentsRange = contentsStart..<out.count
        out.append(contentsOf: ">>".utf8)
        end()

        // The field merged with its widget (§12.5.6.19, §12.7.4.5): /F 132 is Print + Locked.
        begin(fieldRef)
        var field = PDFDictionary()
        field["Type"] = .name("Annot")
        field["Subtype"] = .name("Widget")
        field["FT"] = .name("Sig")
        var fieldName = request.fieldName ?? ""
        if request.fieldName == nil { fieldName = try Self.nextFieldName(file: file, catalog: catalog) }
        field["T"] = text(fieldName, in: fieldRef)
        field["V"] = .reference(signatureRef)
        field["F"] = .integer(132)
        field["P"] = .reference(pageRef)
        field["Rect"] = .array(rect.map(PDFObject.real))
        field["AP"] = .dictionary(PDFDictionary([("N", .reference(appearanceRef))]))
        field.write(to: &out)
        end()

        // An empty appearance: the seal already drawn in the page content is what the reader sees, and
        // PDF/A (ISO 19005-2 §6.3.3) wants every widget to carry a normal appearance.
        begin(appearanceRef)
        var streamData: [UInt8] = []
        if let encryptor = request.encryptor, encrypted { streamData = encryptor([], appearanceRef.number, appearanceRef.generation) }
        var form = PDFDictionary()
        form["Type"] = .name("XObject")
        form["Subtype"] = .name("Form")
        form["BBox"] = .array([.integer(0), .integer(0), .real(rect[2] - rect[0]), .real(rect[3] - rect[1])])
        form["Resources"] = .dictionary(PDFDictionary())
        form["Length"] = .integer(streamData.count)
        form.write(to: &out)
        out.append(contentsOf: "\nstream\n".utf8)
        out.append(contentsOf: streamData)
        out.append(contentsOf: "\nendstream".utf8)
        end()

        // The page with the widget in /Annots (§12.5.2). ISO 32000-2 table 31 wants every /Annots entry
        // to be an indirect reference, and validators' change analysis (pyHanko) rejects a later signature
        // when any page holds direct ones, so direct annotations on every page are moved into objects of
        // their own, unchanged. Only where no string key depends on the object number: unencrypted files
        // and AES-256 (/V 5); otherwise they stay where they are.
        let movable = !encrypted || (try? file.dictionary(trailer["Encrypt"], "/Encrypt"))?["V"]?.integer == 5
        func indirect(_ items: [PDFObject]) -> [PDFObject] {
            items.map { item in
                guard movable, case .dictionary(let annotation) = item else { return item }
                let ref = allocate()
                begin(ref)
                annotation.write(to: &out)
                end()
                return .reference(ref)
            }
        }
        func hasDirect(_ items: [PDFObject]) -> Bool { items.contains { $0.dictionary != nil } }
        for (index, entry) in pages.enumerated() {
            let isTarget = index == pageIndex
            let added: [PDFObject] = isTarget ? [.reference(fieldRef)] : []
            var page = entry.page
            switch page["Annots"] {
            case nil:
                guard isTarget else { continue }
                page["Annots"] = .array(added)
            case .array(let items)?:
                guard isTarget || (movable && hasDirect(items)) else { continue }
                page["Annots"] = .array(indirect(items) + added)
            case .reference(let annotsRef)?:
                guard let items = try file.object(annotsRef).array else {
                    throw SigningError(.unsupportedPDF, "input PDF: page \(index + 1) /Annots (\(annotsRef)) is not an array")
                }
                guard isTarget || (movable && hasDirect(items)) else { continue }
                let moved = indirect(items)
                begin(annotsRef)
                PDFObject.array(moved + added).write(to: &out)
                end()
                continue  // the page itself is unchanged
            default:
                throw SigningError(.unsupportedPDF, "input PDF: page \(index + 1) /Annots is neither an array nor a reference")
            }
            begin(entry.ref)
            page.write(to: &out)
            end()
        }

        // The catalog's interactive form (§12.7.2): SigFlags 3 = SignaturesExist + AppendOnly.
        func merged(_ form: PDFDictionary) throws(SigningError) -> PDFDictionary {
            var form = form
            switch form["Fields"] {
            case nil: form["Fields"] = .array([.reference(fieldRef)])
            case .array(let items)?: form["Fields"] = .array(items + [.reference(fieldRef)])
            case .reference(let fieldsRef)?:
                guard let items = try file.object(fieldsRef).array else {
                    throw SigningError(.unsupportedPDF, "input PDF: /AcroForm /Fields (\(fieldsRef)) is not an array")
                }
                begin(fieldsRef)
                PDFObject.array(items + [.reference(fieldRef)]).write(to: &out)
                end()
            default:
                throw SigningError(.unsupportedPDF, "input PDF: /AcroForm /Fields is neither an array nor a reference")
            }
            form["SigFlags"] = .integer(3)
            return form
        }
        switch catalog["AcroForm"] {
        case nil:
            catalog["AcroForm"] = .dictionary(PDFDictionary([("Fields", .array([.reference(fieldRef)])), ("SigFlags", .integer(3))]))
        case .dictionary(let form)?:
            catalog["AcroForm"] = .dictionary(try merged(form))
        case .reference(let formRef)?:
            let form = try merged(try file.dictionary(.reference(formRef), "/AcroForm"))
            begin(formRef)
            form.write(to: &out)
            end()
        default:
            throw SigningError(.unsupportedPDF, "input PDF: the catalog's /AcroForm is not a dictionary")
        }
        begin(rootRef)
        catalog.write(to: &out)
        end()

        // Cross-reference table for the objects above (§7.5.4), then a trailer that repeats the
        // previous one's entries (§7.5.6: /Root, /Info, /ID, /Encrypt) with /Prev and the new /Size.
        let xrefOffset = out.count
        out.append(contentsOf: "xref\n".utf8)
        let sorted = written.sorted { $0.ref.number < $1.ref.number }
        var index = 0
        while index < sorted.count {
            var runEnd = index + 1
            while runEnd < sorted.count, sorted[runEnd].ref.number == sorted[runEnd - 1].ref.number + 1 { runEnd += 1 }
            out.append(contentsOf: "\(sorted[index].ref.number) \(runEnd - index)\n".utf8)
            for entry in sorted[index..<runEnd] {
                let offset = String(entry.offset), generation = String(entry.ref.generation)
                out.append(contentsOf: (String(repeating: "0", count: 10 - offset.count) + offset + " "
                    + String(repeating: "0", count: 5 - generation.count) + generation + " n\r\n").utf8)
            }
            index = runEnd
        }
        var newTrailer = PDFDictionary()
        newTrailer["Size"] = .integer(next)
        for key in ["Root", "Info", "ID", "Encrypt"] { if let value = trailer[key] { newTrailer[key] = value } }
        newTrailer["Prev"] = .integer(file.lastXrefOffset)
        out.append(contentsOf: "trailer\n".utf8)
        newTrailer.write(to: &out)
        out.append(contentsOf: "\nstartxref\n\(xrefOffset)\n%%EOF\n".utf8)
        bytes = out
    }

    /// "Signature<n>" for the first n (from the field count plus one) that no existing top-level field is
    /// called; names in an encrypted file cannot be read, so there the count alone decides.
    static func nextFieldName(file: PDFFile, catalog: PDFDictionary) throws(SigningError) -> String {
        guard let formValue = catalog["AcroForm"] else { return "Signature1" }
        let form = try file.dictionary(formValue, "/AcroForm")
        var fieldsValue = form["Fields"]
        if let ref = fieldsValue?.reference { fieldsValue = try file.object(ref) }
        let fields = fieldsValue?.array ?? []
        var taken: Set<[UInt8]> = []
        if file.trailer["Encrypt"] == nil {
            for field in fields {
                guard let ref = field.reference, let dict = try? file.object(ref).dictionary, case .string(let raw)? = dict["T"] else { continue }
                taken.insert(raw)
            }
        }
        var number = fields.count + 1
        while taken.contains(Array("(Signature\(number))".utf8)) { number += 1 }
        return "Signature\(number)"
    }

    /// The two signed ranges: everything but the `/Contents` hex string.
    var signedRanges: (Range<Int>, Range<Int>) {
        (0..<contentsRange.lowerBound, contentsRange.upperBound..<bytes.count)
    }

    /// Writes the real `/ByteRange` over its placeholder (§12.8.1: offset/length pairs).
    mutating func fillByteRange() {
        let (first, second) = signedRanges
        var text = "\(first.lowerBound) \(first.count) \(second.lowerBound) \(second.count)"
        precondition(text.utf8.count <= SignatureIncrement.byteRangeWidth, "a PDF larger than 10 GB")
        text += String(repeating: " ", count: SignatureIncrement.byteRangeWidth - text.utf8.count)
        bytes.replaceSubrange(byteRangeRange, with: Array(text.utf8))
    }

    /// Writes the CMS DER as hex into `/Contents`, zero-padded.
    /// - Throws: `.placeholderTooSmall` when it does not fit.
    mutating func fillContents(_ der: [UInt8]) throws(SigningError) {
        let capacity = (contentsRange.count - 2) / 2
        guard der.count <= capacity else {
            throw SigningError(.placeholderTooSmall, "the signature (\(der.count) bytes) does not fit the \(capacity) bytes reserved for /Contents")
        }
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        var position = contentsRange.lowerBound + 1
        for byte in der {
            bytes[position] = digits[Int(byte >> 4)]
            bytes[position + 1] = digits[Int(byte & 0x0F)]
            position += 2
        }
    }
}

/// Strings the increment writes.
enum PDFSignatureText {
    /// A PDF date (ISO 32000-1 §7.9.4) in UTC: `D:20250301083000+00'00'`.
    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "D:%04d%02d%02d%02d%02d%02d+00'00'", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// Escapes a literal string's backslashes and parentheses (§7.3.4.2).
    static func escaped(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for byte in bytes {
            if byte == 0x5C || byte == 0x28 || byte == 0x29 { out.append(0x5C) }
            out.append(byte)
        }
        return out
    }
}
