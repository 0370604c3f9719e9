import Foundation
import WenshuMail

/// The bilingual insurance letter used across the tests.
enum SampleMessage {
    static let subject = "您的申根签证旅行保险单已生成 — Schengen travel insurance certificate 2025"
    static let fromName = "文书保险服务中心"
    static let toName = "张三"
    static let fileName = "申根旅行保险单_张三_2025年度.pdf"

    /// A PDF-looking attachment with every byte value, so encoding mistakes show.
    static let pdf: [UInt8] = Array("%PDF-1.7\n%âãÏÓ\n".utf8) + (0..<30_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 256) }

    static func make(messageID: String, text: String? = nil) throws -> MailMessage {
        MailMessage(
            from: try MailAddress("noreply@wenshu.example", displayName: fromName),
            to: [try MailAddress("zhang.san@example.com", displayName: toName)],
            subject: subject,
            text: text ?? "张三您好：\n\n附件是您的保险单。\nYour certificate is attached.\n.\n.. two dots\n",
            html: "<p>张三您好：</p><p>附件是您的<b>保险单</b>。</p>",
            attachments: [MailAttachment(fileName: fileName, mediaType: "application/pdf", bytes: pdf)],
            messageID: messageID,
            date: Date(timeIntervalSince1970: 1_751_358_600))
    }

    static func uniqueID() -> String { "\(UUID().uuidString.lowercased())@wenshu.example" }
}

extension [UInt8] {
    var sha256Hex: String {
        let output = try? Python.run("python3", ["-c", "import hashlib,sys; print(hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest())",
                                                self.map { String(format: "%02x", $0) }.joined()])
        return output?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }
}
