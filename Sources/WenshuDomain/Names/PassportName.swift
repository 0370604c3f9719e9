/// A name as printed in the passport's surname and given-names fields (domain.md §2.1).
///
/// Documents print these fields as given, never a name computed from Chinese characters
/// (domain.md §2.1 Implication).
public struct PassportName: Sendable, Hashable {
    /// Surname field, e.g. `"OUYANG"`. Required.
    public var surname: String
    /// Given-names field, e.g. `"LELE"`. May be empty (a person with a surname only).
    public var givenNames: String

    public init(surname: String, givenNames: String) {
        self.surname = surname
        self.givenNames = givenNames
    }

    /// Checks the ICAO 9303 visual-zone form used on PRC passports: uppercase A–Z and single
    /// spaces between words only (no leading/trailing/double spaces, hyphens, apostrophes,
    /// digits or diacritics), non-empty surname.
    ///
    /// Issues (errors, field `"<field>.surname"` / `"<field>.givenNames"`):
    /// `icao9303.surname-empty`, `icao9303.name-charset` (suggestion: the uppercased value if that
    /// alone fixes it), `icao9303.name-spacing` (suggestion: spaces collapsed).
    public func validate(field: String) -> [DomainIssue] {
        var issues: [DomainIssue] = []
        if surname.isEmpty {
            issues.append(.error("\(field).surname", "icao9303.surname-empty", "surname is empty"))
        }
        issues += Self.check(surname, part: "surname", field: "\(field).surname")
        issues += Self.check(givenNames, part: "given names", field: "\(field).givenNames")
        return issues
    }

    private static func check(_ value: String, part: String, field: String) -> [DomainIssue] {
        guard !value.isEmpty else { return [] }
        let isAllowed: (Character) -> Bool = { ($0 >= "A" && $0 <= "Z") || $0 == " " }
        if !value.allSatisfy(isAllowed) {
            let upper = value.uppercased()
            let bad = value.filter { !isAllowed($0) }
            return [.error(
                field, "icao9303.name-charset",
                "\(part) \(quoted(value)) contains \(quoted(String(bad))); only uppercase a–z letters and single spaces are allowed (icao 9303)",
                suggestion: upper.allSatisfy(isAllowed) ? upper : nil)]
        }
        let words = value.split(separator: " ")
        let normalized = words.joined(separator: " ")
        if normalized != value {
            return [.error(
                field, "icao9303.name-spacing",
                "\(part) \(quoted(value)) has leading, trailing or repeated spaces",
                suggestion: normalized.isEmpty ? nil : normalized)]
        }
        return []
    }

    /// Name field widths the MRZ layouts use (39 in TD3, 30 and 31 in TD1 and TD2), with room.
    public static let mrzWidths = 1...88

    /// The MRZ name field (ICAO 9303 TD3 positions 6–44, 39 characters by default):
    /// `SURNAME<<GIVEN<NAMES`, spaces inside a part become `<`, padded with `<` to `width`.
    /// With no given names: `SURNAME<<<…`. Names longer than `width` are cut at `width`
    /// (ICAO's finer truncation rules are not implemented; 39 characters is rarely exceeded by
    /// pinyin names). Assumes a name that passed `validate`.
    public func mrzName(width requested: Int = 39) -> String {
        // Clamped, so no caller can ask for a negative or vast field (a template's width is checked
        // against the same range when it loads).
        let width = min(max(requested, Self.mrzWidths.lowerBound), Self.mrzWidths.upperBound)
        let surnamePart = surname.replacingSpaces(with: "<")
        let givenPart = givenNames.replacingSpaces(with: "<")
        var text = givenPart.isEmpty ? surnamePart : surnamePart + "<<" + givenPart
        if text.count > width { text = String(text.prefix(width)) }
        return text + String(repeating: "<", count: width - text.count)
    }
}

extension String {
    func replacingSpaces(with replacement: Character) -> String {
        String(map { $0 == " " ? replacement : $0 })
    }
}
