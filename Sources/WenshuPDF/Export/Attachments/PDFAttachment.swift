/// A file embedded in the PDF and associated with the whole document (ISO 32000-2 §7.11.4 embedded
/// file streams, §14.13 associated files; PDF/A-3 §6.8).
///
/// It is part of the file's bytes, so a signature over the document covers it.
public struct PDFAttachment: Sendable, Hashable {
    /// How the file relates to the document (/AFRelationship, ISO 32000-2 table 43).
    public enum Relationship: String, Sendable {
        /// The data the document was made from (an e-invoice's data).
        case source = "Source"
        /// Data the document's content stands for (values behind a chart or a signature).
        case data = "Data"
        /// Another representation of the same content.
        case alternative = "Alternative"
        /// Material that supplements the document (evidence).
        case supplement = "Supplement"
        case unspecified = "Unspecified"
    }

    /// The file name (/F and /UF): unique within the document.
    public var fileName: String
    /// MIME type (/Subtype of the embedded file stream), e.g. `application/json`.
    public var mediaType: String
    /// Shown by readers beside the file (/Desc); may be empty.
    public var description: String
    public var relationship: Relationship
    public var contents: [UInt8]
    /// ISO 8601 with offset (/Params /ModDate); nil takes the document's creation date. Never the clock.
    public var modificationDate: String?

    public init(fileName: String, mediaType: String, description: String = "", relationship: Relationship, contents: [UInt8],
                modificationDate: String? = nil) {
        self.fileName = fileName; self.mediaType = mediaType; self.description = description
        self.relationship = relationship; self.contents = contents; self.modificationDate = modificationDate
    }
}
