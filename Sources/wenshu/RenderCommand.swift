import ArgumentParser
import Foundation
import Wenshu
import WenshuDiagnostics
import WenshuSigning
import WenshuTemplates

/// `wenshu render`: one document from a template and a JSON file.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render one document to PDF or PNG.",
        discussion: "PNG output of a multi-page document writes name-1.png, name-2.png, ... unless --page is given.")

    @Option(help: "Template name (a folder under Templates/) or path to a template.yaml.")
    var template: String

    @Option(help: "JSON data file.")
    var data: String

    @Option(help: "Output file; its extension picks the format unless --format is given.")
    var output: String

    @Option(help: "pdf or png.")
    var format: String?

    @Option(help: "PNG resolution in dots per inch (\(RenderOptions.dpiRangeText)).")
    var dpi: Double = 150

    @Option(help: "PNG: render only this page (1-based).")
    var page: Int?

    @Option(help: "Date (YYYY-MM-DD) or date-time with offset that validation rules such as 'not expired' are checked against, and the policy state is printed for. Default: now.")
    var asOf: String?

    @Option(help: "The policy was cancelled at this date or date-time: documents that declare a lifecycle print 已注销 / CANCELLED.")
    var cancelledAt: String?

    @OptionGroup var pdf: PDFOutputOptions

    @OptionGroup(title: "Signing (PAdES)") var signing: SigningCommandOptions

    func validate() throws {
        let chosen = try resolvedFormat()
        if chosen == .png && signing.requested { throw ValidationError("--sign-* signs PDF output: a PNG cannot carry a signature") }
        if chosen == .png && !RenderOptions.dpiRange.contains(dpi) { throw ValidationError(RenderOptions.dpiOutOfRange(dpi)) }
        if let page, page < 1 { throw ValidationError("--page must be 1 or more, not \(page)") }
        if chosen == .png && (pdf.archive || pdf.encryptPasswordFile != nil) {
            throw ValidationError("--archive and --encrypt-password-file apply to PDF output, not PNG")
        }
    }

    func resolvedFormat() throws -> OutputFormat {
        if let format {
            guard let f = OutputFormat(rawValue: format.lowercased()) else { throw ValidationError("--format must be pdf or png, not '\(format)'") }
            return f
        }
        switch (output as NSString).pathExtension.lowercased() {
        case "png": return .png
        case "pdf", "": return .pdf
        case let other: throw ValidationError("cannot tell the format from '.\(other)': use --format pdf or png")
        }
    }

    func run() throws {
        let format = try resolvedFormat()
        try refuseOverwritingInputs([output])
        let bytes: [UInt8]
        do { bytes = try BoundedFile.read(data, limit: TemplateLimits().dataBytes) } catch {
            printError("error: data file '\(data)': \(error.message)")
            throw ExitCode(66)  // EX_NOINPUT
        }
        let protection = try pdf.protection()
        // Keys and certificates are checked before rendering, so a bad pair fails fast.
        let signer: PDFSigner?
        do { signer = try signing.signer() } catch {
            printError("error: \(error.message)")
            throw ExitCode(78)  // EX_CONFIG
        }
        var result: RenderResult
        let service: RenderService
        do {
            service = try RenderService.standard()
            result = try service.render(template: template, data: bytes, options: RenderOptions(format: format, dpi: dpi, page: page, asOf: asOf ?? RenderOptions.instant(), cancelledAt: cancelledAt,
                                                                                               encryption: protection, archive: pdf.archive))
        } catch {
            printError(error.namingFlags().description)
            throw ExitCode(65)  // EX_DATAERR: bad template or data; nothing written
        }
        for warning in result.warnings { printError(warning.description) }
        if let signer {
            let unsigned = result
            do {
                result = try blocking { try await service.sign(unsigned, with: signer) }
            } catch let error as SigningError {
                printError("error: \(error.message)")
                throw ExitCode(error.code == .timestamp ? 69 : 70)  // EX_UNAVAILABLE, EX_SOFTWARE; nothing written
            }
        }
        let paths = outputPaths(count: result.files.count, format: format)
        try refuseOverwritingInputs(paths)
        do {
            try AtomicFile.writeAll(zip(result.files, paths).map { ($0, $1) })
        } catch {
            printError("error: \(error)")
            throw ExitCode(73)  // EX_CANTCREAT
        }
    }

    /// The output must never replace the data or the template it is made from, nor a password, key
    /// or certificate file: a PDF written over `--sign-key` destroys the key, and one written over a
    /// password file leaves the password's bytes nowhere but in a file that is then sent out.
    func refuseOverwritingInputs(_ paths: [String]) throws {
        if let clash = OutputSafety.clash(outputs: paths, inputs: [data, template, template + "/template.yaml"]) {
            printError("error: --output '\(clash.output)' is the input file '\(clash.input)', which would be overwritten")
            throw ExitCode(64)  // EX_USAGE
        }
        for secret in pdf.secretFiles + signing.secretFiles {
            if let clash = OutputSafety.clash(outputs: paths, inputs: [secret.path]) {
                printError("error: --output '\(clash.output)' is the \(secret.flag) file '\(clash.input)', which would be overwritten")
                throw ExitCode(64)  // EX_USAGE
            }
        }
    }

    func outputPaths(count: Int, format: OutputFormat) -> [String] {
        guard format == .png, count > 1 else { return [output] }
        let base = (output as NSString).deletingPathExtension
        return (1...count).map { "\(base)-\($0).png" }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
