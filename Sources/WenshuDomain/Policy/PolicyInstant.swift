/// Instants of a policy's life, read from the text the data gives. Chinese policies are written in
/// Beijing time (UTC+8, no daylight saving): a period runs "自 YYYY年MM月DD日零时起 至 …日二十四时止"
/// (domain.md §8), so a bare date is the start of that day when it begins a period and the end of
/// that day (24:00) when it ends one.
public enum PolicyInstant {
    /// Beijing time's fixed offset from UTC, in seconds.
    public static let beijingOffset: Int64 = 8 * 3600

    public enum Role: Sendable { case start, end }

    /// Seconds since 1970-01-01T00:00Z of `text`: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS[.fff]]`
    /// with `Z`, `±HH:MM` or no offset (then Beijing time). Nil when the text is none of these.
    public static func parse(_ text: String, role: Role) -> Int64? {
        let u = Array(text.utf8)
        guard u.count >= 10, let date = try? CivilDate.parse(String(decoding: u[0..<10], as: UTF8.self)) else { return nil }
        let midnight = days(from: date) * 86_400 - beijingOffset
        if u.count == 10 { return role == .start ? midnight : midnight + 86_400 }
        guard u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " "), u.count >= 16, u[13] == UInt8(ascii: ":"),
              let hour = number(u[11..<13]), let minute = number(u[14..<16]), hour <= 24, minute < 60 else { return nil }
        var i = 16
        var second: Int64 = 0
        if i < u.count, u[i] == UInt8(ascii: ":") {
            guard u.count >= i + 3, let s = number(u[(i + 1)..<(i + 3)]), s < 61 else { return nil }
            second = s; i += 3
            if i < u.count, u[i] == UInt8(ascii: ".") {
                i += 1
                while i < u.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(u[i]) { i += 1 }
            }
        }
        var offset = beijingOffset
        if i < u.count {
            switch u[i] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                guard i + 1 == u.count else { return nil }
                offset = 0
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard u.count == i + 6, u[i + 3] == UInt8(ascii: ":"), let h = number(u[(i + 1)..<(i + 3)]),
                      let m = number(u[(i + 4)..<(i + 6)]), h < 24, m < 60 else { return nil }
                offset = (h * 3600 + m * 60) * (u[i] == UInt8(ascii: "-") ? -1 : 1)
            default: return nil
            }
        }
        if hour == 24 && (minute != 0 || second != 0) { return nil }
        return days(from: date) * 86_400 + hour * 3600 + minute * 60 + second - offset
    }

    /// The Beijing civil date and hour of an instant, for wording such as "自 2026年05月01日零时起".
    public static func beijing(_ instant: Int64) -> (date: CivilDate, hour: Int, minute: Int) {
        let local = instant + beijingOffset
        let day = floorDiv(local, 86_400)
        let rest = local - day * 86_400
        return (civil(fromDays: day), Int(rest / 3600), Int(rest % 3600 / 60))
    }

    static func days(from d: CivilDate) -> Int64 { Int64(d.dayNumber) }

    static func civil(fromDays z: Int64) -> CivilDate { CivilDate(dayNumber: Int(z)) }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var v: Int64 = 0
        for b in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) else { return nil }
            v = v * 10 + Int64(b - UInt8(ascii: "0"))
        }
        return v
    }
}
