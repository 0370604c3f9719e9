import Foundation
import WenshuDiagnostics
import WenshuTemplates
import Logging
import ServiceLifecycle
import Synchronization
import Wenshu
import WenshuDelivery

/// A worker as a lifecycle service: graceful shutdown calls its `stop()` and waits for `run()` to
/// return (the outbox worker finishes its sends and releases its leases).
struct StoppableService: Service {
    let name: String
    let logger: Logger
    let body: @Sendable () async throws -> Void
    let stop: @Sendable () -> Void

    init(name: String, logger: Logger, run: @escaping @Sendable () async throws -> Void, stop: @escaping @Sendable () -> Void) {
        self.name = name; self.logger = logger; self.body = run; self.stop = stop
    }

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await body()
        } onGracefulShutdown: {
            logger.info("stopping", metadata: ["service": .string(name)])
            stop()
        }
        logger.info("stopped", metadata: ["service": .string(name)])
    }
}

/// Whether the node can serve: templates loaded; `/health/ready` also asks the database each time.
final class Readiness: Sendable {
    private let loaded = Atomic<Bool>(false)
    var templatesLoaded: Bool { loaded.load(ordering: .acquiring) }
    func markLoaded() { loaded.store(true, ordering: .releasing) }
}

/// Loads every template, issues the sample document if the registry has none, then marks the node
/// ready and waits for shutdown (a service that returned early would stop the group).
struct StartupService: Service {
    let stack: WenshuServerStack

    func run() async throws {
        for name in stack.templateNames() {
            do { _ = try stack.renderService.template(name) } catch {
                stack.logger.error("template does not load", metadata: ["template": .string(name), "error": .string(error.description)])
            }
        }
        stack.readiness.markLoaded()
        if stack.configuration.seedSample { await stack.seedSample() }
        try? await gracefulShutdown()
    }
}

extension WenshuServerStack {
    /// Idempotency key of the e-policy sample issued on start.
    static let sampleKey = "sample:epolicy"

    /// Template folder names (those holding `template.yaml`), sorted, without duplicates.
    func templateNames() -> [String] {
        var names: Set<String> = []
        for directory in templatesDirectories {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for entry in entries where FileManager.default.fileExists(atPath: directory + "/" + entry + "/template.yaml") {
                names.insert(entry)
            }
        }
        return names.sorted()
    }

    func seedSample() async {
        do {
            if try await issuer.registry.document(idempotencyKey: Self.sampleKey) != nil { return }
            let template = try renderService.template("epolicy")
            guard let path = template.samples.first, let data = FileManager.default.contents(atPath: path) else { return }
            _ = try await issuer.issue(IssueRequest(template: "epolicy", data: Array(data), deliver: [], idempotencyKey: Self.sampleKey))
            logger.info("issued the sample e-policy for the index page")
        } catch {
            logger.warning("could not issue the sample e-policy", metadata: ["error": .string("\(error)")])
        }
    }

    func sampleDocument() async -> DocumentRecord? {
        try? await issuer.registry.document(idempotencyKey: Self.sampleKey)
    }
}
