internal import Crypto
internal import WenshuDomain

/// The evidence file of a handwritten signature (domain.md §6.2, Electronic Signature Law Art. 13
/// and Art. 8): who signed and how they were identified, when, on which device, and the raw strokes,
/// as one canonical JSON document (RFC 8785, see ``CanonicalJSON``) embedded in the PDF, so that
/// the insurer's PAdES signature over the PDF covers it.
///
/// ```json
/// {"device":{…},"document":{"key":"C2025…","template":"claim-form"},
///  "format":"wenshu.signature-evidence/1","identityVerification":{…},
///  "signature":{"canvas":{"height":200,"width":640},"strokes":[[{"pressure":0.6,"t":0,"x":60,"y":100},…]]},
///  "signedAt":"2025-04-15T20:05:33+08:00","signer":{"idNumber":"EA1234567","idType":"passport","name":"张思源"},
///  "strokesSHA256":"…"}
/// ```
///
/// `strokesSHA256` is SHA-256 over the canonical JSON of the data's signature object (canvas and
/// strokes, every point with all its members) — exactly the bytes of the `signature` member above.
/// The same value is printed under the signature (filter `jsonSHA256`), so changing any point, its
/// time or pressure changes the printed hash and the embedded file, and so breaks the PDF signature.
///
/// The device and identity-verification objects keep only the fields the template's schema declares
/// (data the schema does not know never reaches the file); the signer's ID number is masked as on
/// the page (`maskID`): the evidence travels with the document.
struct SignatureEvidence: Sendable {
    static let format = "wenshu.signature-evidence/1"

    var signature: DataPath
    var signedAt: DataPath
    var device: (path: DataPath, spec: FieldSpec?)
    var identityVerification: (path: DataPath, spec: FieldSpec?)
    /// The first whose condition holds (or has none) is the signer: the guardian for a minor.
    var signers: [(DataPath, Condition?)]

    /// The canonical evidence bytes, or nil after recording data errors at their JSON paths.
    func build(ctx: RenderContext, template: String, key: String?) -> [UInt8]? {
        let failuresBefore = ctx.issues.list.count
        func required(_ path: DataPath) -> (value: JSONValue, jsonPath: String)? {
            let bound = resolve(path, in: ctx.root, vars: ctx.vars)
            guard let value = bound.value, !value.isNull else { ctx.issues.error("required for the signature evidence", at: bound.jsonPath); return nil }
            return (value, bound.jsonPath)
        }
        let signature = required(signature)
        if let signature {
            if case .string = signature.value {
                ctx.issues.error("the signature evidence needs the strokes, not an image", at: signature.jsonPath)
            } else {
                _ = SignatureData.parse(signature.value, path: signature.jsonPath, issues: &ctx.issues)
            }
        }
        let signedAt = required(signedAt)
        let device = required(device.path)
        let identity = required(identityVerification.path)
        var signer: JSONValue?
        if let (path, _) = signers.first(where: { $0.1.map { evaluate($0, root: ctx.root, vars: ctx.vars) } ?? true }),
           let (value, jsonPath) = required(path) {
            signer = signerObject(value, jsonPath: jsonPath, issues: &ctx.issues)
        } else if !signers.contains(where: { $0.1.map { evaluate($0, root: ctx.root, vars: ctx.vars) } ?? true }) {
            ctx.issues.error("no signer alternative applies to this data", at: "$")
        }
        guard ctx.issues.list.count == failuresBefore, let signature, let signedAt, let device, let identity, let signer else { return nil }

        let strokes: [UInt8]
        do { strokes = try CanonicalJSON.encode(signature.value) } catch { ctx.issues.error(error.message, at: signature.jsonPath); return nil }
        var documentMembers: [(key: String, value: JSONValue)] = [("template", .string(template))]
        if let key { documentMembers.append(("key", .string(key))) }
        let evidence = JSONValue.object([
            ("format", .string(Self.format)),
            ("document", .object(documentMembers)),
            ("signer", signer),
            ("signedAt", signedAt.value),
            ("device", Self.declared(device.value, spec: self.device.spec)),
            ("identityVerification", Self.declared(identity.value, spec: identityVerification.spec)),
            ("signature", signature.value),
            ("strokesSHA256", .string(Self.hex(SHA256.hash(data: strokes)))),
        ])
        do { return try CanonicalJSON.encode(evidence) } catch { ctx.issues.error(error.message, at: "$"); return nil }
    }

    /// Name, ID type and masked ID number of the signer object.
    func signerObject(_ value: JSONValue, jsonPath: String, issues: inout Issues) -> JSONValue? {
        guard let name = value["name"]?.scalarText, let kindText = value["idType"]?.scalarText, let number = value["idNumber"]?.scalarText else {
            issues.error("the signer needs name, idType and idNumber", at: jsonPath); return nil
        }
        guard let kind = IdentityDocumentKind(rawValue: kindText) else { issues.error("unknown idType '\(kindText)'", at: jsonPath + ".idType"); return nil }
        return .object([("name", .string(name)), ("idType", .string(kindText)), ("idNumber", .string(mask(number, rule: .forIdentityDocument(kind))))])
    }

    /// The value with only the members the schema declares (all of them when it declares none).
    static func declared(_ value: JSONValue, spec: FieldSpec?) -> JSONValue {
        guard let spec else { return value }
        switch value {
        case .object(let pairs) where !spec.fields.isEmpty:
            return .object(pairs.compactMap { pair in spec.field(pair.key).map { (pair.key, declared(pair.value, spec: $0)) } })
        case .array(let items) where spec.items != nil:
            return .array(items.map { declared($0, spec: spec.items) })
        default:
            return value
        }
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] }, as: UTF8.self)
    }
}
