internal import WenshuDomain

/// A local date-time with its UTC offset as written in the data: `2025-03-01T00:00:00+08:00`
/// (seconds optional, `Z` for UTC). The offset is required so the document never depends on the
/// host's time zone (STYLE.md §6).
struct DateTime: Sendable, Hashable {
    var date: CivilDate
    var hour: Int, minute: Int, second: Int
    /// Minutes east of UTC.
    var offsetMinutes: Int

    static func parse(_ text: String) -> DateTime? {
        if let found = text.utf8.withContiguousStorageIfAvailable(parseCanonical), let found { return found }
        return parseAnyShape(text)
    }

    /// `YYYY-MM-DDTHH:MM:SS` then `Z` or `±HH:MM`, in ASCII digits: the shape data almost always
    /// has, read from the bytes. Nil for anything else, which ``parseAnyShape(_:)`` then reads (it
    /// gives the same value for this shape); splitting into `Character`s cost ~20,000 instructions a
    /// date-time, and a policy prints a dozen.
    private static func parseCanonical(_ u: UnsafeBufferPointer<UInt8>) -> DateTime? {
        guard u.count == 20 || u.count == 25 else { return nil }
        func number(_ at: Int, _ digits: Int) -> Int? {
            var v = 0
            for i in at..<at + digits {
                let d = u[i] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        func byte(_ i: Int, _ c: Unicode.Scalar) -> Bool { u[i] == UInt8(ascii: c) }
        guard byte(4, "-"), byte(7, "-"), byte(10, "T"), byte(13, ":"), byte(16, ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let date = CivilDate(year: year, month: month, day: day),
              let h = number(11, 2), let m = number(14, 2), let s = number(17, 2),
              h < 24 || (h == 24 && m == 0 && s == 0), m < 60, s < 60 else { return nil }
        var offset = 0
        if u.count == 20 {
            guard byte(19, "Z") else { return nil }
        } else {
            guard byte(19, "+") || byte(19, "-"), byte(22, ":"), let oh = number(20, 2), let om = number(23, 2), oh <= 14, om < 60 else { return nil }
            offset = (oh * 60 + om) * (byte(19, "-") ? -1 : 1)
        }
        return DateTime(date: date, hour: h, minute: m, second: s, offsetMinutes: offset)
    }

    static func parseAnyShape(_ text: String) -> DateTime? {
        let parts = text.split(separator: "T", maxSplits: 1).map(String.init)
        guard parts.count == 2, let date = try? CivilDate.parse(parts[0]) else { return nil }
        var rest = Substring(parts[1])
        var offset = 0
        if rest.hasSuffix("Z") {
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let o = rest[rest.index(after: signIndex)...].split(separator: ":")
            guard o.count == 2, o[0].count == 2, o[1].count == 2, let h = Int(o[0]), let m = Int(o[1]), h <= 14, m < 60 else { return nil }
            offset = (h * 60 + m) * (rest[signIndex] == "-" ? -1 : 1)
            rest = rest[..<signIndex]
        } else {
            return nil
        }
        let t = rest.split(separator: ":")
        guard t.count == 2 || t.count == 3, t.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let h = Int(t[0]), let m = Int(t[1]), let s = t.count == 3 ? Int(t[2]) : 0,
              h < 24 || (h == 24 && m == 0 && s == 0), m < 60, s < 60 else { return nil }
        // ISO 8601 allows 24:00:00 for the end of a day.
        return DateTime(date: date, hour: h, minute: m, second: s, offsetMinutes: offset)
    }

    /// This time read as the end of a period. Chinese policies end "…日24时止" (domain.md §8, §1.2):
    /// 23:59 and 23:59:59 are that day's 24:00, and 00:00:00 is the previous day's 24:00, so a
    /// policy ending 2025-04-20T23:59:59 or 2025-04-21T00:00:00 prints "2025年04月20日24时" on the
    /// e-policy exactly as its certificate prints "20 Apr 2025 24:00". Other times are unchanged.
    var asPeriodEnd: DateTime {
        var end = self
        if hour == 23 && minute == 59 {
            end.hour = 24; end.minute = 0; end.second = 0
        } else if hour == 0 && minute == 0 && second == 0 {
            end.date = date.adding(days: -1); end.hour = 24
        }
        return end
    }
}

/// Formats dates with a small pattern language, independent of any locale or time zone:
/// `yyyy` year, `MM`/`M` month, `MMM` Jan, `MMMM` January, `dd`/`d` day, `HH`/`H` hour,
/// `mm` minute, `ss` second, `XXX` offset (+08:00), `ZZZ` offset as UTC+8; other characters print
/// as they are, and text in single quotes is literal.
/// Example: "yyyy年MM月dd日" → 2025年03月01日; "dd MMM yyyy" → 01 Mar 2025.
enum DatePattern {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]
    static let tokenLetters: Set<Character> = ["y", "M", "d", "H", "m", "s", "X", "Z"]

    /// Nil when the pattern has a token run this formatter does not know (e.g. `yyy`).
    static func validate(_ pattern: String) -> String? {
        var probe = DateTime(date: CivilDate(year: 2000, month: 1, day: 1)!, hour: 0, minute: 0, second: 0, offsetMinutes: 0)
        probe.second = 0
        return format(probe, pattern: pattern) == nil ? "bad date pattern '\(pattern)'" : nil
    }

    static func format(_ value: DateTime, pattern: String) -> String? {
        var out = ""
        var chars = Array(pattern)[...]
        func pad(_ v: Int, _ width: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, width - s.count)) + s }
        while let c = chars.first {
            if c == "'" {
                chars = chars.dropFirst()
                while let q = chars.first, q != "'" { out.append(q); chars = chars.dropFirst() }
                chars = chars.dropFirst()
                continue
            }
            guard tokenLetters.contains(c) else { out.append(c); chars = chars.dropFirst(); continue }
            let run = chars.prefix { $0 == c }.count
            chars = chars.dropFirst(run)
            let d = value.date
            switch (c, run) {
            case ("y", 4): out += pad(d.year, 4)
            case ("y", 2): out += pad(d.year % 100, 2)
            case ("M", 1): out += String(d.month)
            case ("M", 2): out += pad(d.month, 2)
            case ("M", 3): out += String(months[d.month - 1].prefix(3))
            case ("M", 4): out += months[d.month - 1]
            case ("d", 1): out += String(d.day)
            case ("d", 2): out += pad(d.day, 2)
            case ("H", 1): out += String(value.hour)
            case ("H", 2): out += pad(value.hour, 2)
            case ("m", 2): out += pad(value.minute, 2)
            case ("s", 2): out += pad(value.second, 2)
            case ("X", 3):
                let o = abs(value.offsetMinutes)
                out += (value.offsetMinutes < 0 ? "-" : "+") + pad(o / 60, 2) + ":" + pad(o % 60, 2)
            case ("Z", 3):
                let o = abs(value.offsetMinutes)
                out += "UTC" + (value.offsetMinutes < 0 ? "-" : "+") + String(o / 60) + (o % 60 == 0 ? "" : ":" + pad(o % 60, 2))
            default: return nil
            }
        }
        return out
    }
}
