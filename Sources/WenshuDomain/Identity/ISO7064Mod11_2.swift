/// ISO 7064:1983 MOD 11-2 as used by GB 11643-1999 (domain.md §3.1).
///
/// Weights for positions 1–17: 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 (Wᵢ = 2^(18−i) mod 11);
/// S = Σ aᵢ·Wᵢ; Y = S mod 11; check = "10X98765432"[Y].
/// Worked example: 11010519491231002 → S = 167, Y = 2 → "X" (11010519491231002X).
enum ISO7064Mod11_2 {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Check character for 17 ASCII digits, or nil if `first17` is not exactly 17 ASCII digits.
    static func checkCharacter<S: StringProtocol>(first17: S) -> Character? {
        let digits = first17.compactMap(\.asciiDigitValue)
        guard first17.count == 17, digits.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Whether `value` is 17 ASCII digits and their check character, uppercase: the number most
    /// records carry, read as bytes (the checks that say what is wrong go character by character).
    static func isValid(_ value: String) -> Bool {
        var sum = 0, k = 0, last: UInt8 = 0
        for byte in value.utf8 {
            if k < 17 {
                guard byte >= 0x30 && byte <= 0x39 else { return false }
                sum += Int(byte - 0x30) * weights[k]
            } else if k == 17 {
                last = byte
            } else {
                return false
            }
            k += 1
        }
        return k == 18 && Character(Unicode.Scalar(last)) == checkCharacters[sum % 11]
    }
}

/// Shared shape check for the 18-character GB 11643 layout (resident ID, residence permits,
/// 2023 permanent residence ID): 17 ASCII digits + check character (digit or X), MOD 11-2.
///
/// Lowercase `x` as check character: accepted for the arithmetic but reported as a warning
/// `<prefix>.lowercase-x` with the uppercase number as suggestion, because GB 11643 prints `X`
/// and documents must print the number exactly.
///
/// Returns the issues; `nil` digits means the shape was too broken to continue with
/// content checks (date, address code).
func checkGB11643Shape(
    _ value: String, field: String, rulePrefix: String, documentName: String
) -> (issues: [DomainIssue], isWellFormed: Bool) {
    if ISO7064Mod11_2.isValid(value) { return ([], true) }
    let characters = Array(value)
    guard characters.count == 18 else {
        var suggestion: String?
        if rulePrefix == "gb11643", characters.count == 15, characters.allSatisfy(\.isASCIIDigit) {
            // domain.md §3.1 [S]: the 1989 15-digit number converts by inserting "19" and computing the check.
            let first17 = String(characters[0..<6]) + "19" + String(characters[6...])
            suggestion = first17 + String(ISO7064Mod11_2.checkCharacter(first17: first17)!)
        }
        let hint = suggestion == nil ? "" : "; 15-digit numbers are the GB 11643-1989 format"
        return ([.error(
            field, "\(rulePrefix).length",
            "\(documentName) has \(characters.count) characters, expected 18 (GB 11643-1999)\(hint)",
            suggestion: suggestion)], false)
    }
    var issues: [DomainIssue] = []
    let badPositions = characters[0..<17].indices.filter { !characters[$0].isASCIIDigit }
    let last = characters[17]
    if !badPositions.isEmpty || !(last.isASCIIDigit || last == "X" || last == "x") {
        let positions = (badPositions + (last.isASCIIDigit || last == "X" || last == "x" ? [] : [17]))
            .map { String($0 + 1) }.joined(separator: ", ")
        issues.append(.error(
            field, "\(rulePrefix).charset",
            "\(documentName) must be 17 digits and a check digit or X; invalid character at position \(positions)"))
        return (issues, false)
    }
    if last == "x" {
        issues.append(.warning(
            field, "\(rulePrefix).lowercase-x",
            "check character is lowercase x; GB 11643 prints uppercase X",
            suggestion: String(characters[0..<17]) + "X"))
    }
    let expected = ISO7064Mod11_2.checkCharacter(first17: String(characters[0..<17]))!
    let actual = last == "x" ? Character("X") : last
    if actual != expected {
        issues.append(.error(
            field, "\(rulePrefix).check-digit",
            "check digit is \(actual), expected \(expected) (GB 11643 MOD 11-2)",
            suggestion: "re-enter the number from the document; one of the 18 characters is wrong"))
    }
    return (issues, true)
}
