import Crypto
import Foundation
public import Hummingbird
public import Logging
public import NIOCore
import ServiceLifecycle
public import Wenshu
public import WenshuDelivery
import WenshuDiagnostics
import WenshuSigning
public import WenshuStorage
import WenshuText

/// Everything one node of the service runs on: render service and pool, delivery runtime, document
/// store and issuer. Build it once, then ``makeApplication(onServerRunning:)``; after the
/// application returns, ``shutdown()``.
public final class WenshuServerStack: Sendable {
    public let configuration: ServerConfiguration
    public let renderService: RenderService
    public let runtime: DeliveryRuntime
    public let documents: any ObjectStore
    public let issuer: DocumentIssuer
    public let pool: RenderPool
    public let metrics: ServerMetrics
    let readiness = Readiness()
    let verifyLimiter: RateLimiter
    let templatesDirectories: [String]
    let logger: Logger

    /// - Parameter renderService: nil builds one from `configuration.fontsDirectory`/`templatesDirectory`
    ///   or, when those are nil, `RenderService.standard()`.
    public static func make(configuration: ServerConfiguration, renderService: RenderService? = nil,
                            logger: Logger) async throws -> WenshuServerStack {
        let service: RenderService
        var templateDirectories: [String]
        if let renderService {
            service = renderService
            templateDirectories = configuration.templatesDirectory.map { [$0] } ?? []
        } else if let fonts = configuration.fontsDirectory {
            let templates = configuration.templatesDirectory
                ?? ((fonts as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Templates")
            service = RenderService(fonts: try FontBook(directory: fonts), templateSearchPaths: [templates])
            templateDirectories = [templates]
        } else {
            do { service = try RenderService.standard() } catch {
                throw ServerConfigurationError("fonts: \(error.description)")
            }
            templateDirectories = configuration.templatesDirectory.map { [$0] } ?? []
        }
        if templateDirectories.isEmpty {
            templateDirectories = ["Templates"]
            if let fonts = FontBook.defaultDirectory() {
                templateDirectories.append(((fonts as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Templates"))
            }
        }
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let documents: any ObjectStore
        do { documents = try StoreURL.parse(configuration.effectiveDocumentsURL, environment: configuration.delivery.values) } catch {
            throw ServerConfigurationError("WENSHU_STORE_URL: \(error.message)")
        }
        let signer: PDFSigner?
        do { signer = try configuration.signing.signer() } catch { throw ServerConfigurationError("signing: \(error.message)") }
        let tokenKey = try VerificationKey.load(file: configuration.delivery["WENSHU_VERIFY_KEY_FILE"], dataDirectory: configuration.dataDirectory)
        let runtime = try await DeliveryRuntime.make(environment: configuration.delivery, dataDirectory: configuration.dataDirectory,
                                                     logger: logger)
        return WenshuServerStack(configuration: configuration, renderService: service, runtime: runtime, documents: documents,
                                 templatesDirectories: templateDirectories, tokenKey: tokenKey, signer: signer, logger: logger)
    }

    private init(configuration: ServerConfiguration, renderService: RenderService, runtime: DeliveryRuntime,
                 documents: any ObjectStore, templatesDirectories: [String], tokenKey: VerificationKey, signer: PDFSigner?, logger: Logger) {
        self.configuration = configuration
        self.renderService = renderService
        self.runtime = runtime
        self.documents = documents
        self.templatesDirectories = templatesDirectories
        self.logger = logger
        let pool = RenderPool(threads: configuration.renderThreads, queueLimit: configuration.renderQueue)
        let metrics = ServerMetrics.shared
        self.pool = pool
        self.metrics = metrics
        self.verifyLimiter = RateLimiter(perMinute: configuration.verifyPerMinute, maxClients: configuration.verifyClients)
        let outbox = runtime.worker(options: OutboxWorker.Options(onAttempt: { channel, outcome in
            metrics.delivery(channel: channel.rawValue, outcome: outcome.name)
        }))
        self.outbox = outbox
        self.issuer = DocumentIssuer(
            renderService: renderService, runtime: runtime, documents: documents,
            publicBaseURL: configuration.effectivePublicBaseURL,
            render: { template, data, options in
                do {
                    return try await Self.render(service: renderService, pool: pool, metrics: metrics, template: template, data: data,
                                                 options: options, timeLimit: configuration.renderTimeLimit)
                } catch is RenderPoolSaturated {
                    throw IssueError.saturated
                }
            },
            // This node's worker starts on a document's deliveries at once, not at its next poll
            // (other nodes hear PostgreSQL's NOTIFY, or poll).
            onEnqueued: { outbox.wake.signal() }, tokenKey: tokenKey, signer: signer)
    }

    /// The node's outbox worker; it counts every attempt in `wenshu_deliveries_total`.
    let outbox: OutboxWorker

    /// Renders on the pool. Throws `DiagnosticError` for bad input, `RenderPoolSaturated` when full.
    public func render(template: String, data: [UInt8], options: RenderOptions) async throws -> RenderResult {
        try await Self.render(service: renderService, pool: pool, metrics: metrics, template: template, data: data, options: options,
                              timeLimit: configuration.renderTimeLimit)
    }

    /// Every render of the service goes through here, with the configured time limit unless the
    /// caller set a shorter one.
    static func render(service: RenderService, pool: RenderPool, metrics: ServerMetrics, template: String, data: [UInt8],
                       options: RenderOptions, timeLimit: Duration) async throws -> RenderResult {
        var limited = options
        let limit = Double(timeLimit.components.seconds) + Double(timeLimit.components.attoseconds) / 1e18
        limited.timeLimit = min(options.timeLimit ?? limit, limit)
        let options = limited
        let result = try await pool.run { () throws -> (RenderResult, Duration) in
            // Side threads only while a core is free: with every render thread busy they would only hand off.
            var options = options
            let load = pool.load
            options.sideThreads = options.sideThreads && load.busy < pool.threads && load.waiting == 0
            let clock = ContinuousClock()
            var result: RenderResult?
            let elapsed = try clock.measure { result = try service.render(template: template, data: data, options: options) }
            return (result!, elapsed)
        }
        metrics.render(template: template, format: options.format.rawValue, duration: result.1)
        return result.0
    }

    /// The HTTP application with the workers as its services (unless `runWorkers` is false): server
    /// first to stop on SIGTERM/SIGINT, then the batch worker, then the outbox worker, which finishes
    /// its sends and gives back its leases.
    public func makeApplication(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        -> Application<RouterResponder<ServerRequestContext>> {
        var services: [any Service] = []
        if configuration.runWorkers {
            let outbox = self.outbox
            services.append(StoppableService(name: "outbox worker", logger: logger, run: { _ = try await outbox.run() }, stop: { outbox.stop() }))
            let batches = BatchWorker(issuer: issuer, logger: logger)
            services.append(StoppableService(name: "batch worker", logger: logger, run: { try await batches.run() }, stop: { batches.stop() }))
        }
        services.append(StartupService(stack: self))
        return Application(
            router: buildRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "wenshu"),
            services: services, onServerRunning: onServerRunning, logger: logger)
    }

    /// Stops the render threads and closes the delivery runtime (database, SMTP connections).
    public func shutdown() async {
        pool.shutdown()
        await runtime.shutdown()
    }
}

/// Builds the stack from `configuration`, serves until SIGTERM or SIGINT, then shuts down in order:
/// stop accepting, finish requests and renders in flight, stop the workers, close the database.
public func runWenshuServer(configuration: ServerConfiguration, logger: Logger) async throws {
    let stack = try await WenshuServerStack.make(configuration: configuration, logger: logger)
    let app = stack.makeApplication { channel in
        logger.notice("serving", metadata: ["address": .string(channel.localAddress?.description ?? "?"),
                                            "public": .string(configuration.effectivePublicBaseURL)])
    }
    do { try await app.runService() } catch {
        await stack.shutdown()
        throw error
    }
    await stack.shutdown()
}
