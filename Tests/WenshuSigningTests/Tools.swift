import Foundation
import Wenshu
import WenshuText

/// The independent checkers (pdfsig, pyHanko, qpdf), the sample documents and the local TSA.
enum Tools {
    struct Failure: Error, CustomStringConvertible { var description: String }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let servers = repository + "/Tests/Servers"

    /// Runs `body` on a Dispatch thread, not on Swift's cooperative pool: the tools take seconds, and a
    /// pool blocked by waiting tests would delay the HTTP client's deadline handling (an actor hop) in
    /// the timeout test beyond the answer it is meant to cut off.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Swift.Result { try body() }) }
        }
    }

    /// Runs a tool from PATH, off the cooperative pool; a missing tool is an error, never a skip.
    static func run(_ tool: String, _ arguments: [String], in directory: String? = nil) async throws -> Result {
        try await offPool { try runBlocking(tool, arguments, in: directory) }
    }

    static func runBlocking(_ tool: String, _ arguments: [String], in directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : "/usr/bin/env")
        process.arguments = tool.hasPrefix("/") ? arguments : [tool] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a chatty tool cannot fill one and block.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        if process.terminationStatus == 127 && String(decoding: errData, as: UTF8.self).contains("No such file") {
            throw Failure(description: "\(tool) is not installed (scripts/setup-debian.sh installs it)")
        }
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "wenshu-signing-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    // MARK: Documents

    static let service: RenderService = {
        let fonts = try! FontBook(directory: repository + "/Fonts")
        return RenderService(fonts: fonts, templateSearchPaths: [repository + "/Templates"])
    }()

    /// The four document kinds, each from its sample.
    static let samples = ["epolicy", "visa-certificate", "invoice", "claim-form"]

    static func render(_ sample: String) throws -> [UInt8] {
        let data = Array(FileManager.default.contents(atPath: repository + "/samples/\(sample).json")!)
        return try service.render(template: sample, data: data).files[0]
    }

    // MARK: Checkers

    /// pdfsig's report (poppler): every signature's validation line and whether it covers the whole file.
    static func pdfsig(_ path: String) async throws -> Result {
        try await run("pdfsig", [path])
    }

    struct PAdESReport: Decodable {
        struct Timestamp: Decodable { var intact: Bool; var valid: Bool; var trusted: Bool; var time: String }
        struct Signature: Decodable {
            var field: String
            var subfilter: String
            var intact: Bool
            var valid: Bool
            var trusted: Bool
            var coverage: String?
            var modification_level: String?
            var docmdp_ok: Bool?
            var mechanism: String
            var md_algorithm: String
            var signed_attributes: [String]
            var unsigned_attributes: [String]
            var timestamp: Timestamp?
            var signer_reported_time: String?
            var pades_level: String
            var summary: String
        }
        var signatures: [Signature]
    }

    /// pyHanko's validation of every signature (Tests/Servers/pades_check.py), trusting `roots`.
    static func pyhanko(_ path: String, trust roots: [String], password: String? = nil) async throws -> PAdESReport {
        let result = try await run("python3", [servers + "/pades_check.py"] + (password.map { ["--password=\($0)"] } ?? []) + [path] + roots)
        guard result.status == 0 else { throw Failure(description: "pades_check.py failed: \(result.stderr)") }
        return try JSONDecoder().decode(PAdESReport.self, from: Data(result.stdout.utf8))
    }

    static func qpdfCheck(_ path: String) async throws -> Result {
        try await run("qpdf", ["--check", path])
    }
}

/// The local timestamp authority (Tests/Servers/tsa_server.py), one per test process; it stops when
/// its stdin closes, that is when this process ends.
final class LocalTSA: Sendable {
    let url: String
    private let process: Process
    private let stdin: Pipe

    static let shared = Task { () throws -> LocalTSA in
        let pki = try await TestPKI.get()
        return try await Tools.offPool { try LocalTSA(pki: pki) }
    }

    static func get() async throws -> LocalTSA { try await shared.value }

    private init(pki: TestPKI) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Tools.servers + "/tsa_server.py", pki.path("tsa.pem"), pki.path("tsa.key"), pki.path("root.pem")]
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { throw Tools.Failure(description: "tsa_server.py ended before announcing its URL") }
            line.append(chunk)
        }
        struct Announcement: Decodable { var url: String }
        url = try JSONDecoder().decode(Announcement.self, from: line).url
    }
}
