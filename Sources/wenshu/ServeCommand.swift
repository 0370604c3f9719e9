import ArgumentParser
import Foundation
import Logging
import WenshuDelivery
import WenshuServer

/// `wenshu serve`: the HTTP API, the outbox worker and the batch worker in one process, until
/// SIGTERM or SIGINT (then requests and sends in flight finish, and leases are given back).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (render, documents, batches, verify pages) and run the delivery workers.",
        discussion: """
            /v1 routes need Authorization: Bearer <token>; tokens come from WENSHU_API_TOKENS \
            (name:token:scope+scope, comma-separated; scopes render, documents, deliveries, batches or *) \
            or WENSHU_API_TOKENS_FILE (one entry a line). Also: WENSHU_PUBLIC_URL, WENSHU_STORE_URL, \
            WENSHU_RENDER_THREADS, WENSHU_RENDER_QUEUE, WENSHU_MAX_BODY_BYTES, WENSHU_REQUEST_TIMEOUT_MS, \
            WENSHU_SERVE_WORKERS=0 (HTTP only), and the delivery variables (see README). The API is \
            described at /openapi.yaml.
            """)

    @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 8080
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Data folder: the SQLite outbox and, unless WENSHU_STORE_URL is set, the issued documents.")
    var dataDir: String = "var"
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level: trace, debug, info, notice, warning or error") }
    }

    func run() async throws {
        var logger = Logger(label: "wenshu") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.fromEnvironment(try DeliveryEnvironment.load(), host: host, port: port, dataDirectory: dataDir)
        } catch {
            printError("error: \(error)")
            throw ExitCode(78)
        }
        if configuration.tokens.isEmpty {
            logger.warning("no API tokens: set WENSHU_API_TOKENS or WENSHU_API_TOKENS_FILE; every /v1 request will be refused")
        }
        do { try await runWenshuServer(configuration: configuration, logger: logger) } catch let error as ServerConfigurationError {
            printError("error: \(error)")
            throw ExitCode(78)
        }
    }
}
