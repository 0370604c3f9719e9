/// Unified Social Credit Code (统一社会信用代码), GB 32100-2015 (domain.md §3.2 [C]).
///
/// 18 characters from `0-9 A-H J-N P-R T U W-Y` (no I, O, Z, S, V). Check: weights
/// Wᵢ = 3^(i−1) mod 31 = 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28; C18 = 31 − (Σ mod 31),
/// 31 → 0; values 10–30 map to letters in charset order.
/// Worked example: the standard's 91350100M000100Y4Z is invalid — Z is outside the charset, and
/// Σ mod 31 = 28, so C18 = 3 → 91350100M000100Y43.
enum USCC {
    static let charset: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    static func value(of character: Character) -> Int? { charset.firstIndex(of: character) }

    static func checkCharacter(first17: String) -> Character? {
        let values = first17.compactMap(value(of:))
        guard first17.count == 17, values.count == 17 else { return nil }
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return charset[(31 - sum % 31) % 31]
    }
}

/// Validates a USCC. Errors: `gb32100.length` (not 18 characters), `gb32100.charset` (a
/// character outside the charset; lowercase gets the uppercased code as suggestion).
/// `gb32100.check-character` on a wrong check character: a **warning** by default, since real,
/// registered codes that fail the check exist (e.g. Fujian `91350211M0000XUF46`, domain.md §3.2
/// [S] — "warn, do not reject"); an **error** when `strict`, for a code typed in by a customer
/// (a company policyholder), where a wrong check character is far likelier a typing mistake.
public func validateUSCC(_ value: String, field: String, strict: Bool = false) -> [DomainIssue] {
    let characters = Array(value)
    guard characters.count == 18 else {
        return [.error(field, "gb32100.length", "unified social credit code has \(characters.count) characters, expected 18 (GB 32100)")]
    }
    let bad = characters.indices.filter { USCC.value(of: characters[$0]) == nil }
    if bad == [17], let expected = USCC.checkCharacter(first17: String(characters[0..<17])) {
        // E.g. the standard's own worked example 91350100M000100Y4Z (domain.md §3.2): Z can never
        // be a check character, so this is not one of the "real codes failing the check" to warn on.
        return [.error(
            field, "gb32100.charset",
            "check character is \(characters[17]), which GB 32100 never uses (no I O S V Z); expected \(expected)")]
    }
    guard bad.isEmpty else {
        let list = bad.map { "'\(characters[$0])' at \($0 + 1)" }.joined(separator: ", ")
        let upper = value.uppercased()
        let suggestion = upper.allSatisfy { USCC.value(of: $0) != nil } ? upper : nil
        return [.error(
            field, "gb32100.charset",
            "unified social credit code contains characters outside 0-9 and A-Y without I O S V Z: \(list)",
            suggestion: suggestion)]
    }
    let expected = USCC.checkCharacter(first17: String(characters[0..<17]))!
    guard expected == characters[17] else {
        return [DomainIssue(severity: strict ? .error : .warning, field: field, rule: "gb32100.check-character", message:
            "check character is \(characters[17]), expected \(expected) (GB 32100 MOD 31)"
                + (strict ? "" : "; some registered codes fail this check, confirm with the registration"))]
    }
    return []
}
