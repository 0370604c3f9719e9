public import WenshuDiagnostics
/// Options of ``PDFExporter/export(_:options:)``.
///
/// The defaults write today's plain file: the new options below add objects only when set, so an
/// unencrypted, non-archival export keeps its bytes.
public struct PDFOptions: Sendable {
    /// Flate-compress streams (default). Off writes a readable file for debugging and text snapshots.
    public var compress: Bool
    /// Name of the producing application written to Info and XMP.
    public var producer: String
    /// AES-256 encryption (revision 6); nil writes the file in the clear. Excludes ``archive``.
    public var encryption: PDFEncryption?
    /// PDF/A conformance for the archive copy; nil writes a plain PDF 1.7. Excludes ``encryption``.
    public var archive: PDFArchive?
    /// Files embedded in the document and associated with it (/AF, ISO 32000-2 §14.13), in order.
    public var attachments: [PDFAttachment]
    /// Prepare fonts and draw pages on other threads while this one writes (the same bytes either way).
    public var sideThreads = true

    public init(compress: Bool = true, producer: String = "Wenshu", encryption: PDFEncryption? = nil, archive: PDFArchive? = nil,
                attachments: [PDFAttachment] = []) {
        self.compress = compress
        self.producer = producer
        self.encryption = encryption
        self.archive = archive
        self.attachments = attachments
    }
}

/// A document the PDF backend could not write.
public struct PDFExportError: DiagnosticConvertible, Sendable {
    public var message: String
    /// The exporter's own signal to draw again with every subset made first; never reaches a caller.
    var redrawWithSubsetsFirst = false
    public init(_ message: String) { self.message = message }
}
