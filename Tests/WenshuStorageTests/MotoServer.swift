import Foundation

/// The `moto_server`s of this test process, started by `Tests/Servers/s3_moto_server.py`
/// on free loopback ports: `endpoint` checks signatures (an IAM key and a bucket are made),
/// `unsignedEndpoint` does not, for keys moto cannot verify (see the script).
///
/// The helper stops moto when its stdin closes. The pipe's write end lives as long
/// as this process, so the server goes away when the tests end, however they end.
final class MotoServer: Sendable {
    let endpoint: String
    let unsignedEndpoint: String
    let bucket: String
    let accessKeyID: String
    let secretAccessKey: String
    private let process: Process
    private let stdin: Pipe

    static let shared = Task { () throws -> MotoServer in try MotoServer() }

    private struct Announcement: Decodable {
        var endpoint: String
        var unsigned_endpoint: String
        var bucket: String
        var access_key: String
        var secret_key: String
    }

    private init() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ServerScripts.folder.appendingPathComponent("s3_moto_server.py").path]
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()

        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { throw ServerScripts.Failed(description: "s3_moto_server.py ended before announcing the server") }
            line.append(chunk)
        }
        let announcement = try JSONDecoder().decode(Announcement.self, from: line)
        endpoint = announcement.endpoint
        unsignedEndpoint = announcement.unsigned_endpoint
        bucket = announcement.bucket
        accessKeyID = announcement.access_key
        secretAccessKey = announcement.secret_key
    }

    static func get() async throws -> MotoServer {
        try await shared.value
    }
}
