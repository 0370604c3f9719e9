import Foundation
import Testing
import Wenshu
import WenshuText

/// The clreq / GB/T 15834 spacing rules measured in the PDF with `pdftotext -bbox`: where the
/// glyphs of a rendered paragraph land, independent of our own layout code.
///
/// Text is set at 20 pt, so 1 em = 20 pt, ½ em = 10 pt and ¼ em = 5 pt. pdftotext gives a word's
/// box from each glyph's origin and its width in the font (not its ink), so a mark set half-width
/// still reports a full em: the pair "）。" spans ½ em (the compressed ）) + 1 em (。) = 30 pt.
@Suite struct ChineseTypesettingTests {
    /// A one-off template folder with `template.yaml` holding `body`, and a service that renders it.
    static func render(_ body: String, typesetting: String = "", width: Int = 150) throws -> [Word] {
        let root = Support.temporaryDirectory()
        let folder = root + "/typeset"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let yaml = """
        page: { size: [\(width), 100], margins: 10 }
        \(typesetting)
        styles:
          base: { family: sans, size: 20, lineHeight: 1.5 }
        data:
          unused: string?
        body:
        \(body)
        """
        Support.write(yaml, to: folder + "/template.yaml")
        let service = RenderService(fonts: Support.service.fonts, templateSearchPaths: [root])
        let result = try service.render(template: "typeset", data: Array("{}".utf8))
        let pdf = root + "/out.pdf"
        try #require(FileManager.default.createFile(atPath: pdf, contents: Data(result.files[0])))
        let html = try Support.run("pdftotext", ["-bbox", pdf, "-"])
        try #require(html.status == 0, "\(html.stderr)")
        return Word.parse(html.stdout)
    }

    struct Word: CustomStringConvertible {
        var text: String
        var xMin, xMax, yMin, yMax: Double
        var width: Double { xMax - xMin }
        var description: String { "\(text)[\(xMin)…\(xMax)]" }

        static func parse(_ html: String) -> [Word] {
            html.split(separator: "\n").compactMap { line -> Word? in
                guard line.contains("<word ") else { return nil }
                func attribute(_ name: String) -> Double? {
                    guard let r = line.range(of: name + "=\"") else { return nil }
                    return Double(line[r.upperBound...].prefix { $0 != "\"" })
                }
                guard let open = line.range(of: "\">"), let close = line.range(of: "</word>"),
                      let xMin = attribute("xMin"), let xMax = attribute("xMax"), let yMin = attribute("yMin"),
                      let yMax = attribute("yMax") else { return nil }
                let text = String(line[open.upperBound..<close.lowerBound])
                    .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                return Word(text: text, xMin: xMin, xMax: xMax, yMin: yMin, yMax: yMax)
            }
        }
    }

    static func word(_ text: String, in words: [Word]) throws -> Word {
        try #require(words.first { $0.text == text }, "no word '\(text)' in \(words)")
    }

    // MARK: punctuation compression

    /// "）。", "，「", "《（": the first mark of the pair (or, for two opening marks, the second) is set
    /// half-width, so the pair spans 1½ em, not 2.
    @Test(arguments: ["）。", "，「", "《（", "」，", "。”"])
    func adjacentFullWidthPunctuationIsSetHalfWidthInThePair(_ pair: String) throws {
        let words = try Self.render("  - paragraph: \"甲 \(pair) 乙\"")
        let w = try Self.word(pair, in: words)
        #expect(abs(w.width - 30) < 0.3, "\(pair) spans \(w.width) pt, expected 30 (1.5 em)")
    }

    @Test func threeMarksInARowTakeTwoEm() throws {
        let w = try Self.word("）。」", in: try Self.render("  - paragraph: \"甲 ）。」 乙\""))
        #expect(abs(w.width - 40) < 0.3, "spans \(w.width) pt, expected 40 (½ + ½ + 1 em)")
    }

    @Test func templateSwitchTurnsCompressionOff() throws {
        let words = try Self.render("  - paragraph: \"甲 ）。 乙\"", typesetting: "typesetting: { punctuationCompression: false }")
        #expect(abs(try Self.word("）。", in: words).width - 40) < 0.3, "uncompressed pair is 2 em")
    }

