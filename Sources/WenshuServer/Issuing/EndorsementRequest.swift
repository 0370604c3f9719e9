import Foundation
import WenshuDiagnostics

/// A change to an issued policy (批改), as the platform sends it: `POST /v1/policies/{no}/endorsements`
/// or `wenshu endorse --data`. Wenshu keeps every document's data, so the request names only what
/// changes; the endorsement (批单) is generated from it and the affected documents are re-issued.
public struct EndorsementRequest: Sendable, Decodable {
    /// passport, name, extension, cancellation or other (domain.md §8).
    public var kind: String
    /// When the change takes effect: a date (零时) or a date-time on the hour; Beijing time unless it
    /// carries an offset.
    public var effective: String
    public var changes: [Change]
    public var premium: Premium?
    /// The 批文, when the insurer words it itself; otherwise it is generated from the changes.
    public var text: Wording?
    /// The endorsement number (批单号); default `<policy>-E<nn>`.
    public var number: String?
    /// Templates to re-issue; default every template whose data a change touched. Invoices, claim
    /// forms and endorsements are never re-issued unless named: they record what happened.
    public var reissue: [String]?
    /// Where the endorsement goes: one email holding the endorsement and every re-issued document,
    /// and/or the store (each document under its own key).
    public var deliver: [DeliverySpec]?
    public var idempotencyKey: String?
    /// Sign the endorsement and re-issued documents: default when the service has a signer.
    public var sign: Bool?
    /// Keep them as PDF/A.
    public var archive: Bool?

    /// Encrypted email copies are not offered here: one message carries several documents.
    var protection: Protection { Protection(sign: sign, archive: archive ?? false) }

    public struct Change: Sendable, Decodable {
        /// The field in the documents' data, e.g. `insured.passportNumber` (applies to every document
        /// whose data has it); `paths` names it per template where templates differ.
        public var path: String?
        public var paths: [String: String]?
        public var after: String
        /// The value before; default: read from the current document.
        public var before: String?
        public var labelZh: String?
        public var labelEn: String?
        /// How the values print: text, passport (in full), residentID, mobile, bankCard (masked).
        public var format: String?
    }

    public struct Premium: Sendable, Codable {
        public var direction: String
        public var amount: String
        public var currency: String?
    }

    public struct Wording: Sendable, Codable {
        public var zh: String
        public var en: String
    }

    /// Decodes the body with errors at JSON paths.
    public static func decode(_ body: [UInt8]) throws(DiagnosticError) -> EndorsementRequest {
        do { return try JSONDecoder().decode(EndorsementRequest.self, from: Data(body)) } catch let DecodingError.keyNotFound(key, context) {
            throw DiagnosticError("required", at: jsonPath(context.codingPath + [key]))
        } catch let DecodingError.typeMismatch(type, context) {
            throw DiagnosticError("must be \(type == String.self ? "text" : "\(type)".lowercased())", at: jsonPath(context.codingPath))
        } catch let DecodingError.valueNotFound(_, context) {
            throw DiagnosticError("must not be null", at: jsonPath(context.codingPath))
        } catch let DecodingError.dataCorrupted(context) {
            throw DiagnosticError("not valid JSON: \(context.debugDescription.prefix(120))", at: jsonPath(context.codingPath))
        } catch {
            throw DiagnosticError("cannot read the request: \(error)", at: "$")
        }
    }

    static func jsonPath(_ keys: [any CodingKey]) -> String {
        keys.reduce("$") { path, key in key.intValue.map { path + "[\($0)]" } ?? path + "." + key.stringValue }
    }
}

/// What an endorsement produced: the endorsement, the documents re-issued, and the deliveries.
public struct EndorsementResult: Sendable {
    public var endorsement: IssuedDocument
    public var reissued: [IssuedDocument]
}
