/// Base64 (RFC 4648 §4), written here so the output never depends on Foundation's options.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The two characters of every 12 bits, as they lie in memory: a group of three bytes is two
    /// lookups and two stores.
    private static let pairTable: [UInt16] = (0..<4096).map { bits in
        (UInt16(alphabet[bits >> 6]) | UInt16(alphabet[bits & 63]) << 8).littleEndian
    }

    static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: encodeBytes(bytes, lineLength: nil), as: UTF8.self)
    }

    /// Encodes and, with `lineLength`, breaks the output into CRLF-terminated lines of that many
    /// characters (RFC 2045 §6.8: at most 76).
    ///
    /// Sized exactly and written through pointers: appending byte by byte to a growing array cost
    /// a millisecond per 100 KB attachment, a quarter of what an email took to send.
    static func encodeBytes(_ bytes: some Collection<UInt8>, lineLength: Int?) -> [UInt8] {
        let input = Array(bytes)
        let characters = (input.count + 2) / 3 * 4
        let limit = lineLength.map { max(1, $0) } ?? Int.max
        let lines = lineLength == nil ? 0 : (characters + limit - 1) / limit
        return [UInt8](unsafeUninitializedCapacity: characters + 2 * lines) { out, count in
            input.withUnsafeBufferPointer { source in
                alphabet.withUnsafeBufferPointer { abc in
                    pairTable.withUnsafeBufferPointer { pairs in
                        count = encode(source, into: out, limit: limit, breakLast: lineLength != nil, abc: abc, pairs: pairs)
                    }
                }
            }
        }
    }

    /// Writes the encoding of `source` into `out` (sized by the caller); returns the bytes written.
    private static func encode(_ source: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, limit: Int,
                               breakLast: Bool, abc: UnsafeBufferPointer<UInt8>, pairs: UnsafeBufferPointer<UInt16>) -> Int {
        var o = 0
        var column = 0
        @inline(__always) func emit(_ byte: UInt8) {
            out[o] = byte
            o += 1
            column += 1
            if column == limit {
                out[o] = 0x0D
                out[o + 1] = 0x0A
                o += 2
                column = 0
            }
        }
        var index = 0
        let n = source.count
        // Whole lines first, when a line holds whole groups (76 does: 19 of them): no
        // column check per character.
        if limit < Int.max, limit % 4 == 0 {
            let lineBytes = limit / 4 * 3
            while index + lineBytes <= n {
                for _ in 0..<(limit / 4) {
                    let value = Int(source[index]) << 16 | Int(source[index + 1]) << 8 | Int(source[index + 2])
                    let raw = UnsafeMutableRawPointer(out.baseAddress! + o)
                    raw.storeBytes(of: pairs[value >> 12], as: UInt16.self)
                    raw.storeBytes(of: pairs[value & 0xFFF], toByteOffset: 2, as: UInt16.self)
                    o += 4
                    index += 3
                }
                out[o] = 0x0D
                out[o + 1] = 0x0A
                o += 2
            }
        }
        while index + 3 <= n {
            let value = UInt32(source[index]) << 16 | UInt32(source[index + 1]) << 8 | UInt32(source[index + 2])
            emit(abc[Int(value >> 18 & 63)])
            emit(abc[Int(value >> 12 & 63)])
            emit(abc[Int(value >> 6 & 63)])
            emit(abc[Int(value & 63)])
            index += 3
        }
        let remaining = n - index
        if remaining > 0 {
            let value = UInt32(source[index]) << 16 | (remaining == 2 ? UInt32(source[index + 1]) << 8 : 0)
            emit(abc[Int(value >> 18 & 63)])
            emit(abc[Int(value >> 12 & 63)])
            emit(remaining == 2 ? abc[Int(value >> 6 & 63)] : UInt8(ascii: "="))
            emit(UInt8(ascii: "="))
        }
        if breakLast, column > 0 {
            out[o] = 0x0D
            out[o + 1] = 0x0A
            o += 2
        }
        return o
    }
}
