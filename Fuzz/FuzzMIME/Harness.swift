import Foundation
import WenshuMail

/// The MIME builder: the input's NUL-separated fields are the subject, text, HTML, attachment name,
/// media type and display name of a message. Whatever it accepts must come out as a message a
/// transport can carry: CRLF line ends only and no line over 998 octets (RFC 5322 §2.1.1, §2.3).

/// The recipient is the same for every input: made once, not per run.
let to = try! MailAddress("insured@example.com", displayName: "王小明")

/// Also exported under libFuzzer's name, which its archive expects to find.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIME(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let fields = UnsafeBufferPointer(start: start, count: count).split(separator: 0, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    func field(_ k: Int) -> String { k < fields.count ? fields[k] : "" }
    guard let from = try? MailAddress("policy@example.com", displayName: field(5).isEmpty ? nil : field(5)) else { return 0 }
    let attachment = MailAttachment(fileName: field(3).isEmpty ? "policy.pdf" : field(3),
                                    mediaType: field(4).isEmpty ? "application/pdf" : field(4), bytes: Array(field(2).utf8))
    let message = MailMessage(from: from, to: [to], subject: field(0), text: field(1), html: field(2).isEmpty ? nil : field(2),
                              attachments: [attachment], messageID: "fuzz@example.com", date: Date(timeIntervalSince1970: 1_700_000_000))
    guard let bytes = try? MIMEWriter.render(message) else { return 0 }
    bytes.withUnsafeBufferPointer { bytes in
        var lineLength = 0
        for k in bytes.indices {
            let byte = bytes[k]
            if byte == 0x0A {
                precondition(k > 0 && bytes[k - 1] == 0x0D, "bare LF at byte \(k)")
                lineLength = 0
            } else {
                if byte == 0x0D { precondition(k + 1 < bytes.count && bytes[k + 1] == 0x0A, "bare CR at byte \(k)") }
                lineLength += 1
                precondition(lineLength <= 999, "line over 998 octets at byte \(k)")
            }
        }
    }
    return 0
}
