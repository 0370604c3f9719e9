internal import Yams
internal import WenshuDocument
internal import WenshuDomain
internal import WenshuDiagnostics

/// Builds a document's attachments from its data at render time.
typealias AttachmentsRender = @Sendable (_ ctx: RenderContext, _ data: [UInt8], _ key: String?) -> [DocumentAttachment]

extension Compiler {
    /// `attachments:` — files the document carries inside it:
    ///
    /// ```yaml
    /// attachments:
    ///   - name: "invoice-{{ invoiceNumber }}.json"   # file name, text with bindings
    ///     description: "发票数据 Invoice data"        # optional
    ///     relationship: source                       # source, data, alternative, supplement, unspecified
    ///     archiveOnly: true                          # only in the PDF/A-3 archive copy (default false)
    ///     content: data                              # the record's JSON exactly as received
    ///   - name: "signature-evidence-{{ claimNumber }}.json"
    ///     relationship: supplement
    ///     content:
    ///       signatureEvidence:                       # SignatureEvidence: canonical JSON
    ///         signature: signature                   # a `signature` field holding strokes
    ///         signedAt: signedAt                     # a datetime
    ///         device: signatureDevice                # an object
    ///         identityVerification: identityVerification   # an object
    ///         signer:                                # the first alternative whose condition holds
    ///           - { path: guardian, if: minor }
    ///           - { path: claimant }
    /// ```
    func attachments(_ node: Node, templateName: String) -> AttachmentsRender {
        guard let items = sequence(node, what: "attachments") else { return { _, _, _ in [] } }
        var compiled: [@Sendable (RenderContext, [UInt8], String?) -> DocumentAttachment?] = []
        for item in items {
            guard let pairs = pairs(item, what: "an attachment") else { continue }
            checkKeys(pairs, allowed: ["name", "description", "relationship", "archiveOnly", "content"], in: "an attachment")
            var p: [String: Node] = [:]
            for pair in pairs { p[pair.key] = pair.value }
            guard let nameNode = p["name"], let name = text(nameNode, what: "name") else { error("an attachment needs name", item); continue }
            let description = p["description"].flatMap { text($0, what: "description") }
            var relationship = DocumentAttachment.Relationship.unspecified
            if let r = p["relationship"], let s = string(r, what: "relationship") {
                if let known = DocumentAttachment.Relationship(rawValue: s) { relationship = known } else {
                    error("unknown relationship '\(s)'", r, hints: ["one of " + DocumentAttachment.Relationship.allCases.map(\.rawValue).joined(separator: ", ")])
                }
            }
            let archiveOnly = p["archiveOnly"].flatMap { bool($0, what: "archiveOnly") } ?? false
            guard let contentNode = p["content"] else { error("an attachment needs content: data or signatureEvidence", item); continue }
            let content: Content
            if case .scalar(let s) = contentNode, s.string == "data" {
                content = .data
            } else if let contentPairs = self.pairs(contentNode, what: "content"), contentPairs.count == 1, contentPairs[0].key == "signatureEvidence" {
                guard let spec = signatureEvidence(contentPairs[0].value) else { continue }
                content = .signatureEvidence(spec)
            } else {
                error("content must be 'data' or a mapping with signatureEvidence", contentNode); continue
            }
            let nodeLocation = location(item)
            let template = templateName, relation = relationship
            compiled.append { ctx, data, key in
                let fileName = ctx.string(name)
                guard !fileName.isEmpty, !fileName.contains("/") else {
                    ctx.issues.error("attachment file name '\(fileName)' is empty or holds '/'", at: nodeLocation.text); return nil
                }
                let bytes: [UInt8]
                switch content {
                case .data: bytes = data
                case .signatureEvidence(let spec):
                    guard let evidence = spec.build(ctx: ctx, template: template, key: key) else { return nil }
                    bytes = evidence
                }
                return DocumentAttachment(fileName: fileName, mediaType: "application/json", description: description.map { ctx.string($0) } ?? "",
                                          relationship: relation, contents: bytes, archiveOnly: archiveOnly)
            }
        }
        let all = compiled
        return { ctx, data, key in all.compactMap { $0(ctx, data, key) } }
    }

    enum Content: Sendable {
        case data
        case signatureEvidence(SignatureEvidence)
    }

    func signatureEvidence(_ node: Node) -> SignatureEvidence? {
        guard let evidencePairs = pairs(node, what: "signatureEvidence") else { return nil }
        checkKeys(evidencePairs, allowed: ["signature", "signedAt", "device", "identityVerification", "signer"], in: "signatureEvidence")
        var p: [String: Node] = [:]
        for pair in evidencePairs { p[pair.key] = pair.value }
        func typedPath(_ key: String, kind: FieldSpec.Kind) -> (path: DataPath, spec: FieldSpec?)? {
            guard let n = p[key] else { error("signatureEvidence needs \(key)", node); return nil }
            guard let s = string(n, what: key), let path = DataPath.parse(s) else { error("bad data path for \(key)", n); return nil }
            if case .typed(let spec) = checkPath(path, n) {
                if spec.kind != kind { error("\(key) must name a \(kind.rawValue) field, '\(path)' is a \(spec.kind.rawValue)", n) }
                return (path, spec)
            }
            return (path, nil)
        }
        let signature = typedPath("signature", kind: .signature)?.path
        let signedAt = typedPath("signedAt", kind: .datetime)?.path
        let device = typedPath("device", kind: .object)
        let identity = typedPath("identityVerification", kind: .object)
        var signers: [(DataPath, Condition?)] = []
        if let s = p["signer"], let alternatives = sequence(s, what: "signer") {
            for alternative in alternatives {
                guard let ap = pairs(alternative, what: "a signer") else { continue }
                checkKeys(ap, allowed: ["path", "if", "unless"], in: "a signer")
                var path: DataPath?
                var condition: Condition?
                for pair in ap {
                    switch pair.key {
                    case "path":
                        if let t = string(pair.value, what: "path"), let parsed = DataPath.parse(t) {
                            if case .typed(let spec) = checkPath(parsed, pair.value), spec.kind != .object {
                                error("a signer must be an object with name, idType and idNumber", pair.value)
                            }
                            path = parsed
                        } else { error("bad data path", pair.value) }
                    case "if", "unless":
                        if var c = self.condition(pair.value) {
                            if pair.key == "unless" { c.negated.toggle() }
                            condition = c
                        }
                    default: break
                    }
                }
                if let path { signers.append((path, condition)) } else { error("a signer needs path", alternative) }
            }
        } else { error("signatureEvidence needs signer: a list of { path, if }", node) }
        guard let signature, let signedAt, let device, let identity, !signers.isEmpty else { return nil }
        return SignatureEvidence(signature: signature, signedAt: signedAt, device: device, identityVerification: identity, signers: signers)
    }
}
