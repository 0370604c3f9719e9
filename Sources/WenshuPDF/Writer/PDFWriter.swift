import CDeflate
import CXXHash
import Foundation
import WenshuText

/// Streams objects into a PDF file: header, numbered objects, cross-reference table and trailer
/// (ISO 32000-1 §7.5). It knows nothing of pages or fonts; the exporter decides what to write.
struct PDFWriter {
    private(set) var bytes: [UInt8] = []
    private var offsets: [Int] = [0]  // object 0 is the free-list head
    /// Compress streams with Flate; off gives a readable file for debugging and snapshots.
    let compress: Bool
    /// Encrypts every string and stream written from now on, when set (§7.6).
    var encryptor: ObjectEncryptor?
    /// The caches of the document's font book, where compressed image samples and seal forms are
    /// kept between documents; nil keeps nothing.
    var caches: RenderCaches?

    init(compress: Bool) {
        self.compress = compress
        bytes.reserveCapacity(256 * 1024)  // a two-page policy is ~100 KB: growing by copies showed in profiles
        // §7.5.2: a comment of four bytes ≥ 128 marks the file as binary for transfer tools.
        bytes.append(contentsOf: "%PDF-1.7\n%".utf8)
        bytes.append(contentsOf: [0xE2, 0xE3, 0xCF, 0xD3, 0x0A])
    }

    /// Reserves an object number to refer to before the object is written.
    mutating func reserve() -> Int {
        offsets.append(-1)
        return offsets.count - 1
    }

    mutating func write(_ ref: Int, _ value: PDFValue) {
        begin(ref)
        (encryptor?.encryptStrings(in: value, object: ref) ?? value).write(to: &bytes)
        end()
    }

    /// Writes an object whose strings stay in the clear: the /Encrypt dictionary (§7.6.2).
    mutating func writeUnencrypted(_ ref: Int, _ value: PDFValue) {
        begin(ref)
        value.write(to: &bytes)
        end()
    }

    /// Writes a stream object, Flate-compressing `data` unless `compressible` is false or the writer is in
    /// debug mode. `extra` are the dictionary entries besides /Length and /Filter.
    mutating func writeStream(_ ref: Int, _ extra: [(String, PDFValue)], data: [UInt8], compressible: Bool = true, filter: String? = nil) {
        var payload = data
        var entries = extra
        if let filter {
            entries.append(("Filter", .name(filter)))
        } else if compress && compressible {
            payload = Deflate.zlib(data)
            entries.append(("Filter", .name("FlateDecode")))
        }
        var dictionary = PDFValue.dict(entries)
        if let encryptor {
            // §7.6.2: the stream's data is encrypted after its filters, and /Length counts the ciphertext.
            payload = encryptor.encrypt(payload, object: ref, index: .max)
            dictionary = encryptor.encryptStrings(in: dictionary, object: ref)
        }
        guard case .dict(var written) = dictionary else { preconditionFailure() }
        written.insert(("Length", .int(payload.count)), at: 0)
        begin(ref)
        PDFValue.dict(written).write(to: &bytes)
        bytes.append(contentsOf: "\nstream\n".utf8)
        bytes.append(contentsOf: payload)
        bytes.append(contentsOf: "\nendstream".utf8)
        end()
    }

    private mutating func begin(_ ref: Int) {
        offsets[ref] = bytes.count
        bytes.append(contentsOf: "\(ref) 0 obj\n".utf8)
    }

    private mutating func end() {
        bytes.append(contentsOf: "\nendobj\n".utf8)
    }

