/// Checks a Schengen travel medical insurance certificate against Regulation (EC) No 810/2009
/// (Visa Code) Art. 15 and consular guidance (domain.md §1.1, §1.2). Every failed rule is
/// returned; nothing stops at the first failure.
///
/// Errors (field = the property name):
/// - `schengen.cover-missing`: a required risk stated "included" with no amount (Art. 15(3) needs
///   an amount; "unlimited" passes);
/// - `schengen.territory-text`: the printed territory and the `allSchengen` flag disagree (field
///   `allSchengen`): a consulate reads the text, the rules read the flag, and both must say the same;
/// - `schengen.cover-currency`: a cover not stated in EUR (§1.2 item 6: "state EUR"; no exchange
///   rate is applied because the module has no data source for one);
/// - `schengen.minimum-cover`: medical or repatriation cover below EUR 30,000 (Art. 15(3));
/// - `schengen.territory`: not valid in every Schengen state (or every LTV state) (Art. 15(3));
/// - `schengen.period-order`: cover ends before it starts, or exit before entry;
/// - `schengen.period`: cover does not include every day from entry to exit (Art. 15(3)).
///
/// Warnings:
/// - `schengen.beijing-time-margin`: Beijing-time policy ending before exit + 1 day (§1.2,
///   German guidance via a Chinese insurer [S]);
/// - `schengen.passport-validity`: passport expires less than 3 months after exit (Art. 12 [S];
///   a warning because the certificate itself is not invalid).
public func checkSchengen(_ facts: SchengenCertificateFacts) -> [DomainIssue] {
    var issues: [DomainIssue] = []
    let minimum = Money(minorUnits: 3_000_000, currency: .eur)
    var covers: [(String, CoverLimit)] = [("medicalCover", facts.medicalCover), ("repatriationCover", facts.repatriationCover)]
    if let hospital = facts.hospitalCover { covers.insert(("hospitalCover", hospital), at: 1) }
    if let remains = facts.remainsCover { covers.append(("remainsCover", remains)) }
    for (name, limit) in covers {
        switch limit {
        case .unlimited: continue
        case .included:
            issues.append(.error(
                name, "schengen.cover-missing",
                "cover states no amount; art. 15(3) needs at least \(minimum.formatted()) stated for it (or unlimited)"))
        case .amount(let cover):
            if cover.currency != .eur {
                issues.append(.error(
                    name, "schengen.cover-currency",
                    "cover is stated in \(cover.currency.rawValue); schengen certificates state it in EUR",
                    suggestion: "state the cover in EUR (at least EUR 30,000.00)"))
            } else if cover.minorUnits < minimum.minorUnits {
                issues.append(.error(
                    name, "schengen.minimum-cover",
                    "cover is \(cover.formatted()), below the minimum \(minimum.formatted()) (visa code art. 15(3))"))
            }
        }
    }

    if let text = facts.territoryText {
        let claim = territoryClaim(text)
        if facts.allSchengen && claim != .allStates {
            issues.append(.error(
                "allSchengen", "schengen.territory-text",
                claim == .limited
                    ? "territory text \(quoted(text)) names a limited territory, but the certificate is flagged valid in all schengen states"
                    : "territory text \(quoted(text)) does not say \"all schengen states\", but the certificate is flagged valid in all of them",
                suggestion: "All Schengen States 全体申根国家"))
        } else if !facts.allSchengen && claim == .allStates {
            issues.append(.error(
                "allSchengen", "schengen.territory-text",
                "territory text \(quoted(text)) says all schengen states, but the certificate is not flagged valid in all of them"))
        }
    }

    if !facts.allSchengen {
        let covered = Set(facts.territoryCountries.map { $0.uppercased() })
        let required = facts.limitedTerritorialValidityStates.map { $0.map { $0.uppercased() } } ?? schengenStateCodes
        let missing = required.filter { !covered.contains($0) }
        if !missing.isEmpty {
            issues.append(.error(
                "territoryCountries", "schengen.territory",
                "territory misses \(missing.joined(separator: " ")); cover must be valid in "
                    + (facts.limitedTerritorialValidityStates == nil ? "all schengen states" : "every state of the visa")
                    + " (visa code art. 15(3))",
                suggestion: facts.limitedTerritorialValidityStates == nil ? "All Schengen States" : nil))
        }
    }

    var periodIsOrdered = true
    if facts.coverEnd < facts.coverStart {
        periodIsOrdered = false
        issues.append(.error("coverEnd", "schengen.period-order", "cover ends on \(facts.coverEnd), before it starts on \(facts.coverStart)"))
    }
    if facts.stayExit < facts.stayEntry {
        periodIsOrdered = false
        issues.append(.error("stayExit", "schengen.period-order", "exit \(facts.stayExit) is before entry \(facts.stayEntry)"))
    }
    if periodIsOrdered {
        if facts.coverStart > facts.stayEntry {
            issues.append(.error(
                "coverStart", "schengen.period",
                "cover starts on \(facts.coverStart), after entry on \(facts.stayEntry) (visa code art. 15(3): entire stay)",
                suggestion: facts.stayEntry.description))
        }
        if facts.coverEnd < facts.stayExit {
            issues.append(.error(
                "coverEnd", "schengen.period",
                "cover ends on \(facts.coverEnd), before exit on \(facts.stayExit) (visa code art. 15(3): entire stay)",
                suggestion: (facts.timeZoneIsBeijing ? facts.stayExit.adding(days: 1) : facts.stayExit).description))
        }
        let margin = facts.stayExit.adding(days: 1)
        if facts.timeZoneIsBeijing && facts.coverEnd < margin && facts.coverEnd >= facts.stayExit {
            issues.append(.warning(
                "coverEnd", "schengen.beijing-time-margin",
                "cover ends on \(facts.coverEnd) beijing time, which is still \(facts.stayExit) in europe for only part of the day; end it at least one day after exit",
                suggestion: margin.description))
        }
        if let expiry = facts.passportExpiry {
            let needed = facts.stayExit.adding(months: 3)
            if expiry < needed {
                issues.append(.warning(
                    "passportExpiry", "schengen.passport-validity",
                    "passport expires on \(expiry), less than 3 months after exit on \(facts.stayExit) (needs \(needed) or later, visa code art. 12)"))
            }
        }
    }
    return issues
}

enum TerritoryClaim { case allStates, limited, unclear }

/// What a territory text claims. "All Schengen States", "entire Schengen area", "全体申根国家",
/// "所有申根国家", "申根区全境" claim every state; "only", "仅", "except", "除…外", "部分" or a
/// single named state limit it. Anything else ("Europe", "Worldwide") is unclear: neither says
/// what the flag says, so a certificate flagged all-Schengen must name it.
func territoryClaim(_ text: String) -> TerritoryClaim {
    let lower = text.lowercased()
    let limiting = ["only", "except", "excluding", "仅", "除", "部分", "不含", "不包括"]
    if limiting.contains(where: { lower.contains($0) }) { return .limited }
    let allPhrases = ["all schengen", "entire schengen", "whole schengen", "schengen area", "schengen states",
                      "schengen countries", "schengen member states", "全体申根", "所有申根", "全部申根", "申根区", "申根国家", "申根地区",
                      "worldwide", "全球"]
    if allPhrases.contains(where: { lower.contains($0) }) { return .allStates }
    return .unclear
}
