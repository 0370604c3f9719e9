import ArgumentParser

@main
struct WenshuCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wenshu",
        abstract: "Renders insurance documents (e-policies, visa certificates, invoices, claim forms) from templates and JSON data to PDF and PNG.",
        subcommands: [RenderCommand.self, BatchCommand.self, SamplesCommand.self, TemplatesCommand.self])
}
