/// The PDF/A output intent (ISO 32000-2 §14.11.5, ISO 19005-2 §6.2.3): the colour the file's
/// device colours mean, as an embedded ICC profile.
enum OutputIntent {
    /// Writes the profile stream and returns the intent dictionary for the catalog's /OutputIntents.
    static func write(_ archive: PDFArchive, into writer: inout PDFWriter) -> PDFValue {
        let profile = writer.reserve()
        writer.writeStream(profile, [("N", .int(3))], data: archive.outputIntentProfile)
        return .dict([
            ("Type", .name("OutputIntent")),
            ("S", .name("GTS_PDFA1")),  // the subtype every PDF/A part uses
            ("OutputConditionIdentifier", .text(archive.outputCondition)),
            ("Info", .text(archive.outputCondition)),
            ("DestOutputProfile", .ref(profile)),
        ])
    }
}
