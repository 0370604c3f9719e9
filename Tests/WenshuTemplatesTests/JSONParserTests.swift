import Testing
@testable import WenshuTemplates

/// The record parser refuses what would silently drop data, whatever the object's size.
@Suite struct JSONParserTests {
    /// Small objects are checked by a scan and large ones by a set: a duplicate is found in both.
    @Test(arguments: [2, 15, 16, 17, 40])
    func duplicateKeyIsRefused(_ keys: Int) {
        let members = (0..<keys).map { "\"k\($0)\": \($0)" }
        for duplicateOf in [0, keys - 1] {
            let json = "{" + (members + ["\"k\(duplicateOf)\": 0"]).joined(separator: ", ") + "}"
            #expect(throws: (any Error).self, "\(keys) keys, k\(duplicateOf) twice") { try JSONParser.parse(Array(json.utf8), maxDepth: 8) }
        }
        let distinct = "{" + members.joined(separator: ", ") + "}"
        #expect(throws: Never.self) { try JSONParser.parse(Array(distinct.utf8), maxDepth: 8) }
    }

    @Test func stringsValidateTheirUTF8() {
        #expect(throws: (any Error).self) { try JSONParser.parse([0x22, 0xE4, 0xBD, 0x22], maxDepth: 8) }  // cut-off 你
        let value = try? JSONParser.parse(Array("\"你好 𠇔\"".utf8), maxDepth: 8)
        #expect(value?.scalarText == "你好 𠇔")
    }

    /// ASCII strings skip the validator: a stray byte at any offset of a long string still sends it
    /// through, and a bad one is still refused.
    @Test func anyNonASCIIByteIsValidated() {
        let ascii = Array("Policy number PX-2025-000123 issued".utf8)
        #expect((try? JSONParser.parse([0x22] + ascii + [0x22], maxDepth: 8))?.scalarText == String(decoding: ascii, as: UTF8.self))
        for bad: [UInt8] in [[0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xBF], [0xEF, 0xBF]] {  // surrogate, overlong, past U+10FFFF, stray, cut
            #expect(throws: (any Error).self, "\(bad)") { try JSONParser.parse([0x22, 0x61] + bad + [0x62, 0x22], maxDepth: 8) }
        }
        #expect((try? JSONParser.parse([0x22, 0xEF, 0xBF, 0xBD, 0x22], maxDepth: 8))?.scalarText == "\u{FFFD}")  // a real U+FFFD is kept
        for k in ascii.indices {
            var bad = ascii
            bad[k] = 0xC3  // a lead byte without its continuation
            #expect(throws: (any Error).self, "at \(k)") { try JSONParser.parse([0x22] + bad + [0x22], maxDepth: 8) }
            var good = ascii
            good.replaceSubrange(k..<k + 1, with: [0xC3, 0xA9])  // é
            #expect((try? JSONParser.parse([0x22] + good + [0x22], maxDepth: 8))?.scalarText == String(decoding: good, as: UTF8.self), "at \(k)")
        }
    }
}
