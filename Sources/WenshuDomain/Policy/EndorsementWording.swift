/// The endorsement wording (批文) generated from the changes, in Chinese and English, as insurers
/// write it (domain.md §8): "经投保人申请，本公司同意自 2025年05月01日零时起，将被保险人护照号码由 E… 变更为
/// E…。其他内容不变。" A premium adjustment is stated in figures and in uppercase (§4); a cancellation
/// ends the contract instead of changing fields. The data may override the text; this is only the
/// default, so it stays plain.
public struct EndorsementWording: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case passport, name, `extension`, cancellation, other

        public var chinese: String {
            switch self {
            case .passport: "证件信息变更"
            case .name: "姓名拼写更正"
            case .extension: "延长保险期间"
            case .cancellation: "退保（解除合同）"
            case .other: "其他批改"
            }
        }

        public var english: String {
            switch self {
            case .passport: "Change of identity document"
            case .name: "Correction of name spelling"
            case .extension: "Extension of the period of insurance"
            case .cancellation: "Cancellation of the policy"
            case .other: "Other change"
            }
        }
    }

    public struct Change: Sendable, Equatable {
        public var labelZh: String
        public var labelEn: String
        /// As printed: already masked (`ChangeFormat.display`).
        public var before: String
        public var after: String
        public init(labelZh: String, labelEn: String, before: String, after: String) {
            self.labelZh = labelZh; self.labelEn = labelEn; self.before = before; self.after = after
        }
    }

    public enum Direction: String, Sendable { case additional, refund }

    public var kind: Kind
    /// Effective instant, seconds since 1970 UTC; printed in Beijing time to the hour.
    public var effective: Int64
    public var changes: [Change]
    public var premium: (direction: Direction, amount: Money)?

    public init(kind: Kind, effective: Int64, changes: [Change], premium: (direction: Direction, amount: Money)?) {
        self.kind = kind; self.effective = effective; self.changes = changes; self.premium = premium
    }

    /// "2026年05月01日零时" (or "…12时"); the caller has checked the time is on the hour.
    public static func chineseTime(_ instant: Int64) -> String {
        let (d, hour, _) = PolicyInstant.beijing(instant)
        let date = "\(d.year)年\(two(d.month))月\(two(d.day))日"
        return date + (hour == 0 ? "零时" : "\(hour)时")
    }

    /// "00:00 on 1 May 2026".
    public static func englishTime(_ instant: Int64) -> String {
        let (d, hour, _) = PolicyInstant.beijing(instant)
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                      "November", "December"]
        return "\(two(hour)):00 on \(d.day) \(months[d.month - 1]) \(d.year)"
    }

    public func chinese() throws(DomainIssue) -> String {
        var text = "经投保人申请，本公司同意自\(Self.chineseTime(effective))起"
        if kind == .cancellation {
            text += "解除本保险合同，本保单自该时起终止。"
        } else {
            let items = changes.map { "将\($0.labelZh)由\($0.before)变更为\($0.after)" }
            text += items.isEmpty ? "对本保单作如下批改。" : "，" + items.joined(separator: "；") + "。"
        }
        if let premium {
            let figures = premium.amount.formatted()
            let upper = try rmbUppercase(premium.amount, style: .cheque, field: "premium.amount")
            text += premium.direction == .additional
                ? "投保人应补交保险费\(figures)（大写：人民币\(upper)）。" : "本公司退还投保人保险费\(figures)（大写：人民币\(upper)）。"
        }
        if kind != .cancellation { text += "其他内容不变。" }
        return text
    }

    public func english() -> String {
        var text = "At the policyholder's request, the Company agrees that with effect from \(Self.englishTime(effective)) (Beijing time)"
        if kind == .cancellation {
            text += ", the insurance contract is terminated and this policy ends."
        } else {
            let items = changes.map { "the \($0.labelEn.lowercasedFirst) is changed from \($0.before) to \($0.after)" }
            text += items.isEmpty ? " this policy is endorsed as follows." : ", " + items.joined(separator: "; ") + "."
        }
        if let premium {
            text += premium.direction == .additional
                ? " The policyholder shall pay an additional premium of \(premium.amount.formatted())."
                : " The Company refunds a premium of \(premium.amount.formatted()) to the policyholder."
        }
        if kind != .cancellation { text += " All other terms and conditions remain unchanged." }
        return text
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}

/// How a changed value is printed on an endorsement: personal numbers masked as on every document
/// (domain.md §3.4), except passport numbers, which print in full as on the visa certificate.
public enum ChangeFormat: String, Sendable, CaseIterable {
    case text, passport, residentID, mobile, bankCard

    public func display(_ value: String) -> String {
        switch self {
        case .text, .passport: value
        case .residentID: mask(value, rule: .residentID)
        case .mobile: mask(value, rule: .mobile)
        case .bankCard: mask(value, rule: .bankCard)
        }
    }
}

extension String {
    /// "Passport number" → "passport number" for use inside a sentence; acronyms ("ID") stay.
    var lowercasedFirst: String {
        guard let first = first, first.isUppercase else { return self }
        let second = dropFirst().first
        if let second, second.isUppercase { return self }
        return first.lowercased() + dropFirst()
    }
}
