import Foundation

/// Digests of the documents in one enqueue call, computed once per distinct array: a batch of 200
/// jobs carrying the same 100 KB PDF shares one buffer, and hashing it 200 times cost more than
/// the database work (85 µs each).
enum DocumentDigests {
    static func of(_ requests: [DeliveryRequest]) -> [String] {
        var seen: [Int: (count: Int, digest: String)] = [:]
        return requests.map { request in
            let address = request.document.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
            if address != 0, let hit = seen[address], hit.count == request.document.count { return hit.digest }
            let digest = Identifiers.sha256Hex(request.document)
            if address != 0 { seen[address] = (request.document.count, digest) }
            return digest
        }
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
