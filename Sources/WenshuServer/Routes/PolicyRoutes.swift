import Foundation
import Hummingbird
import WenshuDelivery
import WenshuDiagnostics

extension WenshuServerStack {
    /// `POST /v1/policies/{policyNo}/endorsements` and `GET /v1/policies/{policyNo}/documents`: the
    /// policy lifecycle (``DocumentIssuer/endorse(policy:request:)``).
    func addPolicyRoutes(_ routes: inout RouteTable) {
        routes.on(.post, "/v1/policies/:policyNo/endorsements") { request, context in
            let policy = try Self.policyNumber(context)
            let body = try await BodyReader.json(request, limit: self.configuration.maxBodyBytes)
            let endorsement: EndorsementRequest
            do { endorsement = try EndorsementRequest.decode(body) } catch let error as DiagnosticError {
                throw Problem(.unprocessableContent, code: "invalid-request", detail: "the endorsement does not have the expected fields",
                              diagnostics: error.diagnostics)
            }
            let result: EndorsementResult
            do { result = try await self.issuer.endorse(policy: policy, request: endorsement) } catch let error as IssueError {
                throw self.problem(error, template: "endorsement")
            }
            let base = self.configuration.effectivePublicBaseURL
            let json = EndorsementJSON(
                endorsement: DocumentJSON(result.endorsement.record, deliveries: result.endorsement.deliveries,
                                          warnings: result.endorsement.warnings, baseURL: base),
                reissued: result.reissued.map { DocumentJSON($0.record, deliveries: $0.deliveries, warnings: $0.warnings, baseURL: base) })
            var response = try JSONResponse.make(json, status: result.endorsement.created ? .created : .ok)
            response.headers[.location] = "/v1/documents/\(result.endorsement.record.id)"
            return response
        }
        routes.on(.get, "/v1/policies/:policyNo/documents") { request, context in
            let policy = try Self.policyNumber(context)
            let chain: [DocumentRecord]
            do { chain = try await self.issuer.chain(policy: policy) } catch let error as IssueError {
                throw self.problem(error, template: "")
            }
            guard !chain.isEmpty else { throw Problem.notFound("no document of that policy has been issued here") }
            let base = self.configuration.effectivePublicBaseURL
            return try JSONResponse.make(PolicyDocumentsJSON(
                policyNumber: policy, documents: chain.map { DocumentJSON($0, deliveries: [], warnings: nil, baseURL: base) }))
        }
    }

    static func policyNumber(_ context: ServerRequestContext) throws -> String {
        let raw = context.parameters.get("policyNo") ?? ""
        let policy = raw.removingPercentEncoding ?? raw
        guard (1...64).contains(policy.utf8.count), policy.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
            throw Problem(.unprocessableContent, code: "invalid-policy-number", detail: "a policy number is 1–64 printable ASCII characters",
                          diagnostics: [Diagnostic(.error, "must be 1–64 printable ASCII characters", at: "policyNo")])
        }
        return policy
    }
}

struct EndorsementJSON: Encodable {
    var endorsement: DocumentJSON
    var reissued: [DocumentJSON]
}

struct PolicyDocumentsJSON: Encodable {
    var policyNumber: String
    var documents: [DocumentJSON]
}
