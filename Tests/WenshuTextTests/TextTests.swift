import Foundation
import Testing
import WenshuText

enum Fonts {
    static let book: FontBook = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return try! FontBook(directory: url.path + "/Fonts")
    }()
    static let engine = TextEngine(fonts: book)
}

@Suite struct LineBreakingTests {
    let style = TextStyle(family: "sans", size: 10)

    @Test func fullStopNeverStartsALine() throws {
        // Ten ideographs fit a 100 pt line exactly, so a naive breaker would put "。" first on line two.
        let text = "一二三四五六七八九十。其后还有更多的文字内容。"
        let lines = try Fonts.engine.lines([TextSpan(text, style: style)], width: 100.5)
        #expect(lines.count >= 2)
        let secondStart = lines[1].glyphs.first!.glyph.text
        #expect(secondStart != "。")
        #expect(secondStart == "十", "the last ideograph moves down with the full stop")
    }

    @Test func prohibitionsHoldAtEveryWidth() throws {
        let text = "保险期间：自2026年12月1日零时起至2026年12月31日二十四时止（北京时间）。被保险人应当如实告知，《保险条款》另有约定的，从其约定；「特别约定」以本保单为准！"
        for width in stride(from: 40.0, through: 300, by: 3.5) {
            let lines = try Fonts.engine.lines([TextSpan(text, style: style)], width: width)
            for line in lines.dropFirst() {
                let first = line.glyphs.first!.glyph.text.unicodeScalars.first!
                #expect(!LineBreakOpportunities.noLineStart.contains(first), "width \(width): line starts with \(first)")
            }
            for line in lines {
                let last = line.glyphs.last!.glyph.text.unicodeScalars.first!
                #expect(!LineBreakOpportunities.noLineEnd.contains(last), "width \(width): line ends with \(last)")
                #expect(line.width <= width + 0.01 || line.glyphs.count == 1)
            }
            // Nothing lost: the lines give back the text.
            let joined = lines.flatMap { $0.glyphs.map(\.glyph.text) }.joined()
            #expect(joined == text)
        }
    }

    @Test func justifiedCJKLinesFillTheWidth() throws {
        let text = String(repeating: "本保单为电子保单，与纸质保单具有同等法律效力。", count: 3)
        let lines = try Fonts.engine.lines([TextSpan(text, style: style)], width: 203, alignment: .justify)
        #expect(lines.count >= 2, "one line would justify nothing: \(lines.count)")
        for line in lines.dropLast() {
            let last = line.glyphs.last!
            #expect(abs(last.x + last.glyph.advance - 203) < 0.01)
        }
    }

    @Test func englishBreaksAtSpacesOnly() throws {
        let text = "Medical expenses including emergency hospital treatment and repatriation"
        let lines = try Fonts.engine.lines([TextSpan(text, style: style)], width: 120)
        #expect(lines.count >= 2, "one line would break nowhere: \(lines.count)")
        for line in lines {
            let words = line.glyphs.map(\.glyph.text).joined()
            #expect(text.contains(words))
        }
        #expect(lines.map { $0.glyphs.map(\.glyph.text).joined() }.joined(separator: " ") == text)
    }
}

@Suite struct FallbackTests {
    @Test func rareNameCharactersUseACoveringFont() throws {
        let glyphs = try Fonts.engine.shape([TextSpan("李䶮𠇔", style: TextStyle())])
        #expect(glyphs.count == 3)
        #expect(glyphs.allSatisfy { $0.glyphID != 0 })
        #expect(glyphs[2].text == "𠇔")
        #expect(glyphs[2].cluster == 2..<4, "clusters are UTF-16 offsets; 𠇔 is a surrogate pair")
    }

    @Test func characterOnlyHanazonoHasFallsBackToIt() throws {
        guard let hana = Fonts.book.faces.first(where: { $0.family == "HanaMinB" }),
              let noto = Fonts.book.font(family: "sans", weight: 400) else {
            Issue.record("fonts-hanazono is not installed: run the README's setup")
            return
        }
        let scalar = (0x20000...0x2A6DF).lazy.compactMap(Unicode.Scalar.init).first { noto.glyph(for: $0) == nil && hana.glyph(for: $0) != nil }!
        let glyphs = try Fonts.engine.shape([TextSpan("王\(scalar)", style: TextStyle())])
        #expect(glyphs[1].font.family.hasPrefix("HanaMin"), "a HanaMin face covers it: \(glyphs[1].font.family)")
    }

    @Test func uncoveredCharacterIsAnErrorNamingIt() {
        #expect {
            _ = try Fonts.engine.shape([TextSpan("王\u{2EBF0}伟", style: TextStyle())])
        } throws: { error in
            let message = "\(error)"
            return message.contains("U+2EBF0") && message.contains("Noto Sans CJK SC")
        }
    }
}

@Suite struct SubsetTests {
    @Test func cffSubsetMapsEveryGlyphToACID() throws {
        let font = Fonts.book.font(family: "sans", weight: 400)!
        let glyphs = try Fonts.engine.shape([TextSpan("电子保单 Electronic Policy 李䶮", style: TextStyle())]).map(\.glyphID)
        let subset = try font.subset(glyphs: glyphs)
        guard case .cidKeyedCFF(let cff) = subset.program else { Issue.record("expected a CID-keyed CFF"); return }
        #expect(cff.count < 40_000)
        for g in glyphs { #expect(subset.codes[g] != nil) }
        #expect(Set(glyphs.map { subset.codes[$0]! }).count == Set(glyphs).count, "distinct glyphs get distinct codes")
    }
}

@Suite struct FigureBreakingTests {
    let style = TextStyle(family: "sans", size: 10)

    /// An amount wider than its line stays whole on one line and is reported, never split.
    @Test func amountWiderThanTheLineIsKeptWholeAndReported() throws {
        let lines = try Fonts.engine.lines([TextSpan("¥999,999,999,999.99", style: style)], width: 40)
        #expect(lines.count == 1)
        #expect(lines[0].overflowingFigure == "¥999,999,999,999.99")
        let code = try Fonts.engine.lines([TextSpan("EUR 30,000.00", style: style)], width: 30)
        #expect(code.count == 1 && code[0].overflowingFigure == "EUR 30,000.00", "the ISO code stays with its figure")
    }

    /// A token of many letters (a signed verification token in a URL) is no figure: it breaks.
    @Test func longLetterTokenStillBreaksBetweenCharacters() throws {
        let token = "AE32NIFMCPZOHPK7VJTEWAABWA55RVZKSC2ORV7MO36MOXGLNZT5QJEARCY7MGGXEH2QS4TXPILY7NVA"
        let lines = try Fonts.engine.lines([TextSpan(token, style: style)], width: 100)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.overflowingFigure == nil && $0.width <= 100.001 })
    }
}
