/// The outbox tables, in the two dialects. Times are integer milliseconds since 1970 (UTC) in both,
/// so the stores share one row decoder and compare times the same way.
enum OutboxSchema {
    /// Columns of `outbox_jobs` in the order `JobRow` reads them.
    static let jobColumns = """
        id, idempotency_key, channel, target, file_name, media_type, document_sha256, document_size, bytes_location, \
        payload, state, attempts, next_attempt_at, lease_owner, lease_expires_at, last_code, last_reply, message_id, \
        created_at, updated_at
        """

    static let documentColumns = """
        id, idempotency_key, template, template_version, data_sha256, file_sha256, file_size, media_type, file_name, \
        storage_key, verification_code, status, kind, policy_number, holder_masked, period_start, period_end, version, \
        superseded_by, status_changed_at, batch_id, batch_record, created_at
        """

    static func statements(postgres: Bool) -> [String] {
        let int = postgres ? "BIGINT" : "INTEGER"
        let blob = postgres ? "BYTEA" : "BLOB"
        let serial = postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"
        return [
            """
            CREATE TABLE IF NOT EXISTS outbox_documents (
                sha256 TEXT PRIMARY KEY, size \(int) NOT NULL, bytes \(blob) NOT NULL, created_at \(int) NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS outbox_jobs (
                id TEXT PRIMARY KEY,
                idempotency_key TEXT NOT NULL UNIQUE,
                channel TEXT NOT NULL,
                target TEXT NOT NULL,
                file_name TEXT NOT NULL,
                media_type TEXT NOT NULL,
                document_sha256 TEXT NOT NULL REFERENCES outbox_documents(sha256),
                document_size \(int) NOT NULL,
                bytes_location TEXT NOT NULL,
                payload TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts \(int) NOT NULL DEFAULT 0,
                next_attempt_at \(int) NOT NULL,
                lease_owner TEXT,
                lease_expires_at \(int),
                last_code \(int),
                last_reply TEXT,
                message_id TEXT NOT NULL,
                created_at \(int) NOT NULL,
                updated_at \(int) NOT NULL,
                sent_at \(int),
                document_id TEXT)
            """,
            "CREATE INDEX IF NOT EXISTS outbox_jobs_document ON outbox_jobs (document_id)",
            "CREATE INDEX IF NOT EXISTS outbox_jobs_due ON outbox_jobs (state, next_attempt_at)",
            "CREATE INDEX IF NOT EXISTS outbox_jobs_lease ON outbox_jobs (state, lease_expires_at)",
            """
            CREATE TABLE IF NOT EXISTS outbox_attempts (
                id \(serial),
                job_id TEXT NOT NULL,
                at \(int) NOT NULL,
                channel TEXT NOT NULL,
                masked_target TEXT NOT NULL,
                outcome TEXT NOT NULL,
                code \(int),
                reply TEXT NOT NULL,
                bytes \(int) NOT NULL,
                duration_ms \(int) NOT NULL,
                worker TEXT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS outbox_attempts_job ON outbox_attempts (job_id, id)",
            """
            CREATE TABLE IF NOT EXISTS documents (
                id TEXT PRIMARY KEY,
                idempotency_key TEXT NOT NULL UNIQUE,
                template TEXT NOT NULL,
                template_version TEXT NOT NULL,
                data_sha256 TEXT NOT NULL,
                file_sha256 TEXT NOT NULL,
                file_size \(int) NOT NULL,
                media_type TEXT NOT NULL,
                file_name TEXT NOT NULL,
                storage_key TEXT NOT NULL,
                verification_code TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL,
                kind TEXT NOT NULL,
                policy_number TEXT,
                holder_masked TEXT,
                period_start TEXT,
                period_end TEXT,
                version \(int) NOT NULL,
                superseded_by TEXT,
                status_changed_at \(int),
                batch_id TEXT,
                batch_record \(int),
                created_at \(int) NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS documents_policy ON documents (template, policy_number, version)",
            "CREATE INDEX IF NOT EXISTS documents_policy_chain ON documents (policy_number, created_at)",
            "CREATE TABLE IF NOT EXISTS document_data (document_id TEXT PRIMARY KEY, data \(blob) NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS batches (
                id TEXT PRIMARY KEY, template TEXT NOT NULL, options TEXT NOT NULL, state TEXT NOT NULL,
                total \(int) NOT NULL DEFAULT 0, done \(int) NOT NULL DEFAULT 0, failed \(int) NOT NULL DEFAULT 0,
                created_at \(int) NOT NULL, finished_at \(int))
            """,
            """
            CREATE TABLE IF NOT EXISTS batch_chunks (
                batch_id TEXT NOT NULL, idx \(int) NOT NULL, first_record \(int) NOT NULL, records \(blob) NOT NULL,
                state TEXT NOT NULL, lease_owner TEXT, lease_expires_at \(int),
                PRIMARY KEY (batch_id, idx))
            """,
            "CREATE INDEX IF NOT EXISTS batch_chunks_state ON batch_chunks (state, lease_expires_at)",
            """
            CREATE TABLE IF NOT EXISTS batch_failures (
                batch_id TEXT NOT NULL, record \(int) NOT NULL, diagnostics TEXT NOT NULL, PRIMARY KEY (batch_id, record))
            """,
        ]
    }

    /// Due jobs and jobs whose lease expired, oldest first. `$now` and `$limit` are bound by the store.
    static func dueCondition(now: String) -> String {
        "(state IN ('queued', 'retrying') AND next_attempt_at <= \(now)) OR (state = 'sending' AND lease_expires_at < \(now))"
    }
}
