import Foundation
import Hummingbird
import Logging

/// The outermost middleware: gives the request an id (or keeps a short safe `X-Request-Id`), turns
/// every error into problem+json, adds the security headers, counts the request and logs one line.
///
/// The log names the route pattern, never the raw path: `/verify/{code}` carries a secret-ish code.
/// No body, query or header value is logged.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let logger: Logger
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        context.requestID = Self.requestID(request.headers[.init("X-Request-Id")!])
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = problem.response()
        } catch let error as HTTPError {
            response = Self.problem(from: error).response()
        } catch let error as any HTTPResponseError {
            response = Problem(error.status, code: Self.code(for: error.status), detail: error.status.reasonPhrase).response()
        } catch is CancellationError {
            response = Problem.saturated("the request was cancelled before it finished").response()
        } catch {
            logger.error("unexpected error", metadata: ["request": .string(context.requestID), "error.type": .string("\(type(of: error))")])
            response = Problem(.internalServerError, code: "internal", detail: "the server failed; the request id is in X-Request-Id").response()
        }
        response.headers[.init("X-Request-Id")!] = context.requestID
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        }
        let route = context.endpointPath ?? "unmatched"
        let status = response.status.code
        metrics.request(route: "\(request.method.rawValue) \(route)", status: status)
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("request", metadata: [
            "request": .string(context.requestID), "method": .string(request.method.rawValue), "route": .string(route),
            "status": .stringConvertible(status), "ms": .string(String(format: "%.1f", ms)),
            "token": .string(context.tokenName ?? "-"),
        ])
        return response
    }

    /// A client's id is kept when it is 1–64 characters of `A-Z a-z 0-9 - _ .`; anything else is
    /// replaced (it would end up in logs).
    static func requestID(_ given: String?) -> String {
        if let given, (1...64).contains(given.utf8.count),
           given.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 || $0 == 46 }) {
            return given
        }
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in "0123456789abcdef".randomElement(using: &generator)! })
    }

    static func problem(from error: HTTPError) -> Problem {
        var problem = Problem(error.status, code: code(for: error.status), detail: error.body ?? error.status.reasonPhrase)
        for field in error.headers { problem.headers.append(field) }
        if error.status == .contentTooLarge { problem.detail = "the request body is too large" }
        if error.status == .notFound { problem.detail = "no such route" }
        return problem
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad-request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not-found"
        case 405: "method-not-allowed"
        case 413: "too-large"
        case 415: "unsupported-media-type"
        case 422: "invalid-data"
        case 429: "rate-limited"
        case 503: "saturated"
        default: status.code >= 500 ? "internal" : "bad-request"
        }
    }
}
