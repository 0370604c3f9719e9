import Testing
import WenshuDomain
@testable import WenshuTemplates

/// The byte reader for the usual date-time shape answers exactly as the general one, for that shape
/// and for every one-byte change of it (a wrong separator, a sign, a letter, an impossible date).
@Suite struct DateTimeParseTests {
    @Test func canonicalShapeAgreesWithTheGeneralReader() {
        let seeds = ["2025-03-01T00:00:00+08:00", "2024-02-29T23:59:59-05:30", "2025-04-20T24:00:00Z", "1999-12-31T12:34:56+14:00",
                     "2023-02-29T10:00:00+08:00", "2025-13-01T00:00:00Z", "2025-04-20T24:00:01Z", "2025-04-20T23:60:00+00:00"]
        let replacements: [UInt8] = Array("0123456789+-:TZ +a".utf8) + [0xE4]
        var checked = 0
        for seed in seeds {
            let bytes = Array(seed.utf8)
            #expect(DateTime.parse(seed) == DateTime.parseAnyShape(seed), "\(seed)")
            for i in bytes.indices {
                for r in replacements {
                    var changed = bytes
                    changed[i] = r
                    let text = String(decoding: changed, as: UTF8.self)
                    #expect(DateTime.parse(text) == DateTime.parseAnyShape(text), "\(text)")
                    checked += 1
                }
            }
        }
        #expect(DateTime.parse("2025-03-01T00:00:00+08:00") == DateTime(date: .init(year: 2025, month: 3, day: 1)!, hour: 0, minute: 0, second: 0, offsetMinutes: 480))
        #expect(checked > 3000)
    }
}
