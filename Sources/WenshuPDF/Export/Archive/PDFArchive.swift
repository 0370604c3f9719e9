/// PDF/A (ISO 19005) conformance for an archive copy: level B (visual appearance), part 2 or 3.
///
/// What the exporter adds for it: the `pdfaid` XMP properties, an output intent with the given ICC
/// profile, the Print flag on every annotation. What it refuses: encryption (ISO 19005-2 §6.1.3),
/// CMYK images under the RGB output intent (§6.2.4.3), attachments in part 2 (§6.8 allows only
/// PDF/A files there; part 3 allows any file, associated with /AF). See `PDFA.md` beside this file.
public struct PDFArchive: Sendable {
    public enum Part: Int, Sendable {
        /// ISO 19005-2, level B.
        case pdfA2b = 2
        /// ISO 19005-3, level B: part 2 plus embedded files of any type.
        case pdfA3b = 3
    }

    public var part: Part
    /// The output intent's destination profile: an RGB display profile (ICC v2 or v4), read by the
    /// caller from the system (Debian's `icc-profiles-free`); never shipped in the repository.
    public var outputIntentProfile: [UInt8]
    /// /OutputConditionIdentifier and /Info of the output intent.
    public var outputCondition: String

    public init(part: Part, outputIntentProfile: [UInt8], outputCondition: String = "sRGB IEC61966-2.1") {
        self.part = part
        self.outputIntentProfile = outputIntentProfile
        self.outputCondition = outputCondition
    }

    /// Checks the profile's header (ICC.1 §7.2): size, the `acsp` signature, an RGB data colour space.
    func validate() throws(PDFExportError) {
        let p = outputIntentProfile
        guard p.count >= 128, Array(p[36..<40]) == Array("acsp".utf8) else {
            throw PDFExportError("the output intent profile is not an ICC profile (no 'acsp' signature in its header)")
        }
        let declared = Int(p[0]) << 24 | Int(p[1]) << 16 | Int(p[2]) << 8 | Int(p[3])
        guard declared == p.count else { throw PDFExportError("the output intent profile is truncated: its header says \(declared) bytes, it has \(p.count)") }
        guard Array(p[16..<20]) == Array("RGB ".utf8) else {
            throw PDFExportError("the output intent profile must be an RGB profile (its colour space is '\(String(decoding: p[16..<20], as: UTF8.self))')")
        }
    }
}
