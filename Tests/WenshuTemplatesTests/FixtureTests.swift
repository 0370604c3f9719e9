import Foundation
import Testing
import WenshuDiagnostics
@testable import WenshuTemplates

/// Broken fixtures declare what they expect (STYLE.md §7): templates with `# expect: file:line:col: message`
/// lines, bad data as `<name>.json` plus `<name>.expect` lines `json-path: message [CODE]`.
@Suite struct FixtureTests {
    static let brokenTemplates: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? [])
        .filter { $0.hasPrefix("broken-") && $0.hasSuffix(".yaml") }.sorted()

    @Test(arguments: brokenTemplates)
    func brokenTemplateReportsExpectedDiagnostics(_ name: String) throws {
        let path = fixtures + "/" + name
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let expected = source.split(separator: "\n").filter { $0.hasPrefix("# expect: ") }.map { String($0.dropFirst(10)) }
        #expect(!expected.isEmpty, "fixture declares no expectation")
        do {
            _ = try TemplateLoader(searchPaths: []).load(path)
            Issue.record("\(name) loaded without errors")
        } catch {
            let found = error.errors.map { d -> String in
                let location = d.location.hasPrefix(fixtures + "/") ? String(d.location.dropFirst(fixtures.count + 1)) : d.location
                return "\(location): \(d.message)"
            }
            #expect(found.sorted() == expected.sorted(), "EXPECTED:\n\(expected.joined(separator: "\n"))\nFOUND:\n\(found.joined(separator: "\n"))")
        }
    }

    /// The lists here come from folder listings: an empty one would run no case and pass.
    @Test func fixtureListsAreNotEmpty() {
        #expect(Self.brokenTemplates.count >= 10, "broken templates found: \(Self.brokenTemplates)")
        #expect(Self.badData.count >= 2, "bad data found: \(Self.badData)")
    }

    /// `data/<name>.json` (general data rules) and `content/<name>.json` (issue 14: currencies,
    /// benefits, beneficiaries, company holders, Schengen territory), each against its folder's template.
    static let badData: [String] = ["data", "content"].flatMap { folder in
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures + "/" + folder)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted().map { folder + "/" + $0 }
    }

    @Test(arguments: badData)
    func badDataReportsEveryProblemAtOnce(_ name: String) throws {
        let folder = String(name.prefix { $0 != "/" })
        let template = try TemplateLoader(searchPaths: []).load(fixtures + "/" + folder + "/template.yaml")
        let expectPath = fixtures + "/" + name.dropLast(5) + ".expect"
        let expected = try String(contentsOfFile: expectPath, encoding: .utf8).split(separator: "\n").map(String.init)
        do {
            _ = try template.render(data: bytes(fixtures + "/" + name))
            Issue.record("\(name) rendered without errors")
        } catch {
            let found = error.errors.map { "\($0.location): \($0.message) [\($0.code)]" }
            #expect(found.sorted() == expected.sorted(), "EXPECTED:\n\(expected.joined(separator: "\n"))\nFOUND:\n\(found.joined(separator: "\n"))")
        }
    }
}
