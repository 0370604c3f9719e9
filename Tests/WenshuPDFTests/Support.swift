import Foundation
import Testing
import WenshuDiagnostics
import WenshuDocument
import WenshuLayout
import WenshuPDF
import WenshuText

/// Shared fixtures: the repository's fonts, a temporary folder, and independent PDF tools.
enum Support {
    static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let fonts: FontBook = try! FontBook(directory: repository + "/Fonts")
    static let layout = LayoutEngine(fonts: fonts)

    /// Layout and PDF export, the two stages under test here.
    static func pdf(_ document: Document, options: PDFOptions = PDFOptions()) throws(DiagnosticError) -> [UInt8] {
        let pages = try layout.layout(document)
        do { return try PDFExporter.export(pages, options: options) } catch { throw DiagnosticError(error.message, at: "") }
    }

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

    /// Runs an external tool (qpdf, pdftotext, ...) found on PATH.
    static func run(_ tool: String, _ arguments: [String], input: Data? = nil) throws -> ToolResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
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

    static func write(_ bytes: [UInt8], _ name: String, in dir: String) -> String {
        let path = dir + "/" + name
        precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot write \(path)")
        return path
    }
}
