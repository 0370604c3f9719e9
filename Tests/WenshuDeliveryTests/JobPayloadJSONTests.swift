import Foundation
import Testing
@testable import WenshuDelivery

@Suite("Outbox job payload JSON")
struct JobPayloadJSONTests {
    /// The hand-written payload JSON is what JSONEncoder (sorted keys, slashes unescaped) wrote
    /// before, and reads back as the same payload.
    @Test func writtenAsJSONEncoderWroteItAndReadBack() throws {
        let payloads = [
            JobPayload(email: nil, metadata: [:]),
            JobPayload(email: nil, metadata: ["template": "epolicy", "document": "doc_1", "batch": "b/2"]),
            JobPayload(email: EmailContent(subject: "您的电子保单 \"Your\" e-policy", text: "Dear 张三,\n\tsee a\\b/c\r\n\u{01}\u{1F}\u{7F}𠇔",
                                           html: "<p>见附件</p>", recipientName: "张三"),
                       metadata: ["message": "password"]),
            JobPayload(email: EmailContent(subject: "s", text: "t", attachments: [
                EmailAttachment(fileName: "批单.pdf", mediaType: "application/pdf", bytes: Array(0...255)),
                EmailAttachment(fileName: "a.pdf", mediaType: "application/pdf", bytes: [1]),
            ], attachesDocument: false), metadata: ["k": "\u{08}\u{0C}"]),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for payload in payloads {
            let json = payload.json
            #expect(json == String(decoding: try encoder.encode(payload), as: UTF8.self))
            #expect(try JSONDecoder().decode(JobPayload.self, from: Data(json.utf8)) == payload)
        }
    }
}
