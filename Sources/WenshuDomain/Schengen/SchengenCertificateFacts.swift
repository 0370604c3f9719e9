/// The limit of one benefit as a policy states it: an amount, no limit at all, or a service
/// that is part of the policy without an amount of its own (24-hour assistance, "included / 含").
public enum CoverLimit: Sendable, Hashable {
    case amount(Money)
    case unlimited
    case included
}

/// What a Schengen visa insurance certificate states, as checked by `checkSchengen`
/// (domain.md §1.1, §1.2; compliance matrix in COMPLIANCE.md).
public struct SchengenCertificateFacts: Sendable, Hashable {
    /// Cover for medical expenses and urgent medical attention; an amount in EUR or unlimited.
    public var medicalCover: CoverLimit
    /// Cover for repatriation for medical reasons; an amount in EUR or unlimited.
    public var repatriationCover: CoverLimit
    /// Emergency hospital treatment, when the certificate states it as its own benefit.
    public var hospitalCover: CoverLimit?
    /// Repatriation of remains (death, Art. 15(1)), when stated as its own benefit.
    public var remainsCover: CoverLimit?
    /// True when the certificate says "All Schengen States"; `territoryCountries` is then ignored.
    public var allSchengen: Bool
    /// The territory as printed ("All Schengen States 全体申根国家"); checked against `allSchengen`.
    public var territoryText: String?
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
        medicalCover: CoverLimit, repatriationCover: CoverLimit,
        hospitalCover: CoverLimit? = nil, remainsCover: CoverLimit? = nil,
        allSchengen: Bool, territoryText: String? = nil, territoryCountries: [String] = [],
        limitedTerritorialValidityStates: [String]? = nil,
        coverStart: CivilDate, coverEnd: CivilDate, stayEntry: CivilDate, stayExit: CivilDate,
        timeZoneIsBeijing: Bool, passportExpiry: CivilDate? = nil
    ) {
        self.medicalCover = medicalCover
        self.repatriationCover = repatriationCover
        self.hospitalCover = hospitalCover
        self.remainsCover = remainsCover
        self.allSchengen = allSchengen
        self.territoryText = territoryText
        self.territoryCountries = territoryCountries
        self.limitedTerritorialValidityStates = limitedTerritorialValidityStates
        self.coverStart = coverStart
        self.coverEnd = coverEnd
        self.stayEntry = stayEntry
        self.stayExit = stayExit
        self.timeZoneIsBeijing = timeZoneIsBeijing
        self.passportExpiry = passportExpiry
    }

    /// The same facts with both covers given as amounts.
    public init(
        medicalCover: Money, repatriationCover: Money,
        allSchengen: Bool, territoryCountries: [String] = [],
        limitedTerritorialValidityStates: [String]? = nil,
        coverStart: CivilDate, coverEnd: CivilDate, stayEntry: CivilDate, stayExit: CivilDate,
        timeZoneIsBeijing: Bool, passportExpiry: CivilDate? = nil
    ) {
        self.init(medicalCover: .amount(medicalCover), repatriationCover: .amount(repatriationCover),
                  allSchengen: allSchengen, territoryCountries: territoryCountries,
                  limitedTerritorialValidityStates: limitedTerritorialValidityStates,
                  coverStart: coverStart, coverEnd: coverEnd, stayEntry: stayEntry, stayExit: stayExit,
                  timeZoneIsBeijing: timeZoneIsBeijing, passportExpiry: passportExpiry)
    }
}
