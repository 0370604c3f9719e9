import Foundation
import Hummingbird
import WenshuDelivery

extension WenshuServerStack {
    /// `GET /v1/deliveries/{id}`: a job's state and every attempt. Email addresses are masked, also
    /// where a mail server quoted one in its reply.
    func addDeliveryRoutes(_ routes: inout RouteTable) {
        routes.on(.get, "/v1/deliveries/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard id.utf8.count <= 100, let job = try await self.runtime.store.job(id: id) else {
                throw Problem.notFound("there is no delivery with that id")
            }
            let attempts = try await self.runtime.store.attempts(jobID: id)
            struct Attempt: Encodable {
                var at: String; var outcome: String; var code: Int?; var reply: String; var target: String; var durationMs: Int
            }
            struct Body: Encodable {
                var id: String; var channel: String; var state: String; var target: String; var document: String?
                var fileName: String; var attempts: Int; var createdAt: String; var updatedAt: String; var nextAttemptAt: String?
                var lastCode: Int?; var lastReply: String?; var attemptLog: [Attempt]
            }
            return try JSONResponse.make(Body(
                id: job.id, channel: job.channel.rawValue, state: job.state.rawValue, target: OutboxDisplay.target(job),
                document: job.metadata["document"], fileName: job.fileName, attempts: job.attempts,
                createdAt: JSONResponse.timestamp(job.createdAt), updatedAt: JSONResponse.timestamp(job.updatedAt),
                nextAttemptAt: job.state.isFinal ? nil : JSONResponse.timestamp(job.nextAttemptAt),
                lastCode: job.lastCode, lastReply: job.lastReply.map(Self.maskAddresses),
                attemptLog: attempts.map {
                    Attempt(at: JSONResponse.timestamp($0.at), outcome: $0.outcome, code: $0.code, reply: Self.maskAddresses($0.reply),
                            target: $0.channel == .email ? Self.maskAddresses($0.maskedTarget) : $0.maskedTarget, durationMs: $0.durationMilliseconds)
                }))
        }
    }

    /// Masks every word that looks like an email address (`z***@e***.com`).
    static func maskAddresses(_ text: String) -> String {
        guard text.contains("@") else { return text }
        var out = ""
        var word = ""
        func flush() {
            if word.contains("@"), !word.contains("***") {
                let trimmed = word.trimmingCharacters(in: CharacterSet(charactersIn: "<>()[],;:\"'"))
                out += word.replacingOccurrences(of: trimmed, with: OutboxDisplay.mask(trimmed))
            } else { out += word }
            word = ""
        }
        for ch in text {
            if ch.isWhitespace { flush(); out.append(ch) } else { word.append(ch) }
        }
        flush()
        return out
    }
}
