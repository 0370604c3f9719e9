import Foundation

/// Runs the Python helpers in Tests/Servers, the independent readers of what we send.
enum Python {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let servers = repositoryRoot.appendingPathComponent("Tests/Servers")

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` with `arguments` and returns its exit status and output.
    static func run(_ executable: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// What Python's `email` package (policy=default) reads from a stored message.
    struct ParsedMessage: Decodable {
        struct Attachment: Decodable {
            var filename: String?
            var sha256: String
            var content_type: String
        }

        var subject: String
        var from_name: String
        var to_name: String
        var to_address: String
        var message_id: String
        var text: String?
        var html: String?
        var attachments: [Attachment]
        var defects: [String]
    }

    static func parse(_ file: URL) throws -> ParsedMessage {
        let output = try run("python3", [servers.appendingPathComponent("smtp_check.py").path, file.path])
        guard output.status == 0 else { throw PythonError(output.stderr) }
        return try JSONDecoder().decode(ParsedMessage.self, from: Data(output.stdout.utf8))
    }

    struct PythonError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
