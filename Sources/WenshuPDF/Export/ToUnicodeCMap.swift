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
        // By code, ties in given order: each entry's code and index packed in one integer to sort,
        // rather than moving (code, text) pairs and their strings about.
        var order: [UInt64] = []
        order.reserveCapacity(mappings.count)
        var textUnits = 0
        for (k, m) in mappings.enumerated() where !m.text.isEmpty {
            order.append(UInt64(m.code) << 32 | UInt64(k))
            textUnits += m.text.utf16.count
        }
        order = byCode(order)
        // Written through a pointer into memory sized up front: `<cccc> <uuuu…>\n` is 10 bytes and 4
        // per UTF-16 unit, and each block of 100 adds its two lines (an append per byte was most of it).
        let blocks = (order.count + 99) / 100
        let capacity = header.count + trailer.count + order.count * 10 + textUnits * 4 + blocks * 32
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var p = buffer.baseAddress!
            func put(_ bytes: [UInt8]) { for b in bytes { p.pointee = b; p += 1 } }
            func hex16(_ v: UInt16) {
                p[0] = PDFNumber.hexDigit(v >> 12); p[1] = PDFNumber.hexDigit(v >> 8 & 0xF)
                p[2] = PDFNumber.hexDigit(v >> 4 & 0xF); p[3] = PDFNumber.hexDigit(v & 0xF)
                p += 4
            }
            put(header)
            var start = 0
            while start < order.count {
                let chunk = order[start..<min(start + 100, order.count)]  // §9.10.3: at most 100 per block
                put(Array(String(chunk.count).utf8)); put(beginBlock)
                for packed in chunk {
                    let entry = mappings[Int(packed & 0xFFFF_FFFF)]
                    p.pointee = UInt8(ascii: "<"); p += 1
                    hex16(entry.code)
                    p[0] = UInt8(ascii: ">"); p[1] = UInt8(ascii: " "); p[2] = UInt8(ascii: "<"); p += 3
                    for unit in entry.text.utf16 { hex16(unit) }
                    p[0] = UInt8(ascii: ">"); p[1] = 0x0A; p += 2
                }
                put(endBlock)
                start += 100
            }
            put(trailer)
            count = p - buffer.baseAddress!
            precondition(count <= capacity, "ToUnicode CMap outgrew its estimate")
        }
    }

    /// `order` sorted, as `sort()` would: entries are `code << 32 | index` with indices increasing, so
    /// a stable sort by the 16-bit code alone gives the same order. Two counting passes of a byte each,
    /// in place of a comparison sort of ~600 entries (over 0.5 % of a document's time).
    static func byCode(_ order: [UInt64]) -> [UInt64] {
        guard order.count > 64 else { return order.sorted() }
        var from = order, to = order
        for shift: UInt64 in [32, 40] {
            var starts = [Int](repeating: 0, count: 257)
            for packed in from { starts[Int(packed >> shift & 0xFF) + 1] += 1 }
            for b in 0..<256 { starts[b + 1] += starts[b] }
            for packed in from {
                let b = Int(packed >> shift & 0xFF)
                to[starts[b]] = packed
                starts[b] += 1
            }
            swap(&from, &to)
        }
        return from
    }

    private static let beginBlock = Array(" beginbfchar\n".utf8)
    private static let endBlock = Array("endbfchar\n".utf8)
}
