internal import WenshuDomain

/// Reads an endorsement object of the data (`kind`, `effective`, `changes`, `premium`) into the
/// domain's wording. The schema has checked the shapes; this checks what a schema cannot say: the
/// effective time on the hour (批单 take effect "自…零时起" or at a stated hour, domain.md §8) and a
/// premium adjustment in CNY, the currency premiums are paid in.
enum EndorsementData {
    static func wording(_ value: JSONValue) throws(Filters.Failure) -> EndorsementWording {
        guard let kindText = value["kind"]?.scalarText, let kind = EndorsementWording.Kind(rawValue: kindText) else {
            throw Filters.Failure(message: "endorsement kind must be one of \(EndorsementWording.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let effective = try self.effective(value["effective"]?.scalarText ?? "")
        var changes: [EndorsementWording.Change] = []
        if case .array(let items)? = value["changes"] {
            for item in items {
                let format = try self.format(item)
                changes.append(EndorsementWording.Change(
                    labelZh: item["labelZh"]?.scalarText ?? "", labelEn: item["labelEn"]?.scalarText ?? "",
                    before: format.display(item["before"]?.scalarText ?? ""), after: format.display(item["after"]?.scalarText ?? "")))
            }
        }
        var premium: (direction: EndorsementWording.Direction, amount: Money)?
        if let p = value["premium"], !p.isNull {
            guard let d = p["direction"]?.scalarText, let direction = EndorsementWording.Direction(rawValue: d) else {
                throw Filters.Failure(message: "premium direction must be additional or refund")
            }
            if let c = p["currency"]?.scalarText, c != "CNY" {
                throw Filters.Failure(message: "premium adjustments are settled in CNY, not \(c)")
            }
            do { premium = (direction, try Money.parse(p["amount"]?.scalarText ?? "", currency: .cny, field: "premium.amount")) } catch {
                throw Filters.Failure(message: error.message)
            }
        }
        return EndorsementWording(kind: kind, effective: effective, changes: changes, premium: premium)
    }

    /// The instant an endorsement takes effect: a date (零时) or a date-time on the hour.
    static func effective(_ text: String) throws(Filters.Failure) -> Int64 {
        guard let instant = PolicyInstant.parse(text, role: .start) else {
            throw Filters.Failure(message: "endorsement effective time '\(text.prefix(40))' must be a date or a date-time")
        }
        guard PolicyInstant.beijing(instant).minute == 0, instant % 60 == 0 else {
            throw Filters.Failure(message: "an endorsement takes effect on the hour (Beijing time), not at '\(text.prefix(40))'")
        }
        return instant
    }

    static func format(_ change: JSONValue) throws(Filters.Failure) -> ChangeFormat {
        guard let text = change["format"]?.scalarText else { return .text }
        guard let format = ChangeFormat(rawValue: text) else {
            throw Filters.Failure(message: "change format must be one of \(ChangeFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return format
    }
}
