import Foundation
import Testing
import WenshuDiagnostics
import WenshuDocument
@testable import WenshuTemplates

/// The `seal:` block: what the template declares and what the data binds, down to the seal block.
@Suite struct SealTemplateTests {
    static let template = """
    data:
      insurer:
        type: object
        fields:
          nameZh: string
          sealNumber: string?
          sealImage: image?
          sealColor: string?
          sealSize: string?
    body:
      - seal:
          company: "{{ insurer.nameZh }}"
          name: 合同专用章
          number: "{{ insurer.sealNumber }}"
          image: "{{ insurer.sealImage }}"
          color: "{{ insurer.sealColor | default(#E60012) }}"
        size: "{{ insurer.sealSize | default(42) }}"
        opacity: 0.8
        x: 10
        y: -20
    """

    static func seal(_ insurer: String) throws -> (SealBlock, Overlay) {
        let dir = NSTemporaryDirectory() + "wenshu-seal-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try template.write(toFile: dir + "/template.yaml", atomically: true, encoding: .utf8)
        let t = try TemplateLoader(searchPaths: []).load(dir + "/template.yaml")
        let document = try t.render(data: Array("{\"insurer\": \(insurer)}".utf8)).document
        guard case .overlay(let overlay) = try #require(document.body.first).content,
              case .seal(let seal) = try #require(overlay.blocks.first).content else {
            Issue.record("no seal overlay in \(document.body)")
            throw CancellationError()
        }
        return (seal, overlay)
    }

    @Test func dataBindsTheLetteringAndAMissingNumberIsLeftOut() throws {
        let (seal, overlay) = try Self.seal(#"{"nameZh": "文书财产保险股份有限公司"}"#)
        guard case .drawn(let lettering) = seal.appearance else { Issue.record("not drawn"); return }
        #expect(lettering.company.text == "文书财产保险股份有限公司")
        #expect(lettering.company.location.dataPath == "$.insurer.nameZh")
        #expect(lettering.name?.text == "合同专用章")
        #expect(lettering.number == nil)
        let expected: Double = 42 * 72 / 25.4
        #expect(abs(seal.diameter - expected) < 1e-9)
        #expect(seal.color == SealBlock.sealRed && seal.opacity == 0.8)
        // The overlay is as wide as the seal and leaves the opacity to the seal.
        #expect(overlay.width == seal.diameter && overlay.opacity == 1)
        let mm: Double = 72 / 25.4
        #expect(abs(overlay.x - 10 * mm) < 1e-9 && abs(overlay.y + 20 * mm) < 1e-9)
    }

    @Test func numberSizeAndColourComeFromTheData() throws {
        let (seal, _) = try Self.seal(##"{"nameZh": "文书保险", "sealNumber": "3101150123456", "sealColor": "#cc0000", "sealSize": "38"}"##)
        guard case .drawn(let lettering) = seal.appearance else { Issue.record("not drawn"); return }
        #expect(lettering.number?.text == "3101150123456")
        let expected: Double = 38 * 72 / 25.4
        #expect(abs(seal.diameter - expected) < 1e-9)
        #expect(seal.color == RGB(hex: "#cc0000"))
    }

    @Test func anImageInTheDataReplacesTheDrawing() throws {
        let png = try Data(contentsOf: URL(fileURLWithPath: repoRoot + "/Templates/epolicy/seal.png"))
        let (seal, _) = try Self.seal(#"{"nameZh": "文书保险", "sealImage": "data:image/png;base64,\#(png.base64EncodedString())"}"#)
        guard case .image(let bytes) = seal.appearance else { Issue.record("the image did not replace the drawing"); return }
        #expect(bytes == Array(png))
        // A null image leaves the drawing (an empty string is not an image: the schema refuses it);
        // so does an empty number.
        let (drawn, _) = try Self.seal(#"{"nameZh": "文书保险", "sealImage": null, "sealNumber": ""}"#)
        guard case .drawn(let lettering) = drawn.appearance else { Issue.record("a null sealImage replaced the drawing"); return }
        #expect(lettering.number == nil)
    }

    @Test func badBoundValuesAreDataErrorsAtTheirPaths() throws {
        do {
            _ = try Self.seal(#"{"nameZh": "  ", "sealColor": "red", "sealSize": "huge"}"#)
            Issue.record("bad seal values rendered")
        } catch let error as DiagnosticError {
            let found = error.errors.map { "\($0.location): \($0.message)" }.sorted()
            #expect(found == [
                "$.insurer.nameZh: the seal's company name is empty",
                "$.insurer.sealColor: 'red' is not a valid seal colour",
                "$.insurer.sealSize: 'huge' is not a valid seal size",
            ], "\(found)")
        }
    }
}
