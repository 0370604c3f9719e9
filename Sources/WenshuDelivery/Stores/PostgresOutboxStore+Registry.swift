import Foundation
import Logging
import NIOCore
import PostgresNIO

extension PostgresOutboxStore: DocumentRegistry {
    public func issue(_ items: [IssueItem], deliveries: [DeliveryRequest], cancelPolicy: String?, messageDomain: String, now: Date) async throws
        -> (records: [DocumentRecord], created: Bool, jobs: [DeliveryJob]) {
        guard let first = items.first else { throw OutboxError("nothing to issue") }
        let prepared = try JobRow.prepare(deliveries, documentID: first.record.id, messageDomain: messageDomain, now: now)
        let logger = self.logger, known = self.known
        let ms = now.millisecondsSince1970
        let result: ([DocumentRecord], Bool, [DeliveryJob]) = try await client.withTransaction(logger: logger) { c in
            // One issuer at a time per key and per policy: two nodes issuing the same key, or two
            // versions of one policy, serialise here instead of failing on a unique index. Locks are
            // taken in one order (key, then policies sorted) so two issuers cannot deadlock.
            try await c.query("SELECT pg_advisory_xact_lock(hashtext(\(first.record.idempotencyKey)))", logger: logger)
            for policy in Set(items.compactMap(\.record.policyNumber)).sorted() {
                try await c.query("SELECT pg_advisory_xact_lock(hashtext(\("policy\u{1F}" + policy)))", logger: logger)
            }
            if let existing = try await Self.documents(c.query(
                "SELECT \(unescaped: OutboxSchema.documentColumns) FROM documents WHERE idempotency_key = \(first.record.idempotencyKey)",
                logger: logger)).first {
                var records = [existing]
                for item in items.dropFirst() {
                    records += try await Self.documents(c.query(
                        "SELECT \(unescaped: OutboxSchema.documentColumns) FROM documents WHERE idempotency_key = \(item.record.idempotencyKey)",
                        logger: logger))
                }
                var jobs: [DeliveryJob] = []
                for record in records {
                    jobs += try await Self.jobs(c.query(
                        "SELECT \(unescaped: OutboxSchema.jobColumns) FROM outbox_jobs WHERE document_id = \(record.id) ORDER BY created_at, id",
                        logger: logger))
                }
                return (records, false, jobs)
            }
            var records: [DocumentRecord] = []
            for item in items {
                var record = item.record
                if let policy = record.policyNumber {
                    let rows = try await c.query(
                        "SELECT COALESCE(MAX(version), 0) FROM documents WHERE template = \(record.template) AND policy_number = \(policy)",
                        logger: logger)
                    for try await (v) in rows.decode(Int64.self) { record.version = Int(v) + 1 }
                    if let expected = item.expectedVersion, expected != record.version {
                        throw OutboxError("version conflict: \(record.template) of \(policy) is at version \(record.version - 1)")
                    }
                    // A document issued for a policy already cancelled is born cancelled.
                    let cancelled = try await c.query(
                        "SELECT COUNT(*) FROM documents WHERE policy_number = \(policy) AND status = 'cancelled'", logger: logger)
                    for try await (n) in cancelled.decode(Int64.self) where n > 0 { record.status = .cancelled; record.statusChangedAt = now }
                    if item.supersedesPrevious {
                        try await c.query(
                            """
                            UPDATE documents SET status = 'superseded', superseded_by = \(record.id), status_changed_at = \(ms)
                            WHERE template = \(record.template) AND policy_number = \(policy) AND status = 'valid'
                            """, logger: logger)
                    }
                }
                let d = record
                try await c.query(
                    """
                    INSERT INTO documents (\(unescaped: OutboxSchema.documentColumns))
                    VALUES (\(d.id), \(d.idempotencyKey), \(d.template), \(d.templateVersion), \(d.dataSHA256), \(d.fileSHA256),
                            \(Int64(d.fileSize)), \(d.mediaType), \(d.fileName), \(d.storageKey), \(d.verificationCode), \(d.status.rawValue),
                            \(d.kind), \(d.policyNumber), \(d.holderMasked), \(d.periodStart), \(d.periodEnd), \(Int64(d.version)),
                            \(d.supersededBy), \(d.statusChangedAt?.millisecondsSince1970), \(d.batchID), \(d.batchRecord.map(Int64.init)),
                            \(d.createdAt.millisecondsSince1970))
                    """, logger: logger)
                if let data = item.data {
                    try await c.query("INSERT INTO document_data (document_id, data) VALUES (\(d.id), \(ByteBuffer(bytes: data)))", logger: logger)
                }
                records.append(record)
            }
            if let cancelPolicy {
                try await c.query(
                    "UPDATE documents SET status = 'cancelled', status_changed_at = \(ms) WHERE policy_number = \(cancelPolicy) AND status <> 'cancelled'",
                    logger: logger)
                for i in records.indices where records[i].policyNumber == cancelPolicy && records[i].status != .cancelled {
                    records[i].status = .cancelled; records[i].statusChangedAt = now
                }
            }
            let jobs = try await Self.insert(prepared, on: c, logger: logger, known: known).map(\.0)
            FailPoint.hit("registry-before-commit")
            return (records, true, jobs)
        }
        for (_, row) in prepared { known.insert(row.documentSHA256) }
        return (records: result.0, created: result.1, jobs: result.2)
    }

