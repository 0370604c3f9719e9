/// The 29 Schengen states since 1 January 2025 (domain.md §1.1 [C]): 25 EU members (all but
/// Cyprus and Ireland) + Iceland, Liechtenstein, Norway, Switzerland; ISO 3166-1 alpha-2, in the
/// order domain.md lists them.
public let schengenStateCodes: [String] = [
    "AT", "BE", "BG", "HR", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IS", "IT", "LV",
    "LI", "LT", "LU", "MT", "NL", "NO", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "CH",
]
