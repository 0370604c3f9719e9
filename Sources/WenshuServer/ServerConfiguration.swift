public import WenshuDiagnostics
import Foundation
public import Wenshu
public import WenshuDelivery
public import WenshuSigning
import WenshuText

/// Everything `wenshu serve` needs, as one value: tests and the load harness build it directly,
/// the command builds it from the environment with ``fromEnvironment(_:host:port:dataDirectory:)``.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests); the bound port is reported by `onServerRunning`.
    public var port: Int
    /// The SQLite outbox (`<dir>/outbox.db`) and, by default, the documents folder live here.
    public var dataDirectory: String
    /// Delivery settings (SMTP, store, database, retries): the same variables as `wenshu deliver`.
    public var delivery: DeliveryEnvironment
    /// Where issued documents are kept: `WENSHU_STORE_URL`, else `file://<data-dir>/documents`.
    public var documentsURL: String?
    /// Base of the verify links printed in documents; nil means `http://<host>:<port>`.
    public var publicBaseURL: String?
    public var tokens: [APIToken]
    public var renderThreads: Int
    public var renderQueue: Int
    /// Largest JSON request body (render, documents).
    public var maxBodyBytes: Int
    /// Largest JSONL batch body, read as a stream.
    public var maxBatchBytes: Int
    /// Longest a request may take before it is answered 503.
    public var requestTimeout: Duration
    /// Longest one render may run on a render thread; past it the render stops with an error (a
    /// hostile record cannot hold a thread for minutes). Default 20 s.
    public var renderTimeLimit: Duration = .seconds(20)
    /// Verify page: requests per minute per client address, and how many addresses are tracked.
    public var verifyPerMinute: Int
    public var verifyClients: Int
    /// Run the outbox worker and the batch worker in this process (one process by default).
    public var runWorkers: Bool
    /// Issue the e-policy sample on start when the registry has none, so the index has a verify link.
    public var seedSample: Bool
    /// Fonts and templates; nil uses `RenderService.standard()`'s (beside the cwd or the executable).
    public var fontsDirectory: String?
    public var templatesDirectory: String?
    /// The insurer's signing key and certificates (`WENSHU_SIGN_*`): when set, every issued document
    /// is signed (PAdES B-B, or B-T with `WENSHU_TSA_URL`) unless a request asks for `sign: false`.
    public var signing = SignerFiles()

    public init(host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "var",
                delivery: DeliveryEnvironment = DeliveryEnvironment(values: [:]), documentsURL: String? = nil,
                publicBaseURL: String? = nil, tokens: [APIToken] = [],
                renderThreads: Int = ProcessInfo.processInfo.activeProcessorCount, renderQueue: Int = 64,
                maxBodyBytes: Int = 8 << 20, maxBatchBytes: Int = 512 << 20, requestTimeout: Duration = .seconds(30),
                verifyPerMinute: Int = 30, verifyClients: Int = 10_000, runWorkers: Bool = true, seedSample: Bool = true,
                fontsDirectory: String? = nil, templatesDirectory: String? = nil) {
        self.host = host; self.port = port; self.dataDirectory = dataDirectory; self.delivery = delivery
        self.documentsURL = documentsURL; self.publicBaseURL = publicBaseURL; self.tokens = tokens
        self.renderThreads = renderThreads; self.renderQueue = renderQueue; self.maxBodyBytes = maxBodyBytes
        self.maxBatchBytes = maxBatchBytes; self.requestTimeout = requestTimeout; self.verifyPerMinute = verifyPerMinute
        self.verifyClients = verifyClients; self.runWorkers = runWorkers; self.seedSample = seedSample
        self.fontsDirectory = fontsDirectory; self.templatesDirectory = templatesDirectory
    }

    /// The public base URL in effect.
    public var effectivePublicBaseURL: String {
        var base = publicBaseURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// The documents store URL in effect.
    public var effectiveDocumentsURL: String {
        documentsURL ?? "file://" + URL(fileURLWithPath: dataDirectory).appendingPathComponent("documents").path
    }

    /// Reads `WENSHU_API_TOKENS`, `WENSHU_API_TOKENS_FILE`, `WENSHU_STORE_URL`, `WENSHU_PUBLIC_URL`,
    /// `WENSHU_RENDER_THREADS`, `WENSHU_RENDER_QUEUE`, `WENSHU_MAX_BODY_BYTES`, `WENSHU_MAX_BATCH_BYTES`,
    /// `WENSHU_REQUEST_TIMEOUT_MS`, `WENSHU_RENDER_TIME_LIMIT_MS`, `WENSHU_VERIFY_PER_MINUTE`, `WENSHU_SERVE_WORKERS` (`0` runs the
    /// HTTP server alone), and the signer's `WENSHU_SIGN_KEY_FILE`, `WENSHU_SIGN_CERT_FILE`, `WENSHU_SIGN_CHAIN_FILE`,
    /// `WENSHU_SIGN_P12_FILE`, `WENSHU_SIGN_P12_PASSWORD_FILE`, `WENSHU_SIGN_RSA_PSS`, `WENSHU_TSA_URL`, `WENSHU_TSA_TIMEOUT_S`.
    public static func fromEnvironment(_ environment: DeliveryEnvironment, host: String, port: Int,
                                       dataDirectory: String) throws -> ServerConfiguration {
        func integer(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let text = environment[key] else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                throw ServerConfigurationError("\(key) must be a whole number in \(range.lowerBound)...\(range.upperBound), not '\(text.prefix(40))'")
            }
            return value
        }
        var tokens: [APIToken] = []
        if let list = environment["WENSHU_API_TOKENS"] {
            tokens += try APIToken.parseList(list, separator: ",", source: "WENSHU_API_TOKENS")
        }
        if let file = environment["WENSHU_API_TOKENS_FILE"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ServerConfigurationError("WENSHU_API_TOKENS_FILE: cannot read the file it names")
            }
            tokens += try APIToken.parseList(text, separator: "\n", source: "WENSHU_API_TOKENS_FILE")
        }
        var configuration = ServerConfiguration(
            host: host, port: port, dataDirectory: dataDirectory, delivery: environment,
            documentsURL: environment["WENSHU_STORE_URL"], publicBaseURL: environment["WENSHU_PUBLIC_URL"], tokens: tokens,
            renderThreads: try integer("WENSHU_RENDER_THREADS", ProcessInfo.processInfo.activeProcessorCount, 1...256),
            renderQueue: try integer("WENSHU_RENDER_QUEUE", 64, 0...100_000),
            maxBodyBytes: try integer("WENSHU_MAX_BODY_BYTES", 8 << 20, 1...(1 << 30)),
            maxBatchBytes: try integer("WENSHU_MAX_BATCH_BYTES", 512 << 20, 1...(1 << 40)),
            requestTimeout: .milliseconds(try integer("WENSHU_REQUEST_TIMEOUT_MS", 30_000, 100...3_600_000)),
            verifyPerMinute: try integer("WENSHU_VERIFY_PER_MINUTE", 30, 1...1_000_000),
            runWorkers: environment["WENSHU_SERVE_WORKERS"] != "0")
        configuration.renderTimeLimit = .milliseconds(try integer("WENSHU_RENDER_TIME_LIMIT_MS", 20_000, 100...3_600_000))
        configuration.signing = SignerFiles(
            keyFile: environment["WENSHU_SIGN_KEY_FILE"], certificateFile: environment["WENSHU_SIGN_CERT_FILE"],
            chainFile: environment["WENSHU_SIGN_CHAIN_FILE"], pkcs12File: environment["WENSHU_SIGN_P12_FILE"],
            pkcs12PasswordFile: environment["WENSHU_SIGN_P12_PASSWORD_FILE"], rsaPSS: environment["WENSHU_SIGN_RSA_PSS"] == "1",
            timestampAuthorityURL: environment["WENSHU_TSA_URL"],
            timestampTimeout: .seconds(try integer("WENSHU_TSA_TIMEOUT_S", 15, 1...600)))
        if let conflict = configuration.signing.conflict(names: (
            key: "WENSHU_SIGN_KEY_FILE", certificate: "WENSHU_SIGN_CERT_FILE", chain: "WENSHU_SIGN_CHAIN_FILE", pkcs12: "WENSHU_SIGN_P12_FILE",
            pkcs12Password: "WENSHU_SIGN_P12_PASSWORD_FILE", rsaPSS: "WENSHU_SIGN_RSA_PSS", tsa: "WENSHU_TSA_URL")) {
            throw ServerConfigurationError(conflict)
        }
        return configuration
    }
}

/// A configuration value that cannot be used; the message names the variable, never a secret.
public struct ServerConfigurationError: DiagnosticConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension ServerConfiguration {
    /// A render service on explicit fonts and templates folders, for callers (tests, the load
    /// harness) that share one across several stacks instead of loading the fonts for each.
    public static func renderService(fontsDirectory: String, templatesDirectory: String) throws -> RenderService {
        RenderService(fonts: try FontBook(directory: fontsDirectory), templateSearchPaths: [templatesDirectory])
    }
}
