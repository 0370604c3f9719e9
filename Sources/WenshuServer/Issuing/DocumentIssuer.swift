import Crypto
import Foundation
import Logging
import Wenshu
import WenshuDelivery
import WenshuDiagnostics
import WenshuStorage
import WenshuTemplates

/// Issues a document: render (on the caller's pool), keep the file (write-once store), record it and
/// enqueue its deliveries in one transaction. The HTTP routes and the batch worker both come here.
public final class DocumentIssuer: Sendable {
    let renderService: RenderService
    let runtime: DeliveryRuntime
    let documents: any ObjectStore
    let publicBaseURL: String
    let render: @Sendable (String, [UInt8]) async throws -> RenderResult
    /// Called after deliveries were enqueued, to wake this node's outbox worker.
    let onEnqueued: @Sendable () -> Void

    public var registry: any DocumentRegistry { runtime.registry }

    public init(renderService: RenderService, runtime: DeliveryRuntime, documents: any ObjectStore, publicBaseURL: String,
                render: @escaping @Sendable (String, [UInt8]) async throws -> RenderResult,
                onEnqueued: @escaping @Sendable () -> Void = {}) {
        self.renderService = renderService; self.runtime = runtime; self.documents = documents
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        self.render = render; self.onEnqueued = onEnqueued
    }

    public func issue(_ request: IssueRequest) async throws(IssueError) -> IssuedDocument {
        let template: Template
        do { template = try renderService.template(request.template) } catch { throw .invalid(error) }
        let key = request.idempotencyKey ?? Self.derivedKey(request)
        guard !key.isEmpty, key.utf8.count <= 200 else {
            throw .invalid(DiagnosticError("must be 1–200 bytes", at: "$.idempotencyKey"))
        }
        if let existing = try await existing(key) { return existing }

        // The document's own QR leads to this service's verify page, unless the data brings its own.
        var data = request.data
        var code = Identifiers.newVerificationCode()
        if template.dataSchema.contains(where: { $0.hasPrefix("$.verification.code") }) {
            let root = (try? JSONSerialization.jsonObject(with: Data(data))) as? [String: Any]
            if let given = (root?["verification"] as? [String: Any])?["code"] as? String, !given.isEmpty {
                code = given
            } else if root != nil, root?["verification"] == nil {
                data = Self.inserting(field: "verification", json: "{\"url\":\"\(publicBaseURL)/verify/\(code)\",\"code\":\"\(code)\"}", into: data)
            }
        }
        let result: RenderResult
        do { result = try await render(request.template, data) } catch let e as DiagnosticError { throw .invalid(e) } catch let e as IssueError {
            throw e
        } catch { throw .failed("render: \(error)") }
        let pdf = result.files[0]
        let fileSHA = Identifiers.sha256Hex(pdf)
        let facts = DocumentFacts.read(template: request.template, data: data)
        let id = Identifiers.newDocumentID()
        let mail: RenderedMail?
        if request.deliver.contains(where: { $0.channel == "email" }) {
            do { mail = try template.renderMail(data: data) } catch { throw .invalid(error) }
        } else { mail = nil }
        let fileName = (mail?.attachmentName ?? result.key ?? request.template) + ".pdf"
        let deliveries = try deliveries(request.deliver, key: key, id: id, template: request.template, fileName: fileName, pdf: pdf, mail: mail)

        let storageKey = "documents/\(request.template)/\(id).pdf"
        do { _ = try await documents.put(key: storageKey, bytes: pdf, mediaType: "application/pdf", sha256Hex: fileSHA) } catch {
            throw .failed("cannot keep the document: \(error.description)")
        }
        let record = DocumentRecord(
            id: id, idempotencyKey: key, template: request.template, templateVersion: Self.version(of: template),
            dataSHA256: Identifiers.sha256Hex(request.data), fileSHA256: fileSHA, fileSize: pdf.count, mediaType: "application/pdf",
            fileName: fileName, storageKey: storageKey, verificationCode: code, kind: facts.kind, policyNumber: facts.policyNumber,
            holderMasked: facts.holderMasked, periodStart: facts.periodStart, periodEnd: facts.periodEnd,
            batchID: request.batchID, batchRecord: request.batchRecord, createdAt: Date())
        do {
            let issued = try await runtime.registry.issue(record, deliveries: deliveries, messageDomain: runtime.messageDomain, now: Date())
            if issued.created && !issued.jobs.isEmpty { onEnqueued() }
            return IssuedDocument(record: issued.record, created: issued.created, deliveries: issued.jobs, warnings: result.warnings)
        } catch let e as OutboxError where e.description.contains("UNIQUE") || e.description.contains("unique") {
            throw .invalid(DiagnosticError("verification code '\(code)' belongs to another document", at: "$.verification.code"))
        } catch {
            let text = String(describing: error)
            if text.contains("verification_code") {
                throw .invalid(DiagnosticError("verification code '\(code)' belongs to another document", at: "$.verification.code"))
            }
            throw .failed("cannot record the document: \(text.prefix(300))")
        }
    }

