/// One problem with user input (template, data, options), with its place and a hint.
///
/// Stages accumulate diagnostics and throw them together as ``DiagnosticError`` so that one run
/// reports every problem, not just the first.
///
/// Contract: `message`, `location` and `hints` never hold a control character (C0, DEL, C1) or a
/// bidirectional override, whatever the data held: they are escaped as `\u{1B}` when the diagnostic
/// is made, so a log line or terminal shows what was sent instead of acting on it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
        /// Informational: nothing is wrong, but a reviewer may want to know (a legal but unusual reading).
        case note
    }

    public var severity: Severity
    /// Stable, machine-readable kind of problem for API clients (``Code``); the message may change wording.
    public var code: String
    /// Lowercase, says what is wrong: "required", "unknown block type 'tabel'".
    public var message: String
    /// Template file:line, or a JSON path such as `$.insured[0].passport.number`.
    public var location: String
    public var hints: [String]

    /// - Parameter code: one of ``Code``; when nil, `REQUIRED` for the message "required", else `INVALID`.
    public init(_ severity: Severity = .error, _ message: String, at location: String, code: String? = nil, hints: [String] = []) {
        self.severity = severity
        self.code = code ?? (message == "required" ? Code.required : Code.invalid)
        self.message = Diagnostic.escapingControls(message)
        self.location = Diagnostic.escapingControls(location)
        self.hints = hints.map(Diagnostic.escapingControls)
    }

    public var description: String {
        var text = "\(severity.rawValue)[\(code)]: \(location.isEmpty ? "" : location + ": ")\(message)"
        for hint in hints { text += "\n  hint: \(hint)" }
        return text
    }

    /// `text` with every C0/C1 control, DEL, line/paragraph separator and bidi control written as
    /// Swift's `\u{…}` escape (ESC → `\u{1B}`); a backslash is left alone.
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isEscaped) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if isEscaped(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isEscaped(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }
}

extension Diagnostic {
    /// The stable codes of ``Diagnostic/code``. API clients match on these; new ones may be added.
    public enum Code {
        /// A required value is missing (`$.policyholder.mobile`).
        public static let required = "REQUIRED"
        /// A value has the wrong JSON type (a number where text is expected).
        public static let type = "TYPE"
        /// A value is not in the expected form (passport number, date, amount, e-mail, enum).
        public static let format = "FORMAT"
        /// A check character or digit does not match (GB 11643, GB 32100, Luhn, ICAO 9303).
        public static let checkDigit = "CHECK_DIGIT"
        /// A value is out of range (amount ≥ 10¹², too many items, too long).
        public static let range = "RANGE"
        /// An amount without a known currency, or in a currency its field does not allow.
        public static let currency = "CURRENCY"
        /// Data holds a control character where none is allowed.
        public static let controlCharacter = "CONTROL_CHARACTER"
        /// Schengen certificate: a cover below EUR 30,000, not in EUR, or missing (Visa Code Art. 15(3)).
        public static let schengenCover = "SCHENGEN_COVER"
        /// Schengen certificate: territory not all Schengen states, or text and flag disagree.
        public static let schengenTerritory = "SCHENGEN_TERRITORY"
        /// Schengen certificate: the period does not cover the stay.
        public static let schengenPeriod = "SCHENGEN_PERIOD"
        /// Passport expires too soon after the stay (Visa Code Art. 12).
        public static let passportValidity = "PASSPORT_VALIDITY"
        /// Passport pinyin matches no reading of the Chinese name.
        public static let pinyinMismatch = "PINYIN_MISMATCH"
        /// Passport pinyin uses the pre-2012 spelling of ü.
        public static let pinyinLegacy = "PINYIN_LEGACY"
        /// Passport pinyin uses a legal but unusual reading (note).
        public static let pinyinUnusual = "PINYIN_UNUSUAL_READING"
        /// Passport spelling follows Hong Kong, Macao or Taiwan romanisation; not checked against Mandarin (note).
        public static let pinyinRegional = "PINYIN_REGIONAL_SPELLING"
        /// Beneficiary shares do not add up to 100 %.
        public static let beneficiaryShares = "BENEFICIARY_SHARES"
        /// VAT 金额/税额 do not match 价税合计, or totals are not the sum of the items.
        public static let vat = "VAT_MISMATCH"
        /// No font has a glyph for a character.
        public static let glyphMissing = "GLYPH_MISSING"
        /// Content does not fit its place (a figure wider than its cell even at the floor size).
        public static let layoutOverflow = "LAYOUT_OVERFLOW"
        /// The data is not valid JSON.
        public static let json = "JSON_SYNTAX"
        /// A size or count limit was exceeded (data bytes, pages, image pixels).
        public static let limit = "LIMIT"
        /// The render ran past its time limit (``Deadline``) and was stopped.
        public static let timeLimit = "TIME_LIMIT"
        /// A problem in the template itself (file:line:column).
        public static let template = "TEMPLATE"
        /// Anything else.
        public static let invalid = "INVALID"
    }
}

/// A failed stage: every error diagnostic found (at least one), plus warnings seen on the way.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ message: String, at location: String, code: String? = nil, hints: [String] = []) {
        self.diagnostics = [Diagnostic(.error, message, at: location, code: code, hints: hints)]
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
