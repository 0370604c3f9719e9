import Crypto

/// Renders a `MailMessage` as RFC 5322 / MIME bytes with CRLF line endings, in 7-bit form only
/// (quoted-printable and base64), so it needs no 8BITMIME from the server.
///
/// Layout, with parts left out when empty:
///
///     multipart/mixed
///     ├─ multipart/alternative
///     │  ├─ text/plain; charset=UTF-8
///     │  └─ text/html; charset=UTF-8
///     └─ attachments (base64, Content-Disposition: attachment)
///
/// The output depends only on the message: the boundaries come from a hash of the Message-ID
/// and the Date header from `message.date`.
public enum MIMEWriter {
    /// Throws `MailError` for a header input with CR/LF/NUL, an invalid address, Message-ID or
    /// media type, or no recipients; and for a DKIM failure when `dkim` is given, in which case
    /// the signature is prepended as the first header.
    public static func render(_ message: MailMessage, dkim: DKIMSigner? = nil) throws(MailError) -> [UInt8] {
        try validate(message)
        let seed = SHA256.hash(data: Array(message.messageID.utf8)).prefix(12).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        var headers = topHeaders(message)
        var body: [UInt8] = []
        let content = contentEntity(message, seed: seed)
        headers += content.headers
        body = content.body
        var output: [UInt8] = []
        if let dkim {
            output += Array(try dkim.signatureHeader(headers: headers, body: body, date: message.date).utf8)
        }
        for header in headers { output += Array(header.utf8) }
        output += [0x0D, 0x0A]
        output += body
        return output
    }

    private static func validate(_ message: MailMessage) throws(MailError) {
        guard !message.to.isEmpty else { throw MailError(.noRecipients, "message has no recipients") }
        for mailbox in [message.from] + message.to {
            try MailAddress.validate(address: mailbox.address)
            if let name = mailbox.displayName { try HeaderText.requireSingleLine(name, field: "display name") }
        }
        try HeaderText.requireSingleLine(message.subject, field: "subject")
        let id = message.messageID.utf8
        guard id.count <= 200, id.filter({ $0 == UInt8(ascii: "@") }).count == 1,
              id.first != UInt8(ascii: "@"), id.last != UInt8(ascii: "@"),
              id.allSatisfy({ (0x21...0x7E).contains($0) && !Array("<>\"\\()[],;:".utf8).contains($0) })
        else {
            throw MailError(.invalidMessageID, "message id must be printable ascii 'left@right' without brackets")
        }
        for attachment in message.attachments {
            try HeaderText.requireSingleLine(attachment.fileName, field: "file name")
            try validate(mediaType: attachment.mediaType)
        }
    }

    /// RFC 2045 §5.1: `type "/" subtype`, both tokens.
    private static func validate(mediaType: String) throws(MailError) {
        let parts = mediaType.split(separator: "/", omittingEmptySubsequences: false)
        let tspecials = Array("()<>@,;:\\\"/[]?= ".utf8)
        guard parts.count == 2, parts.allSatisfy({ part in
            !part.isEmpty && part.utf8.count <= 127 && part.utf8.allSatisfy { (0x21...0x7E).contains($0) && !tspecials.contains($0) }
        }) else {
            throw MailError(.invalidMediaType, "media type must be 'type/subtype'")
        }
    }

    private static func topHeaders(_ message: MailMessage) -> [String] {
        var from = HeaderFolder(name: "From")
        appendMailbox(message.from, to: &from)
        var to = HeaderFolder(name: "To")
        for (index, mailbox) in message.to.enumerated() {
            appendMailbox(mailbox, to: &to)
            if index < message.to.count - 1 { to.appendGlued(",") }
        }
        var subject = HeaderFolder(name: "Subject")
        if !message.subject.isEmpty { subject.append(text: message.subject) }
        return [
            from.line, to.line, subject.line,
            "Date: \(RFC5322Date.format(message.date))\r\n",
            "Message-ID: <\(message.messageID)>\r\n",
            "MIME-Version: 1.0\r\n",
        ]
    }

    private static func appendMailbox(_ mailbox: MailAddress, to folder: inout HeaderFolder) {
        if let name = mailbox.displayName, !name.isEmpty {
            folder.append(text: name, quoteIfNeeded: true)
        }
        folder.append(word: "<\(mailbox.address)>")
    }

    /// One MIME entity: its Content-* header lines and its body bytes.
    private struct Entity {
        var headers: [String]
        var body: [UInt8]
    }

    private static func contentEntity(_ message: MailMessage, seed: String) -> Entity {
        var main = textEntity(message.text, subtype: "plain")
        if let html = message.html {
            main = multipart("alternative", boundary: "=_wenshu_alt_\(seed)",
                             parts: [main, textEntity(html, subtype: "html")])
        }
        guard !message.attachments.isEmpty else { return main }
        return multipart("mixed", boundary: "=_wenshu_mixed_\(seed)",
                         parts: [main] + message.attachments.map(attachmentEntity))
    }

    /// A boundary starting with `=_` cannot occur in base64 or quoted-printable output, so it is
    /// safe without scanning the parts (RFC 2045 §6.7 note 8 makes the same observation).
    private static func multipart(_ subtype: String, boundary: String, parts: [Entity]) -> Entity {
        var body: [UInt8] = []
        for part in parts {
            body += Array("--\(boundary)\r\n".utf8)
            for header in part.headers { body += Array(header.utf8) }
            body += [0x0D, 0x0A]
            body += part.body
            if body.last != 0x0A { body += [0x0D, 0x0A] }
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return Entity(headers: ["Content-Type: multipart/\(subtype);\r\n\tboundary=\"\(boundary)\"\r\n"], body: body)
    }

    /// Text in canonical CRLF form (RFC 2046 §4.1.1), quoted-printable when at least two thirds
    /// of the bytes are ASCII (readable in transit), base64 otherwise (a third smaller for CJK).
    private static func textEntity(_ text: String, subtype: String) -> Entity {
        let bytes = crlf(Array(text.utf8))
        let nonASCII = bytes.lazy.filter { $0 >= 0x80 }.count
        let headers = ["Content-Type: text/\(subtype); charset=UTF-8\r\n"]
        if nonASCII * 3 <= bytes.count {
            return Entity(headers: headers + ["Content-Transfer-Encoding: quoted-printable\r\n"],
                          body: QuotedPrintable.encode(crlfText: bytes))
        }
        return Entity(headers: headers + ["Content-Transfer-Encoding: base64\r\n"],
                      body: Base64.encodeBytes(bytes, lineLength: 76))
    }

    private static func attachmentEntity(_ attachment: MailAttachment) -> Entity {
        let nameParameters = FileNameParameter.parameters("filename", fileName: attachment.fileName)
        let fallback = FileNameParameter.asciiFallback(attachment.fileName)
        return Entity(
            headers: [
                "Content-Type: \(attachment.mediaType);\r\n\tname=\"\(fallback)\"\r\n",
                "Content-Disposition: attachment;\r\n\t" + nameParameters.joined(separator: ";\r\n\t") + "\r\n",
                "Content-Transfer-Encoding: base64\r\n",
            ],
            body: Base64.encodeBytes(attachment.bytes, lineLength: 76))
    }

    /// Turns LF and lone CR into CRLF (RFC 5322 §2.3 forbids bare CR and LF).
    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 32)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D {
                output += [0x0D, 0x0A]
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            } else if byte == 0x0A {
                output += [0x0D, 0x0A]
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }
}
