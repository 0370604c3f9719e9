import ArgumentParser
import Foundation
import WenshuDiagnostics
import Wenshu

/// `wenshu templates check`: every template loads and renders each of its samples.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "templates", abstract: "Work with templates.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate every template against its samples.")

        @Option(help: "Templates folder.") var templates: String = "Templates"
        @Option(help: "Samples folder.") var samples: String = "samples"

        func run() throws {
            let service: RenderService
            do { service = try RenderService.standard() } catch { printError(error.description); throw ExitCode(65) }
            let diagnostics = service.checkTemplates(templatesDirectory: templates, samplesDirectory: samples)
            for d in diagnostics { printError(d.description) }
            let errors = diagnostics.filter { $0.severity == .error }.count
            print(errors == 0 ? "all templates valid" : "\(errors) error(s)")
            if errors > 0 { throw ExitCode(65) }
        }
    }
}
