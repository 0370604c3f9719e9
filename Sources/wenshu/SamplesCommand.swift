import ArgumentParser
import Foundation
import WenshuDiagnostics
import Wenshu

/// `wenshu samples`: renders every sample under samples/ with its template, as PDF and page-1 PNG.
struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "samples", abstract: "Render every sample in samples/ to PDF and PNG.")

    @Option(help: "Folder of sample JSON files, named <template>.json or <template>-<variant>.json.")
    var samples: String = "samples"

    @Option(help: "Folder to write the documents to.")
    var out: String = "out"

    func run() throws {
        let service: RenderService
        do { service = try RenderService.standard() } catch { printError(error.description); throw ExitCode(65) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let files = (try FileManager.default.contentsOfDirectory(atPath: samples)).filter { $0.hasSuffix(".json") }.sorted()
        var failures = 0
        for file in files {
            let name = (file as NSString).deletingPathExtension
            let template = try templateName(for: name, service: service)
            guard let data = FileManager.default.contents(atPath: samples + "/" + file) else { continue }
            do {
                let start = Date()
                let pdf = try service.render(template: template, data: Array(data), options: RenderOptions(format: .pdf))
                try AtomicFile.write(pdf.files[0], to: "\(out)/\(name).pdf")
                let png = try service.render(template: template, data: Array(data), options: RenderOptions(format: .png, page: 1))
                try AtomicFile.write(png.files[0], to: "\(out)/\(name)-1.png")
                let ms = Int(Date().timeIntervalSince(start) * 1000)
                print("\(name): \(template), \(pdf.pageCount) page(s), \(pdf.files[0].count) bytes PDF, \(png.files[0].count) bytes PNG (page 1), \(ms) ms")
                for warning in pdf.warnings { print("  \(warning)") }
            } catch {
                failures += 1
                printError("\(name): \(error)")
            }
        }
        print("\(files.count - failures) of \(files.count) samples rendered to \(out)/")
        if failures > 0 { throw ExitCode(65) }
    }

    /// `epolicy-40rows` → `epolicy`: the longest template name the sample's name starts with.
    func templateName(for sample: String, service: RenderService) throws -> String {
        var candidate = sample
        while true {
            if (try? service.template(candidate)) != nil { return candidate }
            guard let dash = candidate.lastIndex(of: "-") else { return sample }
            candidate = String(candidate[..<dash])
        }
    }
}
