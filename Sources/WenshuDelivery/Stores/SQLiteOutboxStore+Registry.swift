import Foundation
import NIOCore
import SQLiteNIO

extension SQLiteOutboxStore: DocumentRegistry {
    public func issue(_ items: [IssueItem], deliveries: [DeliveryRequest], cancelPolicy: String?, messageDomain: String, now: Date) async throws
        -> (records: [DocumentRecord], created: Bool, jobs: [DeliveryJob]) {
        guard let first = items.first else { throw OutboxError("nothing to issue") }
        let prepared = try JobRow.prepare(deliveries, documentID: first.record.id, messageDomain: messageDomain, now: now)
        let known = self.known
        let ms = Int(now.millisecondsSince1970)
        let issued: (records: [DocumentRecord], created: Bool, jobs: [DeliveryJob]) = try await transaction { c in
            if let existing = try await c.query("SELECT \(OutboxSchema.documentColumns) FROM documents WHERE idempotency_key = ?1",
                                                [.text(first.record.idempotencyKey)]).first {
                var records = [try Self.decodeDocument(existing)]
                for item in items.dropFirst() {
                    if let row = try await c.query("SELECT \(OutboxSchema.documentColumns) FROM documents WHERE idempotency_key = ?1",
                                                   [.text(item.record.idempotencyKey)]).first { records.append(try Self.decodeDocument(row)) }
                }
                var jobs: [DeliveryJob] = []
                for record in records {
                    jobs += try await c.query("SELECT \(OutboxSchema.jobColumns) FROM outbox_jobs WHERE document_id = ?1 ORDER BY created_at, id",
                                              [.text(record.id)]).map { try Self.decode($0).job() }
                }
                return (records, false, jobs)
            }
            var records: [DocumentRecord] = []
            for item in items {
                var record = item.record
                if let policy = record.policyNumber {
                    let previous = try await c.query(
                        "SELECT COALESCE(MAX(version), 0) AS v FROM documents WHERE template = ?1 AND policy_number = ?2",
                        [.text(record.template), .text(policy)])
                    record.version = (previous.first?.column("v")?.integer ?? 0) + 1
                    if let expected = item.expectedVersion, expected != record.version {
                        throw OutboxError("version conflict: \(record.template) of \(policy) is at version \(record.version - 1)")
                    }
                    // A document issued for a policy already cancelled is born cancelled.
                    let cancelled = try await c.query(
                        "SELECT 1 FROM documents WHERE policy_number = ?1 AND status = 'cancelled' LIMIT 1", [.text(policy)])
                    if !cancelled.isEmpty { record.status = .cancelled; record.statusChangedAt = now }
                    if item.supersedesPrevious {
                        _ = try await c.query(
                            """
                            UPDATE documents SET status = 'superseded', superseded_by = ?3, status_changed_at = ?4
                            WHERE template = ?1 AND policy_number = ?2 AND status = 'valid'
                            """, [.text(record.template), .text(policy), .text(record.id), .integer(ms)])
                    }
                }
                _ = try await c.query(
                    """
                    INSERT INTO documents (\(OutboxSchema.documentColumns))
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)
                    """, Self.binds(record))
                if let data = item.data {
                    _ = try await c.query("INSERT INTO document_data (document_id, data) VALUES (?1, ?2)",
                                          [.text(record.id), .blob(ByteBuffer(bytes: data))])
                }
                records.append(record)
            }
            if let cancelPolicy {
                _ = try await c.query(
                    "UPDATE documents SET status = 'cancelled', status_changed_at = ?2 WHERE policy_number = ?1 AND status <> 'cancelled'",
                    [.text(cancelPolicy), .integer(ms)])
                for i in records.indices where records[i].policyNumber == cancelPolicy && records[i].status != .cancelled {
                    records[i].status = .cancelled; records[i].statusChangedAt = now
                }
            }
            let jobs = try await Self.insert(prepared, on: c, known: known).map(\.job)
            FailPoint.hit("registry-before-commit")
            return (records, true, jobs)
        }
        for (_, row) in prepared { known.insert(row.documentSHA256) }
        return issued
    }

    public func documents(policyNumber: String) async throws -> [DocumentRecord] {
        let rows = try await locked { c in
            try await c.query("SELECT \(OutboxSchema.documentColumns) FROM documents WHERE policy_number = ?1 ORDER BY created_at, template, version",
                              [.text(policyNumber)])
        }
        return try rows.map(Self.decodeDocument)
    }

    public func data(documentID: String) async throws -> [UInt8]? {
        let rows = try await locked { c in try await c.query("SELECT data FROM document_data WHERE document_id = ?1", [.text(documentID)]) }
        return rows.first?.column("data")?.blob.map { Array($0.readableBytesView) }
    }

    public func document(id: String) async throws -> DocumentRecord? {
        try await oneDocument("SELECT \(OutboxSchema.documentColumns) FROM documents WHERE id = ?1", [.text(id)])
    }

