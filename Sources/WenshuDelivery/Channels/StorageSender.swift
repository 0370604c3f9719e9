import WenshuStorage

/// Keeps a document in an object store (a folder or an S3 bucket) under the job's target key.
/// Stores are write-once, so a retry after a lost reply finds the object already there and counts
/// as delivered; different bytes under the same key are refused for good.
public struct StorageSender: DeliverySender {
    public let store: any ObjectStore

    public init(store: any ObjectStore) { self.store = store }

    public func deliver(_ job: DeliveryJob, document: [UInt8]) async -> DeliveryOutcome {
        do {
            let stored = try await store.put(key: job.target, bytes: document, mediaType: job.mediaType, sha256Hex: job.documentSHA256)
            return .delivered(code: nil, reply: (stored.alreadyStored ? "already stored at " : "stored at ") + stored.location)
        } catch {
            let reply = error.description
            switch error.kind {
            case .temporary: return .temporary(code: error.status, reply: reply)
            case .permanent: return .permanent(code: error.status, reply: reply)
            }
        }
    }
}
