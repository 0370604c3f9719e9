import Foundation

extension JobPayload {
    /// The payload column's JSON, written directly: `JSONEncoder` took a tenth of an enqueue for
    /// this small, fixed shape. Same form as `JSONEncoder` with sorted keys and unescaped slashes
    /// (absent optionals left out, `Data` as padded base64), so `JSONDecoder` reads it back as ever.
    var json: String {
        var out: [UInt8] = []
        out.reserveCapacity(256 + (email?.text.utf8.count ?? 0) + (email?.html?.utf8.count ?? 0))
        out.append(UInt8(ascii: "{"))
        if let email {
            Self.key("email", &out)
            out.append(UInt8(ascii: "{"))
            var first = true
            func field(_ name: String) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                Self.key(name, &out)
            }
            if let attaches = email.attachesDocument {
                field("attachesDocument")
                out += Array((attaches ? "true" : "false").utf8)
            }
            if let attachments = email.attachments {
                field("attachments")
                out.append(UInt8(ascii: "["))
                for (i, attachment) in attachments.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(UInt8(ascii: "{"))
                    Self.key("bytes", &out)
                    Self.string(attachment.bytes.base64EncodedString(), &out)
                    out.append(UInt8(ascii: ","))
                    Self.key("fileName", &out)
                    Self.string(attachment.fileName, &out)
                    out.append(UInt8(ascii: ","))
                    Self.key("mediaType", &out)
                    Self.string(attachment.mediaType, &out)
                    out.append(UInt8(ascii: "}"))
                }
                out.append(UInt8(ascii: "]"))
            }
            if let html = email.html { field("html"); Self.string(html, &out) }
            if let name = email.recipientName { field("recipientName"); Self.string(name, &out) }
            field("subject"); Self.string(email.subject, &out)
            field("text"); Self.string(email.text, &out)
            out.append(UInt8(ascii: "}"))
            out.append(UInt8(ascii: ","))
        }
        Self.key("metadata", &out)
        out.append(UInt8(ascii: "{"))
        for (i, key) in metadata.keys.sorted().enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            Self.key(key, &out)
            Self.string(metadata[key]!, &out)
        }
        out.append(UInt8(ascii: "}"))
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    private static func key(_ name: String, _ out: inout [UInt8]) {
        string(name, &out)
        out.append(UInt8(ascii: ":"))
    }

    /// A JSON string (RFC 8259 §7): quote, backslash and control characters escaped, the rest as UTF-8.
    private static func string(_ value: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
