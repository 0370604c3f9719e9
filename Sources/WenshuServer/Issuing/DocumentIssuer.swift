import Crypto
import Foundation
import Logging
import Wenshu
import WenshuDelivery
import WenshuDiagnostics
import WenshuPDF
import WenshuSigning
import WenshuStorage
import WenshuTemplates

/// Issues a document: render (on the caller's pool), keep the file (write-once store), record it and
/// enqueue its deliveries in one transaction. The HTTP routes and the batch worker both come here.
public final class DocumentIssuer: Sendable {
    let renderService: RenderService
    let runtime: DeliveryRuntime
    let documents: any ObjectStore
    let publicBaseURL: String
    let render: @Sendable (String, [UInt8], Wenshu.RenderOptions) async throws -> RenderResult
    /// Called after deliveries were enqueued, to wake this node's outbox worker.
    let onEnqueued: @Sendable () -> Void
    /// Signs the token in each document's QR (``VerificationToken``).
    let tokenKey: VerificationKey
    /// The insurer's PAdES signer (`WENSHU_SIGN_*`); nil when the service signs nothing.
    let signer: PDFSigner?

    public var registry: any DocumentRegistry { runtime.registry }

    public init(renderService: RenderService, runtime: DeliveryRuntime, documents: any ObjectStore, publicBaseURL: String,
                render: @escaping @Sendable (String, [UInt8], Wenshu.RenderOptions) async throws -> RenderResult,
                onEnqueued: @escaping @Sendable () -> Void = {}, tokenKey: VerificationKey = .random(), signer: PDFSigner? = nil) {
        self.renderService = renderService; self.runtime = runtime; self.documents = documents; self.tokenKey = tokenKey
        self.signer = signer
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        self.render = render; self.onEnqueued = onEnqueued
    }

    public func issue(_ request: IssueRequest) async throws(IssueError) -> IssuedDocument {
        let key = request.idempotencyKey ?? Self.derivedKey(request)
        guard !key.isEmpty, key.utf8.count <= 200 else {
            throw .invalid(DiagnosticError("must be 1–200 bytes", at: "$.idempotencyKey"))
        }
        if let existing = try await existing(key) { return existing }
        let now = Date()
        // A policy cancelled in the registry prints 已注销 on any document rendered for it again.
        let facts = DocumentFacts.read(template: request.template, data: request.data)
        // The policy's chain, read once: the next version and any cancellation come from it.
        var documents: [DocumentRecord] = []
        if let policy = facts.policyNumber { documents = try await chain(policy: policy) }
        let version = Self.nextVersion(of: request.template, in: documents)
        let doc = try await renderDocument(template: request.template, data: request.data, facts: facts, asOf: now,
                                           cancelledAt: Self.cancellation(in: documents), version: version, protection: request.protection)
        let mail = try doc.mailIfNeeded(for: request.deliver)
        let fileName = doc.fileName(mail: mail)
        let deliveries = try deliveries(request.deliver, key: key, document: doc, fileName: fileName, mail: mail)
        try await keep(doc)
        var record = doc.record(key: key, fileName: fileName, createdAt: now)
        record.batchID = request.batchID; record.batchRecord = request.batchRecord
        let issued = try await self.record([IssueItem(record: record, data: doc.data, expectedVersion: version)], deliveries: deliveries, code: doc.code)
        return IssuedDocument(record: issued.records[0], created: issued.created, deliveries: issued.jobs, warnings: doc.result.warnings)
    }

    /// A document rendered and ready to record: what issuing and endorsing have in common.
    struct RenderedDocument {
        var id: String
        var template: Template
        var templateName: String
        /// The data as rendered: with this service's verification code when the template shows one.
        var data: [UInt8]
        /// SHA-256 of the data as submitted, before the verification block was added.
        var dataSHA: String
        var version: Int
        var code: String
        var result: RenderResult
        /// The kept copy: the registry's file and what `store` deliveries write.
        var pdf: [UInt8]
        var fileSHA: String
        /// What email deliveries attach: the kept copy, or an encrypted one (``Protection``).
        var emailed: [UInt8]
        /// Opens ``emailed`` when it was encrypted with a generated password; sent in a second message.
        var generatedPassword: String?
        var facts: DocumentFacts.Facts
        var storageKey: String { "documents/\(templateName)/\(id).pdf" }

