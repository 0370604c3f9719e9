import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The shared outbox for several nodes: PostgreSQL. Claims use `FOR UPDATE SKIP LOCKED`, so workers on
/// any number of nodes take disjoint jobs without waiting on each other; an enqueue sends a
/// `NOTIFY wenshu_outbox` that wakes idle workers at once instead of at their next poll.
public final class PostgresOutboxStore: OutboxStore {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    /// Printed in errors and logs: the URL without its password.
    public let description: String
    static let channel = "wenshu_outbox"
    let known = KnownDocuments()

    public init(configuration: PostgresClient.Configuration, description: String, logger: Logger) {
        var configuration = configuration
        configuration.options.maximumConnections = 8
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        self.description = description
        let client = self.client
        self.runner = Task { await client.run() }
    }

    /// `postgres://user:password@host:port/database` (also `postgresql://`), `?sslmode=disable|prefer|require`.
    public static func open(url: String, logger: Logger) throws -> PostgresOutboxStore {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw OutboxError("WENSHU_DATABASE_URL is not a postgres://user@host/database URL")
        }
        let user = components.user ?? "postgres"
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let tls: PostgresClient.Configuration.TLS
        switch sslmode {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        case "require": tls = .require(.makeClientConfiguration())
        default: throw OutboxError("WENSHU_DATABASE_URL: sslmode must be disable, prefer or require, not '\(sslmode)'")
        }
        let configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database.isEmpty ? nil : database, tls: tls)
        var shown = components
        if shown.password != nil { shown.password = "***" }
        return PostgresOutboxStore(configuration: configuration, description: shown.string ?? "postgres", logger: logger)
    }

    public func migrate() async throws {
        try await client.withTransaction(logger: logger) { c in
            // Two nodes starting together must not race on CREATE TABLE IF NOT EXISTS.
            try await c.query("SELECT pg_advisory_xact_lock(7402518)", logger: self.logger)
            for statement in OutboxSchema.statements(postgres: true) {
                try await c.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
            }
        }
    }

    // MARK: Enqueue

    public func enqueue(_ request: DeliveryRequest, messageDomain: String, now: Date) async throws -> (job: DeliveryJob, created: Bool) {
        try await enqueue(batch: [request], messageDomain: messageDomain, now: now)[0]
    }

    public func enqueue(batch: [DeliveryRequest], messageDomain: String, now: Date) async throws -> [(job: DeliveryJob, created: Bool)] {
        let prepared = try JobRow.prepare(batch, messageDomain: messageDomain, now: now)
        let logger = self.logger, known = self.known
        let results: [(DeliveryJob, Bool)] = try await client.withTransaction(logger: logger) { c in
            try await Self.insert(prepared, on: c, logger: logger, known: known)
        }
        // Only after the commit: a rolled-back document must be sent again next time.
        for (_, row) in prepared { known.insert(row.documentSHA256) }
        return results.map { (job: $0.0, created: $0.1) }
    }

    /// Inserts prepared jobs (and their documents) inside the caller's transaction, and wakes the
    /// other nodes' workers when the transaction commits.
    static func insert(_ prepared: [(DeliveryRequest, JobRow)], on c: PostgresConnection, logger: Logger, known: KnownDocuments) async throws -> [(DeliveryJob, Bool)] {
            var results: [(DeliveryJob, Bool)] = []
            var storedDocuments = Set<String>()
            for (request, row) in prepared {
                if storedDocuments.insert(row.documentSHA256).inserted && !known.contains(row.documentSHA256) {
                    try await c.query(
                        """
                        INSERT INTO outbox_documents (sha256, size, bytes, created_at)
                        VALUES (\(row.documentSHA256), \(row.documentSize), \(ByteBuffer(bytes: request.document)), \(row.createdAt))
                        ON CONFLICT (sha256) DO NOTHING
                        """, logger: logger)
                }
                let inserted = try await Self.jobs(c.query(
                    """
                    INSERT INTO outbox_jobs (\(unescaped: OutboxSchema.jobColumns), document_id)
                    VALUES (\(row.id), \(row.idempotencyKey), \(row.channel), \(row.target), \(row.fileName), \(row.mediaType),
                            \(row.documentSHA256), \(row.documentSize), \(row.bytesLocation), \(row.payload), \(row.state), 0,
                            \(row.nextAttemptAt), NULL, NULL, NULL, NULL, \(row.messageID), \(row.createdAt), \(row.updatedAt),
                            \(request.metadata["document"]))
                    ON CONFLICT (idempotency_key) DO NOTHING RETURNING \(unescaped: OutboxSchema.jobColumns)
                    """, logger: logger))
                if let job = inserted.first {
                    results.append((job, true))
                } else {
                    let existing = try await Self.jobs(c.query(
                        "SELECT \(unescaped: OutboxSchema.jobColumns) FROM outbox_jobs WHERE idempotency_key = \(row.idempotencyKey)",
                        logger: logger))
                    guard let job = existing.first else { throw OutboxError("job with key '\(row.idempotencyKey)' vanished") }
                    results.append((job, false))
                }
            }
            if results.contains(where: { $0.1 }) {
                try await c.query("SELECT pg_notify(\(Self.channel), '')", logger: logger)
            }
            return results
    }

    // MARK: Claims and leases

    public func claim(owner: String, limit: Int, leaseUntil: Date, now: Date) async throws -> [DeliveryJob] {
        let nowMS = now.millisecondsSince1970, until = leaseUntil.millisecondsSince1970, limit = max(1, limit)
        let jobs = try await Self.jobs(client.query(
            """
            UPDATE outbox_jobs SET state = 'sending', lease_owner = \(owner), lease_expires_at = \(until), attempts = attempts + 1,
                updated_at = \(nowMS)
            WHERE id IN (SELECT id FROM outbox_jobs
                         WHERE (state IN ('queued', 'retrying') AND next_attempt_at <= \(nowMS))
                            OR (state = 'sending' AND lease_expires_at < \(nowMS))
                         ORDER BY next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: OutboxSchema.jobColumns)
            """, logger: logger))
        return jobs.sorted { $0.nextAttemptAt < $1.nextAttemptAt }
    }

    public func renew(jobID: String, owner: String, leaseUntil: Date) async throws -> Bool {
        let rows = try await client.query(
            """
            UPDATE outbox_jobs SET lease_expires_at = \(leaseUntil.millisecondsSince1970)
            WHERE id = \(jobID) AND lease_owner = \(owner) AND state = 'sending' RETURNING id
            """, logger: logger)
        return try await Self.count(rows) > 0
    }

    public func finish(jobID: String, owner: String, transition: JobStateMachine.Transition, attempt: DeliveryAttempt,
                       now: Date) async throws -> Bool {
        let logger = self.logger
        let ms = now.millisecondsSince1970
        return try await client.withTransaction(logger: logger) { c in
            let query: PostgresQuery
            switch transition {
            case .sent(let code, let reply):
                query = """
                    UPDATE outbox_jobs SET state = 'sent', sent_at = \(ms), last_code = \(code), last_reply = \(reply),
                        lease_owner = NULL, lease_expires_at = NULL, updated_at = \(ms)
                    WHERE id = \(jobID) AND lease_owner = \(owner) AND state = 'sending' RETURNING id
                    """
            case .retry(let at, let code, let reply):
                query = """
                    UPDATE outbox_jobs SET state = 'retrying', next_attempt_at = \(at.millisecondsSince1970), last_code = \(code),
                        last_reply = \(reply), lease_owner = NULL, lease_expires_at = NULL, updated_at = \(ms)
                    WHERE id = \(jobID) AND lease_owner = \(owner) AND state = 'sending' RETURNING id
                    """
            case .dead(let code, let reason):
                query = """
                    UPDATE outbox_jobs SET state = 'dead', last_code = \(code), last_reply = \(reason),
                        lease_owner = NULL, lease_expires_at = NULL, updated_at = \(ms)
                    WHERE id = \(jobID) AND lease_owner = \(owner) AND state = 'sending' RETURNING id
                    """
            }
            let held = try await Self.count(c.query(query, logger: logger)) > 0
            try await c.query(
                """
                INSERT INTO outbox_attempts (job_id, at, channel, masked_target, outcome, code, reply, bytes, duration_ms, worker)
                VALUES (\(attempt.jobID), \(attempt.at.millisecondsSince1970), \(attempt.channel.rawValue), \(attempt.maskedTarget),
                        \(attempt.outcome), \(attempt.code), \(attempt.reply), \(attempt.bytes), \(attempt.durationMilliseconds),
                        \(attempt.worker))
                """, logger: logger)
            return held
        }
    }

    public func release(owner: String, now: Date) async throws -> Int {
        let ms = now.millisecondsSince1970
        let rows = try await client.query(
            """
            UPDATE outbox_jobs SET state = CASE WHEN attempts > 1 THEN 'retrying' ELSE 'queued' END,
                attempts = GREATEST(attempts - 1, 0), lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = \(ms),
                updated_at = \(ms)
            WHERE lease_owner = \(owner) AND state = 'sending' RETURNING id
            """, logger: logger)
        let released = try await Self.count(rows)
        if released > 0 { try await client.query("SELECT pg_notify(\(Self.channel), '')", logger: logger) }
        return released
    }

    // MARK: Reading

    public func job(id: String) async throws -> DeliveryJob? {
        try await Self.jobs(client.query("SELECT \(unescaped: OutboxSchema.jobColumns) FROM outbox_jobs WHERE id = \(id)", logger: logger)).first
    }

    public func job(idempotencyKey: String) async throws -> DeliveryJob? {
        try await Self.jobs(client.query(
            "SELECT \(unescaped: OutboxSchema.jobColumns) FROM outbox_jobs WHERE idempotency_key = \(idempotencyKey)", logger: logger)).first
    }

    public func attempts(jobID: String) async throws -> [DeliveryAttempt] {
        let rows = try await client.query(
            """
            SELECT job_id, at, channel, masked_target, outcome, code, reply, bytes, duration_ms, worker
            FROM outbox_attempts WHERE job_id = \(jobID) ORDER BY id
            """, logger: logger)
        var result: [DeliveryAttempt] = []
        for try await (jobID, at, channel, masked, outcome, code, reply, bytes, duration, worker)
            in rows.decode((String, Int64, String, String, String, Int64?, String, Int64, Int64, String).self) {
            result.append(DeliveryAttempt(
                jobID: jobID, at: Date(milliseconds: at), channel: DeliveryChannel(rawValue: channel) ?? .email, maskedTarget: masked,
                outcome: outcome, code: code.map(Int.init), reply: reply, bytes: Int(bytes), durationMilliseconds: Int(duration),
                worker: worker))
        }
        return result
    }

    public func counts() async throws -> OutboxCounts {
        let rows = try await client.query("SELECT state, COUNT(*) FROM outbox_jobs GROUP BY state", logger: logger)
        var counts: [JobState: Int] = [:]
        for try await (state, n) in rows.decode((String, Int64).self) {
            if let s = JobState(rawValue: state) { counts[s] = Int(n) }
        }
        return OutboxCounts(byState: counts)
    }

    public func dead(limit: Int) async throws -> [DeliveryJob] {
        try await Self.jobs(client.query(
            """
            SELECT \(unescaped: OutboxSchema.jobColumns) FROM outbox_jobs WHERE state = 'dead'
            ORDER BY updated_at DESC, id LIMIT \(max(1, limit))
            """, logger: logger))
    }

    public func requeue(jobID: String, now: Date) async throws -> Bool {
        let ms = now.millisecondsSince1970
        let rows = try await client.query(
            """
            UPDATE outbox_jobs SET state = 'queued', attempts = 0, next_attempt_at = \(ms), updated_at = \(ms)
            WHERE id = \(jobID) AND state = 'dead' RETURNING id
            """, logger: logger)
        let requeued = try await Self.count(rows) > 0
        if requeued { try await client.query("SELECT pg_notify(\(Self.channel), '')", logger: logger) }
        return requeued
    }

    public func document(sha256: String) async throws -> [UInt8]? {
        let rows = try await client.query("SELECT bytes FROM outbox_documents WHERE sha256 = \(sha256)", logger: logger)
        for try await (buffer) in rows.decode(ByteBuffer.self) { return Array(buffer.readableBytesView) }
        return nil
    }

    public func nextWake() async throws -> Date? {
        let rows = try await client.query(
            """
            SELECT LEAST((SELECT MIN(next_attempt_at) FROM outbox_jobs WHERE state IN ('queued', 'retrying')),
                         (SELECT MIN(lease_expires_at) FROM outbox_jobs WHERE state = 'sending'))
            """, logger: logger)
        for try await (value) in rows.decode(Int64?.self) { return value.map(Date.init(milliseconds:)) }
        return nil
    }

    /// Calls `wake` on every `NOTIFY wenshu_outbox` until the task is cancelled; reconnects after errors.
    public func listen(_ wake: @escaping @Sendable () -> Void) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        for try await _ in notifications { wake() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("outbox LISTEN lost, retrying", metadata: ["error": "\(String(describing: error).prefix(200))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    public func close() async throws {
        runner.cancel()
        _ = await runner.value
    }

    // MARK: Rows

    static func count(_ rows: PostgresRowSequence) async throws -> Int {
        var n = 0
        for try await _ in rows { n += 1 }
        return n
    }

    static func jobs(_ rows: PostgresRowSequence) async throws -> [DeliveryJob] {
        var jobs: [DeliveryJob] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            let decoded = JobRow(
                id: try r["id"].decode(String.self), idempotencyKey: try r["idempotency_key"].decode(String.self),
                channel: try r["channel"].decode(String.self), target: try r["target"].decode(String.self),
                fileName: try r["file_name"].decode(String.self), mediaType: try r["media_type"].decode(String.self),
                documentSHA256: try r["document_sha256"].decode(String.self), documentSize: try r["document_size"].decode(Int64.self),
                bytesLocation: try r["bytes_location"].decode(String.self), payload: try r["payload"].decode(String.self),
                state: try r["state"].decode(String.self), attempts: try r["attempts"].decode(Int64.self),
                nextAttemptAt: try r["next_attempt_at"].decode(Int64.self), leaseOwner: try r["lease_owner"].decode(String?.self),
                leaseExpiresAt: try r["lease_expires_at"].decode(Int64?.self), lastCode: try r["last_code"].decode(Int64?.self),
                lastReply: try r["last_reply"].decode(String?.self), messageID: try r["message_id"].decode(String.self),
                createdAt: try r["created_at"].decode(Int64.self), updatedAt: try r["updated_at"].decode(Int64.self))
            jobs.append(try decoded.job())
        }
        return jobs
    }
}