    /// Writes the cross-reference table and trailer and returns the file.
    /// - Precondition: every reserved object has been written.
    mutating func finish(trailer: [(String, PDFValue)]) -> [UInt8] {
        let xref = bytes.count
        bytes.append(contentsOf: "xref\n0 \(offsets.count)\n".utf8)
        bytes.append(contentsOf: "0000000000 65535 f\r\n".utf8)
        for offset in offsets.dropFirst() {
            precondition(offset >= 0, "a reserved PDF object was never written")
            let digits = String(offset)
            bytes.append(contentsOf: String(repeating: "0", count: 10 - digits.count).utf8)
            bytes.append(contentsOf: digits.utf8)
            bytes.append(contentsOf: " 00000 n\r\n".utf8)
        }
        bytes.append(contentsOf: "trailer\n".utf8)
        PDFValue.dict([("Size", .int(offsets.count))] + trailer).write(to: &bytes)
        bytes.append(contentsOf: "\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return bytes
    }
}

/// zlib-wrapped Deflate (RFC 1950/1951) through libdeflate, which is two to three times faster than zlib.
enum Deflate {
    /// For content streams, CMaps and images: on a two-page policy's content streams level 1 is 8 %
    /// larger than level 3 (0.9 KB of a 92 KB file) in half the time (~130 µs less per document).
    static let level: Int32 = 1
    /// For TrueType and OpenType font programs (CID-keyed CFF goes through `LiteralDeflate`).
    static let fontProgramLevel: Int32 = 1

    static func zlib(_ data: [UInt8], level: Int32 = Deflate.level) -> [UInt8] {
        let compressor = Compressor.take(level: level)
        defer { Compressor.give(compressor) }
        let bound = libdeflate_zlib_compress_bound(compressor.handle, data.count)
        // Uninitialized: libdeflate writes what it returns, and zero-filling the bound first was wasted.
        let out = [UInt8](unsafeUninitializedCapacity: bound) { output, count in
            count = data.withUnsafeBytes { input in
                libdeflate_zlib_compress(compressor.handle, input.baseAddress, input.count, output.baseAddress, bound)
            }
        }
        precondition(!out.isEmpty, "libdeflate output bound was too small")
        return out
    }

    /// `data` compressed, from `memo` when the same bytes were compressed before; the result is the
    /// same either way. For the ToUnicode CMaps of fonts whose glyphs repeat in every document (the
    /// title's, the headings'): each libdeflate call first clears a 128 KB table, 7 µs even for a
    /// 380-byte CMap.
    static func zlib(_ data: [UInt8], memo: BoundedCache<DeflateInput, [UInt8]>?) -> [UInt8] {
        guard let memo else { return zlib(data) }
        let key = DeflateInput(data)
        if let hit = memo.get(key) { return hit }
        let made = zlib(data)
        memo.put(key, made, cost: data.count + made.count + 64)
        return made
    }

    /// libdeflate compressors are not thread-safe and cost ~1 MB to allocate: each compression takes
    /// one from a shared pool and gives it back, so there are as many as threads compressing at once.
    /// (A per-thread dictionary held them before; on Linux its lookup cost more than compressing a
    /// ToUnicode CMap.)
    final class Compressor: @unchecked Sendable {
        let handle: OpaquePointer
        let level: Int32
        init(level: Int32) { handle = libdeflate_alloc_compressor(level)!; self.level = level }
        deinit { libdeflate_free_compressor(handle) }

        private static let lock = NSLock()
        nonisolated(unsafe) private static var idle: [Compressor] = []
        /// Compressors kept idle at most; more are freed when given back.
        private static let idleLimit = 16

        static func take(level: Int32) -> Compressor {
            lock.lock()
            if let k = idle.lastIndex(where: { $0.level == level }) {
                let found = idle.remove(at: k)
                lock.unlock()
                return found
            }
            lock.unlock()
            return Compressor(level: level)
        }

        static func give(_ compressor: Compressor) {
            lock.lock()
            defer { lock.unlock() }
            if idle.count < idleLimit { idle.append(compressor) }
        }
    }
}

/// Bytes to compress as a cache key: hashed once with XXH3, compared in full, so different bytes never
/// share an entry.
struct DeflateInput: Hashable, @unchecked Sendable {
    let bytes: [UInt8]
    let hash: UInt64

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        hash = bytes.withUnsafeBytes { XXH3_64bits($0.baseAddress, $0.count) }
    }

    static func == (a: DeflateInput, b: DeflateInput) -> Bool { a.hash == b.hash && a.bytes == b.bytes }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
