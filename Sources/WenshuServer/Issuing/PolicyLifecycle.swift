import Foundation
import Wenshu
import WenshuDelivery
import WenshuDiagnostics
import WenshuTemplates

/// The policy lifecycle (domain.md §8): an endorsement (批单) changes an issued policy; the documents
/// it affects are re-issued as version n+1 with new verification codes, and the old versions become
/// superseded, all in one registry transaction with the deliveries. A cancellation marks every
/// document of the policy cancelled instead of re-issuing any.
extension DocumentIssuer {
    /// Templates an endorsement never re-issues: an invoice records a payment and a claim form a claim,
    /// both as they were; an endorsement is its own document.
    static let notReissued: Set<String> = ["endorsement", "invoice", "claim-form"]

    /// The policy's documents, oldest first.
    public func chain(policy: String) async throws(IssueError) -> [DocumentRecord] {
        do { return try await runtime.registry.documents(policyNumber: policy) } catch {
            throw .failed("database: \(String(describing: error).prefix(300))")
        }
    }

    public func endorse(policy: String, request: EndorsementRequest) async throws(IssueError) -> EndorsementResult {
        let key = request.idempotencyKey ?? "endorse:\(policy):" + Identifiers.sha256Hex(Array(Self.canonical(request).utf8)).prefix(32)
        if let done = try await existingEndorsement(key) { return done }
        let documents = try await chain(policy: policy)
        guard !documents.isEmpty else { throw .notFound("no document of policy '\(policy.prefix(60))' has been issued here") }
        if documents.contains(where: { $0.status == .cancelled }) { throw .conflict("policy '\(policy.prefix(60))' is cancelled") }
        let cancelling = request.kind == "cancellation"

        // The current version of each template, with the data it was rendered from; the targets are
        // those the endorsement re-issues.
        var latest: [(record: DocumentRecord, data: [UInt8])] = []
        for record in documents.reversed() where record.status == .valid && record.template != "endorsement"
            && !latest.contains(where: { $0.record.template == record.template }) {
            guard let data = try await storedData(record) else { continue }
            latest.append((record, data))
        }
        let wanted = request.reissue.map(Set.init)
        let current = cancelling ? [] : latest.filter { wanted?.contains($0.record.template) ?? !Self.notReissued.contains($0.record.template) }
        if !cancelling, let wanted, let missing = wanted.sorted().first(where: { name in !current.contains { $0.record.template == name } }) {
            throw .invalid(DiagnosticError("policy has no valid '\(missing.prefix(40))' document (with stored data) to re-issue", at: "$.reissue"))
        }
        guard let base = latest.first(where: { $0.record.template == "epolicy" }) ?? latest.first(where: { $0.record.template == "visa-certificate" })
                ?? latest.first else {
            throw .conflict("no valid document of policy '\(policy.prefix(60))' has stored data to endorse")
        }

        // Apply the changes to every document they concern, reading each change's value before.
        var edited: [String: Any] = [:]
        for (template, data) in current.map({ ($0.record.template, $0.data) }) {
            edited[template] = try? JSONSerialization.jsonObject(with: Data(data))
        }
        var rows: [[String: Any]] = []
        var touched = Set<String>()
        for (i, change) in request.changes.enumerated() {
            let at = "$.changes[\(i)]"
            var before = change.before
            var applied = 0
            for (record, _) in current {
                guard let pathText = change.paths?[record.template] ?? change.path else { continue }
                guard let path = JSONEdit.Path(pathText) else { throw .invalid(DiagnosticError("bad path '\(pathText.prefix(80))'", at: at + ".path")) }
                guard let root = edited[record.template], let old = JSONEdit.get(path, in: root) else {
                    if change.paths?[record.template] != nil {
                        throw .invalid(DiagnosticError("'\(record.template)' data has no '\(pathText.prefix(80))'", at: at + ".paths.\(record.template)"))
                    }
                    continue
                }
                if before == nil { before = JSONEdit.text(old) }
                guard let changed = JSONEdit.set(path, to: change.after, in: root) else {
                    throw .invalid(DiagnosticError("cannot set '\(pathText.prefix(80))' in '\(record.template)' data", at: at + ".path"))
                }
                edited[record.template] = changed
                applied += 1
                touched.insert(record.template)
            }
            if applied == 0 && !cancelling {
                throw .invalid(DiagnosticError("no document of the policy has this field", at: at + (change.paths == nil ? ".path" : ".paths")))
            }
            let field = (change.path ?? change.paths?.values.sorted().first ?? "").split(separator: ".").last.map(String.init) ?? ""
            let label = ChangeLabels.label(field)
            let format = change.format ?? ChangeLabels.format(field)
            var row: [String: Any] = ["labelZh": change.labelZh ?? label.zh, "labelEn": change.labelEn ?? label.en, "before": before ?? "",
                                      "after": change.after]
            if let format { row["format"] = format }
            rows.append(row)
        }

        let now = Date()
        let number = request.number ?? "\(policy)-E\(String(format: "%02d", documents.filter { $0.template == "endorsement" }.count + 1))"
        var endorsement: [String: Any] = ["number": number, "kind": request.kind, "effective": request.effective, "changes": rows]
        if let p = request.premium {
            endorsement["premium"] = ["direction": p.direction, "amount": p.amount, "currency": p.currency ?? "CNY"]
        }
        if let t = request.text { endorsement["text"] = ["zh": t.zh, "en": t.en] }
        let parties = EndorsementParties.read(template: base.record.template, data: base.data)
        var endorsementData: [String: Any] = [
            "policyNumber": policy, "issuedAt": Wenshu.RenderOptions.instant(now), "insurer": parties.insurer,
            "policyholder": ["name": parties.policyholder], "insured": ["name": parties.insured], "endorsement": endorsement,
        ]
        if let product = parties.product { endorsementData["product"] = product }
        let endorsementBytes = try JSONEdit.serialize(endorsementData, at: "$")

        // Render everything before anything is recorded.
        let endorsementVersion = Self.nextVersion(of: "endorsement", in: documents)
        let endorsementDoc = try await renderDocument(template: "endorsement", data: endorsementBytes,
                                                      facts: DocumentFacts.read(template: "endorsement", data: endorsementBytes), asOf: now,
                                                      cancelledAt: nil, version: endorsementVersion, protection: request.protection)
        var reissued: [RenderedDocument] = []
        if !cancelling {
            // By default only the documents a change touched are re-issued; `reissue` names others
            // (an extension that also re-dates a certificate the request did not edit, say).
            for (record, _) in current where wanted?.contains(record.template) ?? touched.contains(record.template) {
                guard var root = edited[record.template] as? [String: Any] else { continue }
                // The new version gets its own verification code; the old one's page will say superseded.
                root.removeValue(forKey: "verification")
                let bytes = try JSONEdit.serialize(root, at: "$")
                reissued.append(try await renderDocument(template: record.template, data: bytes,
                                                         facts: DocumentFacts.read(template: record.template, data: bytes), asOf: now,
                                                         cancelledAt: nil, version: Self.nextVersion(of: record.template, in: documents),
                                                         protection: request.protection))
            }
        }
        let specs = request.deliver ?? []
        let mail = try endorsementDoc.mailIfNeeded(for: specs)
        let endorsementName = endorsementDoc.fileName(mail: mail)
        var names: [String] = []
        for doc in reissued {
            let own = try? doc.template.renderMail(data: doc.data)
            names.append(doc.fileName(mail: own))
        }
        let attachments = zip(reissued, names).map { EmailAttachment(fileName: $1, mediaType: "application/pdf", bytes: $0.pdf) }
        var deliveries = try self.deliveries(specs, key: key, document: endorsementDoc, fileName: endorsementName, mail: mail,
                                             attachments: attachments)
        for (i, spec) in specs.enumerated() where spec.channel == "store" {
            for (doc, name) in zip(reissued, names) {
                deliveries += try self.deliveries([DeliverySpec(channel: "store", key: spec.key.map { "\($0)/\(doc.templateName).pdf" })],
                                                  key: "\(key):\(i):\(doc.templateName)", document: doc, fileName: name, mail: nil)
            }
        }
        try await keep(endorsementDoc)
        for doc in reissued { try await keep(doc) }
        FailPoint.hit("endorse-before-record")

        var items = [IssueItem(record: endorsementDoc.record(key: key, fileName: endorsementName, createdAt: now), data: endorsementDoc.data,
                               supersedesPrevious: false, expectedVersion: endorsementVersion)]
        for (doc, name) in zip(reissued, names) {
            items.append(IssueItem(record: doc.record(key: "\(key):reissue:\(doc.templateName)", fileName: name, createdAt: now), data: doc.data,
                                   expectedVersion: doc.version))
        }
        let issued = try await record(items, deliveries: deliveries, cancelPolicy: cancelling ? policy : nil, code: endorsementDoc.code)
        return Self.result(issued.records, jobs: issued.jobs, created: issued.created,
                           warnings: [endorsementDoc.result.warnings] + reissued.map(\.result.warnings))
    }

