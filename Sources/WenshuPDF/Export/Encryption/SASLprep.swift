internal import WenshuDiagnostics
import Foundation

/// Password preparation for the revision 6 handler (ISO 32000-2 §7.6.4.3.3 and algorithm 2.A):
/// SASLprep (RFC 4013), a stringprep profile (RFC 3454), then UTF-8, then the first 127 bytes.
///
/// Worked example: "pass\u{00A0}wörd\u{00AD}" → map (no-break space → space, soft hyphen removed)
/// → NFKC ("pass wörd" with a precomposed ö) → no prohibited characters → UTF-8 `70 61 73 73 20 77
/// C3 B6 72 64` (10 bytes).
///
/// Unassigned code points are allowed (the "query" profile); the bidi rule (RFC 3454 §6) is applied
/// with right-to-left letters taken as those of the Hebrew, Arabic, Syriac, Thaana, N'Ko and the
/// Arabic presentation-form blocks, left-to-right letters as every other letter: the standard
/// library does not expose bidi classes.
enum SASLprep {
    struct Failure: DiagnosticConvertible { var message: String }

    /// The password's bytes as the hash functions take them.
    /// - Throws: `Failure` naming the prohibited character's code point, or the bidi rule.
    static func passwordBytes(_ password: String) throws(Failure) -> [UInt8] {
        let prepared = try prepare(password)
        return Array(Array(prepared.utf8).prefix(127))
    }

    static func prepare(_ input: String) throws(Failure) -> String {
        // RFC 4013 §2.1 mapping.
        var mapped = String.UnicodeScalarView()
        for scalar in input.unicodeScalars {
            if mappedToNothing(scalar.value) { continue }
            mapped.append(nonASCIISpace(scalar.value) ? " " : scalar)
        }
        // §2.2: NFKC (Unicode form KC).
        let normalized = String(mapped).precomposedStringWithCompatibilityMapping
        // §2.3 prohibited output.
        for scalar in normalized.unicodeScalars where prohibited(scalar.value) {
            throw Failure(message: "a password may not contain U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4)) (RFC 4013 §2.3)")
        }
        // §2.4 / RFC 3454 §6 bidi.
        let scalars = Array(normalized.unicodeScalars)
        if scalars.contains(where: isRightToLeft) {
            if scalars.contains(where: isLeftToRight) {
                throw Failure(message: "a password may not mix right-to-left and left-to-right letters (RFC 3454 §6)")
            }
            if let first = scalars.first, let last = scalars.last, !(isRightToLeft(first) && isRightToLeft(last)) {
                throw Failure(message: "a right-to-left password must start and end with a right-to-left letter (RFC 3454 §6)")
            }
        }
        return normalized
    }

    /// RFC 3454 table B.1.
    static func mappedToNothing(_ v: UInt32) -> Bool {
        switch v {
        case 0x00AD, 0x034F, 0x1806, 0x180B...0x180D, 0x200B...0x200D, 0x2060, 0xFE00...0xFE0F, 0xFEFF: true
        default: false
        }
    }

    /// RFC 3454 table C.1.2 (U+200B is in B.1 as well and is removed there).
    static func nonASCIISpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x00A0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// RFC 3454 tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8 and C.9 (RFC 4013 §2.3).
    static func prohibited(_ v: UInt32) -> Bool {
        if nonASCIISpace(v) { return true }
        if (v & 0xFFFE) == 0xFFFE || (0xFDD0...0xFDEF).contains(v) { return true }  // C.4
        switch v {
        case 0x0000...0x001F, 0x007F: return true  // C.2.1
        case 0x0080...0x009F, 0x06DD, 0x070F, 0x180E, 0x200C, 0x200D, 0x2028, 0x2029, 0x2060...0x2063,
             0x206A...0x206F, 0xFEFF, 0xFFF9...0xFFFC, 0x1D173...0x1D17A: return true  // C.2.2
        case 0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD: return true  // C.3
        case 0xD800...0xDFFF: return true  // C.5
        case 0xFFFD: return true  // C.6 (FFF9–FFFC are in C.2.2)
        case 0x2FF0...0x2FFB: return true  // C.7
        case 0x0340, 0x0341, 0x200E, 0x200F, 0x202A...0x202E: return true  // C.8
        case 0xE0001, 0xE0020...0xE007F: return true  // C.9
        default: return false
        }
    }

    static func isRightToLeft(_ s: Unicode.Scalar) -> Bool {
        guard s.properties.isAlphabetic, !isCombining(s) else { return false }
        switch s.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFC, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return true
        default: return false
        }
    }

    static func isLeftToRight(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic && !isCombining(s) && !isRightToLeft(s)
    }

    static func isCombining(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