        func mailIfNeeded(for specs: [DeliverySpec]) throws(IssueError) -> RenderedMail? {
            guard specs.contains(where: { $0.channel == "email" }) else { return nil }
            do { return try template.renderMail(data: data) } catch { throw .invalid(error) }
        }

        /// The second message with the generated password, when the emailed copy has one.
        func passwordMail() throws(IssueError) -> RenderedMail? {
            guard let generatedPassword else { return nil }
            do { return try template.renderPasswordMail(data: data, password: generatedPassword) } catch { throw .invalid(error) }
        }

        func fileName(mail: RenderedMail?) -> String {
            (mail?.attachmentName ?? result.key ?? templateName) + ".pdf"
        }

        func record(key: String, fileName: String, createdAt: Date) -> DocumentRecord {
            DocumentRecord(
                id: id, idempotencyKey: key, template: templateName, templateVersion: DocumentIssuer.version(of: template),
                dataSHA256: dataSHA, fileSHA256: fileSHA, fileSize: pdf.count, mediaType: "application/pdf",
                fileName: fileName, storageKey: storageKey, verificationCode: code, kind: facts.kind, policyNumber: facts.policyNumber,
                holderMasked: facts.holderMasked, periodStart: facts.periodStart, periodEnd: facts.periodEnd, version: version,
                createdAt: createdAt)
        }
    }

    /// Renders `data` as `version` of its document, with a fresh verification code and a signed QR
    /// token (unless the data brings its own verification block), for the policy's state at `asOf`.
    func renderDocument(template name: String, data original: [UInt8], facts: DocumentFacts.Facts, asOf: Date, cancelledAt: Date?, version: Int,
                        protection: Protection = Protection())
        async throws(IssueError)
        -> RenderedDocument {
        let template: Template
        do { template = try renderService.template(name) } catch { throw .invalid(error) }
        let signing = try signs(protection)
        if protection.encryption == .generated, !template.hasPasswordMail {
            throw .invalid(DiagnosticError("template '\(name)' has no password message (password: in mail.yaml) to send a generated password with; give encrypt.password instead",
                                           at: "$.encrypt"))
        }
        // The document's own QR leads to this service's verify page, unless the data brings its own.
        var data = original
        let id = Identifiers.newDocumentID()
        let dataSHA = Identifiers.sha256Hex(original)
        var code = Identifiers.newVerificationCode()
        if template.dataSchema.contains(where: { $0.hasPrefix("$.verification.code") }) {
            let root = (try? JSONSerialization.jsonObject(with: Data(data))) as? [String: Any]
            if let given = (root?["verification"] as? [String: Any])?["code"] as? String, !given.isEmpty {
                code = given
            } else if root != nil, root?["verification"] == nil {
                // The QR leads to /v/<token>: checked by signature alone; the printed code is for typing.
                let token = VerificationToken(documentID: id, version: version, contentSHA256: bytes(fromHex: dataSHA) ?? [])
                guard let signed = token.encoded(with: tokenKey) else { throw .failed("cannot sign the verification token") }
                data = Self.inserting(field: "verification", json: "{\"url\":\"\(publicBaseURL)/v/\(signed)\",\"code\":\"\(code)\"}", into: data)
            }
        }
        var options = Wenshu.RenderOptions(asOf: Wenshu.RenderOptions.instant(asOf), cancelledAt: cancelledAt.map { Wenshu.RenderOptions.instant($0) })
        options.archive = protection.archive
        var result = try await render(name, data, options: options)
        if signing { result = try await signed(result) }
        let pdf = result.files[0]
        // The emailed copy is rendered again with encryption (the file key is drawn at export), then
        // signed: encrypted-then-signed, so the customer's copy validates too.
        var emailed = pdf
        var generatedPassword: String?
        if let encryption = protection.encryption {
            let password: String
            switch encryption {
            case .password(let given): password = given
            case .generated: password = PDFPassword.generate(); generatedPassword = password
            }
            var encrypted = options
            encrypted.archive = false
            encrypted.encryption = PDFProtection(userPassword: password)
            var copy = try await render(name, data, options: encrypted)
            if signing { copy = try await signed(copy) }
            emailed = copy.files[0]
        }
        return RenderedDocument(id: id, template: template, templateName: name, data: data, dataSHA: dataSHA, version: version, code: code, result: result,
                                pdf: pdf, fileSHA: Identifiers.sha256Hex(pdf), emailed: emailed, generatedPassword: generatedPassword, facts: facts)
    }