    /// An opening bracket at the start of a line loses its blank half: its glyph box starts ½ em
    /// left of the margin, so its ink sits on the margin (10 mm = 28.35 pt).
    @Test func openingBracketAtLineStartIsCompressed() throws {
        let words = try Self.render("  - paragraph: \"（甲）\"")
        let margin = 10 * 72 / 25.4
        let first = try #require(words.first)
        #expect(abs(first.xMin - (margin - 10)) < 0.3, "starts at \(first.xMin), expected \(margin - 10)")
        let off = try Self.render("  - paragraph: \"（甲）\"", typesetting: "typesetting: { punctuationCompression: false }")
        #expect(abs(try #require(off.first).xMin - margin) < 0.3)
    }

    // MARK: CJK–Latin spacing

    /// "2026年03月": ¼ em between each digit run and the Han character next to it, and nothing
    /// inside the runs. The gaps are measured between the glyph boxes pdftotext reports.
    @Test func quarterEmBetweenHanAndDigits() throws {
        let on = try Self.render("  - paragraph: \"2026年03月\"")
        let off = try Self.render("  - paragraph: \"2026年03月\"", typesetting: "typesetting: { cjkLatinSpacing: false }")
        let onWidth = try #require(on.last).xMax - (try #require(on.first)).xMin
        let offWidth = try #require(off.last).xMax - (try #require(off.first)).xMin
        #expect(abs(onWidth - offWidth - 15) < 0.3, "three seams of 5 pt: \(onWidth) vs \(offWidth)")
        // pdftotext splits words at the gaps, so each seam can be read off directly.
        if on.count == 4 {
            for k in 0..<3 { #expect(abs(on[k + 1].xMin - on[k].xMax - 5) < 0.3, "gap \(k): \(on)") }
        }
    }

    @Test func quarterEmBetweenHanAndLatinLettersBothWays() throws {
        let on = try Self.render("  - paragraph: \"保单Policy号\"")
        let off = try Self.render("  - paragraph: \"保单Policy号\"", typesetting: "typesetting: { cjkLatinSpacing: false }")
        let onWidth = try #require(on.last).xMax - (try #require(on.first)).xMin
        let offWidth = try #require(off.last).xMax - (try #require(off.first)).xMin
        #expect(abs(onWidth - offWidth - 10) < 0.3, "two seams of 5 pt: \(onWidth) vs \(offWidth)")
    }

    /// Where the text has a space already, nothing is added: the gap is the space alone.
    @Test func noExtraGapWhereTheTextHasASpace() throws {
        let on = try Self.render("  - paragraph: \"2026 年\"")
        let off = try Self.render("  - paragraph: \"2026 年\"", typesetting: "typesetting: { cjkLatinSpacing: false }")
        let gapOn = try Self.word("年", in: on).xMin - (try Self.word("2026", in: on)).xMax
        let gapOff = try Self.word("年", in: off).xMin - (try Self.word("2026", in: off)).xMax
        #expect(abs(gapOn - gapOff) < 0.05, "space only: \(gapOn) vs \(gapOff)")
    }

    /// A style may turn the spacing off for its text (the invoice turns it off for the whole document).
    @Test func styleSwitchTurnsSpacingOff() throws {
        let words = try Self.render("""
          - paragraph: "2026年"
            style: { cjkLatinSpacing: false }
        """)
        #expect(words.map(\.text) == ["2026年"], "no gap, one word: \(words)")
    }

    // MARK: justification

    /// A justified line 9.75 em wide holding 10 em of text with a comma: the comma's blank half is
    /// compressed by ¼ em and the line is not broken (compression comes before stretching).
    @Test func justificationCompressesPunctuationBeforeBreaking() throws {
        // 9.75 em = 195 pt = 68.79 mm of text width, plus 2 × 10 mm margins.
        let width = 195 * 25.4 / 72 + 20
        let text = "甲乙丙丁，戊己庚辛壬癸子丑"
        let words = try Self.render("""
          - paragraph: "\(text)"
            style: { align: justify }
        """, width: Int(width.rounded(.up)))
        // First line: 甲乙丙丁，戊己庚辛壬 (10 characters) on one line.
        let lines = Dictionary(grouping: words, by: { ($0.yMin * 10).rounded() }).sorted { $0.key < $1.key }.map { $0.value }
        let first = lines.first?.map(\.text).joined() ?? ""
        #expect(first == "甲乙丙丁，戊己庚辛壬", "first line \(first)")
        let margin = 10 * 72 / 25.4
        let line = try #require(lines.first)
        #expect(abs(line.last!.xMax - (margin + 195)) < 0.6 || line.last!.xMax <= margin + 195 + 0.6, "line ends at \(line.last!.xMax)")
    }
}
