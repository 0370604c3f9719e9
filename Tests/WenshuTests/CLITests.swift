import Foundation
import Testing

/// The built `wenshu` binary, its exit codes and its files.
@Suite struct CLITests {
    func wenshu(_ arguments: [String]) throws -> Support.ToolResult {
        try Support.run(Support.wenshu, arguments, in: Support.repository)
    }

    @Test func renderWritesAPDFReadersAccept() throws {
        let dir = Support.temporaryDirectory()
        let result = try wenshu(["render", "--template", "visa-certificate", "--data", "samples/visa-certificate.json", "--output", dir + "/cert.pdf"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Support.run("qpdf", ["--check", dir + "/cert.pdf"]).status == 0)
        #expect(try Support.run("pdftotext", [dir + "/cert.pdf", "-"]).stdout.contains("OUYANG"))
    }

    @Test func badDataExitsNonZeroAndWritesNothing() throws {
        let dir = Support.temporaryDirectory()
        Support.write("{\"policyNumber\": 12", to: dir + "/bad.json")
        let result = try wenshu(["render", "--template", "visa-certificate", "--data", dir + "/bad.json", "--output", dir + "/out.pdf"])
        #expect(result.status != 0)
        #expect(!result.stderr.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["bad.json"], "no partial output")
    }

    @Test func missingDataFileIsAClearError() throws {
        let result = try wenshu(["render", "--template", "visa-certificate", "--data", "/nonexistent.json", "--output", "/tmp/x.pdf"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("/nonexistent.json"))
    }

    @Test func pngOptionsAreValidated() throws {
        let dir = Support.temporaryDirectory()
        for bad in [["--dpi", "0"], ["--dpi", "10000"], ["--page", "7"]] {
            let result = try wenshu(["render", "--template", "visa-certificate", "--data", "samples/visa-certificate.json", "--output", dir + "/p.png"] + bad)
            #expect(result.status != 0, "\(bad) must fail")
            #expect(!result.stderr.isEmpty)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "no file after a bad option")
    }

    /// Layout runs too: content too tall for a page passes the template stage but fails the check.
    @Test func templatesCheckLaysSamplesOut() throws {
        let dir = Support.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/templates/tall", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/samples", withIntermediateDirectories: true)
        Support.write("data:\n  title: string\nbody:\n  - \"{{ title }}\"\n  - spacer: 400mm\n", to: dir + "/templates/tall/template.yaml")
        Support.write("{\"title\": \"tall\"}", to: dir + "/samples/tall.json")
        let result = try wenshu(["templates", "check", "--templates", dir + "/templates", "--samples", dir + "/samples"])
        #expect(result.status == 65, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("tall.json") && result.stderr.contains("more than the page's"), "\(result.stderr)")
    }

    @Test func templatesCheckPasses() throws {
        let result = try wenshu(["templates", "check"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}
