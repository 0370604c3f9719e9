/// How much of a personal value a document may show (domain.md §3.4).
///
/// The rule is chosen per document and per field, not globally: a Schengen certificate prints the
/// full passport number (`.passport` / `.none`) while claim forms mask the resident ID.
/// Defaults follow common Chinese practice citing JR/T 0171-2020 [S] and PCI DSS 3.3 (card: at
/// most first six and last four) [C]; the exact Annex A positions of JR/T 0171 are [U].
public struct MaskRule: Sendable, Hashable {
    /// Characters shown at the start.
    public var keepFirst: Int
    /// Characters shown at the end.
    public var keepLast: Int
    /// Replacement for every hidden character (one per hidden Character, so length is kept).
    public var maskCharacter: Character
    /// True for the disclosure rule (`.none`): the value is printed in full.
    public let revealsAll: Bool

    /// A masking rule; negative counts are treated as 0.
    public init(keepFirst: Int, keepLast: Int, maskCharacter: Character = "*") {
        self.keepFirst = max(0, keepFirst)
        self.keepLast = max(0, keepLast)
        self.maskCharacter = maskCharacter
        self.revealsAll = false
    }

    private init(revealingAll: Void) {
        keepFirst = 0
        keepLast = 0
        maskCharacter = "*"
        revealsAll = true
    }

    /// Resident ID: first 3 + last 4, `310***********0133` (domain.md §3.4 [S]).
    public static let residentID = MaskRule(keepFirst: 3, keepLast: 4)
    /// Bank card: first 6 + last 4, the PCI DSS maximum (domain.md §3.4 [C]).
    public static let bankCard = MaskRule(keepFirst: 6, keepLast: 4)
    /// Mobile number: first 3 + last 4, `138****0001` (domain.md §3.4 [S]).
    public static let mobile = MaskRule(keepFirst: 3, keepLast: 4)
    /// No masking. For the passport number on a visa certificate, which the consulate matches
    /// (domain.md §3.4 Implication). Note: in an `Optional<MaskRule>` context write
    /// `MaskRule.none` in full, or use `.passport`.
    public static let none = MaskRule(revealingAll: ())
    /// Alias of `.none` for the passport number on visa certificates.
    public static let passport = none

    /// The rule for an identity document of `kind` printed on a policy or certificate: numbers of
    /// residence documents (resident ID, HK/Macao/Taiwan residence permit, foreign permanent
    /// residence ID) are masked 3 + 4; passport numbers and other travel documents print in full,
    /// because consulates match them against the passport (domain.md §3.4 Implication).
    public static func forIdentityDocument(_ kind: IdentityDocumentKind) -> MaskRule {
        switch kind {
        case .residentID, .hkMacaoTaiwanResidencePermit, .foreignPermanentResidence2017, .foreignPermanentResidence2023: .residentID
        case .passport, .hkMacaoPermit, .taiwanPermit, .hkPassport, .macaoPassport, .other: .passport
        }
    }

    /// Looks up a rule by the name used in template filters: `"residentID"`, `"bankCard"`,
    /// `"mobile"`, `"passport"`, `"none"`, or `"first,last"` such as `"3,4"` (non-negative
    /// integers, no spaces). Returns nil for anything else, so the template layer can report an
    /// unknown filter argument instead of printing unmasked data.
    public static func named(_ name: String) -> MaskRule? {
        switch name {
        case "residentID": return .residentID
        case "bankCard": return .bankCard
        case "mobile": return .mobile
        case "passport": return .passport
        case "none": return MaskRule.none
        default:
            let parts = name.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2,
                  parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigit) }),
                  let first = Int(parts[0]), let last = Int(parts[1]) else { return nil }
            return MaskRule(keepFirst: first, keepLast: last)
        }
    }
}

/// Masks `value` by Characters (grapheme clusters), so Chinese names and emoji count as one.
///
/// Contract: the result has as many Characters as `value`; at most `keepFirst + keepLast`
/// original Characters are shown, and only if strictly more Characters remain hidden — a value
/// with `count <= keepFirst + keepLast` is fully masked (it would otherwise be shown whole).
/// `.none` returns `value` unchanged. Examples: `mask("13800000001", rule: .mobile)` →
/// `"138****0001"`; `mask("1234567", rule: .mobile)` → `"*******"`.
public func mask(_ value: String, rule: MaskRule) -> String {
    if rule.revealsAll { return value }
    let characters = Array(value)
    let hiddenCharacter = String(rule.maskCharacter)
    guard characters.count > rule.keepFirst + rule.keepLast else {
        return String(repeating: hiddenCharacter, count: characters.count)
    }
    let hiddenCount = characters.count - rule.keepFirst - rule.keepLast
    return String(characters.prefix(rule.keepFirst))
        + String(repeating: hiddenCharacter, count: hiddenCount)
        + String(characters.suffix(rule.keepLast))
}
