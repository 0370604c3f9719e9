import Testing
@testable import WenshuTemplates

/// RFC 8785 (JSON Canonicalization Scheme), the bytes the claim form's strokes hash is taken over.
@Suite struct CanonicalJSONTests {
    func canonical(_ json: String) throws -> String {
        let value = try JSONParser.parse(Array(json.utf8), maxDepth: 32)
        return String(decoding: try CanonicalJSON.encode(value), as: UTF8.self)
    }

    /// Number serialisation as ECMAScript prints it (RFC 8785 §3.2.2.3 and appendix B).
    @Test(arguments: [
        ("0", "0"), ("-0", "0"), ("60.0", "60"), ("65.20", "65.2"), ("1e21", "1e+21"), ("1E-7", "1e-7"), ("0.000001", "0.000001"),
        ("333333333.33333329", "333333333.3333333"), ("9007199254740992", "9007199254740992"), ("1e23", "1e+23"),
        ("295147905179352825856", "295147905179352830000"), ("5e-324", "5e-324"), ("-1.7976931348623157e308", "-1.7976931348623157e+308"),
        ("123e-2", "1.23"), ("0.1", "0.1"), ("100", "100"),
    ])
    func numbersPrintAsECMAScriptDoes(_ pair: (String, String)) throws {
        #expect(try canonical(pair.0) == pair.1, "\(pair.0)")
    }

    @Test func membersSortByUTF16CodeUnitsWithoutWhitespace() throws {
        // RFC 8785 §3.2.3's example: U+1F600 (surrogates D83D DE00) sorts before U+FB33.
        let input = #"{ "\u20ac": "Euro", "\r": "CR", "\ufb33": "Hebrew", "1": "One", "\ud83d\ude00": "Smiley", "\u0080": "Control", "\u00f6": "\u00f6" }"#
        let expected = "{\"\\r\":\"CR\",\"1\":\"One\",\"\u{80}\":\"Control\",\"\u{F6}\":\"\u{F6}\",\"\u{20AC}\":\"Euro\",\"\u{1F600}\":\"Smiley\",\"\u{FB33}\":\"Hebrew\"}"
        #expect(try canonical(input) == expected)
    }

    @Test func stringsEscapeOnlyQuotesBackslashesAndControls() throws {
        #expect(try canonical(#"["a\"b\\c\/d", "\u0001\t\n", "张伟 é"]"#) == #"["a\"b\\c/d","\u0001\t\n","张伟 é"]"#)
        #expect(try canonical(#"{"b":[true,false,null],"a":{"z":1,"y":[]}}"#) == #"{"a":{"y":[],"z":1},"b":[true,false,null]}"#)
    }

    @Test func outOfRangeNumberIsAnError() throws {
        #expect(throws: CanonicalJSON.Failure.self) { try canonical("1e400") }
    }
}
