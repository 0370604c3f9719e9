import Foundation

/// A job row as plain values, whichever database it came from.
struct JobRow {
    var id: String
    var idempotencyKey: String
    var channel: String
    var target: String
    var fileName: String
    var mediaType: String
    var documentSHA256: String
    var documentSize: Int64
    var bytesLocation: String
    var payload: String
    var state: String
    var attempts: Int64
    var nextAttemptAt: Int64
    var leaseOwner: String?
    var leaseExpiresAt: Int64?
    var lastCode: Int64?
    var lastReply: String?
    var messageID: String
    var createdAt: Int64
    var updatedAt: Int64

    func job() throws -> DeliveryJob {
        guard let channel = DeliveryChannel(rawValue: channel), let state = JobState(rawValue: state) else {
            throw OutboxError("job \(id): unknown channel '\(self.channel)' or state '\(self.state)'")
        }
        let decoded: JobPayload
        do { decoded = try JSONDecoder().decode(JobPayload.self, from: Data(payload.utf8)) } catch {
            throw OutboxError("job \(id): unreadable payload (\(error))")
        }
        return DeliveryJob(
            id: id, idempotencyKey: idempotencyKey, channel: channel, target: target, fileName: fileName, mediaType: mediaType,
            documentSHA256: documentSHA256, documentSize: Int(documentSize), bytesLocation: bytesLocation,
            email: decoded.email, metadata: decoded.metadata, state: state, attempts: Int(attempts),
            nextAttemptAt: Date(milliseconds: nextAttemptAt), leaseOwner: leaseOwner,
            leaseExpiresAt: leaseExpiresAt.map(Date.init(milliseconds:)), lastCode: lastCode.map(Int.init), lastReply: lastReply,
            messageID: messageID, createdAt: Date(milliseconds: createdAt), updatedAt: Date(milliseconds: updatedAt))
    }

    /// The job this freshly made row is, with its email and metadata taken from the request it was
    /// made of: an insert need not read its payload back and decode it.
    func job(of request: DeliveryRequest) -> DeliveryJob {
        DeliveryJob(
            id: id, idempotencyKey: idempotencyKey, channel: request.channel, target: target, fileName: fileName, mediaType: mediaType,
            documentSHA256: documentSHA256, documentSize: Int(documentSize), bytesLocation: bytesLocation,
            email: request.email, metadata: request.metadata, state: .queued, attempts: Int(attempts),
            nextAttemptAt: Date(milliseconds: nextAttemptAt), leaseOwner: nil, leaseExpiresAt: nil, lastCode: nil, lastReply: nil,
            messageID: messageID, createdAt: Date(milliseconds: createdAt), updatedAt: Date(milliseconds: updatedAt))
    }

    /// Checks every request (a bad one refuses the whole call before anything is written), tags them
    /// with their document when there is one, and makes their rows: what both stores do before they
    /// insert, for `enqueue` and for `issue` alike.
    static func prepare(_ requests: [DeliveryRequest], documentID: String? = nil, messageDomain: String, now: Date) throws
        -> [(DeliveryRequest, JobRow)] {
        for request in requests { try RequestValidation.check(request) }
        return try zip(requests, DocumentDigests.of(requests)).map { request, sha in
            var request = request
            if let documentID { request.metadata["document"] = documentID }
            return (request, try JobRow.new(request, sha256: sha, messageDomain: messageDomain, now: now))
        }
    }

    /// The row a new request becomes.
    static func new(_ request: DeliveryRequest, sha256: String, messageDomain: String, now: Date) throws -> JobRow {
        let payload = JobPayload(email: request.email, metadata: request.metadata).json
        let ms = now.millisecondsSince1970
        return JobRow(
            id: Identifiers.newJobID(), idempotencyKey: request.idempotencyKey, channel: request.channel.rawValue,
            target: request.target, fileName: request.fileName, mediaType: request.mediaType, documentSHA256: sha256,
            documentSize: Int64(request.document.count), bytesLocation: "outbox:" + sha256, payload: payload,
            state: JobState.queued.rawValue, attempts: 0, nextAttemptAt: ms, leaseOwner: nil, leaseExpiresAt: nil,
            lastCode: nil, lastReply: nil,
            messageID: Identifiers.messageID(idempotencyKey: request.idempotencyKey, domain: messageDomain),
            createdAt: ms, updatedAt: ms)
    }
}

/// Checks every request before anything is written, so a batch is refused whole with the reason.
enum RequestValidation {
    static func check(_ request: DeliveryRequest) throws {
        func bad(_ what: String) -> OutboxError { OutboxError("delivery '\(request.idempotencyKey.prefix(80))': \(what)") }
        if request.idempotencyKey.isEmpty || request.idempotencyKey.utf8.count > 512 { throw bad("the idempotency key must be 1–512 bytes") }
        if request.target.isEmpty || request.target.utf8.count > 1024 { throw bad("the target must be 1–1024 bytes") }
        if request.target.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { throw bad("the target has a control character") }
        if request.fileName.isEmpty || request.fileName.utf8.count > 255 || request.fileName.contains("/") {
            throw bad("the file name must be 1–255 bytes without '/'")
        }
        if request.document.isEmpty { throw bad("the document is empty") }
        if request.channel == .email && request.email == nil { throw bad("an email delivery needs a subject and body") }
        for a in request.email?.attachments ?? [] where a.bytes.isEmpty || a.fileName.isEmpty || a.fileName.utf8.count > 255 || a.fileName.contains("/") {
            throw bad("an attachment needs bytes and a file name of 1–255 bytes without '/'")
        }
    }
}
