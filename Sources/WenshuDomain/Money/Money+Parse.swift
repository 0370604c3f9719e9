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
