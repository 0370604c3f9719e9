import Foundation
import Testing
import Wenshu
import WenshuText

/// Shared fixtures: the repository, a render service on its fonts and templates, tools, records.
enum Support {
    static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let service: RenderService = {
        let fonts = try! FontBook(directory: repository + "/Fonts")
        return RenderService(fonts: fonts, templateSearchPaths: [repository + "/Templates"])
    }()

    /// The `wenshu` executable built beside the test bundle.
    static let wenshu: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent(), URL(fileURLWithPath: repository + "/.build/debug")] {
            let candidate = dir.appendingPathComponent("wenshu").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return repository + "/.build/debug/wenshu"
    }()

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "wenshu-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    struct ToolResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ tool: String, _ arguments: [String], in directory: String? = nil) throws -> ToolResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : "/usr/bin/env")
        process.arguments = tool.hasPrefix("/") ? arguments : [tool] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let (stdout, stderr) = try collectOutput(of: process)
        return ToolResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Output goes to temporary files, not pipes: a long blocking read on a pipe can be cut by a
    /// signal (EINTR) while other tests' children exit, and Foundation's `readDataToEndOfFile`
    /// traps on that instead of retrying.
    static func collectOutput(of process: Process) throws -> (stdout: Data, stderr: Data) {
        let base = NSTemporaryDirectory() + "wenshu-run-" + UUID().uuidString
        let outPath = base + ".out", errPath = base + ".err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outPath); try? FileManager.default.removeItem(atPath: errPath) }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath)), err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        func read(_ path: String) throws -> Data {
            var attempt = 0
            while true {
                do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                    attempt += 1
                    if attempt >= 5 { throw error }
                }
            }
        }
        return (try read(outPath), try read(errPath))
    }

    static func sample(_ name: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: repository + "/samples/\(name).json")!)
    }

    /// The sample as a JSON object, changed by `edit`, written as one JSON Lines record.
    static func record(from sample: String, _ edit: (inout [String: Any]) -> Void) -> String {
        var object = try! JSONSerialization.jsonObject(with: Data(self.sample(sample))) as! [String: Any]
        edit(&object)
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func write(_ text: String, to path: String) {
        precondition(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)), "cannot write \(path)")
    }

    static func manifest(_ dir: String) -> [ManifestEntry] {
        let data = FileManager.default.contents(atPath: dir + "/manifest.jsonl") ?? Data()
        return data.split(separator: 0x0A).compactMap { try? JSONDecoder().decode(ManifestEntry.self, from: Data($0)) }
    }
}
