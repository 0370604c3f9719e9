/// Options of ``PDFExporter/export(_:options:)``.
public struct PDFOptions: Sendable {
    /// Flate-compress streams (default). Off writes a readable file for debugging and text snapshots.
    public var compress: Bool
    /// Name of the producing application written to Info and XMP.
    public var producer: String

    public init(compress: Bool = true, producer: String = "Wenshu") {
        self.compress = compress
        self.producer = producer
    }
}

/// A document the PDF backend could not write.
public struct PDFExportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
