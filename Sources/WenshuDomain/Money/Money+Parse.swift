extension Money {
    /// Parses a decimal amount written with ASCII digits.
    ///
    /// Accepted: `"1004.5"`, `"1004.50"`, `"1,004.50"`, `"0.05"`, `"30000"`; surrounding spaces
    /// are ignored. Thousands separators are optional but, when present, must group the integer
    /// part in threes (`"1,004"`, not `"10,04"`).
    ///
    /// Rejected (thrown as one `DomainIssue`, severity error, on `field`):
    /// - `money.negative`: a leading `-` (premiums and covers are never negative);
    /// - `money.over-precise`: more than 2 decimals (`"1.005"`) — never silently rounded;
    /// - `money.syntax`: anything else that is not a number (`""`, `"1.2.3"`, `"¥5"`, `".5"`, `"5."`, `"1e3"`);
    /// - `money.range`: amounts ≥ 10¹² major units (domain.md §4).
    public static func parse(
        _ text: String, currency: Currency, field: String = "amount"
    ) throws(DomainIssue) -> Money {
        if let plain = plainAmount(text, currency: currency) { return plain }
        let trimmed = text.trimmingASCIISpaces()
        if trimmed.hasPrefix("-") {
            throw .error(field, "money.negative", "amount \(quoted(text)) is negative; amounts must be zero or more")
        }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let integerText = parts.first, !integerText.isEmpty else {
            throw syntaxError(text, field)
        }
        let integerDigits = try digitsOfGroupedInteger(Substring(integerText), original: text, field: field)
        var fractionDigits = ""
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.allSatisfy(\.isASCIIDigit) else {
                throw syntaxError(text, field)
            }
            guard fraction.count <= 2 else {
                throw .error(
                    field, "money.over-precise",
                    "amount \(quoted(text)) has \(fraction.count) decimal places; at most 2 are allowed",
                    suggestion: "round the amount to fen/cents before passing it")
            }
            fractionDigits = String(fraction)
        }
        // 10^12 major units has 13 integer digits; leading zeros are harmless.
        let significant = integerDigits.drop(while: { $0 == "0" })
        guard significant.count <= 12 else {
            throw .error(field, "money.range", "amount \(quoted(text)) is too large; it must be below 1,000,000,000,000")
        }
        let major = Int64(significant.isEmpty ? "0" : String(significant))!
        let paddedFraction = fractionDigits.padding(toLength: 2, with: "0")
        let minor = major * 100 + Int64(paddedFraction)!
        return Money(minorUnits: minor, currency: currency)
    }

    /// The common shape — digits, optionally a point and one or two digits, nothing else — read from
    /// the UTF-8 bytes; nil for anything else, which the full parser then accepts or explains.
    /// (Data holds hundreds of amounts; the general path walks Characters and builds Strings.)
    private static func plainAmount(_ text: String, currency: Currency) -> Money? {
        var major: Int64 = 0, fraction: Int64 = 0
        var significant = 0, fractionDigits = 0, integerDigits = 0
        var seenPoint = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                if seenPoint {
                    fractionDigits += 1
                    guard fractionDigits <= 2 else { return nil }
                    fraction = fraction * 10 + digit
                } else {
                    integerDigits += 1
                    if significant > 0 || digit > 0 { significant += 1 }
                    guard significant <= 12 else { return nil }
                    major = major * 10 + digit
                }
            case UInt8(ascii: "."):
                guard !seenPoint, integerDigits > 0 else { return nil }
                seenPoint = true
            default:
                return nil
            }
        }
        guard integerDigits > 0, !seenPoint || fractionDigits > 0 else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        return Money(minorUnits: major * 100 + fraction, currency: currency)
    }

    private static func digitsOfGroupedInteger(
        _ text: Substring, original: String, field: String
    ) throws(DomainIssue) -> String {
        if !text.contains(",") {
            guard text.allSatisfy(\.isASCIIDigit) else { throw syntaxError(original, field) }
            return String(text)
        }
        let groups = text.split(separator: ",", omittingEmptySubsequences: false)
        for (index, group) in groups.enumerated() {
            let sizeIsValid = index == 0 ? (1...3).contains(group.count) : group.count == 3
            guard sizeIsValid, group.allSatisfy(\.isASCIIDigit) else {
                throw .error(
                    field, "money.syntax",
                    "amount \(quoted(original)) has misplaced thousands separators",
                    suggestion: "write it without commas, e.g. \(groups.joined())")
            }
        }
        return groups.joined()
    }

    private static func syntaxError(_ text: String, _ field: String) -> DomainIssue {
        .error(field, "money.syntax", "amount \(quoted(text)) is not a decimal number like 1004.50")
    }
}

func quoted(_ text: String) -> String { "'\(text)'" }

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var asciiDigitValue: Int? { isASCIIDigit ? Int(asciiValue! - 48) : nil }
}

extension StringProtocol {
    /// Removes leading and trailing ASCII spaces and tabs only (no Foundation needed).
    func trimmingASCIISpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }

    func padding(toLength length: Int, with pad: Character) -> String {
        count >= length ? String(self) : String(self) + String(repeating: pad, count: length - count)
    }
}
