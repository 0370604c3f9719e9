import Foundation
import WenshuDiagnostics
import WenshuPages
import WenshuRaster

/// The PNG files of several pages, rasterized and encoded side by side.
///
/// A page's raster and PNG depend only on that page (``RasterExporter`` is deterministic and safe
/// from several threads), so a two-page document as PNG takes the time of its slower page on two
/// cores instead of the sum of both; the files come back in page order, byte for byte as one
/// thread makes them.
enum PagePNGs {
    /// - Parameter numbers: each page's 1-based number, for the error's place.
    /// - Throws: the first failing page's error (in page order), or the deadline's.
    /// - Parameter sideThreads: draw pages side by side; off, they are drawn one after another on this
    ///   thread (a batch with a worker per core, or a busy server, has no core to spare).
    static func encode(_ pages: [Page], numbers: [Int], dpi: Double, deadline: Deadline?, sideThreads: Bool = true) throws(DiagnosticError) -> [[UInt8]] {
        let options = RasterOptions(dpi: dpi)
        let results = Results(count: pages.count)
        let work: @Sendable (Int) -> Void = { k in
            if let deadline, deadline.hasPassed { results.set(k, .failure(deadline.error(at: "page \(numbers[k])"))); return }
            do { results.set(k, .success(try RasterExporter.png(pages[k], options: options))) }
            catch { results.set(k, .failure(DiagnosticError(error, at: "page \(numbers[k])"))) }
        }
        if pages.count == 1 || !sideThreads { pages.indices.forEach(work) } else { DispatchQueue.concurrentPerform(iterations: pages.count, execute: work) }
        var files: [[UInt8]] = []
        for result in results.all() { files.append(try result.get()) }
        return files
    }

    /// One slot per page, filled from any thread.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result<[UInt8], DiagnosticError>?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ k: Int, _ result: Result<[UInt8], DiagnosticError>) { lock.lock(); slots[k] = result; lock.unlock() }
        func all() -> [Result<[UInt8], DiagnosticError>] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
    }
}
