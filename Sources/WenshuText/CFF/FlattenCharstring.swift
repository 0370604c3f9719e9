/// Copies a Type 2 charstring with every subroutine call replaced by the subroutine's body.
///
/// A subset of a few hundred glyphs uses a scattered handful of a CJK font's thousands of
/// subroutines; inlining them avoids renumbering subroutines (and rewriting every call with the new
/// biased number) and leaves the subset without Subrs at all. Measured on Noto Sans CJK SC, the
/// flattened subset is within a few per cent of HarfBuzz's subroutinized one and compresses alike.
///
/// Hints are dropped (stem operators with their operands, hintmask and cntrmask with their mask
/// bytes): PDF readers rasterize CJK text unhinted or autohinted, and hints are a fifth of a Han
/// glyph's bytes. The advance width survives: it is the first operand of the first stack-clearing
/// operator when that operator has one operand too many (TN #5177 §4.1), so it is kept in front of
/// the next operator, which then reads it as the width.
///
/// Only the operators that change how bytes are read are interpreted (Adobe TN #5177): numbers,
/// callsubr/callgsubr/return/endchar, and stem hints, which must be counted because hintmask and
/// cntrmask are followed by one bit per stem. Arithmetic and storage operators (`12 x`, deprecated and
/// unused by CJK fonts) make the number passed to a call unknowable here, so they throw and the caller
/// falls back to HarfBuzz.
struct CharstringFlattener {
    struct Unsupported: Error { var message: String }

    private let bytes: UnsafeRawBufferPointer
    private let globalSubrs: CFFIndex
    private let localSubrs: CFFIndex?
    private var stems = 0
    /// Where each number on the argument stack starts in `out`.
    private var numberStarts: [Int] = []
    /// The last number, while no operator has followed it (a call's operand); nil for a fixed.
    private var lastNumber: Int?
    /// Whether a stack-clearing operator has been seen, after which no operand is a width.
    private var widthSettled = false
    /// 1 while a width taken from a dropped hint waits at the bottom of the stack.
    private var keptWidth = 0
    private var ended = false

    init(bytes: UnsafeRawBufferPointer, globalSubrs: CFFIndex, localSubrs: CFFIndex?) {
        self.bytes = bytes
        self.globalSubrs = globalSubrs
        self.localSubrs = localSubrs
        numberStarts.reserveCapacity(48)
    }

    /// Appends the flattened charstring at `range` to `out`.
    static func flatten(_ range: Range<Int>, bytes: UnsafeRawBufferPointer, globalSubrs: CFFIndex, localSubrs: CFFIndex?,
                        into out: inout [UInt8]) throws(Unsupported) {
        var flattener = CharstringFlattener(bytes: bytes, globalSubrs: globalSubrs, localSubrs: localSubrs)
        try flattener.run(range, depth: 0, into: &out)
    }

    private mutating func run(_ range: Range<Int>, depth: Int, into out: inout [UInt8]) throws(Unsupported) {
        // Type 2 limits subroutine nesting to 10 (TN #5177, Appendix B); deeper means a loop.
        guard depth <= 10 else { throw Unsupported(message: "subroutines nested deeper than 10") }
        var i = range.lowerBound
        let end = range.upperBound
        func need(_ count: Int) throws(Unsupported) {
            guard i + count <= end else { throw Unsupported(message: "charstring truncated") }
        }
        while i < end && !ended {
            let b0 = Int(bytes[i])
            switch b0 {
            case 32...246:
                number(b0 - 139, bytes: i..<i + 1, into: &out); i += 1
            case 247...250:
                try need(2); number((b0 - 247) * 256 + Int(bytes[i + 1]) + 108, bytes: i..<i + 2, into: &out); i += 2
            case 251...254:
                try need(2); number(-(b0 - 251) * 256 - Int(bytes[i + 1]) - 108, bytes: i..<i + 2, into: &out); i += 2
            case 28:
                try need(3)
                number(Int(Int16(truncatingIfNeeded: Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]))), bytes: i..<i + 3, into: &out); i += 3
            case 255:  // 16.16 fixed: never a subroutine number
                try need(5); number(nil, bytes: i..<i + 5, into: &out); i += 5
            case 10, 29:  // callsubr, callgsubr
                guard let n = lastNumber, let start = numberStarts.popLast() else { throw Unsupported(message: "subroutine call without a number") }
                out.removeSubrange(start...)
                lastNumber = nil
                let subrs: CFFIndex
                if b0 == 29 { subrs = globalSubrs } else if let localSubrs { subrs = localSubrs } else {
                    throw Unsupported(message: "callsubr without local subroutines")
                }
                let body: Range<Int>
                do { body = try subrs.range(n + subrs.subroutineBias) } catch { throw Unsupported(message: "call to missing subroutine \(n)") }
                i += 1
                try run(body, depth: depth + 1, into: &out)
            case 11:  // return
                return
            case 14:  // endchar
                emitOperator(i..<i + 1, into: &out)
                ended = true
                return
            case 1, 3, 18, 23:  // hstem, vstem, hstemhm, vstemhm
                stems += (numberStarts.count - keptWidth) / 2
                dropHint(from: &out); i += 1
            case 19, 20:  // hintmask, cntrmask: a leading vstem list may be implied
                stems += (numberStarts.count - keptWidth) / 2
                let maskBytes = (stems + 7) / 8
                try need(1 + maskBytes)
                dropHint(from: &out); i += 1 + maskBytes
            case 12:
                try need(2)
                let b1 = Int(bytes[i + 1])
                guard (34...37).contains(b1) else { throw Unsupported(message: "charstring operator 12 \(b1)") }  // flex family only
                emitOperator(i..<i + 2, into: &out); i += 2
            case 4...8, 21, 22, 24...27, 30, 31:  // moveto, lineto, curveto families
                emitOperator(i..<i + 1, into: &out); i += 1
            default:
                throw Unsupported(message: "charstring operator \(b0)")
            }
        }
    }

    private mutating func number(_ value: Int?, bytes range: Range<Int>, into out: inout [UInt8]) {
        numberStarts.append(out.count)
        lastNumber = value
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
    }

    private mutating func emitOperator(_ range: Range<Int>, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
        clearStack()
    }

    /// Removes a hint operator's operands, keeping a leading width (an odd operand count on the
    /// first stack-clearing operator: every hint operator takes pairs).
    private mutating func dropHint(from out: inout [UInt8]) {
        if !widthSettled {
            widthSettled = true
            keptWidth = numberStarts.count % 2
        }
        if numberStarts.count > keptWidth { out.removeSubrange(numberStarts[keptWidth]...) }
        numberStarts.removeSubrange(keptWidth...)  // a kept width stays for the next operator to read
        lastNumber = nil
    }

    private mutating func clearStack() {
        numberStarts.removeAll(keepingCapacity: true)
        keptWidth = 0
        lastNumber = nil
        widthSettled = true
    }
}
