internal import WenshuDiagnostics
/// Byte-level readers for the parts of a CFF table (Adobe TN #5176): INDEX, DICT and numbers.
///
/// Everything reads an `UnsafeRawBufferPointer` over a font file that stays mapped for the life of
/// its `Font`, so nothing is copied until a subset is written.
struct CFFMalformed: DiagnosticConvertible { var message: String }

/// An INDEX (TN #5176 §5): a count, an offset size, count + 1 offsets (1-based, relative to the byte
/// before the data) and the data.
struct CFFIndex {
    let count: Int
    private let offSize: Int
    private let offsetsStart: Int
    /// Position of the byte before the data: offsets are relative to it.
    private let dataBase: Int
    /// Position just after the INDEX.
    let end: Int
    private let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer, at position: Int) throws(CFFMalformed) {
        self.bytes = bytes
        guard position >= 0, position + 2 <= bytes.count else { throw CFFMalformed(message: "INDEX outside the table") }
        count = Int(bytes[position]) << 8 | Int(bytes[position + 1])
        if count == 0 {
            offSize = 1; offsetsStart = position + 2; dataBase = position + 2; end = position + 2
            return
        }
        guard position + 3 <= bytes.count else { throw CFFMalformed(message: "INDEX truncated") }
        offSize = Int(bytes[position + 2])
        guard (1...4).contains(offSize) else { throw CFFMalformed(message: "INDEX offset size \(offSize)") }
        offsetsStart = position + 3
        dataBase = offsetsStart + (count + 1) * offSize - 1
        guard dataBase < bytes.count else { throw CFFMalformed(message: "INDEX truncated") }
        let last = CFFIndex.read(bytes, at: offsetsStart + count * offSize, size: offSize)
        guard last >= 1, dataBase + last <= bytes.count else { throw CFFMalformed(message: "INDEX data outside the table") }
        end = dataBase + last
    }

    private func offset(_ k: Int) -> Int { CFFIndex.read(bytes, at: offsetsStart + k * offSize, size: offSize) }

    private static func read(_ bytes: UnsafeRawBufferPointer, at start: Int, size: Int) -> Int {
        var value = 0
        for i in 0..<size { value = value << 8 | Int(bytes[start + i]) }
        return value
    }

    /// The byte range of object `k` in the table.
    func range(_ k: Int) throws(CFFMalformed) -> Range<Int> {
        guard k >= 0, k < count else { throw CFFMalformed(message: "INDEX has no object \(k)") }
        let lower = dataBase + offset(k), upper = dataBase + offset(k + 1)
        guard lower >= dataBase + 1, lower <= upper, upper <= end else { throw CFFMalformed(message: "INDEX offsets out of order") }
        return lower..<upper
    }

    /// The bias added to a charstring's subroutine number (Type 2 charstrings, §4.7).
    var subroutineBias: Int { count < 1240 ? 107 : count < 33900 ? 1131 : 32768 }
}

/// One operator of a DICT (TN #5176 §4) with its integer operands and the bytes it spans, so a
/// subset can copy entries it does not understand unchanged (real numbers included).
struct CFFDictEntry {
    /// One-byte operators as themselves, two-byte ones as 0x0C00 | second byte.
    let op: Int
    /// Integer operands; a real number reads as 0 (no entry whose value is used here is real).
    let operands: [Int]
    let bytes: Range<Int>

    static let charset = 15, charStrings = 17, privateDict = 18, subrs = 19, encoding = 16
    static let uniqueID = 13, xuid = 14
    static let ros = 0x0C1E, uidBase = 0x0C23, fdArray = 0x0C24, fdSelect = 0x0C25

    static func parse(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(CFFMalformed) -> [CFFDictEntry] {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { throw CFFMalformed(message: "DICT outside the table") }
        var entries: [CFFDictEntry] = []
        var operands: [Int] = []
        var start = range.lowerBound
        var i = range.lowerBound
        func byte(_ k: Int) throws(CFFMalformed) -> Int {
            guard k < range.upperBound else { throw CFFMalformed(message: "DICT truncated") }
            return Int(bytes[k])
        }
        while i < range.upperBound {
            let b0 = Int(bytes[i])
            switch b0 {
            case 0...21:
                var op = b0
                if b0 == 12 { op = 0x0C00 | (try byte(i + 1)); i += 1 }
                i += 1
                entries.append(CFFDictEntry(op: op, operands: operands, bytes: start..<i))
                operands.removeAll(keepingCapacity: true)
                start = i
            case 28:
                operands.append(Int(Int16(truncatingIfNeeded: (try byte(i + 1)) << 8 | (try byte(i + 2)))))
                i += 3
            case 29:
                let v = (try byte(i + 1)) << 24 | (try byte(i + 2)) << 16 | (try byte(i + 3)) << 8 | (try byte(i + 4))
                operands.append(Int(Int32(truncatingIfNeeded: v)))
                i += 5
            case 30:
                i += 1
                while true {
                    let b = try byte(i)
                    i += 1
                    if b & 0x0F == 0x0F || b >> 4 == 0x0F { break }
                }
                operands.append(0)
            case 32...246: operands.append(b0 - 139); i += 1
            case 247...250: operands.append((b0 - 247) * 256 + (try byte(i + 1)) + 108); i += 2
            case 251...254: operands.append(-(b0 - 251) * 256 - (try byte(i + 1)) - 108); i += 2
            default: throw CFFMalformed(message: "DICT byte \(b0) is reserved")
            }
        }
        return entries
    }
}

extension Array where Element == UInt8 {
    /// Appends a DICT integer in its 5-byte form, so an offset can be written before its value is
    /// known without changing the size of what precedes it.
    mutating func appendCFFInt32(_ value: Int) {
        append(29)
        append(UInt8(truncatingIfNeeded: value >> 24)); append(UInt8(truncatingIfNeeded: value >> 16))
        append(UInt8(truncatingIfNeeded: value >> 8)); append(UInt8(truncatingIfNeeded: value))
    }

    mutating func appendBigEndian(_ value: Int, size: Int) {
        for k in stride(from: size - 1, through: 0, by: -1) { append(UInt8(truncatingIfNeeded: value >> (8 * k))) }
    }
}

/// A growable byte buffer without Array's per-append uniqueness and bounds checks: flattening a
/// subset appends a few bytes tens of thousands of times.
struct ByteBuffer: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    mutating func append(_ source: UnsafePointer<UInt8>, count n: Int) {
        if count + n > capacity {
            capacity = max(capacity * 2, count + n)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: base, count: count)
            base.deallocate()
            base = grown
        }
        (base + count).update(from: source, count: n)
        count += n
    }

    mutating func truncate(to length: Int) { count = min(count, length) }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}
