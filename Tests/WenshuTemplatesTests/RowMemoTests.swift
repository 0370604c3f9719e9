import Foundation
import Testing
@testable import WenshuTemplates
import WenshuDocument
import WenshuDiagnostics

/// An `each:` table row rebuilt from the same item comes from the template's memo (``RowMemo``): a
/// row must print exactly what a template that rendered nothing before prints, whatever changed.
@Suite struct RowMemoTests {
    static let template = """
    name: row-memo
    data:
      currency: { type: string, format: currency }
      title: string
      coverages:
        type: array
        items:
          type: object
          fields:
            name: string
            sumInsured: { type: money, currencyField: [currency, $.currency], allow: [included] }
            note: string?
    body:
      - table:
          columns: [10mm, 1fr, 40mm, 30mm]
          rows:
            - each: coverages
              as: c
              cells:
                - "{{ loop.number }}/{{ loop.count }}"
                - "{{ c.name }}"
                - "{{ c.sumInsured | money }}"
                - "{{ c.note | default(-) }}"
      - table:
          columns: [1fr, 1fr]
          rows:
            - each: coverages
              as: c
              cells:
                - "{{ c.name }}"
                - "{{ title }}"
    """

    static func load() throws -> Template {
        let dir = NSTemporaryDirectory() + "wenshu-row-memo-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try template.write(toFile: dir + "/template.yaml", atomically: true, encoding: .utf8)
        return try TemplateLoader(searchPaths: []).load(dir + "/template.yaml")
    }

    static func data(currency: String = "EUR", title: String = "T", rows: [String]) -> [UInt8] {
        Array(#"{"currency": "\#(currency)", "title": "\#(title)", "coverages": [\#(rows.joined(separator: ", "))]}"#.utf8)
    }

    static let base = [#"{"name": "意外身故 Accidental death", "sumInsured": "30000"}"#,
                       #"{"name": "医疗 Medical", "sumInsured": "included"}"#,
                       #"{"name": "救援 Rescue", "sumInsured": 1004.50, "note": "24h"}"#]

    /// Texts and data paths of every span, in order: what the document prints and where it says it came from.
    static func printed(_ document: Document) -> [String] {
        flatten(document.body).compactMap { block -> [String]? in
            guard case .paragraph(let p) = block.content else { return nil }
            return p.spans.map { "\($0.text) @\($0.location.dataPath ?? "-")" }
        }.flatMap { $0 }
    }

    @Test func aRowFromTheMemoIsTheRowBuiltAgain() throws {
        let warm = try Self.load()
        // Kept the second time, served the third.
        for _ in 0..<3 { _ = try warm.render(data: Self.data(rows: Self.base)) }
        let variants: [(String, [UInt8])] = [
            ("same", Self.data(rows: Self.base)),
            ("currency from the root", Self.data(currency: "CNY", rows: Self.base)),
            ("a title outside the item", Self.data(title: "Other", rows: Self.base)),
            ("one field", Self.data(rows: [Self.base[0], #"{"name": "医疗 Medical", "sumInsured": "included", "note": "x"}"#, Self.base[2]])),
            ("a number as written", Self.data(rows: [Self.base[0], Self.base[1], #"{"name": "救援 Rescue", "sumInsured": 1004.5, "note": "24h"}"#])),
            ("order", Self.data(rows: [Self.base[1], Self.base[0], Self.base[2]])),
            ("count", Self.data(rows: Self.base + [#"{"name": "行李 Baggage", "sumInsured": "2000"}"#])),
            ("fewer", Self.data(rows: Array(Self.base.prefix(2)))),
        ]
        for (name, data) in variants {
            let again = try warm.render(data: data).document
            let fresh = try Self.load().render(data: data).document
            #expect(Self.printed(again) == Self.printed(fresh), "\(name)")
        }
        // The title row reads the root: never kept, so it follows the data.
        let other = try warm.render(data: Self.data(title: "Changed", rows: Self.base)).document
        #expect(Self.printed(other).filter { $0.hasPrefix("Changed") }.count == 3)
    }

    /// A row whose item no longer validates is not served from the memo: the document fails as it
    /// would alone, naming the field.
    @Test func aBadItemFailsAsItWouldAlone() throws {
        let warm = try Self.load()
        for _ in 0..<3 { _ = try warm.render(data: Self.data(rows: Self.base)) }
        let bad = Self.data(rows: [Self.base[0], #"{"name": "医疗\u0007 Medical", "sumInsured": "included"}"#, Self.base[2]])
        #expect(throws: DiagnosticError.self) { try warm.render(data: bad) }
        do { _ = try warm.render(data: bad) } catch {
            #expect(error.diagnostics.contains { $0.location.contains("coverages[1]") }, "\(error.diagnostics)")
        }
    }
}
