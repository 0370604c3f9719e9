import ArgumentParser
import Foundation
import Logging
import WenshuDelivery
import WenshuDiagnostics
import WenshuServer

/// `wenshu endorse`: the same policy lifecycle step as `POST /v1/policies/{no}/endorsements`, on the
/// configured database and document store: renders the endorsement, re-issues the affected
/// documents, supersedes the old versions and enqueues the deliveries in one transaction. The
/// deliveries are sent by `wenshu outbox run` (or a running `wenshu serve`).
struct EndorseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endorse",
        abstract: "Endorse an issued policy (批单): re-issue its documents, supersede the old versions, enqueue the email.",
        discussion: """
            --data holds {kind, effective, changes: [{path | paths, after, before?, labelZh?, labelEn?, format?}], \
            premium?, text?, number?, reissue?, deliver?: [{channel: email, to} | {channel: store, key?}], idempotencyKey?}. \
            kind is passport, name, extension, cancellation or other; a cancellation marks every document of the \
            policy cancelled. Prints the endorsement and the re-issued documents as JSON lines.
            """)

    @Option(help: "Policy number.") var policy: String
    @Option(help: "The endorsement request (JSON).") var data: String
    @Option(help: "Email the endorsement and the re-issued documents to this address (adds to the request's deliver).")
    var to: String?
    @Option(help: "Data folder: the SQLite database and, unless WENSHU_STORE_URL is set, the issued documents.")
    var dataDir: String = "var"

    func run() async throws {
        guard let bytes = FileManager.default.contents(atPath: data), (try? FileManager.default.attributesOfItem(atPath: data)[.type] as? FileAttributeType) != .typeDirectory else {
            printError("error: cannot read '\(data)'")
            throw ExitCode(66)
        }
        var request: EndorsementRequest
        do { request = try EndorsementRequest.decode(Array(bytes)) } catch {
            printError("\(data): \(error.description)")
            throw ExitCode(65)
        }
        if let to { request.deliver = (request.deliver ?? []) + [DeliverySpec(channel: "email", to: to)] }
        var logger = Logger(label: "wenshu") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let stack: WenshuServerStack
        do {
            var configuration = try ServerConfiguration.fromEnvironment(try DeliveryEnvironment.load(), host: "127.0.0.1", port: 0, dataDirectory: dataDir)
            configuration.runWorkers = false
            stack = try await WenshuServerStack.make(configuration: configuration, logger: logger)
        } catch {
            printError("error: \(error)")
            throw ExitCode(78)
        }
        let outcome: Result<EndorsementResult, IssueError>
        do { outcome = .success(try await stack.issuer.endorse(policy: policy, request: request)) } catch { outcome = .failure(error) }
        await stack.shutdown()
        switch outcome {
        case .success(let result):
            for doc in [result.endorsement] + result.reissued {
                let r = doc.record
                print("{\"id\":\"\(r.id)\",\"template\":\"\(r.template)\",\"version\":\(r.version),\"status\":\"\(r.status.rawValue)\",\"verificationCode\":\"\(r.verificationCode)\",\"created\":\(doc.created),\"deliveries\":\(doc.deliveries.count)}")
                for warning in doc.warnings { printError(warning.description) }
            }
        case .failure(let error):
            printError("error: \(error.description)")
            switch error {
            case .invalid, .conflict: throw ExitCode(65)
            case .notFound: throw ExitCode(66)
            case .saturated, .failed: throw ExitCode(75)
            }
        }
    }
}
