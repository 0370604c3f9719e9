import Foundation
public import Hummingbird
public import WenshuDiagnostics

/// An RFC 9457 problem: every error the API returns, as `application/problem+json`.
///
/// `code` is the stable word clients switch on; `title` and `detail` are for people and may change.
public struct Problem: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var title: String
    public var detail: String
    public var diagnostics: [Diagnostic]
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`, `Allow`).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, detail: String, diagnostics: [Diagnostic] = [], headers: HTTPFields = [:]) {
        self.status = status; self.code = code; self.title = status.reasonPhrase; self.detail = detail
        self.diagnostics = diagnostics; self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    func response() -> Response {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body())))
    }

    func body() -> [UInt8] {
        struct Item: Encodable { var message: String; var location: String; var severity: String; var code: String }
        struct Body: Encodable {
            var type: String; var title: String; var status: Int; var detail: String; var code: String; var diagnostics: [Item]
        }
        let payload = Body(type: "https://wenshu.dev/problems/\(code)", title: title, status: status.code, detail: detail, code: code,
                           diagnostics: diagnostics.map { Item(message: $0.message, location: $0.location, severity: $0.severity.rawValue, code: $0.code) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(payload)) ?? Data("{\"status\":\(status.code)}".utf8))
    }
}

extension Problem {
    static func notFound(_ detail: String) -> Problem { Problem(.notFound, code: "not-found", detail: detail) }

    static func saturated(_ detail: String = "the server is busy; try again in a moment") -> Problem {
        Problem(.serviceUnavailable, code: "saturated", detail: detail, headers: [.retryAfter: "1"])
    }

    static func tooLarge(limit: Int) -> Problem {
        Problem(.contentTooLarge, code: "too-large", detail: "the request body is larger than the limit of \(limit) bytes")
    }

    static func unsupportedMediaType(_ expected: String) -> Problem {
        Problem(.unsupportedMediaType, code: "unsupported-media-type", detail: "send the body as \(expected)")
    }

    static func badRequest(_ detail: String, code: String = "bad-request", diagnostics: [Diagnostic] = []) -> Problem {
        Problem(.badRequest, code: code, detail: detail, diagnostics: diagnostics)
    }

    /// A query parameter that is `true` or `false`; nil when absent, 400 for anything else.
    static func flag(_ request: Request, _ name: String) throws -> Bool? {
        guard let raw = request.uri.queryParameters[Substring(name)].map(String.init) else { return nil }
        guard raw == "true" || raw == "false" else {
            throw badRequest("\(name) must be true or false", code: "invalid-parameter",
                             diagnostics: [Diagnostic(.error, "must be true or false", at: name)])
        }
        return raw == "true"
    }

    /// A signature asked for on a node that has no signing key (422).
    static func signingNotConfigured(at location: String) -> Problem {
        Problem(.unprocessableContent, code: "signing-not-configured",
                detail: "this service has no signing key (WENSHU_SIGN_KEY_FILE and WENSHU_SIGN_CERT_FILE, or WENSHU_SIGN_P12_FILE)",
                diagnostics: [Diagnostic(.error, "no signing key on this service", at: location)])
    }

    /// What a failed render or validation means for the client: malformed JSON is 400, an unknown
    /// template 404, anything else about the data or the template 422; each diagnostic keeps its place
    /// (JSON path or template line).
    static func from(_ error: DiagnosticError, template: String) -> Problem {
        let errors = error.errors.isEmpty ? error.diagnostics : error.errors
        if errors.count == 1, let only = errors.first, only.message.hasPrefix("template '"), only.message.hasSuffix("not found") {
            return Problem(.notFound, code: "unknown-template", detail: "there is no template named '\(template)'",
                           diagnostics: error.diagnostics)
        }
        if errors.contains(where: { $0.location == "$" && $0.message.hasPrefix("invalid json") }) {
            return Problem(.badRequest, code: "malformed-json", detail: "the body is not valid JSON", diagnostics: error.diagnostics)
        }
        if errors.contains(where: { $0.location == "$" && $0.message.contains("more than the limit") }) {
            return Problem(.contentTooLarge, code: "too-large", detail: "the data is larger than the template engine accepts",
                           diagnostics: error.diagnostics)
        }
        if let stopped = errors.first(where: { $0.code == Diagnostic.Code.timeLimit }) {
            // Retrying the same data stops the same way: 422, not 503, and the detail names the limit.
            return Problem(.unprocessableContent, code: "render-time-limit", detail: stopped.message, diagnostics: error.diagnostics)
        }
        let count = errors.count
        return Problem(.unprocessableContent, code: "invalid-data",
                       detail: "the data does not fit template '\(template)': \(count) problem\(count == 1 ? "" : "s")",
                       diagnostics: error.diagnostics)
    }
}
