/// Bits packed least significant first (RFC 1951 §3.1.1) in 64-bit words, growing as they come.
/// Raw memory rather than an array: a subset's program is tens of thousands of words, and an
/// array's checks on each append cost more than the shifts.
struct BitString: ~Copyable {
    private var base: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    /// Whole words written.
    private var used = 0
    private var buffer: UInt64 = 0
    /// Bits in `buffer`, below 64.
    private var filled = 0

    init(capacityBits: Int = 0) {
        capacity = max(capacityBits / 64 + 2, 16)
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    var count: Int { used * 64 + filled }

    /// The whole words written so far.
    var words: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(start: base, count: used) }

    /// The bits after the last whole word, in the low bits of one word.
    var tail: UInt64 { buffer }

    private mutating func reserve(_ n: Int) {
        guard used + n > capacity else { return }
        capacity = max(capacity * 2, used + n)
        let grown = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        grown.update(from: base, count: used)
        base.deallocate()
        base = grown
    }

    /// A packed code from `HuffmanCode.codes`.
    @inline(__always)
    mutating func put(_ packed: UInt64) { put(packed &>> 8, Int(packed & 0xFF)) }

    /// Each of `bytes` as its packed code in `codes`.
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>, codes: UnsafeBufferPointer<UInt64>) {
        for byte in bytes { put(codes[Int(byte)]) }
    }

    /// The low `bits` of `value` (`bits` ≤ 64, the rest of `value` zero). Masking shifts and wrapping
    /// adds: `filled` stays below 64, and the checked forms cost more than the rest of a coding loop.
    @inline(__always)
    mutating func put(_ value: UInt64, _ bits: Int) {
        guard bits > 0 else { return }
        buffer |= value &<< UInt64(filled)
        filled &+= bits
        if filled >= 64 {
            if used == capacity { reserve(1) }
            base[used] = buffer
            used &+= 1
            filled &-= 64
            buffer = filled == 0 ? 0 : value &>> UInt64(bits &- filled)
        }
    }

    /// Appends another bit string, a word at a time.
    mutating func append(_ other: borrowing BitString) {
        append(words: UnsafeBufferPointer(start: other.base, count: other.used + 1), count: other.count, tail: other.buffer)
    }

    /// Appends the first `count` bits of `source` (whose last, partial word may be given as `tail`).
    mutating func append(words source: UnsafeBufferPointer<UInt64>, count: Int, tail: UInt64? = nil) {
        let whole = count / 64
        reserve(whole + 1)
        if filled == 0 {
            (base + used).update(from: source.baseAddress!, count: whole)
        } else {
            let shift = UInt64(filled), back = UInt64(64 - filled)
            var carry = buffer
            for k in 0..<whole {
                let w = source[k]
                base[used + k] = carry | w &<< shift
                carry = w &>> back
            }
            buffer = carry
        }
        used += whole
        let rest = count % 64
        if rest > 0 { put((tail ?? source[whole]) & (UInt64(1) &<< UInt64(rest) &- 1), rest) }
    }

    /// The bits as bytes, the last padded with zeros, then `trailer`.
    func bytes(then trailer: [UInt8] = []) -> [UInt8] {
        let tailBytes = (filled + 7) / 8
        let total = used * 8 + tailBytes + trailer.count
        return [UInt8](unsafeUninitializedCapacity: total) { out, count in
            let raw = UnsafeMutableRawPointer(out.baseAddress!)
            for k in 0..<used { raw.storeBytes(of: base[k].littleEndian, toByteOffset: k * 8, as: UInt64.self) }
            var b = buffer
            for k in 0..<tailBytes { out[used * 8 + k] = UInt8(truncatingIfNeeded: b); b >>= 8 }
            for (k, byte) in trailer.enumerated() { out[used * 8 + tailBytes + k] = byte }
            count = total
        }
    }
}
