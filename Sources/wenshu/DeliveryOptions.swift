import ArgumentParser
import Foundation
import Logging
import WenshuDelivery

/// Options shared by the commands that touch the outbox.
struct DeliveryOptions: ParsableArguments {
    @Option(help: "Data folder: the default SQLite outbox is <data-dir>/outbox.db (WENSHU_DATABASE_URL overrides).")
    var dataDir: String = "var"

    @Flag(help: "Log every delivery attempt (masked) to standard error.")
    var verbose = false

    func logger() -> Logger {
        var logger = Logger(label: "wenshu") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .info : .warning
        return logger
    }

    /// The runtime from the environment; configuration problems exit 78 (EX_CONFIG) with the reason.
    func runtime() async throws -> DeliveryRuntime {
        do {
            return try await DeliveryRuntime.make(environment: try DeliveryEnvironment.load(), dataDirectory: dataDir, logger: logger())
        } catch {
            printError("error: \(error)")
            throw ExitCode(78)
        }
    }
}

/// Runs async work from a synchronous thread (the batch runner's workers).
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let semaphore = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        semaphore.signal()
    }
    semaphore.wait()
    return try box.result!.get()
}

final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
