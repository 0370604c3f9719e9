import Foundation
import Hummingbird
import Logging
import NIOCore
import WenshuDelivery
import WenshuDiagnostics

extension WenshuServerStack {
    /// `POST /v1/documents`, `GET /v1/documents/{id}`, `GET /v1/documents/{id}/file`.
    func addDocumentRoutes(_ routes: inout RouteTable) {
        routes.on(.post, "/v1/documents") { request, context in
            let body = try await BodyReader.json(request, limit: self.configuration.maxBodyBytes)
            let issueRequest = try Self.issueRequest(body)
            let issued: IssuedDocument
            do { issued = try await self.issuer.issue(issueRequest) } catch let error as IssueError {
                throw self.problem(error, template: issueRequest.template)
            }
            let json = DocumentJSON(issued.record, deliveries: issued.deliveries, warnings: issued.warnings, baseURL: self.configuration.effectivePublicBaseURL)
            var response = try JSONResponse.make(json, status: issued.created ? .created : .ok)
            response.headers[.location] = "/v1/documents/\(issued.record.id)"
            return response
        }
        routes.on(.get, "/v1/documents/:id") { request, context in
            let record = try await self.record(context)
            let jobs = try await self.issuer.registry.deliveries(documentID: record.id)
            return try JSONResponse.make(DocumentJSON(record, deliveries: jobs, warnings: nil, baseURL: self.configuration.effectivePublicBaseURL))
        }
        routes.on(.get, "/v1/documents/:id/file") { request, context in
            let record = try await self.record(context)
            let etag = "\"\(record.fileSHA256)\""
            var headers: HTTPFields = [.eTag: etag, .cacheControl: "private, no-cache"]
            if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: {
                let t = $0.trimmingCharacters(in: .whitespaces); return t == etag || t == "W/" + etag || t == "*"
            }) {
                return Response(status: .notModified, headers: headers)
            }
            guard let bytes = try await self.issuer.file(of: record) else {
                throw Problem.notFound("the document's file is missing from the store")
            }
            headers[.contentType] = record.mediaType
            headers[.contentDisposition] = ContentDisposition.attachment(record.fileName)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    func record(_ context: ServerRequestContext) async throws -> DocumentRecord {
        let id = context.parameters.get("id") ?? ""
        guard id.utf8.count <= 100, let record = try await issuer.registry.document(id: id) else {
            throw Problem.notFound("there is no document with that id")
        }
        return record
    }

    func problem(_ error: IssueError, template: String) -> Problem {
        switch error {
        case .invalid(let diagnostics):
            if error.isUnknownTemplate {
                return Problem(.notFound, code: "unknown-template", detail: "there is no template named '\(template)'")
            }
            return Problem.from(diagnostics, template: template)
        case .saturated:
            return Problem.saturated()
        case .notFound(let reason):
            return Problem(.notFound, code: "not-found", detail: reason)
        case .conflict(let reason):
            return Problem(.conflict, code: "conflict", detail: reason)
        case .failed(let reason):
            logger.error("issuing failed", metadata: ["template": .string(template), "error": .string(reason)])
            return Problem(.internalServerError, code: "internal", detail: "the document could not be issued; the request id is in X-Request-Id")
        }
    }

    /// Reads `{template, data, deliver, idempotencyKey}`; `data` is passed on as the bytes sent.
    static func issueRequest(_ body: [UInt8]) throws -> IssueRequest {
        let members: [String: ArraySlice<UInt8>]
        do { members = try JSONMembers.split(body) } catch {
            throw Problem.badRequest("the body is not a JSON object", code: "malformed-json",
                                     diagnostics: [Diagnostic(.error, error.message, at: "$")])
        }
        var problems: [Diagnostic] = []
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ key: String, what: String) -> T? {
            guard let raw = members[key] else { return nil }
            guard let value = try? decoder.decode(T.self, from: Data(raw)) else {
                problems.append(Diagnostic(.error, "must be \(what)", at: "$.\(key)"))
                return nil
            }
            return value
        }
        let template = decode(String.self, "template", what: "a template name")
        if members["template"] == nil { problems.append(Diagnostic(.error, "required", at: "$.template")) }
        if let template, (try? TemplateName.check(template)) == nil {
            problems.append(Diagnostic(.error, "template names are letters, digits, '-' and '_'", at: "$.template"))
        }
        let data = members["data"]
        if let data {
            guard data.first == UInt8(ascii: "{") else {
                throw Problem(.unprocessableContent, code: "invalid-data", detail: "data must be a JSON object",
                              diagnostics: [Diagnostic(.error, "must be an object", at: "$.data")])
            }
        } else {
            problems.append(Diagnostic(.error, "required", at: "$.data"))
        }
        let deliver = decode([DeliverySpec].self, "deliver", what: "a list of {channel, to, key}") ?? []
        for (index, spec) in deliver.enumerated() where !["email", "store"].contains(spec.channel) {
            problems.append(Diagnostic(.error, "channel must be email or store", at: "$.deliver[\(index)].channel"))
        }
        if deliver.count > 20 { problems.append(Diagnostic(.error, "at most 20 deliveries", at: "$.deliver")) }
        var key: String?
        if members["idempotencyKey"].map({ Array($0) }) != Array("null".utf8) {
            key = decode(String.self, "idempotencyKey", what: "a string")
        }
        if let k = key, !(1...200).contains(k.count) {
            problems.append(Diagnostic(.error, "must be 1 to 200 characters", at: "$.idempotencyKey"))
        }
        let protection = Self.protection(members, problems: &problems)
        if protection.encryption != nil, !deliver.contains(where: { $0.channel == "email" }) {
            problems.append(Diagnostic(.error, "encryption applies to email copies, and no email delivery is asked for (the kept copy is never encrypted)",
                                       at: "$.encrypt"))
        }
        guard problems.isEmpty, let template, let data else {
            throw Problem(.unprocessableContent, code: "invalid-request", detail: "the request does not have the expected fields",
                          diagnostics: problems)
        }
        return IssueRequest(template: template, data: Array(data), deliver: deliver, idempotencyKey: key, protection: protection)
    }

