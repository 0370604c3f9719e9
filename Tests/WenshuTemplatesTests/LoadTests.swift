import Testing
import WenshuDiagnostics
@testable import WenshuTemplates

@Suite struct SmokeTests {
    @Test func allTemplatesAndSamplesCheck() {
        let diagnostics = checkAll(templatesDirectory: repoRoot + "/Templates", samplesDirectory: repoRoot + "/samples")
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
    }
}
