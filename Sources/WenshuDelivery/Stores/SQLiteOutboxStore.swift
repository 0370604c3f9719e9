import Foundation
import NIOCore
import SQLiteNIO

/// The embedded outbox: one SQLite file in WAL mode. Readers never block the writer; writers
/// (this process's one connection, or another process's) take the write lock with `BEGIN IMMEDIATE`
/// and wait for each other up to the busy timeout, so two workers on one file claim disjoint jobs.
///
/// Durability: `synchronous=NORMAL` in WAL mode keeps every committed transaction across a crash of
/// the process (kill -9); `WENSHU_SQLITE_SYNCHRONOUS=FULL` also keeps it across a power cut, at the
/// cost of an fsync per commit.
public final class SQLiteOutboxStore: OutboxStore {
    let connection: SQLiteConnection
    let mutex = AsyncMutex()
    let known = KnownDocuments()
    let coalescer = EnqueueCoalescer()
    private let closed = OnceFlag()
    public let path: String

    public static func open(path: String, synchronous: String = "NORMAL") async throws -> SQLiteOutboxStore {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw OutboxError("cannot create the outbox folder '\(folder)': \(error.localizedDescription)")
            }
        }
        guard ["OFF", "NORMAL", "FULL", "EXTRA"].contains(synchronous.uppercased()) else {
            throw OutboxError("WENSHU_SQLITE_SYNCHRONOUS must be NORMAL, FULL or EXTRA, not '\(synchronous)'")
        }
        let connection: SQLiteConnection
        do { connection = try await SQLiteConnection.open(storage: .file(path: path)) } catch {
            throw OutboxError("cannot open the outbox database '\(path)': \(error)")
        }
        let store = SQLiteOutboxStore(connection: connection, path: path)
        do {
            _ = try await connection.query("PRAGMA busy_timeout = 30000")
            _ = try await connection.query("PRAGMA journal_mode = WAL")
            _ = try await connection.query("PRAGMA synchronous = \(synchronous.uppercased())")
            _ = try await connection.query("PRAGMA foreign_keys = ON")
        } catch {
            try? await connection.close()
            throw OutboxError("cannot configure the outbox database '\(path)': \(error)")
        }
        return store
    }

    init(connection: SQLiteConnection, path: String) {
        self.connection = connection
        self.path = path
    }

    public var description: String { "sqlite://" + path }

    public func migrate() async throws {
        try await transaction { c in
            for statement in OutboxSchema.statements(postgres: false) { _ = try await c.query(statement) }
        }
    }

    // MARK: Enqueue

    public func enqueue(_ request: DeliveryRequest, messageDomain: String, now: Date) async throws -> (job: DeliveryJob, created: Bool) {
        try await enqueue(batch: [request], messageDomain: messageDomain, now: now)[0]
    }

    public func enqueue(batch: [DeliveryRequest], messageDomain: String, now: Date) async throws -> [(job: DeliveryJob, created: Bool)] {
        try await coalescer.enqueue(try JobRow.prepare(batch, messageDomain: messageDomain, now: now)) { prepared in
            try await self.write(prepared)
        }
    }

    /// One write of prepared jobs, maybe several callers' (see ``EnqueueCoalescer``). A single
    /// statement needs no explicit transaction: one INSERT is atomic by itself, and a document row
    /// written just before, left without its job, is harmless (content-addressed, found again by the
    /// next enqueue). Anything longer is one transaction.
    func write(_ prepared: [(DeliveryRequest, JobRow)]) async throws -> [(job: DeliveryJob, created: Bool)] {
        let known = self.known
        let newDocuments = Set(prepared.map(\.1.documentSHA256).filter { !known.contains($0) }).count
        let jobStatements = (prepared.count + Self.rowsPerInsert - 1) / Self.rowsPerInsert
        let rows = prepared.count == 1 || newDocuments + jobStatements <= 1
            ? try await locked { c in try await Self.insert(prepared, on: c, known: known) }
            : try await transaction { c in try await Self.insert(prepared, on: c, known: known) }
        // Only after the commit: a rolled-back document must be sent again next time.
        for (_, row) in prepared { known.insert(row.documentSHA256) }
        return rows
    }

    static let rowsPerInsert = 200

    /// `(?1, ?2, …)` for the row whose first bind is `first`: the 17 bound columns with the four lease
    /// and result columns NULL in the middle.
    static func placeholders(first: Int) -> String {
        var text = "("
        for k in 0..<17 {
            if k > 0 { text += ", " }
            if k == 13 { text += "NULL, NULL, NULL, NULL, " }
            text += "?" + String(first + k)
        }
        return text + ")"
    }

    /// Inserts prepared jobs (and their documents) inside the caller's transaction. Jobs go in one
    /// multi-row INSERT per 200: each statement is a hop to SQLite's thread, and a hop per job was
    /// most of an enqueue's cost.
    static func insert(_ prepared: [(DeliveryRequest, JobRow)], on c: SQLiteConnection, known: KnownDocuments) async throws -> [(job: DeliveryJob, created: Bool)] {
        var storedDocuments = Set<String>()
        for (request, row) in prepared where storedDocuments.insert(row.documentSHA256).inserted && !known.contains(row.documentSHA256) {
            _ = try await c.query(
                "INSERT INTO outbox_documents (sha256, size, bytes, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (sha256) DO NOTHING",
                [.text(row.documentSHA256), .integer(Int(row.documentSize)), .blob(ByteBuffer(bytes: request.document)),
                 .integer(Int(row.createdAt))])
        }
        var byKey: [String: DeliveryJob] = [:]
        var insertedKeys = Set<String>()
        for start in stride(from: 0, to: prepared.count, by: rowsPerInsert) {
            let slice = prepared[start..<min(prepared.count, start + rowsPerInsert)]
            var values: [String] = []
            var binds: [SQLiteData] = []
            for (request, row) in slice {
                values.append(placeholders(first: binds.count + 1))
                binds += [.text(row.id), .text(row.idempotencyKey), .text(row.channel), .text(row.target), .text(row.fileName),
                          .text(row.mediaType), .text(row.documentSHA256), .integer(Int(row.documentSize)), .text(row.bytesLocation),
                          .text(row.payload), .text(row.state), .integer(0), .integer(Int(row.nextAttemptAt)), .text(row.messageID),
                          .integer(Int(row.createdAt)), .integer(Int(row.updatedAt)),
                          request.metadata["document"].map { .text($0) } ?? .null]
            }
            // Only the keys come back: a row just inserted is the job its request made, so nothing is
            // decoded again.
            let rows = try await c.query(
                """
                INSERT INTO outbox_jobs (\(OutboxSchema.jobColumns), document_id) VALUES \(values.joined(separator: ", "))
                ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key
                """, binds)
            var made: [String: (DeliveryRequest, JobRow)] = [:]
            for (request, row) in slice where made[row.idempotencyKey] == nil { made[row.idempotencyKey] = (request, row) }
            for row in rows {
                guard let key = row.column("idempotency_key")?.string, let (request, jobRow) = made[key] else {
                    throw OutboxError("an inserted job came back without its key")
                }
                byKey[key] = jobRow.job(of: request)
                insertedKeys.insert(key)
            }
        }
        let missing = Array(Set(prepared.map(\.1.idempotencyKey)).subtracting(byKey.keys))
        for start in stride(from: 0, to: missing.count, by: 500) {
            let keys = missing[start..<min(missing.count, start + 500)]
            let rows = try await c.query(
                "SELECT \(OutboxSchema.jobColumns) FROM outbox_jobs WHERE idempotency_key IN (\(keys.indices.map { "?\($0 - start + 1)" }.joined(separator: ", ")))",
                keys.map { .text($0) })
            for row in rows { let job = try Self.decode(row).job(); byKey[job.idempotencyKey] = job }
        }
        var results: [(job: DeliveryJob, created: Bool)] = []
        for (_, row) in prepared {
            guard let job = byKey[row.idempotencyKey] else { throw OutboxError("job with key '\(row.idempotencyKey)' vanished") }
            // A key given twice in one call is created once: the first request wins.
            results.append((job, insertedKeys.remove(row.idempotencyKey) != nil))
        }
        return results
    }

    // MARK: Claims and leases

    // A claim, a renewal, a release and a requeue are each one UPDATE, run without BEGIN/COMMIT: a
    // single write statement takes the file's write lock before it reads anything (waiting up to the
    // busy timeout, as BEGIN IMMEDIATE does) and commits on its own, so two processes still never
    // both read a job as due and both take it. Three trips to SQLite's thread became one.

    public func claim(owner: String, limit: Int, leaseUntil: Date, now: Date) async throws -> [DeliveryJob] {
        try await locked { c in
            let rows = try await c.query(
                """
                UPDATE outbox_jobs SET state = 'sending', lease_owner = ?1, lease_expires_at = ?2, attempts = attempts + 1,
                    updated_at = ?3
                WHERE id IN (SELECT id FROM outbox_jobs WHERE \(OutboxSchema.dueCondition(now: "?3"))
                             ORDER BY next_attempt_at LIMIT ?4)
                RETURNING \(OutboxSchema.jobColumns)
                """,
                [.text(owner), .integer(Int(leaseUntil.millisecondsSince1970)), .integer(Int(now.millisecondsSince1970)),
                 .integer(max(1, limit))])
            return try rows.map { try Self.decode($0).job() }.sorted { $0.nextAttemptAt < $1.nextAttemptAt }
        }
    }

    public func renew(jobID: String, owner: String, leaseUntil: Date) async throws -> Bool {
        try await locked { c in
            let rows = try await c.query(
                "UPDATE outbox_jobs SET lease_expires_at = ?1 WHERE id = ?2 AND lease_owner = ?3 AND state = 'sending' RETURNING id",
                [.integer(Int(leaseUntil.millisecondsSince1970)), .text(jobID), .text(owner)])
            return !rows.isEmpty
        }
    }

    public func finish(jobID: String, owner: String, transition: JobStateMachine.Transition, attempt: DeliveryAttempt,
                       now: Date) async throws -> Bool {
        try await transaction { c in
            let ms = Int(now.millisecondsSince1970)
            let update: (String, [SQLiteData])
            switch transition {
            case .sent(let code, let reply):
                update = ("state = 'sent', sent_at = ?1, last_code = ?4, last_reply = ?5",
                          [.integer(ms), .text(jobID), .text(owner), Self.optional(code), .text(reply)])
            case .retry(let at, let code, let reply):
                update = ("state = 'retrying', next_attempt_at = ?6, last_code = ?4, last_reply = ?5",
                          [.integer(ms), .text(jobID), .text(owner), Self.optional(code), .text(reply),
                           .integer(Int(at.millisecondsSince1970))])
            case .dead(let code, let reason):
                update = ("state = 'dead', last_code = ?4, last_reply = ?5",
                          [.integer(ms), .text(jobID), .text(owner), Self.optional(code), .text(reason)])
            }
            let rows = try await c.query(
                """
                UPDATE outbox_jobs SET \(update.0), lease_owner = NULL, lease_expires_at = NULL, updated_at = ?1
                WHERE id = ?2 AND lease_owner = ?3 AND state = 'sending' RETURNING id
                """, update.1)
            try await Self.insertAttempt(attempt, on: c)
            return !rows.isEmpty
        }
    }

    public func release(owner: String, now: Date) async throws -> Int {
        try await locked { c in
            let rows = try await c.query(
                """
                UPDATE outbox_jobs SET state = CASE WHEN attempts > 1 THEN 'retrying' ELSE 'queued' END,
                    attempts = MAX(attempts - 1, 0), lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = ?2, updated_at = ?2
                WHERE lease_owner = ?1 AND state = 'sending' RETURNING id
                """, [.text(owner), .integer(Int(now.millisecondsSince1970))])
            return rows.count
        }
    }

    // MARK: Reading

    public func job(id: String) async throws -> DeliveryJob? {
        try await one("SELECT \(OutboxSchema.jobColumns) FROM outbox_jobs WHERE id = ?1", [.text(id)])
    }

    public func job(idempotencyKey: String) async throws -> DeliveryJob? {
        try await one("SELECT \(OutboxSchema.jobColumns) FROM outbox_jobs WHERE idempotency_key = ?1", [.text(idempotencyKey)])
    }

    public func attempts(jobID: String) async throws -> [DeliveryAttempt] {
        let rows = try await locked { c in
            try await c.query(
                "SELECT job_id, at, channel, masked_target, outcome, code, reply, bytes, duration_ms, worker FROM outbox_attempts WHERE job_id = ?1 ORDER BY id",
                [.text(jobID)])
        }
        return try rows.map { row in
            let channel = DeliveryChannel(rawValue: row.column("channel")?.string ?? "") ?? .email
            return DeliveryAttempt(
                jobID: try Self.text(row, "job_id"), at: Date(milliseconds: Int64(try Self.int(row, "at"))), channel: channel,
                maskedTarget: try Self.text(row, "masked_target"), outcome: try Self.text(row, "outcome"),
                code: row.column("code")?.integer.map { Int($0) }, reply: try Self.text(row, "reply"),
                bytes: try Self.int(row, "bytes"), durationMilliseconds: try Self.int(row, "duration_ms"), worker: try Self.text(row, "worker"))
        }
    }

    public func counts() async throws -> OutboxCounts {
        let rows = try await locked { c in try await c.query("SELECT state, COUNT(*) AS n FROM outbox_jobs GROUP BY state") }
        var counts: [JobState: Int] = [:]
        for row in rows {
            if let state = JobState(rawValue: row.column("state")?.string ?? "") { counts[state] = try Self.int(row, "n") }
        }
        return OutboxCounts(byState: counts)
    }

    public func dead(limit: Int) async throws -> [DeliveryJob] {
        let rows = try await locked { c in
            try await c.query("SELECT \(OutboxSchema.jobColumns) FROM outbox_jobs WHERE state = 'dead' ORDER BY updated_at DESC, id LIMIT ?1",
                              [.integer(max(1, limit))])
        }
        return try rows.map { try Self.decode($0).job() }
    }

    public func requeue(jobID: String, now: Date) async throws -> Bool {
        try await locked { c in
            let rows = try await c.query(
                """
                UPDATE outbox_jobs SET state = 'queued', attempts = 0, next_attempt_at = ?2, updated_at = ?2
                WHERE id = ?1 AND state = 'dead' RETURNING id
                """, [.text(jobID), .integer(Int(now.millisecondsSince1970))])
            return !rows.isEmpty
        }
    }

    public func document(sha256: String) async throws -> [UInt8]? {
        let rows = try await locked { c in try await c.query("SELECT bytes FROM outbox_documents WHERE sha256 = ?1", [.text(sha256)]) }
        guard let buffer = rows.first?.column("bytes")?.blob else { return nil }
        return Array(buffer.readableBytesView)
    }

    public func nextWake() async throws -> Date? {
        let rows = try await locked { c in
            try await c.query(
                """
                SELECT MIN(t) AS t FROM (
                  SELECT MIN(next_attempt_at) AS t FROM outbox_jobs WHERE state IN ('queued', 'retrying')
                  UNION ALL SELECT MIN(lease_expires_at) AS t FROM outbox_jobs WHERE state = 'sending')
                """)
        }
        guard let value = rows.first?.column("t")?.integer else { return nil }
        return Date(milliseconds: Int64(value))
    }

    /// Closes the connection once; later calls do nothing (closing a closed SQLite handle crashes).
    public func close() async throws {
        try await mutex.withLock {
            guard self.closed.set() else { return }
            try await self.connection.close()
        }
    }

    // MARK: Plumbing

    /// One transaction at a time on this connection; `BEGIN IMMEDIATE` takes the file's write lock up
    /// front, so two processes never both read "due" and then both update.
    ///
    /// The statements run in an unstructured task: a caller cancelled between BEGIN and COMMIT (a
    /// lease renewal cut short when its send ends) must not leave the transaction open on the shared
    /// connection, where the next BEGIN would fail.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        let connection = self.connection, mutex = self.mutex
        return try await Task {
            try await mutex.withLock {
                _ = try await connection.query("BEGIN IMMEDIATE")
                do {
                    let value = try await body(connection)
                    _ = try await connection.query("COMMIT")
                    return value
                } catch {
                    _ = try? await connection.query("ROLLBACK")
                    throw error
                }
            }
        }.value
    }

    func locked<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        try await mutex.withLock { try await body(self.connection) }
    }

    private func one(_ sql: String, _ binds: [SQLiteData]) async throws -> DeliveryJob? {
        let rows = try await locked { c in try await c.query(sql, binds) }
        return try rows.first.map { try Self.decode($0).job() }
    }

    static func insertAttempt(_ a: DeliveryAttempt, on c: SQLiteConnection) async throws {
        _ = try await c.query(
            """
            INSERT INTO outbox_attempts (job_id, at, channel, masked_target, outcome, code, reply, bytes, duration_ms, worker)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """,
            [.text(a.jobID), .integer(Int(a.at.millisecondsSince1970)), .text(a.channel.rawValue), .text(a.maskedTarget),
             .text(a.outcome), optional(a.code), .text(a.reply), .integer(a.bytes), .integer(a.durationMilliseconds), .text(a.worker)])
    }

    static func optional(_ value: Int?) -> SQLiteData { value.map { .integer($0) } ?? .null }

    static func text(_ row: SQLiteRow, _ name: String) throws -> String {
        guard let value = row.column(name)?.string else { throw OutboxError("outbox row lacks '\(name)'") }
        return value
    }

    static func int(_ row: SQLiteRow, _ name: String) throws -> Int {
        guard let value = row.column(name)?.integer else { throw OutboxError("outbox row lacks '\(name)'") }
        return Int(value)
    }

    static func decode(_ row: SQLiteRow) throws -> JobRow {
        func optText(_ n: String) -> String? { row.column(n)?.string }
        func optInt(_ n: String) -> Int64? { row.column(n)?.integer.map { Int64($0) } }
        return JobRow(
            id: try text(row, "id"), idempotencyKey: try text(row, "idempotency_key"), channel: try text(row, "channel"),
            target: try text(row, "target"), fileName: try text(row, "file_name"), mediaType: try text(row, "media_type"),
            documentSHA256: try text(row, "document_sha256"), documentSize: Int64(try int(row, "document_size")),
            bytesLocation: try text(row, "bytes_location"), payload: try text(row, "payload"), state: try text(row, "state"),
            attempts: Int64(try int(row, "attempts")), nextAttemptAt: Int64(try int(row, "next_attempt_at")),
            leaseOwner: optText("lease_owner"), leaseExpiresAt: optInt("lease_expires_at"), lastCode: optInt("last_code"),
            lastReply: optText("last_reply"), messageID: try text(row, "message_id"), createdAt: Int64(try int(row, "created_at")),
            updatedAt: Int64(try int(row, "updated_at")))
    }
}

/// True the first time `set()` is called, false after.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func set() -> Bool { lock.lock(); defer { lock.unlock() }; if done { return false }; done = true; return true }
}