    public func document(idempotencyKey: String) async throws -> DocumentRecord? {
        try await oneDocument("SELECT \(OutboxSchema.documentColumns) FROM documents WHERE idempotency_key = ?1", [.text(idempotencyKey)])
    }

    public func document(verificationCode: String) async throws -> DocumentRecord? {
        try await oneDocument("SELECT \(OutboxSchema.documentColumns) FROM documents WHERE verification_code = ?1", [.text(verificationCode)])
    }

    public func deliveries(documentID: String) async throws -> [DeliveryJob] {
        let rows = try await locked { c in
            try await c.query("SELECT \(OutboxSchema.jobColumns) FROM outbox_jobs WHERE document_id = ?1 ORDER BY created_at, id", [.text(documentID)])
        }
        return try rows.map { try Self.decode($0).job() }
    }

    /// Marks every valid document of a policy cancelled (issue 13's lifecycle uses it).
    public func cancel(template: String?, policyNumber: String, now: Date) async throws -> Int {
        try await transaction { c in
            try await c.query(
                """
                UPDATE documents SET status = 'cancelled', status_changed_at = ?3
                WHERE policy_number = ?1 AND (?2 IS NULL OR template = ?2) AND status <> 'cancelled' RETURNING id
                """, [.text(policyNumber), template.map { .text($0) } ?? .null, .integer(Int(now.millisecondsSince1970))]).count
        }
    }

    // MARK: Batches

    public func createBatch(id: String, template: String, options: String, now: Date) async throws {
        try await transaction { c in
            _ = try await c.query(
                "INSERT INTO batches (id, template, options, state, total, done, failed, created_at) VALUES (?1, ?2, ?3, 'receiving', 0, 0, 0, ?4)",
                [.text(id), .text(template), .text(options), .integer(Int(now.millisecondsSince1970))])
        }
    }

    public func addChunk(batchID: String, index: Int, firstRecord: Int, records: [[UInt8]]) async throws {
        let joined = BatchLines.join(records)
        try await transaction { c in
            _ = try await c.query(
                "INSERT INTO batch_chunks (batch_id, idx, first_record, records, state) VALUES (?1, ?2, ?3, ?4, 'open')",
                [.text(batchID), .integer(index), .integer(firstRecord), .blob(ByteBuffer(bytes: joined))])
        }
    }

    public func closeBatch(id: String, total: Int, now: Date) async throws {
        try await transaction { c in
            _ = try await c.query("UPDATE batches SET state = 'running', total = ?2 WHERE id = ?1", [.text(id), .integer(total)])
            try await Self.finishBatchIfDone(id, on: c, now: now)
        }
    }

    public func claimChunk(owner: String, leaseUntil: Date, now: Date) async throws -> BatchChunk? {
        try await transaction { c in
            let rows = try await c.query(
                """
                UPDATE batch_chunks SET state = 'running', lease_owner = ?1, lease_expires_at = ?2
                WHERE rowid = (SELECT rowid FROM batch_chunks
                               WHERE state = 'open' OR (state = 'running' AND lease_expires_at < ?3) ORDER BY batch_id, idx LIMIT 1)
                RETURNING batch_id, idx, first_record, records
                """, [.text(owner), .integer(Int(leaseUntil.millisecondsSince1970)), .integer(Int(now.millisecondsSince1970))])
            guard let row = rows.first, let batchID = row.column("batch_id")?.string,
                  let batch = try await c.query("SELECT template, options FROM batches WHERE id = ?1", [.text(batchID)]).first else { return nil }
            return BatchChunk(
                batchID: batchID, index: try Self.int(row, "idx"), firstRecord: try Self.int(row, "first_record"),
                records: BatchLines.split(Array(row.column("records")?.blob?.readableBytesView ?? [])),
                options: batch.column("options")?.string ?? "{}", template: batch.column("template")?.string ?? "")
        }
    }

    public func finishChunk(batchID: String, index: Int, owner: String, done: Int, failures: [BatchFailure], now: Date) async throws {
        try await transaction { c in
            let held = try await c.query(
                "UPDATE batch_chunks SET state = 'done' WHERE batch_id = ?1 AND idx = ?2 AND state = 'running' AND lease_owner = ?3 RETURNING idx",
                [.text(batchID), .integer(index), .text(owner)])
            guard !held.isEmpty else { return }  // another worker took the chunk over; its counts win
            for failure in failures {
                _ = try await c.query(
                    "INSERT INTO batch_failures (batch_id, record, diagnostics) VALUES (?1, ?2, ?3) ON CONFLICT (batch_id, record) DO UPDATE SET diagnostics = excluded.diagnostics",
                    [.text(batchID), .integer(failure.record), .text(BatchLines.json(failure.diagnostics))])
            }
            _ = try await c.query("UPDATE batches SET done = done + ?2, failed = failed + ?3 WHERE id = ?1",
                                  [.text(batchID), .integer(done), .integer(failures.count)])
            try await Self.finishBatchIfDone(batchID, on: c, now: now)
        }
    }

