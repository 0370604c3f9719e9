import Foundation
import WenshuPages

/// Document information dictionary (§14.3.3) and XMP metadata stream (§14.3.2) from the same facts,
/// so every reader shows the same title and date.
enum Metadata {
    static func info(_ m: DocumentMetadata, producer: String) -> PDFValue {
        var entries: [(String, PDFValue)] = []
        if !m.title.isEmpty { entries.append(("Title", .text(m.title))) }
        if !m.author.isEmpty { entries.append(("Author", .text(m.author))) }
        if !m.subject.isEmpty { entries.append(("Subject", .text(m.subject))) }
        if !m.keywords.isEmpty { entries.append(("Keywords", .text(m.keywords.joined(separator: ", ")))) }
        entries.append(("Creator", .text(producer)))
        entries.append(("Producer", .text(producer)))
        if let date = m.creationDate.flatMap(pdfDate) {
            entries.append(("CreationDate", .literal(Array(date.utf8))))
            entries.append(("ModDate", .literal(Array(date.utf8))))
        }
        return .dict(entries)
    }

    /// `2026-11-25T10:00:00+08:00` → `D:20261125100000+08'00'` (§7.9.4); nil when not of that form.
    static func pdfDate(_ iso: String) -> String? {
        let digits = iso.filter(\.isNumber)
        guard digits.count >= 8 else { return nil }
        var result = "D:" + digits.prefix(14)
        if iso.hasSuffix("Z") {
            result += "Z"
        } else if let sign = iso.dropFirst(10).lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = iso[sign...].filter(\.isNumber)
            if offset.count == 4 { result += "\(iso[sign])\(offset.prefix(2))'\(offset.suffix(2))'" }
        }
        return result
    }

    /// - Parameter archive: the PDF/A part to declare (`pdfaid:part`, conformance B; ISO 19005-2 §6.6.4).
    static func xmp(_ m: DocumentMetadata, producer: String, archive: PDFArchive.Part? = nil) -> [UInt8] {
        func esc(_ s: String) -> String {
            guard s.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") }) else { return s }
            var out = ""
            for c in s.unicodeScalars {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                default: out.unicodeScalars.append(c)
                }
            }
            return out
        }
        var body = ""
        if !m.title.isEmpty { body += "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">\(esc(m.title))</rdf:li></rdf:Alt></dc:title>\n" }
        if !m.author.isEmpty { body += "<dc:creator><rdf:Seq><rdf:li>\(esc(m.author))</rdf:li></rdf:Seq></dc:creator>\n" }
        if !m.subject.isEmpty { body += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">\(esc(m.subject))</rdf:li></rdf:Alt></dc:description>\n" }
        body += "<dc:language><rdf:Bag><rdf:li>\(esc(m.language))</rdf:li></rdf:Bag></dc:language>\n"
        body += "<dc:format>application/pdf</dc:format>\n"
        if !m.keywords.isEmpty { body += "<pdf:Keywords>\(esc(m.keywords.joined(separator: ", ")))</pdf:Keywords>\n" }
        body += "<pdf:Producer>\(esc(producer))</pdf:Producer>\n<xmp:CreatorTool>\(esc(producer))</xmp:CreatorTool>\n"
        if let date = m.creationDate {
            body += "<xmp:CreateDate>\(esc(date))</xmp:CreateDate>\n<xmp:ModifyDate>\(esc(date))</xmp:ModifyDate>\n"
        }
        var archiveDescription = ""
        if let archive {
            archiveDescription = """
            <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
            <pdfaid:part>\(archive.rawValue)</pdfaid:part>
            <pdfaid:conformance>B</pdfaid:conformance>
            </rdf:Description>

            """
        }
        let packet = """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
        \(body)</rdf:Description>
        \(archiveDescription)</rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="r"?>
        """
        return Array(packet.utf8)
    }
}