    private func render(_ name: String, _ data: [UInt8], options: Wenshu.RenderOptions) async throws(IssueError) -> RenderResult {
        do { return try await render(name, data, options) } catch let e as DiagnosticError { throw .invalid(e) } catch let e as IssueError {
            throw e
        } catch { throw .failed("render: \(error)") }
    }

    /// Keeps the file in the write-once document store before the registry learns of it: a crash
    /// in between leaves an unreferenced file, never a record without its file.
    func keep(_ doc: RenderedDocument) async throws(IssueError) {
        do { _ = try await documents.put(key: doc.storageKey, bytes: doc.pdf, mediaType: "application/pdf", sha256Hex: doc.fileSHA) } catch {
            throw .failed("cannot keep the document: \(error.description)")
        }
    }

    /// Records documents and their deliveries in one transaction, and wakes the outbox worker.
    func record(_ items: [IssueItem], deliveries: [DeliveryRequest], cancelPolicy: String? = nil, code: String) async throws(IssueError)
        -> (records: [DocumentRecord], created: Bool, jobs: [DeliveryJob]) {
        do {
            let issued = try await runtime.registry.issue(items, deliveries: deliveries, cancelPolicy: cancelPolicy,
                                                          messageDomain: runtime.messageDomain, now: Date())
            if issued.created && !issued.jobs.isEmpty { onEnqueued() }
            return issued
        } catch let e as OutboxError where e.description.contains("version conflict") {
            throw .conflict("another version of this policy's document was issued at the same time; send the request again")
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

    /// The version the next document of `template` will have in a policy's chain; the registry
    /// refuses the record if another was issued meanwhile (its token would name the wrong version).
    static func nextVersion(of template: String, in chain: [DocumentRecord]) -> Int {
        (chain.filter { $0.template == template }.map(\.version).max() ?? 0) + 1
    }

    /// When the registry marked the policy of `chain` cancelled, if it did.
    static func cancellation(in chain: [DocumentRecord]) -> Date? {
        chain.first { $0.status == .cancelled }.map { $0.statusChangedAt ?? $0.createdAt }
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

    /// The deliveries of `document`: emails attach its emailed copy (followed, when that copy has a
    /// generated password, by a second message holding the password and no attachment); stores
    /// write its kept copy.
    func deliveries(_ specs: [DeliverySpec], key: String, document: RenderedDocument, fileName: String,
                    mail: RenderedMail?, attachments: [EmailAttachment] = []) throws(IssueError) -> [DeliveryRequest] {
        let id = document.id, template = document.templateName
        let passwordMail = specs.contains(where: { $0.channel == "email" }) ? try document.passwordMail() : nil
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
                    mediaType: "application/pdf", document: document.emailed,
                    email: EmailContent(subject: mail.subject, text: mail.text, html: mail.html, recipientName: mail.recipientName,
                                        attachments: attachments),
                    metadata: ["template": template]))
                if let passwordMail {
                    out.append(.passwordMessage(key: key, to: to, fileName: fileName, document: document.emailed, subject: passwordMail.subject,
                                                     text: passwordMail.text, html: passwordMail.html, recipientName: passwordMail.recipientName,
                                                     template: template))
                }
            case "store":
                guard let channel = runtime.storeChannel else {
                    throw .invalid(DiagnosticError("no store is configured on this service (WENSHU_STORE_URL)", at: at))
                }
                let target = spec.key ?? "\(template)/\(id).pdf"
                out.append(DeliveryRequest(idempotencyKey: "\(key):\(channel.rawValue):\(target)", channel: channel, target: target,
                                           fileName: fileName, mediaType: "application/pdf", document: document.pdf, metadata: ["template": template]))
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
        // A different protection is a different document; a generated password is new each time.
        let p = r.protection
        var encryption = "none"
        switch p.encryption {
        case .password(let given)?: encryption = "password:" + Identifiers.sha256Hex(Array(given.utf8))
        case .generated?: encryption = "generated"
        case nil: break
        }
        hasher.update(data: Array("sign=\(p.sign.map(String.init) ?? "default")|archive=\(p.archive)|\(encryption)".utf8))
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
