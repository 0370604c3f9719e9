/// Small PDFs written by hand for the tests, so the signer's contract is tested without the renderer:
/// a page may carry `/WenshuSeal << /Rect [...] >>` as the e-seal drawing will.
enum HandMadePDF {
    /// A PDF with one page per entry; a non-nil entry is that page's /WenshuSeal /Rect text.
    static func make(sealRects: [String?], trailerExtra: String = "", annotsOnFirstPage: Bool = false, directLinkOnFirstPage: Bool = false) -> [UInt8] {
        var objects: [String] = []
        let pageCount = sealRects.count
        // 1 catalog, 2 pages, then per page: page, content; last: an existing link annotation if asked.
        let firstPage = 3
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        let kids = (0..<pageCount).map { "\(firstPage + 2 * $0) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pageCount) >>")
        let annotRef = firstPage + 2 * pageCount
        for (index, seal) in sealRects.enumerated() {
            var page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents \(firstPage + 2 * index + 1) 0 R /Resources << >>"
            if let seal { page += " /WenshuSeal << /Rect \(seal) >>" }
            if annotsOnFirstPage && index == 0 { page += " /Annots [\(annotRef) 0 R]" }
            if directLinkOnFirstPage && index == 0 { page += " /Annots [<< /Type /Annot /Subtype /Link /Rect [30 30 40 40] /A << /S /URI /URI (https://example.com/\\(x\\)) >> >>]" }
            page += " >>"
            objects.append(page)
            let content = "1 0 0 RG 4 w 300 400 m 400 400 l S % page \(index + 1) (a literal with \\) and (nested) parens)"
            objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
        }
        if annotsOnFirstPage {
            objects.append("<< /Type /Annot /Subtype /Link /Rect [10 10 20 20] /Border [0 0 0] /A << /S /URI /URI (https://example.com/) >> >>")
        }
        var bytes = Array("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += Array("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        let xref = bytes.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f\r\n"
        for offset in offsets {
            let digits = String(offset)
            table += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n\r\n"
        }
        bytes += Array(table.utf8)
        bytes += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]\(trailerExtra) >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return bytes
    }
}
