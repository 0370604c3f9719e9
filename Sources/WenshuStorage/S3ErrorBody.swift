import Foundation

/// The two fields we use from an S3 error document:
///
///     <Error><Code>SignatureDoesNotMatch</Code><Message>The request signature…</Message>…</Error>
///
/// A plain text search is enough because S3 never nests these elements; the other
/// fields (`StringToSign`, `CanonicalRequest`, `RequestId`) are ignored on purpose.
struct S3ErrorBody {
    var code: String?
    var message: String?

    init(_ body: [UInt8]) {
        let text = String(decoding: body.prefix(64 << 10), as: UTF8.self)
        code = Self.element("Code", in: text)
        message = Self.element("Message", in: text).map { String($0.prefix(500)) }
    }

    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"),
              let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else { return nil }
        let value = unescape(String(text[open.upperBound..<close.lowerBound]))
        return value.isEmpty ? nil : value
    }

    /// Replaces the five predefined XML entities (XML 1.0 §4.6) and decimal/hex character references.
    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            var replacement: String?
            switch entity {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if entity.hasPrefix("#x"), let value = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) {
                    replacement = String(scalar)
                } else if entity.hasPrefix("#"), let value = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(value) {
                    replacement = String(scalar)
                }
            }
            if let replacement {
                out += replacement
                rest = rest[rest.index(after: semi)...]
            } else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
            }
        }
        return out + rest
    }
}
