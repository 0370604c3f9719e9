import Foundation
import Testing

/// Starts the real servers the delivery tests talk to, once per test process, on loopback ports.
/// Each server script watches this process and shuts itself down when the tests are gone.
enum TestServers {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A free loopback TCP port (bound and released; the server binds it right after).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Runs `arguments` and waits for a stdout line starting with "ready"; returns the rest of it.
    static func start(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardInput = input
        process.standardError = FileHandle.standardError
        try process.run()
        keepPipes.append(input)
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = Data()
        let handle = out.fileHandleForReading
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            if let text = String(data: buffer, encoding: .utf8), let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ready") }) {
                return (process, String(line.dropFirst("ready".count)).trimmingCharacters(in: .whitespaces))
            }
        }
        process.terminate()
        throw TestServerError("\(arguments.joined(separator: " ")) did not report ready: \(String(decoding: buffer, as: UTF8.self))")
    }

    /// `postgres://…` of a PostgreSQL started for this test process.
    static let postgresURL: Result<String, TestServerError> = {
        if let given = ProcessInfo.processInfo.environment["WENSHU_TEST_POSTGRES_URL"], !given.isEmpty { return .success(given) }
        do {
            let (process, url) = try start(["bash", repositoryRoot + "/Tests/Servers/postgres_server.sh", "\(freePort())"])
            keep.append(process)
            return .success(url)
        } catch let error as TestServerError { return .failure(error) } catch { return .failure(TestServerError("\(error)")) }
    }()

    nonisolated(unsafe) static var keep: [Process] = []
}

struct TestServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func temporaryDirectory(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "wenshu-\(name)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The fault-injecting SMTP server (`Tests/Servers/smtp_server.py`), one per test process.
struct SMTPTestServer: Sendable {
    static let modes = ["ok", "greet421", "rcpt451", "rcpt452", "rcpt550", "dropdata", "dropdot", "slow", "starttls", "smtps"]
    let basePort: Int
    let spool: String

    func port(_ mode: String) -> Int { basePort + Self.modes.firstIndex(of: mode)! }

    /// Message-IDs of the messages the server stored in `mode`'s folder, with how often each came.
    func messageIDs(_ mode: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        let folder = spool + "/" + mode
        for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file.hasSuffix(".eml") {
            guard let data = FileManager.default.contents(atPath: folder + "/" + file) else { continue }
            let head = String(decoding: data.prefix(4096), as: UTF8.self)
            for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("message-id:") {
                counts[line.dropFirst("message-id:".count).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "<>")), default: 0] += 1
            }
        }
        return counts
    }

    static let shared: Result<SMTPTestServer, TestServerError> = {
        let base = 20_000 + Int.random(in: 0..<20_000)
        let spool = temporaryDirectory("smtp-spool")
        do {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", TestServers.repositoryRoot + "/Tests/Servers/smtp_server.py", "--host", "127.0.0.1",
                                 "--base-port", "\(base)", "--spool", spool, "--fault-rate", "0.3", "--slow-seconds", "1",
                                 "--exit-on-stdin-eof", "--remove-spool-on-exit"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.standardError
            try process.run()
            TestServers.keepPipes.append(input)
            let handle = output.fileHandleForReading
            var text = ""
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, !text.contains("ready") {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard text.contains("ready") else { return .failure(TestServerError("smtp_server.py did not start: \(text)")) }
            TestServers.keep.append(process)
            return .success(SMTPTestServer(basePort: base, spool: spool))
        } catch { return .failure(TestServerError("cannot start smtp_server.py: \(error)")) }
    }()
}

extension TestServers {
    nonisolated(unsafe) static var keepPipes: [Pipe] = []
}
