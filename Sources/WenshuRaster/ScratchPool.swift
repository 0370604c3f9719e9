import CDeflate

/// Large buffers and the Deflate compressor a page's raster needs, kept between pages. A fresh
/// 6.5 MB canvas, 2 MB of PNG rows, the run list and a compressor's tables cost page faults and the
/// kernel's zeroing on every page: about a tenth of an A4 page's time at 150 dpi (perf, text-heavy
/// e-policy). Bounded: at most ``maximumKept`` bytes are kept, and no buffer larger than
/// ``largestKept`` (a 100-megapixel canvas is returned to the system at once).
final class ScratchPool: @unchecked Sendable {
    static let shared = ScratchPool()

    /// Largest total kept between pages: two pages at once of A4 at 150 dpi take about 24 MB
    /// (canvas 6.5 MB, rows 2.2 MB, compressed bound 2.2 MB and runs, each).
    static let maximumKept = 48 << 20
    /// Largest single buffer kept (an A4 canvas up to about 200 dpi).
    static let largestKept = 12 << 20

    private let lock = Lock()
    private var buffers: [UnsafeMutableRawBufferPointer] = []
    private var keptBytes = 0
    private var compressors: [OpaquePointer] = []

    /// A buffer of at least `bytes` bytes, uninitialized (or holding an earlier page's bytes).
    func take(bytes: Int) -> UnsafeMutableRawBufferPointer {
        let reused: UnsafeMutableRawBufferPointer? = lock.withLock {
            // The smallest kept buffer that fits.
            guard let k = buffers.indices.filter({ buffers[$0].count >= bytes }).min(by: { buffers[$0].count < buffers[$1].count }) else { return nil }
            keptBytes -= buffers[k].count
            return buffers.remove(at: k)
        }
        return reused ?? .allocate(byteCount: max(bytes, 1), alignment: 16)
    }

    /// Returns a buffer from ``take(bytes:)``; it is kept for another page or freed.
    func give(_ buffer: UnsafeMutableRawBufferPointer) {
        let kept = buffer.count <= ScratchPool.largestKept && lock.withLock {
            guard keptBytes + buffer.count <= ScratchPool.maximumKept else { return false }
            buffers.append(buffer)
            keptBytes += buffer.count
            return true
        }
        if !kept { buffer.deallocate() }
    }

    /// Runs `body` with a libdeflate compressor at ``PNGEncoder/level``, one no other thread is using.
    func withCompressor<R>(_ body: (OpaquePointer) -> R) -> R {
        let compressor = lock.withLock { compressors.popLast() } ?? libdeflate_alloc_compressor(PNGEncoder.level)
        guard let compressor else { fatalError("out of memory") }
        defer {
            let kept = lock.withLock { () -> Bool in
                guard compressors.count < 8 else { return false }
                compressors.append(compressor)
                return true
            }
            if !kept { libdeflate_free_compressor(compressor) }
        }
        return body(compressor)
    }
}
