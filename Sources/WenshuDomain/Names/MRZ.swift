/// Machine-readable zone helpers, ICAO Doc 9303 (domain.md §2.1 [C]).
public enum MRZ {
    /// Check digit of an MRZ field: digits count as their value, `A`–`Z` as 10–35, the filler
    /// `<` as 0; weights 7, 3, 1 repeating; result = sum mod 10.
    /// Example from the ICAO specimen: `"L898902C3"` → 6, `"740812"` → 2. Returns nil when the
    /// field contains any other character (lowercase included).
    public static func checkDigit(_ field: String) -> Int? {
        let weights = [7, 3, 1]
        var sum = 0
        for (offset, character) in field.enumerated() {
            guard let value = characterValue(character) else { return nil }
            sum += value * weights[offset % 3]
        }
        return sum % 10
    }

    static func characterValue(_ character: Character) -> Int? {
        if character == "<" { return 0 }
        if let digit = character.asciiDigitValue { return digit }
        if character >= "A" && character <= "Z" { return Int(character.asciiValue! - 55) }
        return nil
    }

    /// Checks the five check digits of a TD3 (passport) second line of 44 characters:
    /// document number (1–9 / 10), birth date (14–19 / 20), expiry (22–27 / 28), optional data
    /// (29–42 / 43; `<` accepted as 0 when the optional data is empty) and the composite
    /// (1–10, 14–20, 22–43 / 44). Rules: `icao9303.td3-length`, `icao9303.check-digit`.
    public static func validateTD3SecondLine(_ line: String, field: String) -> [DomainIssue] {
        let c = Array(line)
        guard c.count == 44 else {
            return [.error(field, "icao9303.td3-length", "td3 second line has \(c.count) characters, expected 44")]
        }
        func text(_ from: Int, _ to: Int) -> String { String(c[(from - 1)..<to]) }  // 1-based, inclusive
        let checks: [(name: String, data: String, position: Int)] = [
            ("document number", text(1, 9), 10),
            ("birth date", text(14, 19), 20),
            ("expiry date", text(22, 27), 28),
            ("optional data", text(29, 42), 43),
            ("composite", text(1, 10) + text(14, 20) + text(22, 43), 44),
        ]
        var issues: [DomainIssue] = []
        for check in checks {
            let found = c[check.position - 1]
            let expected = checkDigit(check.data)
            let foundValue = found == "<" ? 0 : found.asciiDigitValue
            if expected == nil || foundValue != expected {
                let expectedText = expected.map(String.init) ?? "none (invalid characters)"
                issues.append(.error(
                    field, "icao9303.check-digit",
                    "\(check.name) check digit is \(found), expected \(expectedText) (icao 9303 7-3-1)"))
            }
        }
        return issues
    }
}
