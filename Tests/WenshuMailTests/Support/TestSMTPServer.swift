import Foundation

/// One fault-injecting aiosmtpd server (Tests/Servers/smtp_server.py) per test process, started
/// on first use with --fault-rate 1.0 so every fault fires. It exits, removing its spool, when
/// this process does, because it watches its stdin.
struct TestSMTPServer: Sendable {
    enum Mode: Int, CaseIterable, Sendable {
        case ok, greet421, rcpt451, rcpt452, rcpt550, dropdata, dropdot, slow, starttls, smtps
    }

    static let slowSeconds = 3
    static let shared = Task { try start() }

    let basePort: Int
    let spool: URL

    var certificatePath: String { spool.appendingPathComponent("cert.pem").path }

    func port(_ mode: Mode) -> Int { basePort + mode.rawValue }

    /// The stored file whose Message-ID is `messageID`, or nil.
    func storedMessage(_ mode: Mode, messageID: String) -> URL? {
        let directory = spool.appendingPathComponent("\(mode)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let needle = Data("<\(messageID)>".utf8)
        for name in names where name.hasSuffix(".eml") {
            let file = directory.appendingPathComponent(name)
            if let data = try? Data(contentsOf: file), data.range(of: needle) != nil { return file }
        }
        return nil
    }

    /// Keeps the write end of each server's stdin open for the life of the test process.
    nonisolated(unsafe) private static var stdinPipes: [Pipe] = []

    private static func start() throws -> TestSMTPServer {
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        var lastError = ""
        for _ in 0..<6 {
            let basePort = Int.random(in: 20_000..<60_000) / 10 * 10
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", Python.servers.appendingPathComponent("smtp_server.py").path,
                "--host", "127.0.0.1", "--base-port", "\(basePort)", "--spool", spool.path,
                "--fault-rate", "1.0", "--slow-seconds", "\(slowSeconds)", "--exit-on-stdin-eof",
                "--remove-spool-on-exit",
            ]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var seen = ""
            while !seen.contains("\n") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen += String(decoding: chunk, as: UTF8.self)
            }
            if seen.hasPrefix("ready") {
                stdinPipes.append(input)
                return TestSMTPServer(basePort: basePort, spool: spool)
            }
            process.waitUntilExit()
            lastError = "server on \(basePort) did not start: \(seen)"
        }
        throw Python.PythonError(lastError)
    }
}
