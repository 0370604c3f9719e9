import ArgumentParser

@main
struct WenshuCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wenshu",
        abstract: "Renders insurance documents (e-policies, visa certificates, invoices, claim forms) from templates and JSON data to PDF and PNG, and delivers them by email or to storage.",
        subcommands: [RenderCommand.self, BatchCommand.self, DeliverCommand.self, OutboxCommand.self, SamplesCommand.self,
                      TemplatesCommand.self, ServeCommand.self, EndorseCommand.self])
}