    public func documents(policyNumber: String) async throws -> [DocumentRecord] {
        try await Self.documents(client.query(
            "SELECT \(unescaped: OutboxSchema.documentColumns) FROM documents WHERE policy_number = \(policyNumber) ORDER BY created_at, template, version",
            logger: logger))
    }

    public func data(documentID: String) async throws -> [UInt8]? {
        let rows = try await client.query("SELECT data FROM document_data WHERE document_id = \(documentID)", logger: logger)
        for try await (buffer) in rows.decode(ByteBuffer.self) { return Array(buffer.readableBytesView) }
        return nil
    }

    public func document(id: String) async throws -> DocumentRecord? {
        try await Self.documents(client.query(
            "SELECT \(unescaped: OutboxSchema.documentColumns) FROM documents WHERE id = \(id)", logger: logger)).first
    }

    public func document(idempotencyKey: String) async throws -> DocumentRecord? {
        try await Self.documents(client.query(
            "SELECT \(unescaped: OutboxSchema.documentColumns) FROM documents WHERE idempotency_key = \(idempotencyKey)", logger: logger)).first
    }

    public func document(verificationCode: String) async throws -> DocumentRecord? {
        try await Self.documents(client.query(
            "SELECT \(unescaped: OutboxSchema.documentColumns) FROM documents WHERE verification_code = \(verificationCode)",
            logger: logger)).first
    }

    public func deliveries(documentID: String) async throws -> [DeliveryJob] {
        try await Self.jobs(client.query(
            "SELECT \(unescaped: OutboxSchema.jobColumns) FROM outbox_jobs WHERE document_id = \(documentID) ORDER BY created_at, id",
            logger: logger))
    }

    public func cancel(template: String?, policyNumber: String, now: Date) async throws -> Int {
        let rows = try await client.query(
            """
            UPDATE documents SET status = 'cancelled', status_changed_at = \(now.millisecondsSince1970)
            WHERE policy_number = \(policyNumber) AND (\(template)::text IS NULL OR template = \(template)) AND status <> 'cancelled'
            RETURNING id
            """, logger: logger)
        return try await Self.count(rows)
    }

    // MARK: Batches

    public func createBatch(id: String, template: String, options: String, now: Date) async throws {
        try await client.query(
            """
            INSERT INTO batches (id, template, options, state, total, done, failed, created_at)
            VALUES (\(id), \(template), \(options), 'receiving', 0, 0, 0, \(now.millisecondsSince1970))
            """, logger: logger)
    }

    public func addChunk(batchID: String, index: Int, firstRecord: Int, records: [[UInt8]]) async throws {
        try await client.query(
            """
            INSERT INTO batch_chunks (batch_id, idx, first_record, records, state)
            VALUES (\(batchID), \(Int64(index)), \(Int64(firstRecord)), \(ByteBuffer(bytes: BatchLines.join(records))), 'open')
            """, logger: logger)
        try await client.query("SELECT pg_notify('wenshu_batches', '')", logger: logger)
    }

    public func closeBatch(id: String, total: Int, now: Date) async throws {
        let logger = self.logger
        try await client.withTransaction(logger: logger) { c in
            try await c.query("UPDATE batches SET state = 'running', total = \(Int64(total)) WHERE id = \(id)", logger: logger)
            try await Self.finishBatchIfDone(id, on: c, now: now, logger: logger)
        }
    }

    public func claimChunk(owner: String, leaseUntil: Date, now: Date) async throws -> BatchChunk? {
        let rows = try await client.query(
            """
            UPDATE batch_chunks SET state = 'running', lease_owner = \(owner), lease_expires_at = \(leaseUntil.millisecondsSince1970)
            WHERE (batch_id, idx) = (SELECT batch_id, idx FROM batch_chunks
                                     WHERE state = 'open' OR (state = 'running' AND lease_expires_at < \(now.millisecondsSince1970))
                                     ORDER BY batch_id, idx LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING batch_id, idx, first_record, records,
                      (SELECT template FROM batches WHERE id = batch_chunks.batch_id),
                      (SELECT options FROM batches WHERE id = batch_chunks.batch_id)
            """, logger: logger)
        for try await (batchID, index, first, records, template, options)
            in rows.decode((String, Int64, Int64, ByteBuffer, String, String).self) {
            return BatchChunk(batchID: batchID, index: Int(index), firstRecord: Int(first),
                              records: BatchLines.split(Array(records.readableBytesView)), options: options, template: template)
        }
        return nil
    }

