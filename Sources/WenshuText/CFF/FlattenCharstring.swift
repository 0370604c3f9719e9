internal import WenshuDiagnostics
/// Copies a Type 2 charstring with every subroutine call replaced by the subroutine's body and its
/// hints dropped.
///
/// A subset of a few hundred glyphs uses a scattered handful of a CJK font's thousands of
/// subroutines; inlining them avoids renumbering subroutines (and rewriting every call with the new
/// biased number) and leaves the subset without Subrs at all.
///
/// Hints are dropped (stem operators with their operands, hintmask and cntrmask with their mask
/// bytes), as HarfBuzz's subsetter does with `NO_HINTING`: PDF readers rasterize CJK text unhinted or
/// autohinted, and hints are a fifth of a Han glyph's bytes. The advance width survives: it is the
/// first operand of the first stack-clearing operator when that operator has one operand too many
/// (TN #5177 §4.1), so it is kept in front of the next operator, which then reads it as the width.
///
/// Only the operators that change how bytes are read are interpreted (Adobe TN #5177): numbers,
/// callsubr/callgsubr/return/endchar, and stem hints, which must be counted because hintmask and
/// cntrmask are followed by one bit per stem. Arithmetic and storage operators (`12 x`, deprecated and
/// unused by CJK fonts) make the number passed to a call unknowable here, so they throw and the caller
/// falls back to HarfBuzz.
struct CharstringFlattener {
    struct Unsupported: DiagnosticConvertible { var message: String }

    /// The argument stack holds at most 48 numbers (TN #5177, Appendix B); a width kept from a
    /// dropped hint adds one.
    private static let stackLimit = 49
    /// Bounds on one glyph: a crafted font can call subroutines that call others many times each,
    /// ten levels deep, and expand a few hundred bytes into gigabytes. CJK glyphs flatten to a few
    /// hundred bytes and a few hundred tokens.
    private static let outputLimit = 65_536
    private static let tokenLimit = 200_000

    private let bytes: UnsafePointer<UInt8>
    private let globalSubrs: CFFIndex
    private var localSubrs: CFFIndex?
    private var stems = 0
    /// Where each number on the argument stack starts in the output.
    private let numberStarts: UnsafeMutablePointer<Int>
    private var numbers = 0
    /// The last number, while no operator has followed it (a call's operand); nil for a fixed.
    private var lastNumber: Int?
    /// Whether a stack-clearing operator has been seen, after which no operand is a width.
    private var widthSettled = false
    /// 1 while a width taken from a dropped hint waits at the bottom of the stack.
    private var keptWidth = 0
    private var ended = false
    private var tokens = 0
    private var outputStart = 0

    /// - Parameter bytes: the whole CFF table, which `globalSubrs` and every charstring index into.
    init(bytes: UnsafeRawBufferPointer, globalSubrs: CFFIndex) {
        self.bytes = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        self.globalSubrs = globalSubrs
        numberStarts = .allocate(capacity: CharstringFlattener.stackLimit)
    }

    /// Frees the stack; the flattener is not used afterwards.
    func release() { numberStarts.deallocate() }

    /// Appends the flattened charstring at `range` to `out`.
    mutating func flatten(_ range: Range<Int>, localSubrs: CFFIndex?, into out: inout ByteBuffer) throws(Unsupported) {
        self.localSubrs = localSubrs
        stems = 0; numbers = 0; lastNumber = nil; widthSettled = false; keptWidth = 0; ended = false
        tokens = 0; outputStart = out.count
        try run(range, depth: 0, into: &out)
    }

    private mutating func run(_ range: Range<Int>, depth: Int, into out: inout ByteBuffer) throws(Unsupported) {
        // Type 2 limits subroutine nesting to 10 (TN #5177, Appendix B); deeper means a loop.
        guard depth <= 10 else { throw Unsupported(message: "subroutines nested deeper than 10") }
        var i = range.lowerBound
        let end = range.upperBound
        while i < end && !ended {
            tokens += 1
            guard tokens <= CharstringFlattener.tokenLimit, out.count - outputStart <= CharstringFlattener.outputLimit else {
                throw Unsupported(message: "charstring expands beyond \(CharstringFlattener.outputLimit) bytes")
            }
            let b0 = Int(bytes[i])
            if b0 >= 32 {
                let length = b0 <= 246 ? 1 : b0 <= 254 ? 2 : 5
                guard i + length <= end, numbers < CharstringFlattener.stackLimit else { throw Unsupported(message: "charstring truncated or stack overflow") }
                let value: Int?
                switch length {
                case 1: value = b0 - 139
                case 2: value = b0 <= 250 ? (b0 - 247) * 256 + Int(bytes[i + 1]) + 108 : -(b0 - 251) * 256 - Int(bytes[i + 1]) - 108
                default: value = nil  // 16.16 fixed: never a subroutine number
                }
                number(value, at: i, length: length, into: &out)
                i += length
                continue
            }
            switch b0 {
            case 28:
                guard i + 3 <= end, numbers < CharstringFlattener.stackLimit else { throw Unsupported(message: "charstring truncated or stack overflow") }
                number(Int(Int16(truncatingIfNeeded: Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]))), at: i, length: 3, into: &out)
                i += 3
            case 10, 29:  // callsubr, callgsubr
                guard let n = lastNumber, numbers > keptWidth else { throw Unsupported(message: "subroutine call without a number") }
                numbers -= 1
                out.truncate(to: numberStarts[numbers])
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
                emitOperator(at: i, length: 1, into: &out)
                ended = true
                return
            case 1, 3, 18, 23:  // hstem, vstem, hstemhm, vstemhm
                stems += (numbers - keptWidth) / 2
                dropHint(from: &out); i += 1
            case 19, 20:  // hintmask, cntrmask: a leading vstem list may be implied
                stems += (numbers - keptWidth) / 2
                let maskBytes = (stems + 7) / 8
                guard i + 1 + maskBytes <= end else { throw Unsupported(message: "charstring truncated") }
                dropHint(from: &out); i += 1 + maskBytes
            case 12:
                guard i + 2 <= end else { throw Unsupported(message: "charstring truncated") }
                let b1 = Int(bytes[i + 1])
                guard (34...37).contains(b1) else { throw Unsupported(message: "charstring operator 12 \(b1)") }  // flex family only
                emitOperator(at: i, length: 2, into: &out); i += 2
            case 4...8, 21, 22, 24...27, 30, 31:  // moveto, lineto, curveto families
                emitOperator(at: i, length: 1, into: &out); i += 1
            default:
                throw Unsupported(message: "charstring operator \(b0)")
            }
        }
    }

    private mutating func number(_ value: Int?, at position: Int, length: Int, into out: inout ByteBuffer) {
        numberStarts[numbers] = out.count
        numbers += 1
        lastNumber = value
        out.append(bytes + position, count: length)
    }

    private mutating func emitOperator(at position: Int, length: Int, into out: inout ByteBuffer) {
        out.append(bytes + position, count: length)
        numbers = 0
        keptWidth = 0
        lastNumber = nil
        widthSettled = true
    }

    /// Removes a hint operator's operands, keeping a leading width (an odd operand count on the
    /// first stack-clearing operator: every hint operator takes pairs).
    private mutating func dropHint(from out: inout ByteBuffer) {
        if !widthSettled {
            widthSettled = true
            keptWidth = numbers % 2
        }
        if numbers > keptWidth { out.truncate(to: numberStarts[keptWidth]) }
        numbers = keptWidth  // a kept width stays for the next operator to read
        lastNumber = nil
    }
}