    private func existingEndorsement(_ key: String) async throws(IssueError) -> EndorsementResult? {
        do {
            guard let first = try await runtime.registry.document(idempotencyKey: key) else { return nil }
            var records = [first]
            if let policy = first.policyNumber {
                records += try await runtime.registry.documents(policyNumber: policy).filter { $0.idempotencyKey.hasPrefix(key + ":reissue:") }
            }
            var jobs: [DeliveryJob] = []
            for r in records { jobs += try await runtime.registry.deliveries(documentID: r.id) }
            return Self.result(records, jobs: jobs, created: false, warnings: [])
        } catch { throw .failed("database: \(String(describing: error).prefix(300))") }
    }

    private static func result(_ records: [DocumentRecord], jobs: [DeliveryJob], created: Bool, warnings: [[Diagnostic]]) -> EndorsementResult {
        func issued(_ i: Int) -> IssuedDocument {
            IssuedDocument(record: records[i], created: created, deliveries: jobs.filter { $0.metadata["document"] == records[i].id },
                           warnings: i < warnings.count ? warnings[i] : [])
        }
        return EndorsementResult(endorsement: issued(0), reissued: records.indices.dropFirst().map(issued))
    }

    private func storedData(_ record: DocumentRecord) async throws(IssueError) -> [UInt8]? {
        do { return try await runtime.registry.data(documentID: record.id) } catch {
            throw .failed("database: \(String(describing: error).prefix(300))")
        }
    }

    /// The request as stable text, for the default idempotency key: the same endorsement sent twice
    /// is made once.
    static func canonical(_ r: EndorsementRequest) -> String {
        var parts = [r.kind, r.effective, r.number ?? "", r.premium.map { "\($0.direction)|\($0.amount)|\($0.currency ?? "")" } ?? "",
                     r.text.map { $0.zh + "|" + $0.en } ?? "", (r.reissue ?? []).joined(separator: ",")]
        for c in r.changes {
            parts.append([c.path ?? "", (c.paths ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
                          c.after, c.before ?? "", c.format ?? ""].joined(separator: "|"))
        }
        for d in r.deliver ?? [] { parts.append("\(d.channel)|\(d.to ?? "")|\(d.key ?? "")") }
        return parts.joined(separator: "\u{1F}")
    }
}