    public func file(of record: DocumentRecord) async throws -> [UInt8]? {
        try await documents.get(key: record.storageKey)
    }

    private func existing(_ key: String) async throws(IssueError) -> IssuedDocument? {
        do {
            guard let record = try await runtime.registry.document(idempotencyKey: key) else { return nil }
            return IssuedDocument(record: record, created: false, deliveries: try await runtime.registry.deliveries(documentID: record.id),
                                  warnings: [])
        } catch { throw .failed("database: \(String(describing: error).prefix(300))") }
    }

    private func deliveries(_ specs: [DeliverySpec], key: String, id: String, template: String, fileName: String, pdf: [UInt8],
                            mail: RenderedMail?) throws(IssueError) -> [DeliveryRequest] {
        var out: [DeliveryRequest] = []
        for (i, spec) in specs.enumerated() {
            let at = "$.deliver[\(i)]"
            switch spec.channel {
            case "email":
                guard let to = spec.to, !to.isEmpty else { throw .invalid(DiagnosticError("an email delivery needs 'to'", at: at + ".to")) }
                guard Self.looksLikeAddress(to) else { throw .invalid(DiagnosticError("'\(OutboxDisplay.mask(to))' is not an email address", at: at + ".to")) }
                guard runtime.senders[.email] != nil else {
                    throw .invalid(DiagnosticError("email is not configured on this service (WENSHU_SMTP_URL, WENSHU_MAIL_FROM)", at: at))
                }
                guard let mail else { throw .invalid(DiagnosticError("template '\(template)' has no mail.yaml", at: at)) }
                out.append(DeliveryRequest(
                    idempotencyKey: "\(key):email:\(to.lowercased())", channel: .email, target: to, fileName: fileName,
                    mediaType: "application/pdf", document: pdf,
                    email: EmailContent(subject: mail.subject, text: mail.text, html: mail.html, recipientName: mail.recipientName),
                    metadata: ["template": template]))
            case "store":
                guard let channel = runtime.storeChannel else {
                    throw .invalid(DiagnosticError("no store is configured on this service (WENSHU_STORE_URL)", at: at))
                }
                let target = spec.key ?? "\(template)/\(id).pdf"
                out.append(DeliveryRequest(idempotencyKey: "\(key):\(channel.rawValue):\(target)", channel: channel, target: target,
                                           fileName: fileName, mediaType: "application/pdf", document: pdf, metadata: ["template": template]))
            default:
                throw .invalid(DiagnosticError("channel must be 'email' or 'store', not '\(spec.channel.prefix(40))'", at: at + ".channel"))
            }
        }
        return out
    }

    static func looksLikeAddress(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && s.utf8.count <= 254
            && s.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0 != "<" && $0 != ">" }
    }

    static func derivedKey(_ r: IssueRequest) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(r.template.utf8) + [0] + r.data + [0])
        for spec in r.deliver { hasher.update(data: Array("\(spec.channel)|\(spec.to ?? "")|\(spec.key ?? "")\u{0}".utf8)) }
        return "auto:" + hasher.finalize().map { String(format: "%02x", $0) }.joined().prefix(40)
    }

    static func version(of template: Template) -> String {
        guard let bytes = FileManager.default.contents(atPath: template.path) else { return "unknown" }
        return "sha256:" + Identifiers.sha256Hex(Array(bytes)).prefix(12)
    }

    /// Adds `"name": value` to a JSON object without re-encoding the rest (amounts keep their
    /// exact text). The caller checked that the data is an object without that field.
    static func inserting(field: String, json: String, into data: [UInt8]) -> [UInt8] {
        guard let close = data.lastIndex(of: UInt8(ascii: "}")) else { return data }
        let before = data[..<close]
        let isEmpty = before.reversed().first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
        return Array(before) + Array(((isEmpty ? "" : ",") + "\"\(field)\":" + json).utf8) + Array(data[close...])
    }
}