    public func batch(id: String) async throws -> BatchRecord? {
        let rows = try await locked { c in
            try await c.query("SELECT id, template, state, total, done, failed, created_at, finished_at FROM batches WHERE id = ?1", [.text(id)])
        }
        guard let row = rows.first else { return nil }
        return BatchRecord(
            id: try Self.text(row, "id"), template: try Self.text(row, "template"),
            state: BatchRecord.State(rawValue: try Self.text(row, "state")) ?? .running, total: try Self.int(row, "total"),
            done: try Self.int(row, "done"), failed: try Self.int(row, "failed"),
            createdAt: Date(milliseconds: Int64(try Self.int(row, "created_at"))),
            finishedAt: row.column("finished_at")?.integer.map { Date(milliseconds: Int64($0)) })
    }

    public func batchFailures(id: String, limit: Int) async throws -> [BatchFailure] {
        let rows = try await locked { c in
            try await c.query("SELECT record, diagnostics FROM batch_failures WHERE batch_id = ?1 ORDER BY record LIMIT ?2",
                              [.text(id), .integer(max(1, limit))])
        }
        return try rows.map { BatchFailure(record: try Self.int($0, "record"), diagnostics: BatchLines.strings(try Self.text($0, "diagnostics"))) }
    }

    static func finishBatchIfDone(_ id: String, on c: SQLiteConnection, now: Date) async throws {
        _ = try await c.query(
            """
            UPDATE batches SET state = 'done', finished_at = ?2
            WHERE id = ?1 AND state = 'running' AND NOT EXISTS (SELECT 1 FROM batch_chunks WHERE batch_id = ?1 AND state <> 'done')
            """, [.text(id), .integer(Int(now.millisecondsSince1970))])
    }

    // MARK: Rows

    private func oneDocument(_ sql: String, _ binds: [SQLiteData]) async throws -> DocumentRecord? {
        let rows = try await locked { c in try await c.query(sql, binds) }
        return try rows.first.map(Self.decodeDocument)
    }

    static func binds(_ d: DocumentRecord) -> [SQLiteData] {
        func opt(_ s: String?) -> SQLiteData { s.map { .text($0) } ?? .null }
        return [.text(d.id), .text(d.idempotencyKey), .text(d.template), .text(d.templateVersion), .text(d.dataSHA256),
                .text(d.fileSHA256), .integer(d.fileSize), .text(d.mediaType), .text(d.fileName), .text(d.storageKey),
                .text(d.verificationCode), .text(d.status.rawValue), .text(d.kind), opt(d.policyNumber), opt(d.holderMasked),
                opt(d.periodStart), opt(d.periodEnd), .integer(d.version), opt(d.supersededBy),
                d.statusChangedAt.map { .integer(Int($0.millisecondsSince1970)) } ?? .null, opt(d.batchID),
                d.batchRecord.map { .integer($0) } ?? .null, .integer(Int(d.createdAt.millisecondsSince1970))]
    }

    static func decodeDocument(_ row: SQLiteRow) throws -> DocumentRecord {
        func opt(_ n: String) -> String? { row.column(n)?.string }
        return DocumentRecord(
            id: try text(row, "id"), idempotencyKey: try text(row, "idempotency_key"), template: try text(row, "template"),
            templateVersion: try text(row, "template_version"), dataSHA256: try text(row, "data_sha256"),
            fileSHA256: try text(row, "file_sha256"), fileSize: try int(row, "file_size"), mediaType: try text(row, "media_type"),
            fileName: try text(row, "file_name"), storageKey: try text(row, "storage_key"),
            verificationCode: try text(row, "verification_code"),
            status: DocumentRecord.Status(rawValue: try text(row, "status")) ?? .valid, kind: try text(row, "kind"),
            policyNumber: opt("policy_number"), holderMasked: opt("holder_masked"), periodStart: opt("period_start"),
            periodEnd: opt("period_end"), version: try int(row, "version"), supersededBy: opt("superseded_by"),
            statusChangedAt: row.column("status_changed_at")?.integer.map { Date(milliseconds: Int64($0)) },
            batchID: opt("batch_id"), batchRecord: row.column("batch_record")?.integer,
            createdAt: Date(milliseconds: Int64(try int(row, "created_at"))))
    }
}

/// A chunk's records stored as one blob of newline-separated JSON (records never hold a raw newline:
/// JSON escapes it), and diagnostics as a JSON array.
enum BatchLines {
    static func join(_ records: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, r) in records.enumerated() { if i > 0 { out.append(0x0A) }; out += r }
        return out
    }

    static func split(_ blob: [UInt8]) -> [[UInt8]] {
        blob.isEmpty ? [] : blob.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    }

    static func json(_ strings: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(strings), as: UTF8.self)) ?? "[]"
    }

    static func strings(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? [json]
    }
}
