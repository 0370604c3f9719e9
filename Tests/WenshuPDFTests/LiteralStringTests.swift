import Testing
@testable import WenshuPDF

/// Glyph codes are written as raw bytes inside literal strings (§7.3.4.2). Readers differ on a bare
/// CR (the standard reads it as LF; poppler and mupdf keep it), so the escaping is checked on the
/// bytes: every byte must come back through the standard's reading, and no end-of-line byte may
/// stand bare.
@Suite struct LiteralStringTests {
    /// A literal string's body read as §7.3.4.2 says: escapes resolved, a bare CR, LF or CR LF as LF.
    static func read(_ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [], i = 0
        while i < body.count {
            let b = body[i]
            if b == UInt8(ascii: "\\"), i + 1 < body.count {
                let e = body[i + 1]
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                default: out.append(e)
                }
                i += 2
            } else if b == 0x0D {
                out.append(0x0A)
                i += (i + 1 < body.count && body[i + 1] == 0x0A) ? 2 : 1
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    @Test func everyByteReadsBack() {
        for byte in UInt8.min...UInt8.max {
            var body: [UInt8] = []
            PageDrawing.appendLiteralByte(byte, to: &body)
            #expect(Self.read(body) == [byte], "byte \(byte) written as \(body)")
            #expect(!body.contains(0x0D) && !body.contains(0x0A), "byte \(byte) leaves a bare end-of-line")
            let unescapedParenthesis = body.count == 1 && (byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")"))
            #expect(!unescapedParenthesis, "an unbalanced parenthesis would end or nest the string")
        }
    }

    /// Non-ASCII text strings (Info's title) are UTF-16BE in a literal: the bytes come back whole.
    @Test func utf16TextStringReadsBack() {
        let title = "保单（第一版）\\ (draft)\r\n上"
        guard case .literal(let bytes) = PDFValue.text(title) else { Issue.record("expected a literal"); return }
        var written: [UInt8] = []
        PDFValue.literal(bytes).write(to: &written)
        #expect(written.first == UInt8(ascii: "(") && written.last == UInt8(ascii: ")"))
        let body = Array(written.dropFirst().dropLast())
        #expect(!body.contains(0x0D) && !body.contains(0x0A))
        var expected: [UInt8] = [0xFE, 0xFF]
        for unit in title.utf16 { expected += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        #expect(Self.read(body) == expected)
    }
}
