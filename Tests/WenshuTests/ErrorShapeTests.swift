import Foundation
import Testing
import Wenshu
import WenshuDiagnostics
import WenshuPDF

/// One error shape (issue 15): library errors become diagnostics in one place, the façade names
/// options, never command-line flags, and only the CLI turns an option into its flag.
@Suite struct ErrorShapeTests {
    struct Placed: DiagnosticConvertible {
        var message = "check digit is 3, expected X"
        var location = "$.insured.idNumber"
        var diagnosticCode: String { Diagnostic.Code.checkDigit }
        var hints: [String] { ["rule gb11643.check-digit"] }
    }

    @Test func everyErrorBecomesDiagnosticsThroughOneConversion() {
        // An error that knows its place keeps it, with its code and hints.
        let placed = DiagnosticError(Placed(), at: "template.yaml:3")
        #expect(placed.diagnostics.map(\.description) == ["error[CHECK_DIGIT]: $.insured.idNumber: check digit is 3, expected X\n  hint: rule gb11643.check-digit"])
        // One that does not is placed where the caller was.
        let unplaced = DiagnosticError(AtomicFileError("cannot write 'a.pdf': disk full"), at: "a.pdf")
        #expect(unplaced.diagnostics.map(\.location) == ["a.pdf"])
        #expect(unplaced.diagnostics.map(\.message) == ["cannot write 'a.pdf': disk full"])
        // A DiagnosticError passes as it is; anything else becomes its text.
        #expect(DiagnosticError(placed, at: "elsewhere").diagnostics == placed.diagnostics)
        let foreign = DiagnosticError(CocoaError(.fileNoSuchFile), at: "x.json")
        #expect(foreign.diagnostics.count == 1 && foreign.diagnostics[0].location == "x.json" && !foreign.diagnostics[0].message.isEmpty)
    }

    @Test func theFacadeNamesOptionsNotFlags() {
        let cases: [(RenderOptions, String)] = [
            (RenderOptions(format: .png, archive: true), "format"),
            (RenderOptions(encryption: PDFProtection(userPassword: "x"), archive: true), "archive"),
            (RenderOptions(format: .png, dpi: 5), "dpi"),
            (RenderOptions(format: .png, page: 99), "page"),
        ]
        for (options, option) in cases {
            do {
                _ = try Support.service.render(template: "visa-certificate", data: Support.sample("visa-certificate"), options: options)
                Issue.record("rendered with bad \(option)")
            } catch {
                #expect(error.diagnostics.map(\.location) == [option], "\(error)")
                #expect(!error.description.contains("--"), "a library error names a flag: \(error)")
            }
        }
    }

    @Test func theCLINamesTheFlag() throws {
        let dir = Support.temporaryDirectory()
        let run = try Support.run(Support.wenshu, ["render", "--template", "visa-certificate", "--data", "samples/visa-certificate.json",
                                                   "--output", dir + "/page.png", "--page", "99"], in: Support.repository)
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains("--page: page 99 does not exist"), "\(run.stderr)")
    }
}
