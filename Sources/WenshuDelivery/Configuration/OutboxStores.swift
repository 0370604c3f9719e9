import Foundation
import Logging

/// Opens the store a `WENSHU_DATABASE_URL` names.
public enum OutboxStores {
    /// - `sqlite:///absolute/path.db`, `sqlite://relative/path.db` or a bare path ending in `.db`;
    /// - `postgres://user:password@host:port/database` (or `postgresql://`).
    public static func open(url: String, environment: DeliveryEnvironment = DeliveryEnvironment(values: [:]),
                            logger: Logger) async throws -> any DeliveryDatabase {
        let store: any DeliveryDatabase
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            store = try PostgresOutboxStore.open(url: url, logger: logger)
        } else if url.hasPrefix("sqlite://") || url.hasSuffix(".db") || url.hasSuffix(".sqlite") {
            var path = url.hasPrefix("sqlite://") ? String(url.dropFirst("sqlite://".count)) : url
            if path.isEmpty { throw OutboxError("WENSHU_DATABASE_URL: sqlite:// needs a file path") }
            if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
            store = try await SQLiteOutboxStore.open(path: path, synchronous: environment["WENSHU_SQLITE_SYNCHRONOUS"] ?? "NORMAL")
        } else {
            throw OutboxError("WENSHU_DATABASE_URL must start with sqlite:// or postgres:// (got a value starting '\(url.prefix(12))')")
        }
        do { try await store.migrate() } catch {
            try? await store.close()
            throw OutboxError("cannot prepare the outbox tables in \(store): \(error)")
        }
        return store
    }
}
