import Foundation
import Synchronization

/// A token bucket per client address, in bounded memory: at most `maxClients` buckets; when the
/// table is full, buckets that have refilled are dropped, and failing that the least recently seen.
final class RateLimiter: Sendable {
    private struct Bucket { var tokens: Double; var updated: Double }
    private let table = Mutex<[String: Bucket]>([:])
    let capacity: Double
    let perSecond: Double
    let maxClients: Int

    init(perMinute: Int, maxClients: Int) {
        self.capacity = Double(max(1, perMinute))
        self.perSecond = Double(max(1, perMinute)) / 60
        self.maxClients = max(1, maxClients)
    }

    /// Nil when allowed; else the seconds to wait before the next request would be.
    func take(_ client: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Int? {
        table.withLock { table -> Int? in
            var bucket = table[client] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * perSecond)
            bucket.updated = now
            if table[client] == nil, table.count >= maxClients {
                table = table.filter { $0.value.tokens + (now - $0.value.updated) * perSecond < capacity }
                if table.count >= maxClients, let oldest = table.min(by: { $0.value.updated < $1.value.updated })?.key {
                    table[oldest] = nil
                }
            }
            guard bucket.tokens >= 1 else {
                table[client] = bucket
                return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
            }
            bucket.tokens -= 1
            table[client] = bucket
            return nil
        }
    }

    var trackedClients: Int { table.withLock { $0.count } }
}
