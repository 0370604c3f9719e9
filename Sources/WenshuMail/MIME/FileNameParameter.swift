/// The `filename` parameters of an attachment: the exact UTF-8 name in RFC 2231 form, then an
/// ASCII fallback for readers that ignore `filename*` (RFC 2231 §4). The RFC 2231 form comes
/// first because some readers, Python's `email` among them, take the first `filename` they meet.
///
/// Example: `报告.pdf` gives
///
///     filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf;
///     filename="__.pdf"
///
/// and a name too long for one line is split into `filename*0*=UTF-8''…`, `filename*1*=…`
/// (RFC 2231 §3), each piece ending on a character boundary.
///
/// Every line stays within 78 octets whatever the name's length (RFC 5322 §2.1.1 allows 998 at
/// most): the quoted fallback is at most ``fallbackLength`` characters, and a plain ASCII name longer
/// than that is written in RFC 2231 segments too. A fallback without this bound put a 1000-character
/// name on one line (found by FuzzMIME).
enum FileNameParameter {
    /// Segments of the encoded value are kept short enough that `\tfilename*12*=<segment>;` (and
    /// the first, `\tfilename*0*=UTF-8''<segment>;`) stays within 78 characters.
    static let segmentLength = 60
    /// Longest quoted fallback: `\tfilename="<fallback>";` stays within 78 characters.
    static let fallbackLength = 60

    /// The parameter lines, without the leading `;` fold, for `name` (`filename` or `name`).
    static func parameters(_ name: String, fileName: String) -> [String] {
        let fallback = "\(name)=\"\(asciiFallback(fileName))\""
        if HeaderText.isPlainASCII(fileName), !fileName.contains("\""), !fileName.contains("\\"), fileName.count <= fallbackLength {
            return [fallback]
        }
        var result: [String] = []
        let segments = encodedSegments(fileName)
        if segments.count == 1 {
            result.append("\(name)*=UTF-8''\(segments[0])")
        } else {
            for (index, segment) in segments.enumerated() {
                result.append("\(name)*\(index)*=\(index == 0 ? "UTF-8''" : "")\(segment)")
            }
        }
        return result + [fallback]
    }

    /// Non-ASCII characters, quotes, backslashes and controls become `_`, so the extension, which
    /// is usually ASCII, survives: `保险单 2025.pdf` → `___ 2025.pdf`. At most ``fallbackLength``
    /// characters: a longer name keeps its start and its extension (up to 16 characters after the
    /// last dot).
    static func asciiFallback(_ fileName: String) -> String {
        var result = ""
        for character in fileName {
            if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F, ascii != UInt8(ascii: "\""),
               ascii != UInt8(ascii: "\\")
            {
                result.append(character)
            } else {
                result.append("_")
            }
        }
        if result.count > fallbackLength {
            let tail = result.lastIndex(of: ".").map { String(result[$0...]) } ?? ""
            let fileExtension = tail.count <= 16 ? tail : ""
            result = String(result.prefix(fallbackLength - fileExtension.count)) + fileExtension
        }
        return result.isEmpty ? "attachment" : result
    }

    /// Percent-encodes each character (RFC 2231 §7 attribute-char) and groups whole characters
    /// into segments of at most `segmentLength`.
    private static func encodedSegments(_ fileName: String) -> [String] {
        var segments: [String] = []
        var current = ""
        for character in fileName {
            var encoded = ""
            for byte in String(character).utf8 {
                if isAttributeChar(byte) {
                    encoded.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
                }
            }
            // The first segment also carries `UTF-8''`.
            let limit = segments.isEmpty ? segmentLength - 7 : segmentLength
            if !current.isEmpty, current.utf8.count + encoded.utf8.count > limit {
                segments.append(current)
                current = ""
            }
            current += encoded
        }
        segments.append(current)
        return segments
    }

    private static func isAttributeChar(_ byte: UInt8) -> Bool {
        guard byte > 0x20, byte < 0x7F else { return false }
        return !Array("*'%()<>@,;:\\\"/[]?=".utf8).contains(byte)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