    /// `sign` (boolean), `archive` (boolean) and `encrypt` (`{"password": "…"}` or `{"generate": true}`).
    static func protection(_ members: [String: ArraySlice<UInt8>], problems: inout [Diagnostic]) -> Protection {
        var protection = Protection()
        func flag(_ key: String) -> Bool? {
            guard let raw = members[key].map({ String(decoding: $0, as: UTF8.self) }) else { return nil }
            switch raw {
            case "true": return true
            case "false": return false
            case "null": return nil
            default: problems.append(Diagnostic(.error, "must be true or false", at: "$.\(key)")); return nil
            }
        }
        protection.sign = flag("sign")
        protection.archive = flag("archive") ?? false
        guard let raw = members["encrypt"], Array(raw) != Array("null".utf8) else { return protection }
        struct Encrypt: Decodable { var password: String?; var generate: Bool? }
        guard let encrypt = try? JSONDecoder().decode(Encrypt.self, from: Data(raw)) else {
            problems.append(Diagnostic(.error, "must be {\"password\": \"…\"} or {\"generate\": true}", at: "$.encrypt"))
            return protection
        }
        switch (encrypt.password, encrypt.generate ?? false) {
        case (let password?, false):
            if let problem = Protection.checkPassword(password, at: "$.encrypt.password") { problems.append(problem) }
            protection.encryption = .password(password)
        case (nil, true):
            protection.encryption = .generated
        default:
            problems.append(Diagnostic(.error, "give either a password or generate: true", at: "$.encrypt"))
        }
        return protection
    }
}

/// A document as the API shows it.
struct DocumentJSON: Encodable {
    struct Delivery: Encodable { var id: String; var channel: String; var state: String }
    struct Warning: Encodable { var message: String; var location: String; var severity: String; var code: String }
    var id: String
    var template: String
    var templateVersion: String
    var version: Int
    var status: String
    var dataSha256: String
    var fileSha256: String
    var fileSize: Int
    var mediaType: String
    var fileName: String
    var fileUrl: String
    var createdAt: String
    var verificationUrl: String
    var supersededBy: String?
    var policyNumber: String?
    var statusChangedAt: String?
    var batchId: String?
    var deliveries: [Delivery]
    var warnings: [Warning]?

    init(_ r: DocumentRecord, deliveries: [DeliveryJob], warnings: [Diagnostic]?, baseURL: String) {
        id = r.id; template = r.template; templateVersion = r.templateVersion; version = r.version; status = r.status.rawValue
        dataSha256 = r.dataSHA256; fileSha256 = r.fileSHA256; fileSize = r.fileSize; mediaType = r.mediaType; fileName = r.fileName
        fileUrl = "/v1/documents/\(r.id)/file"
        createdAt = JSONResponse.timestamp(r.createdAt)
        verificationUrl = baseURL + "/verify/" + r.verificationCode
        supersededBy = r.supersededBy; batchId = r.batchID; policyNumber = r.policyNumber
        statusChangedAt = r.statusChangedAt.map(JSONResponse.timestamp)
        self.deliveries = deliveries.map { Delivery(id: $0.id, channel: $0.channel.rawValue, state: $0.state.rawValue) }
        self.warnings = warnings?.map { Warning(message: $0.message, location: $0.location, severity: $0.severity.rawValue, code: $0.code) }
    }
}

enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}
