import Foundation

/// Fingerprints of the content keys seen once: a value enters a cache the second time its key comes.
///
/// Most table rows that differ from one document to the next (an insured person, a sum insured) are
/// never seen again; holding each of them would fill a cache's budget with rows no document asks for
/// (about 20 MB over 500 text-heavy policies) before the budget evicts them. The template's row memo
/// and the layout's row cache both admit rows through one of these. A fingerprint shared by two keys
/// only admits a value one sighting early: the caches still compare whole keys.
public final class SeenOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var seen = Set<UInt64>()
    /// Fingerprints kept before the set starts over (8 bytes and a little more each).
    private let capacity: Int

    public init(capacity: Int = 1 << 16) { self.capacity = capacity }

    /// Whether `key` was seen before; notes it when it was not.
    public func seenBefore(_ key: ContentKey) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if seen.remove(key.fingerprint) != nil { return true }
        if seen.count >= capacity { seen.removeAll(keepingCapacity: true) }
        seen.insert(key.fingerprint)
        return false
    }
}
