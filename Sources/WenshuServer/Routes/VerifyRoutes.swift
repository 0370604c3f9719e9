import Foundation
import WenshuDelivery
import Hummingbird

extension WenshuServerStack {
    /// `GET /verify/{code}`: public, rate-limited per client address (429 with `Retry-After`).
    func addVerifyRoutes(_ routes: inout RouteTable) {
        routes.on(.get, "/verify/:code") { request, context in
            if let wait = self.verifyLimiter.take(context.clientAddress) {
                return HTML.response(VerifyPage.tooManyRequests(retryAfter: wait), status: .tooManyRequests,
                                     extra: [.retryAfter: String(wait)])
            }
            let code = (context.parameters.get("code") ?? "").uppercased()
            guard (8...64).contains(code.utf8.count), code.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) }),
                  let record = try await self.issuer.registry.document(verificationCode: code) else {
                return HTML.response(VerifyPage.notFound(), status: .notFound)
            }
            return HTML.response(VerifyPage.render(record, status: VerifyStatus.of(record, now: Date())))
        }
    }
}
