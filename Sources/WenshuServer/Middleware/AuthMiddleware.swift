import Foundation
import Hummingbird

/// Every `/v1` route needs `Authorization: Bearer <token>` with the scope of its family
/// (`/v1/render/…` needs `render`, and so on). Missing or wrong: 401 with `WWW-Authenticate`;
/// a valid token without the scope: 403. The context carries the token's name for the log line.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let authenticator: TokenAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/v1" || path.hasPrefix("/v1/") else { return try await next(request, context) }
        let challenge: HTTPFields = [.wwwAuthenticate: "Bearer realm=\"wenshu\""]
        guard let header = request.headers[.authorization] else {
            throw Problem(.unauthorized, code: "unauthorized", detail: "send Authorization: Bearer <token>", headers: challenge)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem(.unauthorized, code: "unauthorized", detail: "send Authorization: Bearer <token>",
                          headers: [.wwwAuthenticate: "Bearer realm=\"wenshu\", error=\"invalid_request\""])
        }
        guard let token = authenticator.authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw Problem(.unauthorized, code: "unauthorized", detail: "the token is not valid",
                          headers: [.wwwAuthenticate: "Bearer realm=\"wenshu\", error=\"invalid_token\""])
        }
        context.tokenName = token.name
        let family = path.split(separator: "/").dropFirst().first.map(String.init) ?? ""
        // A policy's endorsements and document chain are documents business.
        if let scope = APIScope(rawValue: family == "policies" ? "documents" : family), !token.scopes.contains(scope) {
            throw Problem(.forbidden, code: "forbidden", detail: "the token has no '\(scope.rawValue)' scope")
        }
        return try await next(request, context)
    }
}
