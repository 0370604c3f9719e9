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
}
