import CQREncode
import Foundation

/// QR encoding with libqrencode's own mask choice, scored on bit rows instead of modules.
///
/// A QR symbol is XORed with one of eight mask patterns, the one with the lowest penalty
/// (ISO/IEC 18004 §7.8.3). libqrencode scores all eight module by module: its run-length loops
/// branch on every module's colour, which on a symbol's random-looking data mispredicts about
/// every other time, ~160 µs a version-5 symbol and a twentieth of a two-page policy's render.
/// Here the same score (libqrencode's variant of the rules, so the same mask and the same symbol)
/// is computed on 64-module words: runs from the bit transitions, 2×2 blocks from ANDs of
/// shifted rows. libqrencode still builds the symbol: it encodes the unmasked frame (its
/// `QRcode_encodeMask` with mask -2) and, once the mask is chosen, the masked one. Where that
/// function is not exported (it is outside qrencode.h), `encode` falls back to
/// `QRcode_encodeData`, which gives the same symbol the slow way.
enum QRMaskSearch {
    typealias EncodeMask = @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<QRcode>?

    /// libqrencode 4.1's `QRcode *QRcode_encodeMask(QRinput *, int mask)`; nil when not exported.
    static let encodeMask: EncodeMask? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "QRcode_encodeMask") else { return nil }
        return unsafeBitCast(symbol, to: EncodeMask.self)
    }()

    /// The symbol of `bytes` in 8-bit mode at the smallest version that holds them (as
    /// `QRcode_encodeData(count, bytes, 0, level)`); the caller frees it with `QRcode_free`.
    static func encode(_ bytes: [UInt8], level: QRecLevel) -> UnsafeMutablePointer<QRcode>? {
        guard !bytes.isEmpty else { return nil }
        guard let encodeMask else {
            return bytes.withUnsafeBufferPointer { QRcode_encodeData(Int32($0.count), $0.baseAddress, 0, level) }
        }
        guard let input = QRinput_new2(0, level) else { return nil }
        defer { QRinput_free(input) }
        let appended = bytes.withUnsafeBufferPointer { QRinput_append(input, QR_MODE_8, Int32($0.count), $0.baseAddress) }
        guard appended == 0, let plain = encodeMask(input, -2) else { return nil }
        let mask = bestMask(frame: plain.pointee.data, width: Int(plain.pointee.width), level: level)
        QRcode_free(plain)
        return encodeMask(input, Int32(mask))
    }

    /// The 15 format bits of `level` and `mask` (ISO/IEC 18004 §7.9.1): two level bits (L 01,
    /// M 00, Q 11, H 10) and three mask bits, a BCH(15,5) remainder of x¹⁰+x⁸+x⁵+x⁴+x²+x+1, XORed
    /// with 101010000010010.
    static func formatBits(mask: Int, level: QRecLevel) -> Int {
        let levelBits: Int
        switch level {
        case QR_ECLEVEL_L: levelBits = 0b01
        case QR_ECLEVEL_M: levelBits = 0b00
        case QR_ECLEVEL_Q: levelBits = 0b11
        default: levelBits = 0b10
        }
        let data = levelBits << 3 | mask
        var remainder = data << 10
        for bit in stride(from: 14, through: 10, by: -1) where remainder >> bit & 1 == 1 { remainder ^= 0x537 << (bit - 10) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// Where libqrencode writes the format bits, least significant first, two places each; as
    /// (x, y) pairs.
    static func formatPositions(width w: Int) -> [((Int, Int), (Int, Int))] {
        var positions: [((Int, Int), (Int, Int))] = []
        for i in 0..<8 { positions.append(((w - 1 - i, 8), (8, i < 6 ? i : i + 1))) }
        for i in 0..<7 { positions.append(((8, w - 7 + i), (i == 0 ? 7 : 6 - i, 8))) }
        return positions
    }

    /// Whether mask `k` inverts the data module at column `x`, row `y` (its condition is 0).
    @inline(__always)
    static func inverts(_ k: Int, _ x: Int, _ y: Int) -> Bool {
        switch k {
        case 0: return (x + y) & 1 == 0
        case 1: return y & 1 == 0
        case 2: return x % 3 == 0
        case 3: return (x + y) % 3 == 0
        case 4: return ((y / 2) + (x / 3)) & 1 == 0
        case 5: return ((x * y) & 1) + (x * y) % 3 == 0
        case 6: return ((((x * y) & 1) + (x * y) % 3) & 1) == 0
        default: return ((((x * y) % 3) + ((x + y) & 1)) & 1) == 0
        }
    }

    /// The eight masks' patterns for one width, as bit rows and bit columns; made once a width.
    final class Patterns: @unchecked Sendable {
        let words: Int
        /// `rows[k][y * words + j]`: bit `i` is column `64j + i`.
        let rows: [[UInt64]]
        /// `columns[k][x * words + j]`: bit `i` is row `64j + i`.
        let columns: [[UInt64]]

        init(width w: Int) {
            words = (w + 63) >> 6
            var rows: [[UInt64]] = [], columns: [[UInt64]] = []
            for k in 0..<8 {
                var r = [UInt64](repeating: 0, count: w * words), c = r
                for y in 0..<w {
                    for x in 0..<w where QRMaskSearch.inverts(k, x, y) {
                        r[y * words + x >> 6] |= 1 << UInt64(x & 63)
                        c[x * words + y >> 6] |= 1 << UInt64(y & 63)
                    }
                }
                rows.append(r); columns.append(c)
            }
            self.rows = rows; self.columns = columns
        }

        private static let lock = NSLock()
        nonisolated(unsafe) private static var made: [Int: Patterns] = [:]

        static func of(width: Int) -> Patterns {
            lock.lock()
            defer { lock.unlock() }
            if let known = made[width] { return known }
            let patterns = Patterns(width: width)
            made[width] = patterns
            return patterns
        }
    }

    /// libqrencode's mask choice (`Mask_mask`): the first of the eight with the lowest demerit.
    /// `frame` is the unmasked frame: bit 0 dark, bit 7 a function module (never masked).
    static func bestMask(frame: UnsafePointer<UInt8>, width w: Int, level: QRecLevel) -> Int {
        let patterns = Patterns.of(width: w), words = patterns.words
        var dark = [UInt64](repeating: 0, count: w * words), data = dark, darkColumns = dark, dataColumns = dark
        for y in 0..<w {
            for x in 0..<w {
                let module = UInt64(frame[y * w + x])
                let isDark = module & 1, isData = (module >> 7 ^ 1) & 1
                dark[y * words + x >> 6] |= isDark << UInt64(x & 63)
                data[y * words + x >> 6] |= isData << UInt64(x & 63)
                darkColumns[x * words + y >> 6] |= isDark << UInt64(y & 63)
                dataColumns[x * words + y >> 6] |= isData << UInt64(y & 63)
            }
        }
        let positions = formatPositions(width: w)
        var rows = dark, columns = dark
        var runs = [Int](repeating: 0, count: w + 2)
        var best = 0, lowest = Int.max
        for k in 0..<8 {
            let pattern = patterns.rows[k], patternColumns = patterns.columns[k]
            var blacks = 0
            for i in rows.indices {
                rows[i] = dark[i] ^ (pattern[i] & data[i])
                blacks += rows[i].nonzeroBitCount
                columns[i] = darkColumns[i] ^ (patternColumns[i] & dataColumns[i])
            }
            // The format modules are function modules: written after the mask, each bit in two
            // places, and libqrencode adds 2 to the dark count for each set bit.
            func place(_ bit: UInt64, at position: (x: Int, y: Int)) {
                let (x, y) = position
                rows[y * words + x >> 6] = rows[y * words + x >> 6] & ~(1 << UInt64(x & 63)) | bit << UInt64(x & 63)
                columns[x * words + y >> 6] = columns[x * words + y >> 6] & ~(1 << UInt64(y & 63)) | bit << UInt64(y & 63)
            }
            var format = formatBits(mask: k, level: level)
            for (a, b) in positions {
                let bit = UInt64(format & 1)
                blacks += Int(bit) * 2
                place(bit, at: a)
                place(bit, at: b)
                format >>= 1
            }
            let area = w * w
            let ratio = (200 * blacks + area) / area / 2
            var demerit = abs(ratio - 50) / 5 * 10
            demerit += blocks(rows, width: w, words: words)
            runs.withUnsafeMutableBufferPointer { runs in
                for y in 0..<w { demerit += lineDemerit(rows, at: y * words, width: w, words: words, runs: runs) }
                for x in 0..<w { demerit += lineDemerit(columns, at: x * words, width: w, words: words, runs: runs) }
            }
            if demerit < lowest { lowest = demerit; best = k }
        }
        return best
    }

    /// Bits `0..<count` of a word.
    @inline(__always)
    static func low(_ count: Int) -> UInt64 { count >= 64 ? ~0 : (1 << UInt64(count)) - 1 }

    /// 3 for each 2×2 block of one colour (libqrencode's N2).
    static func blocks(_ rows: [UInt64], width w: Int, words: Int) -> Int {
        var count = 0
        for y in 1..<w {
            for j in 0..<words {
                let a = rows[(y - 1) * words + j], b = rows[y * words + j]
                // Bit x of `a << 1` is module x - 1 (carried from the word below).
                let aLeft = a << 1 | (j > 0 ? rows[(y - 1) * words + j - 1] >> 63 : 0)
                let bLeft = b << 1 | (j > 0 ? rows[y * words + j - 1] >> 63 : 0)
                var same = ~(a ^ aLeft) & ~(b ^ bLeft) & ~(a ^ b)
                if j == 0 { same &= ~1 }  // x starts at 1
                same &= low(w - 64 * j)
                count += same.nonzeroBitCount
            }
        }
        return count * 3
    }

    /// libqrencode's N1 and N3 for one row or column (`Mask_calcRunLengthH/V` then
    /// `Mask_calcN1N3`): its run list starts with -1 when the line starts dark, so odd entries are
    /// dark runs; 3 + (length − 5) for each run of 5 or more; 40 for each dark-light-dark-light-dark
    /// of 1:1:3:1:1 with light of 4 or more (or the line's first run) on one side.
    static func lineDemerit(_ bits: [UInt64], at start: Int, width w: Int, words: Int, runs: UnsafeMutableBufferPointer<Int>) -> Int {
        if words == 1 { return wordDemerit(bits[start], width: w, runs: runs) }
        return walkedDemerit(bits, at: start, width: w, words: words, runs: runs, firstRule: true)
    }

    /// `lineDemerit` of a line of 64 modules or fewer (QR versions 1–11): the first rule from bits,
    /// and the runs walked for the finder-like rule only where one can be: it needs a dark run of
    /// 3f framed by dark and light runs of f, so dark-light-dark-dark-dark-light-dark for f = 1, or
    /// a dark run of 6 or more.
    @inline(__always)
    static func wordDemerit(_ m: UInt64, width w: Int, runs: UnsafeMutableBufferPointer<Int>) -> Int {
        // Bit x: module x is the colour of module x + 1; then: modules x...x + 4 are one colour.
        let same = ~(m ^ (m >> 1)) & low(w - 1)
        let five = same & same >> 1 & same >> 2 & same >> 3
        // A run of L ≥ 5 has L − 4 bits in `five`, one of them starting a chain: L − 2 in all.
        var demerit = five.nonzeroBitCount + 2 * (five & ~(five << 1)).nonzeroBitCount
        let light = ~m & low(w)
        let finderLike = m & light >> 1 & m >> 2 & m >> 3 & m >> 4 & light >> 5 & m >> 6
        let longDark = m & m >> 1 & m >> 2 & m >> 3 & m >> 4 & m >> 5
        if finderLike | longDark != 0 {
            demerit += withUnsafePointer(to: m) { walkedDemerit($0, at: 0, width: w, words: 1, runs: runs, firstRule: false) }
        }
        return demerit
    }

    static func walkedDemerit(_ bits: UnsafePointer<UInt64>, at start: Int, width w: Int, words: Int, runs: UnsafeMutableBufferPointer<Int>,
                              firstRule: Bool) -> Int {
        var count = 0
        if bits[start] & 1 != 0 { runs[0] = -1; count = 1 }
        var runStart = 0
        for j in 0..<words {
            let word = bits[start + j]
            let next = j + 1 < words ? bits[start + j + 1] : 0
            // Bit x set where module x differs from module x + 1, for x < w - 1.
            var transitions = (word ^ (word >> 1 | next << 63)) & low(w - 1 - 64 * j)
            while transitions != 0 {
                let x = 64 * j + transitions.trailingZeroBitCount
                runs[count] = x + 1 - runStart
                count += 1
                runStart = x + 1
                transitions &= transitions - 1
            }
        }
        runs[count] = w - runStart
        count += 1

        var demerit = 0
        if firstRule {
            for i in 0..<count {
                let run = runs[i]
                demerit += run >= 5 ? run - 2 : 0
            }
        }
        var i = 3
        while i < count - 2 {
            let run = runs[i]
            if run % 3 == 0 {
                let fact = run / 3
                if runs[i - 2] == fact && runs[i - 1] == fact && runs[i + 1] == fact && runs[i + 2] == fact {
                    if i == 3 || runs[i - 3] >= 4 * fact {
                        demerit += 40
                    } else if i + 4 >= count || runs[i + 3] >= 4 * fact {
                        demerit += 40
                    }
                }
            }
            i += 2
        }
        return demerit
    }
}
