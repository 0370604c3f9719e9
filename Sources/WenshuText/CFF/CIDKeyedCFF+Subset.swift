extension CIDKeyedCFF {
    /// A CID-keyed CFF holding `glyphs` (sorted, glyph 0 first) with their original CIDs, flattened
    /// charstrings, and only the Font DICTs they use. Returns the table, the same table as a zlib
    /// stream (literals coded with the face's ``FixedLiteralCode``) and each glyph's CID.
    ///
    /// Layout written (TN #5176 §2): header, Name, Top DICT, String and (empty) Global Subr INDEXes,
    /// charset, FDSelect, CharStrings, FDArray, Private DICTs. The Top DICT's and Font DICTs' offsets
    /// are written as 5-byte integers, so every size is known before any offset is.
    func subset(_ glyphs: [UInt32]) throws(CharstringFlattener.Unsupported) -> (cff: [UInt8], compressed: [UInt8], cids: [UInt16]) {
        guard glyphs.first == 0, glyphs.allSatisfy({ Int($0) < charStrings.count }) else {
            throw CharstringFlattener.Unsupported(message: "glyph outside the font")
        }
        // Charstrings, and which Font DICTs they use (renumbered in order of first use).
        var charstringData = ByteBuffer(capacity: glyphs.count * 160)
        var flattener = CharstringFlattener(bytes: bytes, globalSubrs: globalSubrs)
        defer { flattener.release() }
        var charstringEnds: [Int] = []
        charstringEnds.reserveCapacity(glyphs.count)
        var newFontDict = [Int](repeating: -1, count: fontDicts.count)
        var usedFontDicts: [Int] = []
        var fdOfNewGlyph: [UInt8] = []
        fdOfNewGlyph.reserveCapacity(glyphs.count)
        var cids: [UInt16] = []
        cids.reserveCapacity(glyphs.count)
        for glyph in glyphs {
            let fd = Int(fontDictOfGlyph[Int(glyph)])
            if newFontDict[fd] < 0 { newFontDict[fd] = usedFontDicts.count; usedFontDicts.append(fd) }
            fdOfNewGlyph.append(UInt8(newFontDict[fd]))
            cids.append(cidOfGlyph[Int(glyph)])
        }
        var codedCharstrings = BitString(capacityBits: glyphs.count * 1024)
        let code = try flattened.append(glyphs, to: &charstringData, ends: &charstringEnds, coded: &codedCharstrings,
                                        makeCode: literalCode) { (glyph, arena) throws(CharstringFlattener.Unsupported) in
            try flatten(glyph, with: &flattener, into: &arena)
        }

        let charset = CIDKeyedCFF.charset(cids)
        let fdSelect = CIDKeyedCFF.fdSelect(fdOfNewGlyph)
        // charset and CharStrings: 5-byte offset + 1-byte operator; FDArray and FDSelect: + 2-byte operator.
        let topDictSize = topEntries.reduce(0) { $0 + $1.count } + 6 + 6 + 7 + 7
        let fontDictSizes = usedFontDicts.map { fd in fontDicts[fd].entries.reduce(0) { $0 + $1.count } + 11 }  // Private: 5+5+1
        let privateSizes = usedFontDicts.map { fd in fontDicts[fd].privateEntries.reduce(0) { $0 + $1.count } }

        let header = 4
        let nameIndex = CIDKeyedCFF.indexSize([name.count])
        let topIndex = CIDKeyedCFF.indexSize([topDictSize])
        let stringIndex = strings.count
        let globalIndex = 2
        let charsetAt = header + nameIndex + topIndex + stringIndex + globalIndex
        let fdSelectAt = charsetAt + charset.count
        let charStringsAt = fdSelectAt + fdSelect.count
        let fdArrayAt = charStringsAt + CIDKeyedCFF.indexSize(totalData: charstringData.count, count: glyphs.count)
        var privateAt = fdArrayAt + CIDKeyedCFF.indexSize(fontDictSizes)
        let total = privateAt + privateSizes.reduce(0, +)

        var out: [UInt8] = []
        out.reserveCapacity(total)
        out += [1, 0, 4, 4]
        CIDKeyedCFF.appendIndex(sizes: [name.count], into: &out) { out in out.append(contentsOf: slice(name)) }
        CIDKeyedCFF.appendIndex(sizes: [topDictSize], into: &out) { out in
            for entry in topEntries { out.append(contentsOf: slice(entry)) }
            out.appendCFFInt32(charsetAt); out.append(UInt8(CFFDictEntry.charset))
            out.appendCFFInt32(charStringsAt); out.append(UInt8(CFFDictEntry.charStrings))
            out.appendCFFInt32(fdArrayAt); out += [12, 36]
            out.appendCFFInt32(fdSelectAt); out += [12, 37]
        }
        out.append(contentsOf: slice(strings))
        out += [0, 0]
        out += charset
        out += fdSelect
        CIDKeyedCFF.appendIndex(ends: charstringEnds, into: &out) { out in out.append(contentsOf: charstringData.bytes) }
        CIDKeyedCFF.appendIndex(sizes: fontDictSizes, into: &out) { out in
            for (k, fd) in usedFontDicts.enumerated() {
                for entry in fontDicts[fd].entries { out.append(contentsOf: slice(entry)) }
                out.appendCFFInt32(privateSizes[k]); out.appendCFFInt32(privateAt); out.append(UInt8(CFFDictEntry.privateDict))
                privateAt += privateSizes[k]
            }
        }
        for fd in usedFontDicts {
            for entry in fontDicts[fd].privateEntries { out.append(contentsOf: slice(entry)) }
        }
        assert(out.count == total, "CFF subset size \(out.count), planned \(total)")
        // A small table (a few headings in a second face) codes in microseconds, and a code made for
        // it alone saves the fixed code's full header: a few hundred bytes of a 2 KB program.
        if out.count < CIDKeyedCFF.smallestFixedCoded { return (out, LiteralDeflate.zlib(out), cids) }
        let charstringsEnd = fdArrayAt
        let compressed = out.withUnsafeBufferPointer { table in
            code.zlib(table, middle: charstringsEnd - charstringData.count..<charstringsEnd, middleBits: codedCharstrings)
        }
        return (out, compressed, cids)
    }

    static let smallestFixedCoded = 8192

    private func flatten(_ glyph: UInt32, with flattener: inout CharstringFlattener, into arena: inout ByteBuffer) throws(CharstringFlattener.Unsupported) {
        let range: Range<Int>
        do throws(CFFMalformed) { range = try charStrings.range(Int(glyph)) } catch { throw CharstringFlattener.Unsupported(message: error.message) }
        try flattener.flatten(range, localSubrs: fontDicts[Int(fontDictOfGlyph[Int(glyph)])].localSubrs, into: &arena)
    }

    /// The face's literal code, from the byte frequencies of two runs of its glyphs flattened: the
    /// first 128 (Latin) and 1,024 from the middle of the face (Han ideographs in a CJK face), one
    /// that does not flatten left out. Runs, not a sample spread over the face: every glyph read
    /// maps its page of the font file, and a spread sample mapped most of a 15 MB table (peak RSS
    /// grew 40 MB a process). About 1 ms, once per face and process.
    private func literalCode() -> FixedLiteralCode {
        var frequencies = [Int](repeating: 0, count: 257)
        var flattener = CharstringFlattener(bytes: bytes, globalSubrs: globalSubrs)
        defer { flattener.release() }
        var scratch = ByteBuffer(capacity: 1 << 12)
        let middle = max(0, charStrings.count / 2 - 512)
        for glyph in Array(0..<min(128, charStrings.count)) + Array(middle..<min(middle + 1024, charStrings.count)) {
            scratch.truncate(to: 0)
            do { try flatten(UInt32(glyph), with: &flattener, into: &scratch) } catch { continue }
            for byte in scratch.bytes { frequencies[Int(byte)] += 1 }
        }
        return FixedLiteralCode(frequencies: frequencies)
    }

    private func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[range]) }

    /// Format 2 (runs of consecutive CIDs) or format 0, whichever is smaller; glyph 0 is implied.
    private static func charset(_ cids: [UInt16]) -> [UInt8] {
        var runs: [(first: UInt16, left: Int)] = []
        for cid in cids.dropFirst() {
            if let last = runs.last, Int(last.first) + last.left + 1 == Int(cid) {
                runs[runs.count - 1].left += 1
            } else {
                runs.append((cid, 0))
            }
        }
        var out: [UInt8] = []
        if runs.count * 4 < (cids.count - 1) * 2 {
            out.append(2)
            for run in runs { out.appendBigEndian(Int(run.first), size: 2); out.appendBigEndian(run.left, size: 2) }
        } else {
            out.append(0)
            for cid in cids.dropFirst() { out.appendBigEndian(Int(cid), size: 2) }
        }
        return out
    }

    /// Format 3: runs of glyphs using the same Font DICT, then the glyph count as sentinel.
    private static func fdSelect(_ fds: [UInt8]) -> [UInt8] {
        var starts: [Int] = []
        for (g, fd) in fds.enumerated() where g == 0 || fds[g - 1] != fd { starts.append(g) }
        var out: [UInt8] = [3]
        out.appendBigEndian(starts.count, size: 2)
        for g in starts { out.appendBigEndian(g, size: 2); out.append(fds[g]) }
        out.appendBigEndian(fds.count, size: 2)
        return out
    }

    private static func offSize(_ largestOffset: Int) -> Int {
        largestOffset < 1 << 8 ? 1 : largestOffset < 1 << 16 ? 2 : largestOffset < 1 << 24 ? 3 : 4
    }

    private static func indexSize(totalData: Int, count: Int) -> Int {
        count == 0 ? 2 : 3 + (count + 1) * offSize(totalData + 1) + totalData
    }

    private static func indexSize(_ sizes: [Int]) -> Int { indexSize(totalData: sizes.reduce(0, +), count: sizes.count) }

    private static func appendIndex(sizes: [Int], into out: inout [UInt8], data: (inout [UInt8]) -> Void) {
        var ends: [Int] = []
        var total = 0
        for size in sizes { total += size; ends.append(total) }
        appendIndex(ends: ends, into: &out, data: data)
    }

    /// Writes an INDEX whose objects end at `ends` (cumulative sizes); `data` appends their bytes.
    private static func appendIndex(ends: [Int], into out: inout [UInt8], data: (inout [UInt8]) -> Void) {
        out.appendBigEndian(ends.count, size: 2)
        guard let total = ends.last else { return }
        let size = offSize(total + 1)
        out.append(UInt8(size))
        out.appendBigEndian(1, size: size)
        for end in ends { out.appendBigEndian(end + 1, size: size) }
        data(&out)
    }
}
