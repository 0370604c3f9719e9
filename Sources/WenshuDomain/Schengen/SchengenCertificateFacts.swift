/// What a Schengen visa insurance certificate states, as checked by `checkSchengen`
/// (domain.md §1.1, §1.2; compliance matrix in COMPLIANCE.md).
public struct SchengenCertificateFacts: Sendable, Hashable {
    /// Cover for urgent medical attention and emergency hospital treatment; must be in EUR.
    public var medicalCover: Money
    /// Cover for repatriation for medical reasons (and of remains); must be in EUR.
    public var repatriationCover: Money
    /// True when the certificate says "All Schengen States"; `territoryCountries` is then ignored.
    public var allSchengen: Bool
    /// ISO 3166-1 alpha-2 codes of the states covered when `allSchengen` is false
    /// (case-insensitive; extra codes such as MC are allowed).
    public var territoryCountries: [String]
    /// For a visa with limited territorial validity (LTV): the states it covers. Art. 15(3) then
    /// requires cover at least in those states instead of all 29. Nil for a uniform visa.
    public var limitedTerritorialValidityStates: [String]?
    /// First and last day of cover, inclusive.
    public var coverStart: CivilDate
    public var coverEnd: CivilDate
    /// Planned entry into and exit from the Schengen area (the first intended visit for a
    /// multiple-entry visa, Art. 15(2)).
    public var stayEntry: CivilDate
    public var stayExit: CivilDate
    /// True when the policy runs on Beijing time (common for policies bought in China).
    public var timeZoneIsBeijing: Bool
    /// Passport expiry date, if known.
    public var passportExpiry: CivilDate?

    public init(
        medicalCover: Money, repatriationCover: Money,
        allSchengen: Bool, territoryCountries: [String] = [],
        limitedTerritorialValidityStates: [String]? = nil,
        coverStart: CivilDate, coverEnd: CivilDate, stayEntry: CivilDate, stayExit: CivilDate,
        timeZoneIsBeijing: Bool, passportExpiry: CivilDate? = nil
    ) {
        self.medicalCover = medicalCover
        self.repatriationCover = repatriationCover
        self.allSchengen = allSchengen
        self.territoryCountries = territoryCountries
        self.limitedTerritorialValidityStates = limitedTerritorialValidityStates
        self.coverStart = coverStart
        self.coverEnd = coverEnd
        self.stayEntry = stayEntry
        self.stayExit = stayExit
        self.timeZoneIsBeijing = timeZoneIsBeijing
        self.passportExpiry = passportExpiry
    }
}
