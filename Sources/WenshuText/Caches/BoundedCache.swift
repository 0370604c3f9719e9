import Foundation

/// A thread-safe map with a memory budget: the one cache type of the render stages (issue 15).
///
/// Each entry states its cost in bytes (an estimate of what it holds). The table is split into
/// stripes, each with its own lock and an equal share of the budget, so parallel workers rarely
/// queue on one lock. A stripe that would go over its share starts over (all its entries are
/// dropped): the entries worth keeping are the ones every document uses, and they come back with the
/// next document, while bookkeeping for least-recent use would cost every hit a write. An entry
/// larger than a stripe's share is not kept. A budget of 0 keeps nothing.
public final class BoundedCache<Key: Hashable, Value>: @unchecked Sendable {
    public let name: String
    /// The budget in bytes, shared equally by the stripes.
    public let byteLimit: Int
    @usableFromInline let stripes: [Stripe]

    /// Inlinable (with the methods below) so that each stage's cache is specialized for its key and
    /// value types: unspecialized, every lookup went through generic metadata.
    @usableFromInline final class Stripe {
        @usableFromInline let lock = NSLock()
        @usableFromInline var table: [Key: (value: Value, cost: Int)] = [:]
        @usableFromInline var bytes = 0
        @usableFromInline var hits = 0
        @usableFromInline var misses = 0
        @usableFromInline var evictions = 0
        @usableFromInline init() {}
    }

    /// - Parameters:
    ///   - byteLimit: memory the entries may hold together, bytes (0 disables the cache).
    ///   - stripes: independent locks; 1 for caches used a few times per document.
    public init(name: String, byteLimit: Int, stripes: Int = 1) {
        self.name = name
        self.byteLimit = max(0, byteLimit)
        self.stripes = (0..<max(1, stripes)).map { _ in Stripe() }
    }

    @inlinable func stripe(_ key: Key) -> Stripe {
        stripes.count == 1 ? stripes[0] : stripes[Int(UInt(bitPattern: key.hashValue) % UInt(stripes.count))]
    }

    @inlinable public func get(_ key: Key) -> Value? {
        let s = stripe(key)
        s.lock.lock()
        defer { s.lock.unlock() }
        if let hit = s.table[key] { s.hits += 1; return hit.value }
        s.misses += 1
        return nil
    }

    /// Keeps `value` under `key`, replacing an earlier one. `cost` is its size in bytes.
    @inlinable public func put(_ key: Key, _ value: Value, cost: Int) {
        let share = byteLimit / stripes.count
        guard cost <= share else { return }
        let s = stripe(key)
        s.lock.lock()
        defer { s.lock.unlock() }
        if let old = s.table[key] { s.bytes -= old.cost }
        if s.bytes + cost > share {
            s.evictions += s.table.count
            s.table.removeAll(keepingCapacity: true)
            s.bytes = 0
        }
        s.table[key] = (value, cost)
        s.bytes += cost
    }

    /// The cached value, or `make()`'s, kept with its cost. `make` runs outside the lock, so two threads
    /// missing at once may both make it; the cache keeps one.
    @inlinable public func value<E: Error>(_ key: Key, cost: (Value) -> Int, make: () throws(E) -> Value) throws(E) -> Value {
        if let hit = get(key) { return hit }
        let made = try make()
        put(key, made, cost: cost(made))
        return made
    }

    /// Entries, bytes and counts so far, for metrics.
    public var statistics: CacheStatistics {
        var result = CacheStatistics(name: name, byteLimit: byteLimit)
        for s in stripes {
            s.lock.lock()
            result.entries += s.table.count
            result.bytes += s.bytes
            result.hits += s.hits
            result.misses += s.misses
            result.evictions += s.evictions
            s.lock.unlock()
        }
        return result
    }

    /// Drops every entry (counts are kept).
    public func removeAll() {
        for s in stripes {
            s.lock.lock()
            s.evictions += s.table.count
            s.table.removeAll()
            s.bytes = 0
            s.lock.unlock()
        }
    }
}

/// One cache's state, as the server's metrics report it.
public struct CacheStatistics: Sendable, Equatable {
    public var name: String
    public var byteLimit: Int
    public var entries = 0
    /// Estimated memory held by the entries.
    public var bytes = 0
    public var hits = 0
    public var misses = 0
    /// Entries dropped to stay within the budget.
    public var evictions = 0
}
