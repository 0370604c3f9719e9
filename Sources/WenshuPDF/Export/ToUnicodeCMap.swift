/// A ToUnicode CMap (ISO 32000-1 §9.10.3) mapping 2-byte codes to the source text of their glyphs,
/// so copying and searching give the text back — several characters for a ligature's one code.
enum ToUnicodeCMap {
    static func build(_ mappings: [(code: UInt16, text: String)]) -> [UInt8] {
        var out = """
        /CIDInit /ProcSet findresource begin
        12 dict begin
        begincmap
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
        /CMapName /Adobe-Identity-UCS def
        /CMapType 2 def
        1 begincodespacerange
        <0000> <FFFF>
        endcodespacerange

        """
        let entries = mappings.filter { !$0.text.isEmpty }.sorted { $0.code < $1.code }
        var start = 0
        while start < entries.count {
            let chunk = entries[start..<min(start + 100, entries.count)]  // §9.10.3: at most 100 per block
            out += "\(chunk.count) beginbfchar\n"
            for entry in chunk {
                out += "<" + hex16(entry.code) + "> <"
                for unit in entry.text.utf16 { out += hex16(unit) }
                out += ">\n"
            }
            out += "endbfchar\n"
            start += 100
        }
        out += """
        endcmap
        CMapName currentdict /CMap defineresource pop
        end
        end

        """
        return Array(out.utf8)
    }

    static func hex16(_ v: UInt16) -> String {
        let d = PDFNumber.digits
        return String(decoding: [d[Int(v >> 12)], d[Int(v >> 8 & 0xF)], d[Int(v >> 4 & 0xF)], d[Int(v & 0xF)]], as: UTF8.self)
    }
}
