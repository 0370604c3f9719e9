/// One way a reading may appear in a passport.
struct PassportSpelling: Hashable {
    /// Uppercase ASCII letters, e.g. `"LYU"`.
    var letters: [UInt8]
    /// True for a pre-2012 ü spelling (`LU`, `LV`, `NU`, `NV`, `LVE`, `NVE`).
    var isLegacy: Bool

    init(_ text: String, legacy: Bool = false) {
        letters = Array(text.utf8)
        isLegacy = legacy
    }

    var text: String { String(decoding: letters, as: UTF8.self) }
}

/// Passport spellings of a table reading (lowercase, `v` = ü).
///
/// NIA announcement 2021-09-29 (domain.md §2.1 [C]): lü → LYU, nü → NYU, lüe → LUE, nüe → NUE;
/// ju/qu/xu/yu are written with plain u in pinyin already and stay unchanged.
/// Decision: the spellings printed before 2012 (ü as U or V: LU, LV, NU, NV, LVE, NVE) are still
/// *matched*, because holders may keep the spelling of their older documents on request (same
/// announcement), but they are flagged `isLegacy` so `checkPinyin` warns.
func passportSpellings(ofReading reading: String) -> [PassportSpelling] {
    switch reading {
    case "lv": return [.init("LYU"), .init("LU", legacy: true), .init("LV", legacy: true)]
    case "nv": return [.init("NYU"), .init("NU", legacy: true), .init("NV", legacy: true)]
    case "lve": return [.init("LUE"), .init("LVE", legacy: true)]
    case "nve": return [.init("NUE"), .init("NVE", legacy: true)]
    default:
        // No other syllable carries ü in the generated table (checked when generating).
        return [.init(reading.uppercased().replacingOccurrencesOfV())]
    }
}

extension String {
    /// Defensive: any other ü becomes YU (GB/T 28039 "Ü可以用YU代替", domain.md §2.1 [S]).
    fileprivate func replacingOccurrencesOfV() -> String {
        contains("V") ? split(separator: "V", omittingEmptySubsequences: false).joined(separator: "YU") : self
    }
}
