import Foundation
import WenshuDelivery
import WenshuDomain

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
    /// an offset (without one it is Beijing time), read by the domain's ``PolicyInstant`` as the
    /// documents print it. An end that cannot be read never expires a document: the page then shows
    /// the period as printed.
    static func hasPassed(_ end: String, now: Date) -> Bool {
        let text = end.trimmingCharacters(in: .whitespaces)
        guard let instant = PolicyInstant.parse(text, role: .end) else { return false }
        // A date ends at the next day's 00:00, which already belongs to the next day; a stated
        // instant is still inside the period.
        return text.utf8.count == 10 ? now.timeIntervalSince1970 >= Double(instant) : now.timeIntervalSince1970 > Double(instant)
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
