import Foundation

/// Digests of the documents being enqueued, computed once per distinct buffer: a batch of 200 jobs
/// carrying the same 100 KB PDF shares one buffer, and so do single enqueues of one document to
/// many recipients; hashing it each time cost more than the database work (85 µs per 100 KB).
///
/// A buffer is recognised by its address only while the cache holds the array itself: a live
/// array's storage cannot be freed and reused for other bytes, and a caller who changes their copy
/// gets new storage (copy on write), so an address match always means the same bytes.
enum DocumentDigests {
    static func of(_ requests: [DeliveryRequest]) -> [String] {
        var seen: [Int: (count: Int, digest: String)] = [:]
        return requests.map { request in
            let address = request.document.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
            if address != 0, let hit = seen[address], hit.count == request.document.count { return hit.digest }
            let digest = recent.digest(of: request.document, address: address)
            if address != 0 { seen[address] = (request.document.count, digest) }
            return digest
        }
    }

    static let recent = RecentDigests()
}

/// The last few documents hashed, held alive (see ``DocumentDigests``). Small: a document is usually
/// enqueued for its recipients one after another.
final class RecentDigests: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(bytes: [UInt8], address: Int, digest: String)] = []
    private let capacity = 8

    func digest(of bytes: [UInt8], address: Int) -> String {
        if address != 0 {
            lock.lock()
            // The held array's own storage address, read now: equal means the very same storage.
            let hit = entries.first {
                $0.address == address && $0.bytes.count == bytes.count
                    && $0.bytes.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) } == address
            }?.digest
            lock.unlock()
            if let hit { return hit }
        }
        let digest = Identifiers.sha256Hex(bytes)
        guard address != 0, bytes.count >= 4096 else { return digest }
        lock.lock()
        entries.append((bytes, address, digest))
        if entries.count > capacity { entries.removeFirst() }
        lock.unlock()
        return digest
    }
}

/// Digests this process has already seen stored (documents are never deleted), so a job that
/// carries a known document does not send its bytes to the database again. Bounded.
final class KnownDocuments: @unchecked Sendable {
    private let lock = NSLock()
    private var digests: Set<String> = []
    private var order: [String] = []
    private let capacity = 4096

    func contains(_ digest: String) -> Bool { lock.lock(); defer { lock.unlock() }; return digests.contains(digest) }

    func insert(_ digest: String) {
        lock.lock(); defer { lock.unlock() }
        guard digests.insert(digest).inserted else { return }
        order.append(digest)
        if order.count > capacity {
            let drop = order.prefix(capacity / 2)
            for d in drop { digests.remove(d) }
            order.removeFirst(capacity / 2)
        }
    }
}
