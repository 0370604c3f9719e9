/// Validates a bank card number (PAN), ISO/IEC 7812-1 (domain.md §3.3 [C]): 13–19 ASCII digits,
/// last digit a Luhn check.
///
/// Errors: `luhn.format` (non-digits or wrong length; when the only problem is spaces or
/// hyphens, the digits-only number is the suggestion), `luhn.check-digit`.
public func validateBankCard(_ value: String, field: String) -> [DomainIssue] {
    let digitsOnly = value.filter(\.isASCIIDigit)
    guard value.allSatisfy(\.isASCIIDigit), (13...19).contains(value.count) else {
        let separatorsOnly = value.allSatisfy { $0.isASCIIDigit || $0 == " " || $0 == "-" }
            && (13...19).contains(digitsOnly.count)
        return [.error(
            field, "luhn.format", "card number must be 13–19 digits without spaces",
            suggestion: separatorsOnly ? digitsOnly : nil)]
    }
    let expected = luhnCheckDigit(payload: String(value.dropLast()))!
    let actual = value.last!.asciiDigitValue!
    guard expected == actual else {
        return [.error(field, "luhn.check-digit", "check digit is \(actual), expected \(expected) (luhn)")]
    }
    return []
}

/// Luhn check digit for the digits before the check digit: double every second digit from the
/// right starting with the rightmost payload digit, sum the digits, check = (10 − sum mod 10) mod 10.
/// Example: "612345123456789" → 3. Returns nil for an empty or non-digit payload.
public func luhnCheckDigit(payload: String) -> Int? {
    let digits = payload.compactMap(\.asciiDigitValue)
    guard !digits.isEmpty, digits.count == payload.count else { return nil }
    var sum = 0
    for (offset, digit) in digits.reversed().enumerated() {
        if offset % 2 == 0 {
            let doubled = digit * 2
            sum += doubled > 9 ? doubled - 9 : doubled
        } else {
            sum += digit
        }
    }
    return (10 - sum % 10) % 10
}
