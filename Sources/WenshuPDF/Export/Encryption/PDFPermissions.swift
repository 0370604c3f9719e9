/// What a reader that opened the file with the user password may do (ISO 32000-2 §7.6.4.2,
/// table 22). The owner password, or the file key, lifts every restriction.
///
/// Permissions are a promise readers keep, not cryptography: anyone who can open the file can
/// decrypt it. They state the issuer's intent (a policy may be printed, not edited).
public struct PDFPermissions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Bit 3: print (at low quality unless ``printHighQuality`` is also given).
    public static let print = PDFPermissions(rawValue: 1 << 2)
    /// Bit 4: change the document other than by the rights below.
    public static let modify = PDFPermissions(rawValue: 1 << 3)
    /// Bit 5: copy or extract text and graphics.
    public static let copy = PDFPermissions(rawValue: 1 << 4)
    /// Bit 6: add or change annotations, fill in form fields.
    public static let annotate = PDFPermissions(rawValue: 1 << 5)
    /// Bit 9: fill in existing form fields, including signature fields.
    public static let fillForms = PDFPermissions(rawValue: 1 << 8)
    /// Bit 11: insert, rotate or delete pages, make bookmarks and thumbnails.
    public static let assemble = PDFPermissions(rawValue: 1 << 10)
    /// Bit 12: print faithfully to the file (with ``print``).
    public static let printHighQuality = PDFPermissions(rawValue: 1 << 11)

    /// What a recipient of an insurance document gets: print at full quality and copy text (a policy
    /// number into a form, a screen reader); never modify, annotate, fill forms or assemble.
    ///
    /// Copying is allowed on purpose: the recipient is the data subject, the text is theirs to use,
    /// poppler's `pdftotext` and search refuse a file without it, and PDF 2.0 no longer lets a file
    /// forbid extraction for accessibility (bit 10 is always set).
    public static let recipient: PDFPermissions = [.print, .printHighQuality, .copy]

    /// The /P value: table 22's bits, with bits 7–8 and 13–32 (reserved) and bit 10 (accessibility,
    /// "shall be set" in PDF 2.0) set, and bits 1–2 clear; a signed 32-bit integer in the file.
    public var pValue: Int32 {
        let reserved: UInt32 = 0xFFFF_F000 | 0b1100_0000 | (1 << 9)
        return Int32(bitPattern: reserved | (rawValue & 0b1101_0011_1100))
    }
}
