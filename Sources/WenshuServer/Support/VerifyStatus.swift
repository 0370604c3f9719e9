import Foundation
import WenshuDelivery

/// What the verify page says about a document: the registry's status, plus "expired" once the
/// period's end has passed in Beijing time (UTC+8), the time zone the policies are written in.
enum VerifyStatus: String, Sendable {
    case valid, superseded, cancelled, expired

    static func of(_ record: DocumentRecord, now: Date) -> VerifyStatus {
        switch record.status {
        case .superseded: return .superseded
        case .cancelled: return .cancelled
        case .valid:
            if let end = record.periodEnd, PeriodEnd.hasPassed(end, now: now) { return .expired }
            return .valid
        }
    }
}

enum PeriodEnd {
    static let beijing = TimeZone(secondsFromGMT: 8 * 3600)!

    /// `end` is a date (`2025-04-20`: in force through that whole day) or a date-time with or without
    /// an offset (without one it is Beijing time). An end that cannot be read never expires a document:
    /// the page then shows the period as printed.
    static func hasPassed(_ end: String, now: Date) -> Bool {
        let text = end.trimmingCharacters(in: .whitespaces)
        let digits = Array(text.utf8)
        guard digits.count >= 10, digits[4] == UInt8(ascii: "-"), digits[7] == UInt8(ascii: "-"),
              let year = Int(text.prefix(4)), let month = Int(text.dropFirst(5).prefix(2)), let day = Int(text.dropFirst(8).prefix(2)) else {
            return false
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = beijing
        if digits.count == 10 {
            guard let startOfNextDay = calendar.date(from: DateComponents(year: year, month: month, day: day + 1)) else { return false }
            return now >= startOfNextDay
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let instant = formatter.date(from: text.replacingOccurrences(of: " ", with: "T")) { return now > instant }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let instant = formatter.date(from: text.replacingOccurrences(of: " ", with: "T")) { return now > instant }
        // Local Beijing time without an offset: 2025-04-20T23:59[:59]
        let rest = text.dropFirst(11).split(separator: ":")
        guard rest.count >= 2, let hour = Int(rest[0]), let minute = Int(rest[1]) else { return false }
        let second = rest.count > 2 ? Int(Double(rest[2]) ?? 0) : 0
        guard let instant = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)) else {
            return false
        }
        return now > instant
    }

    /// `2025-04-20 14:03` in Beijing time, for the page.
    static func beijingText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = beijing
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date) + " (UTC+8)"
    }
}
