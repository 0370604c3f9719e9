import CLineBreak

/// Where a line may (or must) end, by UAX #14 with ICU's strict CJK tailoring, then narrowed by the
/// Chinese line-start and line-end prohibitions (GB/T 15834 practice, 避头尾).
public struct BreakOpportunity: Sendable, Equatable {
    /// UTF-16 offset of the first character of the next line.
    public var offset: Int
    /// A hard break (newline, paragraph separator): the line must end here.
    public var mandatory: Bool
}

public enum LineBreakOpportunities {
    /// Characters that may not start a line: closing punctuation and pause marks.
    public static let noLineStart: Set<Unicode.Scalar> = Set("。，、；：？！）」』】》〉”’．，．…—～·%‰℃".unicodeScalars)
        .union(Set(".,;:?!)]}".unicodeScalars))
    /// Characters that may not end a line: opening brackets and quotes.
    public static let noLineEnd: Set<Unicode.Scalar> = Set("（「『【《〈“‘([{¥$￥".unicodeScalars)

    /// Break opportunities of `utf16`, in increasing order; the end of the text is always the last.
    public static func find(in utf16: [UInt16]) -> [BreakOpportunity] {
        guard !utf16.isEmpty else { return [] }
        var capacity = utf16.count / 2 + 8
        var offsets = [Int32](repeating: 0, count: capacity)
        var hard = [UInt8](repeating: 0, count: capacity)
        var count: Int32 = 0
        while true {
            count = utf16.withUnsafeBufferPointer { text in
                wenshu_line_breaks(text.baseAddress, Int32(text.count), "zh@lb=strict", &offsets, &hard, Int32(capacity))
            }
            if count <= capacity { break }
            capacity = Int(count)
            offsets = [Int32](repeating: 0, count: capacity)
            hard = [UInt8](repeating: 0, count: capacity)
        }
        if count < 0 {
            // ICU unavailable: only the end of text (and newlines) can break. Never silently wrong text.
            var result: [BreakOpportunity] = []
            for (i, unit) in utf16.enumerated() where unit == 0x0A { result.append(.init(offset: i + 1, mandatory: true)) }
            if result.last?.offset != utf16.count { result.append(.init(offset: utf16.count, mandatory: true)) }
            return result
        }
        var result: [BreakOpportunity] = []
        result.reserveCapacity(Int(count))
        for k in 0..<Int(count) {
            let offset = Int(offsets[k])
            let mandatory = hard[k] != 0 || offset == utf16.count
            if !mandatory && (startsWithProhibited(utf16, at: offset) || endsWithProhibited(utf16, before: offset)
                              || isAfterCurrencyCode(utf16, at: offset)) {
                continue
            }
            result.append(BreakOpportunity(offset: offset, mandatory: mandatory))
        }
        return result
    }

    /// "EUR 30,000.00": an amount stays with its ISO currency code (three capitals, a space, a digit),
    /// so the code never ends one line and its figure starts the next.
    static func isAfterCurrencyCode(_ utf16: [UInt16], at offset: Int) -> Bool {
        guard offset >= 4, offset < utf16.count, (0x30...0x39).contains(utf16[offset]), utf16[offset - 1] == 0x20 else { return false }
        let isCapital: (UInt16) -> Bool = { (0x41...0x5A).contains($0) }
        guard isCapital(utf16[offset - 2]), isCapital(utf16[offset - 3]), isCapital(utf16[offset - 4]) else { return false }
        if offset >= 5 {
            let before = utf16[offset - 5]
            if (0x41...0x5A).contains(before) || (0x61...0x7A).contains(before) { return false }
        }
        return true
    }

    static func startsWithProhibited(_ utf16: [UInt16], at offset: Int) -> Bool {
        guard offset < utf16.count, let s = Unicode.Scalar(UInt32(utf16[offset])) else { return false }
        return noLineStart.contains(s)
    }

    static func endsWithProhibited(_ utf16: [UInt16], before offset: Int) -> Bool {
        // The last visible character before the break (trailing spaces hang in the margin).
        var k = offset - 1
        while k >= 0 && (utf16[k] == 0x20 || utf16[k] == 0x3000) { k -= 1 }
        guard k >= 0, let s = Unicode.Scalar(UInt32(utf16[k])) else { return false }
        return noLineEnd.contains(s)
    }
}
