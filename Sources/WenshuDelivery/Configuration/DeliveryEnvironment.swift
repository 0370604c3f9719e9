import Foundation

/// Settings from the environment, optionally from a file first (`WENSHU_CONFIG_FILE`: `KEY=VALUE`
/// lines, `#` comments); the environment wins over the file. Secrets are read here and never printed:
/// `describe` shows them as `***`.
public struct DeliveryEnvironment: Sendable {
    public var values: [String: String]

    public init(values: [String: String]) { self.values = values }

    public static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DeliveryEnvironment {
        var values: [String: String] = [:]
        if let file = environment["WENSHU_CONFIG_FILE"], !file.isEmpty {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw OutboxError("WENSHU_CONFIG_FILE: cannot read '\(file)'")
            }
            for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") { continue }
                guard let eq = line.firstIndex(of: "="), line[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw OutboxError("\(file):\(number + 1): expected KEY=VALUE")
                }
                var value = String(line[line.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                if value.count >= 2, value.first == "\"", value.last == "\"" { value = String(value.dropFirst().dropLast()) }
                values[String(line[..<eq]).trimmingCharacters(in: .whitespaces)] = value
            }
        }
        for (key, value) in environment { values[key] = value }
        return DeliveryEnvironment(values: values)
    }

    public subscript(key: String) -> String? {
        guard let v = values[key], !v.isEmpty else { return nil }
        return v
    }

    func integer(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = self[key] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw OutboxError("\(key) must be a whole number in \(range.lowerBound)...\(range.upperBound), not '\(text.prefix(40))'")
        }
        return value
    }

    /// Retry timing and lease length: `WENSHU_RETRY_BASE_MS` (default 30000), `WENSHU_RETRY_CAP_MS`
    /// (3600000), `WENSHU_RETRY_MAX_ATTEMPTS` (12), `WENSHU_LEASE_MS` (120000).
    public func retryPolicy() throws -> RetryPolicy {
        let base = try integer("WENSHU_RETRY_BASE_MS", default: 30_000, range: 1...86_400_000)
        let cap = try integer("WENSHU_RETRY_CAP_MS", default: 3_600_000, range: 1...604_800_000)
        let attempts = try integer("WENSHU_RETRY_MAX_ATTEMPTS", default: 12, range: 1...1000)
        let lease = try integer("WENSHU_LEASE_MS", default: 120_000, range: 200...86_400_000)
        guard cap >= base else { throw OutboxError("WENSHU_RETRY_CAP_MS (\(cap)) is less than WENSHU_RETRY_BASE_MS (\(base))") }
        return RetryPolicy(baseDelay: .milliseconds(base), maxDelay: .milliseconds(cap), maxAttempts: attempts, lease: .milliseconds(lease))
    }

    /// `WENSHU_DATABASE_URL`, or `sqlite://<dataDirectory>/outbox.db`.
    public func databaseURL(dataDirectory: String) -> String {
        self["WENSHU_DATABASE_URL"] ?? "sqlite://" + (dataDirectory as NSString).appendingPathComponent("outbox.db")
    }

    /// A password read from a file named by `key` (trailing newline dropped).
    func secretFile(_ key: String) throws -> String? {
        guard let path = self[key] else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw OutboxError("\(key): cannot read the file it names") }
        return text.trimmingCharacters(in: .newlines)
    }
}
