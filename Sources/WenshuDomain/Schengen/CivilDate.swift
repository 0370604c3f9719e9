/// A calendar date in the proleptic Gregorian calendar, without time or time zone.
///
/// Contract: every value is a real date (year 1–9999); invalid dates cannot be constructed.
/// The module has no clock: "today" is always passed in as a `CivilDate`.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil unless the date exists (GB 11643 birth dates: 2000-02-29 yes, 1900-02-29 no).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ISO 8601 calendar date, ASCII digits).
    /// Throws `date.syntax` for another shape and `date.invalid` for a date that does not exist.
    public static func parse(_ text: String, field: String = "date") throws(DomainIssue) -> CivilDate {
        // ASCII fast path over the UTF-8 bytes; the Character path below gives the same answers.
        let u = Array(text.utf8)
        if u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") {
            var value = [0, 0, 0]
            var ok = true
            for (k, range) in [0..<4, 5..<7, 8..<10].enumerated() {
                for i in range {
                    guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(u[i]) else { ok = false; break }
                    value[k] = value[k] * 10 + Int(u[i] - UInt8(ascii: "0"))
                }
            }
            if ok {
                guard let date = CivilDate(year: value[0], month: value[1], day: value[2]) else {
                    throw .error(field, "date.invalid", "date \(quoted(text)) does not exist")
                }
                return date
            }
        }
        let c = Array(text)
        let digitPositions = [0, 1, 2, 3, 5, 6, 8, 9]
        guard c.count == 10, c[4] == "-", c[7] == "-", digitPositions.allSatisfy({ c[$0].isASCIIDigit }) else {
            throw .error(field, "date.syntax", "date \(quoted(text)) is not in the form yyyy-mm-dd")
        }
        let year = Int(String(c[0..<4]))!, month = Int(String(c[5..<7]))!, day = Int(String(c[8..<10]))!
        guard let date = CivilDate(year: year, month: month, day: day) else {
            throw .error(field, "date.invalid", "date \(quoted(text)) does not exist")
        }
        return date
    }

    /// Gregorian leap year: divisible by 4, except centuries not divisible by 400.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let y = String(year), m = String(month), d = String(day)
        return String(repeating: "0", count: 4 - y.count) + y + "-" + (m.count == 1 ? "0" : "") + m
            + "-" + (d.count == 1 ? "0" : "") + d
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The date `days` days later (earlier when negative). Traps outside years 1–9999.
    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    /// The same day `months` months later, clamped to the month's last day
    /// (2024-11-30 + 3 months = 2025-02-28). Traps outside years 1–9999.
    public func adding(months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let newYear = index / 12, newMonth = index % 12 + 1
        return CivilDate(year: newYear, month: newMonth,
                         day: min(day, CivilDate.daysInMonth(year: newYear, month: newMonth)))!
    }

    /// Days since 1970-01-01 (H. Hinnant's days_from_civil).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)!
    }
}
