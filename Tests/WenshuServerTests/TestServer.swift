import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import Wenshu
import WenshuDelivery
import WenshuServer

/// Builds a server stack on a fresh temporary data folder (SQLite outbox, file store) with the
/// repository's fonts and templates, and known tokens.
enum TestServer {
    static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let renderService: RenderService = try! ServerConfiguration.renderService(
        fontsDirectory: repository + "/Fonts", templatesDirectory: repository + "/Templates")

    static let allToken = "all-scopes-token-0123456789"
    static let renderToken = "render-only-token-0123456789"

    static func configuration() -> ServerConfiguration {
        let directory = NSTemporaryDirectory() + "wenshu-server-tests-" + UUID().uuidString
        return ServerConfiguration(
            host: "127.0.0.1", port: 0, dataDirectory: directory,
            tokens: [APIToken(name: "ops", token: allToken, scopes: Set(APIScope.allCases)),
                     APIToken(name: "renderer", token: renderToken, scopes: [.render])],
            renderThreads: 2, renderQueue: 8, seedSample: false, templatesDirectory: repository + "/Templates")
    }

    static var logger: Logger {
        var logger = Logger(label: "wenshu-test")
        logger.logLevel = .warning
        return logger
    }

    /// Runs `test` against a fresh app through the router (no socket) unless `setup` says otherwise.
    static func run(_ setup: TestingSetup = .router, configure: (inout ServerConfiguration) -> Void = { _ in },
                    _ test: @escaping @Sendable (WenshuServerStack, any TestClientProtocol) async throws -> Void) async throws {
        var configuration = configuration()
        configure(&configuration)
        let stack = try await WenshuServerStack.make(configuration: configuration, renderService: renderService, logger: logger)
        let app = stack.makeApplication()
        do {
            try await app.test(setup) { client in try await test(stack, client) }
        } catch {
            await stack.shutdown()
            throw error
        }
        await stack.shutdown()
        try? FileManager.default.removeItem(atPath: configuration.dataDirectory)
    }

    static func sample(_ name: String) -> ByteBuffer {
        ByteBuffer(bytes: Array(FileManager.default.contents(atPath: repository + "/samples/\(name).json")!))
    }

    static func auth(_ token: String = allToken, json: Bool = true) -> HTTPFields {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if json { headers[.contentType] = "application/json" }
        return headers
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    static func text(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }
}
