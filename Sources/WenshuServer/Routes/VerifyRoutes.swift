import Foundation
import WenshuDelivery
import WenshuStorage
import Hummingbird

extension WenshuServerStack {
    /// `GET /verify/{code}`: public, rate-limited per client address (429 with `Retry-After`).
    func addVerifyRoutes(_ routes: inout RouteTable) {
        routes.on(.get, "/verify/:code") { request, context in
            if let refused = self.throttled(context) { return refused }
            let raw = context.parameters.get("code") ?? ""
            let code = raw.removingPercentEncoding ?? raw
            var record: DocumentRecord?
            // Codes are printed, so typed by hand at worst: try them as given, then in capitals.
            if (4...100).contains(code.utf8.count), code.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) {
                record = try await self.issuer.registry.document(verificationCode: code)
                if record == nil, code.uppercased() != code {
                    record = try await self.issuer.registry.document(verificationCode: code.uppercased())
                }
            }
            guard let record else { return HTML.response(VerifyPage.notFound(), status: .notFound) }
            return Self.page(record)
        }
        // `GET /v/{token}`: the QR's link. The signature proves the token is ours before the
        // database is asked anything; then only the status is read.
        routes.on(.get, "/v/:token") { request, context in
            if let refused = self.throttled(context) { return refused }
            let raw = context.parameters.get("token") ?? ""
            guard let token = VerificationToken.verified(raw, key: self.issuer.tokenKey) else {
                return HTML.response(VerifyPage.forged(), status: .notFound)
            }
            guard let record = try await self.issuer.registry.document(id: token.documentID), record.version == token.version,
                  bytes(fromHex: record.dataSHA256).map({ Array($0.prefix(16)) }) == token.contentDigest else {
                return HTML.response(VerifyPage.notFound(), status: .notFound)
            }
            return Self.page(record)
        }
    }

    /// 429 with `Retry-After` when this client address has asked too often (both verify routes share the budget).
    func throttled(_ context: ServerRequestContext) -> Response? {
        guard let wait = verifyLimiter.take(context.clientAddress) else { return nil }
        return HTML.response(VerifyPage.tooManyRequests(retryAfter: wait), status: .tooManyRequests, extra: [.retryAfter: String(wait)])
    }

    static func page(_ record: DocumentRecord) -> Response {
        HTML.response(VerifyPage.render(record, status: VerifyStatus.of(record, now: Date())))
    }
}