    public func finishChunk(batchID: String, index: Int, owner: String, done: Int, failures: [BatchFailure], now: Date) async throws {
        let logger = self.logger
        try await client.withTransaction(logger: logger) { c in
            let held = try await Self.count(c.query(
                """
                UPDATE batch_chunks SET state = 'done'
                WHERE batch_id = \(batchID) AND idx = \(Int64(index)) AND state = 'running' AND lease_owner = \(owner) RETURNING idx
                """, logger: logger))
            guard held > 0 else { return }
            for failure in failures {
                try await c.query(
                    """
                    INSERT INTO batch_failures (batch_id, record, diagnostics) VALUES (\(batchID), \(Int64(failure.record)),
                        \(BatchLines.json(failure.diagnostics)))
                    ON CONFLICT (batch_id, record) DO UPDATE SET diagnostics = EXCLUDED.diagnostics
                    """, logger: logger)
            }
            try await c.query(
                "UPDATE batches SET done = done + \(Int64(done)), failed = failed + \(Int64(failures.count)) WHERE id = \(batchID)",
                logger: logger)
            try await Self.finishBatchIfDone(batchID, on: c, now: now, logger: logger)
        }
    }

    public func batch(id: String) async throws -> BatchRecord? {
        let rows = try await client.query(
            "SELECT id, template, state, total, done, failed, created_at, finished_at FROM batches WHERE id = \(id)", logger: logger)
        for try await (id, template, state, total, done, failed, created, finished)
            in rows.decode((String, String, String, Int64, Int64, Int64, Int64, Int64?).self) {
            return BatchRecord(id: id, template: template, state: BatchRecord.State(rawValue: state) ?? .running, total: Int(total),
                               done: Int(done), failed: Int(failed), createdAt: Date(milliseconds: created),
                               finishedAt: finished.map(Date.init(milliseconds:)))
        }
        return nil
    }

    public func batchFailures(id: String, limit: Int) async throws -> [BatchFailure] {
        let rows = try await client.query(
            "SELECT record, diagnostics FROM batch_failures WHERE batch_id = \(id) ORDER BY record LIMIT \(Int64(max(1, limit)))",
            logger: logger)
        var out: [BatchFailure] = []
        for try await (record, diagnostics) in rows.decode((Int64, String).self) {
            out.append(BatchFailure(record: Int(record), diagnostics: BatchLines.strings(diagnostics)))
        }
        return out
    }

    static func finishBatchIfDone(_ id: String, on c: PostgresConnection, now: Date, logger: Logger) async throws {
        try await c.query(
            """
            UPDATE batches SET state = 'done', finished_at = \(now.millisecondsSince1970)
            WHERE id = \(id) AND state = 'running'
              AND NOT EXISTS (SELECT 1 FROM batch_chunks WHERE batch_id = \(id) AND state <> 'done')
            """, logger: logger)
    }

    static func documents(_ rows: PostgresRowSequence) async throws -> [DocumentRecord] {
        var out: [DocumentRecord] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            out.append(DocumentRecord(
                id: try r["id"].decode(String.self), idempotencyKey: try r["idempotency_key"].decode(String.self),
                template: try r["template"].decode(String.self), templateVersion: try r["template_version"].decode(String.self),
                dataSHA256: try r["data_sha256"].decode(String.self), fileSHA256: try r["file_sha256"].decode(String.self),
                fileSize: Int(try r["file_size"].decode(Int64.self)), mediaType: try r["media_type"].decode(String.self),
                fileName: try r["file_name"].decode(String.self), storageKey: try r["storage_key"].decode(String.self),
                verificationCode: try r["verification_code"].decode(String.self),
                status: DocumentRecord.Status(rawValue: try r["status"].decode(String.self)) ?? .valid,
                kind: try r["kind"].decode(String.self), policyNumber: try r["policy_number"].decode(String?.self),
                holderMasked: try r["holder_masked"].decode(String?.self), periodStart: try r["period_start"].decode(String?.self),
                periodEnd: try r["period_end"].decode(String?.self), version: Int(try r["version"].decode(Int64.self)),
                supersededBy: try r["superseded_by"].decode(String?.self),
                statusChangedAt: try r["status_changed_at"].decode(Int64?.self).map(Date.init(milliseconds:)),
                batchID: try r["batch_id"].decode(String?.self), batchRecord: try r["batch_record"].decode(Int64?.self).map(Int.init),
                createdAt: Date(milliseconds: try r["created_at"].decode(Int64.self))))
        }
        return out
    }
}
