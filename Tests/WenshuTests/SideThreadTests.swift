import Foundation
import Testing
import Wenshu

/// A document that is waited on uses other threads (QR codes, the cells of large tables, font
/// subsets, pages side by side); a batch with a worker per core does not. Both give the same bytes
/// and the same errors.
@Suite struct SideThreadTests {
    static func render(_ template: String, _ data: [UInt8], sideThreads: Bool) throws -> [UInt8] {
        var options = RenderOptions()
        options.sideThreads = sideThreads
        return try Support.service.render(template: template, data: data, options: options).files[0]
    }

    @Test(arguments: [("epolicy", "epolicy-40rows"), ("epolicy", "epolicy"), ("visa-certificate", "visa-certificate"),
                      ("invoice", "invoice"), ("claim-form", "claim-form")])
    func sameBytesWithAndWithout(_ document: (String, String)) throws {
        let data = Support.sample(document.1)
        let with = try Self.render(document.0, data, sideThreads: true)
        let without = try Self.render(document.0, data, sideThreads: false)
        #expect(with == without, "\(document.1): \(with.count) bytes with side threads, \(without.count) without")
    }

    /// Both pages of a two-page policy as PNG: side by side, or one after another on the calling
    /// thread (a busy server, a batch worker), the same files in page order.
    @Test func samePNGPagesWithAndWithout() throws {
        var files: [[[UInt8]]] = []
        for side in [true, false] {
            var options = RenderOptions(format: .png, dpi: 72)
            options.sideThreads = side
            files.append(try Support.service.render(template: "epolicy", data: Support.sample("epolicy-40rows"), options: options).files)
        }
        #expect(files[0].count >= 2 && files[0] == files[1])
    }

    /// A character no font has, in a cell of the large table's second half (laid out on the other
    /// thread): the error names the same character and place either way.
    @Test func sameErrorFromACellLaidOutAhead() throws {
        var record = try JSONSerialization.jsonObject(with: Data(Support.sample("epolicy-40rows"))) as! [String: Any]
        var coverages = record["coverages"] as! [[String: Any]]
        coverages[35]["nameEn"] = "Baggage \u{E000} delay"  // private use: in no font
        record["coverages"] = coverages
        let data = Array(try JSONSerialization.data(withJSONObject: record))
        var messages: [String] = []
        for side in [true, false] {
            do {
                _ = try Self.render("epolicy", data, sideThreads: side)
                Issue.record("rendered a character no font has (side threads \(side))")
            } catch {
                messages.append("\(error)")
            }
        }
        #expect(messages.count == 2 && messages[0] == messages[1], "\(messages)")
        #expect(messages.first?.contains("coverages[35]") == true, "\(messages)")
        #expect(messages.first?.contains("U+E000") == true, "the layout's missing-glyph error: \(messages)")
    }
}

/// The template stage shares the body's blocks between two threads; a problem in any of them is
/// reported as the ordered build reports it.
@Suite struct SideThreadTemplateTests {
    static let template = """
        name: halves
        page: { size: A4 }
        data:
          title: string
          items: { type: array, items: string }
          note: string?
        body:
          - paragraph: "{{ title }}"
          - each: items
            as: item
            blocks:
              - paragraph: "{{ loop.number }}. {{ item }}"
          - paragraph: second
          - paragraph: third
          - paragraph: "{{ title }} again"
          - paragraph: "Note: {{ note }}"
        """

    static func service() throws -> (RenderService, String) {
        let folder = Support.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/halves", withIntermediateDirectories: true)
        try template.write(toFile: folder + "/halves/template.yaml", atomically: true, encoding: .utf8)
        return (RenderService(fonts: Support.service.fonts, templateSearchPaths: [folder]), folder)
    }

    /// The PDF, or the error's text.
    static func render(_ service: RenderService, _ json: String, sideThreads: Bool) -> (pdf: [UInt8]?, error: String?) {
        var options = RenderOptions()
        options.sideThreads = sideThreads
        do { return (try service.render(template: "halves", data: Array(json.utf8), options: options).files[0], nil) }
        catch { return (nil, "\(error)") }
    }

    @Test func sameDocumentAndSameErrors() throws {
        let (service, folder) = try Self.service()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = #"{"title": "保单", "items": ["一", "二", "三"], "note": "备注"}"#
        let goodWith = Self.render(service, good, sideThreads: true), goodWithout = Self.render(service, good, sideThreads: false)
        #expect(goodWith.pdf != nil && goodWith.pdf == goodWithout.pdf, "\(goodWith.error ?? "") \(goodWithout.error ?? "")")
        // No note: the last block (built by whichever thread takes it) has nothing to print.
        let missing = #"{"title": "保单", "items": ["一", "二", "三"]}"#
        guard let with = Self.render(service, missing, sideThreads: true).error,
              let without = Self.render(service, missing, sideThreads: false).error else {
            Issue.record("a missing value printed without a default rendered")
            return
        }
        #expect(with == without)
        #expect(with.contains("$.note"), "\(with)")
    }
}
