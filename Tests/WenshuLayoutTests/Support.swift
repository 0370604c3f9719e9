import Foundation
import Testing
import WenshuDiagnostics
import WenshuDocument
import WenshuLayout
import WenshuPDF
import WenshuText

/// Shared fixtures: the repository's fonts, a temporary folder, and independent PDF tools (layout
/// results are read back with pdftotext).
enum Support {
    static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let fonts: FontBook = try! FontBook(directory: repository + "/Fonts")
    static let layout = LayoutEngine(fonts: fonts)

    /// Layout and PDF export, the two stages under test here.
    static func pdf(_ document: Document) throws(DiagnosticError) -> [UInt8] {
        let pages = try layout.layout(document)
        do { return try PDFExporter.export(pages) } catch { throw DiagnosticError(error.message, at: "") }
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
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func write(_ bytes: [UInt8], _ name: String, in dir: String) -> String {
        let path = dir + "/" + name
        precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot write \(path)")
        return path
    }
}
