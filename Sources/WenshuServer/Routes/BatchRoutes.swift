import Foundation
import Hummingbird
import Wenshu
import NIOCore
import WenshuDelivery
import WenshuDiagnostics

extension WenshuServerStack {
    /// `POST /v1/batches` (JSONL body, streamed into chunks as it arrives) and `GET /v1/batches/{id}`.
    func addBatchRoutes(_ routes: inout RouteTable) {
        routes.on(.post, "/v1/batches") { request, context in
            let query = request.uri.queryParameters
            guard let raw = query["template"].map(String.init), !raw.isEmpty else {
                throw Problem.badRequest("give the template: ?template=NAME", code: "invalid-parameter",
                                         diagnostics: [Diagnostic(.error, "required", at: "template")])
            }
            let template = try TemplateName.check(raw)
            do { _ = try self.renderService.template(template) } catch let error as DiagnosticError {
                throw Problem.from(error, template: template)
            }
            try BodyReader.requireMediaType(request, accepted: ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "text/plain"],
                                            suffix: nil, expected: "application/x-ndjson")
            let limit = self.configuration.maxBatchBytes
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw Problem.tooLarge(limit: limit) }
            if let encrypt = query["encrypt"].map(String.init), encrypt != "generate" {
                throw Problem.badRequest("encrypt takes one value, generate: a new password per document, sent in a second email", code: "invalid-parameter",
                                         diagnostics: [Diagnostic(.error, "must be generate", at: "encrypt")])
            }
            let options = BatchOptions(deliverTo: query["deliverTo"].map(String.init), storePrefix: query["storePrefix"].map(String.init),
                                       sign: try Problem.flag(request, "sign"), archive: try Problem.flag(request, "archive"), encryptGenerated: query["encrypt"] == nil ? nil : true)
            if options.encryptGenerated == true, options.deliverTo == nil {
                throw Problem.badRequest("encrypt=generate needs deliverTo: only email copies are encrypted", code: "invalid-parameter",
                                         diagnostics: [Diagnostic(.error, "needs deliverTo", at: "encrypt")])
            }
            if options.sign == true, self.issuer.signer == nil {
                throw Problem.signingNotConfigured(at: "sign")
            }
            if let path = options.deliverTo, !path.hasPrefix("$") || path.count > 200 {
                throw Problem.badRequest("deliverTo is a JSON path such as $.insured.email", code: "invalid-parameter",
                                         diagnostics: [Diagnostic(.error, "must be a JSON path starting with $", at: "deliverTo")])
            }
            if let prefix = options.storePrefix, prefix.count > 200 || prefix.hasPrefix("/") || prefix.contains("..") {
                throw Problem.badRequest("storePrefix is a relative key prefix such as certificates/2025/", code: "invalid-parameter",
                                         diagnostics: [Diagnostic(.error, "must be a relative key prefix", at: "storePrefix")])
            }
            let batch: BatchRecord
            do {
                batch = try await self.batchIntake.receive(template: template, options: options, body: LimitedBody(base: request.body, limit: limit))
            } catch let problem as Problem {
                throw problem
            } catch let error as DiagnosticError {
                throw Problem.from(error, template: template)
            }
            struct Accepted: Encodable { var id: String; var state: String; var total: Int }
            var response = try JSONResponse.make(Accepted(id: batch.id, state: batch.state.rawValue, total: batch.total), status: .accepted)
            response.headers[.location] = "/v1/batches/\(batch.id)"
            return response
        }
        routes.on(.get, "/v1/batches/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard id.utf8.count <= 100, let batch = try await self.issuer.registry.batch(id: id) else {
                throw Problem.notFound("there is no batch with that id")
            }
            let failures = try await self.issuer.registry.batchFailures(id: id, limit: 1000)
            struct Failure: Encodable { var record: Int; var diagnostics: [String] }
            struct Body: Encodable {
                var id: String; var template: String; var state: String; var total: Int; var done: Int; var failed: Int
                var createdAt: String; var finishedAt: String?; var failures: [Failure]
            }
            return try JSONResponse.make(Body(
                id: batch.id, template: batch.template, state: batch.state.rawValue, total: batch.total, done: batch.done,
                failed: batch.failed, createdAt: JSONResponse.timestamp(batch.createdAt), finishedAt: batch.finishedAt.map(JSONResponse.timestamp),
                failures: failures.map { Failure(record: $0.record, diagnostics: $0.diagnostics) }))
        }
    }

    var batchIntake: BatchIntake { BatchIntake(registry: issuer.registry) }
}

/// A request body that fails with 413 once more than `limit` bytes have arrived, so a batch is never
/// held in memory or read without bound.
struct LimitedBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer
    let base: Base
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let limit: Int
        var seen = 0
        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            seen += buffer.readableBytes
            if seen > limit { throw Problem.tooLarge(limit: limit) }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), limit: limit) }
}
