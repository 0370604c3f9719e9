/// A ToUnicode CMap (ISO 32000-1 §9.10.3) mapping 2-byte codes to the source text of their glyphs,
/// so copying and searching give the text back — several characters for a ligature's one code.
enum ToUnicodeCMap {
    private static let header = Array("""
        /CIDInit /ProcSet findresource begin
        12 dict begin
        begincmap
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
        /CMapName /Adobe-Identity-UCS def
        /CMapType 2 def
        1 begincodespacerange
        <0000> <FFFF>
        endcodespacerange

        """.utf8)
    private static let trailer = Array("""
        endcmap
        CMapName currentdict /CMap defineresource pop
        end
        end

        """.utf8)

    static func build(_ mappings: [(code: UInt16, text: String)]) -> [UInt8] {
        var bytes = header
        bytes.reserveCapacity(header.count + mappings.count * 16 + 200)
        // By code, ties in given order: each entry's code and index packed in one integer to sort,
        // rather than moving (code, text) pairs and their strings about.
        var order: [UInt64] = []
        order.reserveCapacity(mappings.count)
        for (k, m) in mappings.enumerated() where !m.text.isEmpty { order.append(UInt64(m.code) << 32 | UInt64(k)) }
        order.sort()
        var start = 0
        while start < order.count {
            let chunk = order[start..<min(start + 100, order.count)]  // §9.10.3: at most 100 per block
            PDFNumber.appendDigits(chunk.count, to: &bytes)
            bytes.append(contentsOf: " beginbfchar\n".utf8)
            for packed in chunk {
                let entry = mappings[Int(packed & 0xFFFF_FFFF)]
                bytes.append(UInt8(ascii: "<"))
                appendHex16(entry.code, to: &bytes)
                bytes.append(contentsOf: "> <".utf8)
                for unit in entry.text.utf16 { appendHex16(unit, to: &bytes) }
                bytes.append(contentsOf: ">\n".utf8)
            }
            bytes.append(contentsOf: "endbfchar\n".utf8)
            start += 100
        }
        bytes += trailer
        return bytes
    }

    static func appendHex16(_ v: UInt16, to out: inout [UInt8]) {
        let d = PDFNumber.digits
        out.append(d[Int(v >> 12)]); out.append(d[Int(v >> 8 & 0xF)]); out.append(d[Int(v >> 4 & 0xF)]); out.append(d[Int(v & 0xF)])
    }
}
