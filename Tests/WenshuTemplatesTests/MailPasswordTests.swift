import Foundation
import Testing
@testable import WenshuTemplates
import WenshuDiagnostics

/// The mail template's password message (issue 12: a generated password goes to the customer in a
/// second message): `{{ password }}` binds only there, never in a subject, and must be shown.
struct MailPasswordTests {
    @Test(arguments: ["epolicy", "visa-certificate", "invoice", "claim-form", "endorsement"])
    func everyTemplateSendsThePasswordApart(template: String) throws {
        let t = try loader.load(template)
        #expect(t.hasPasswordMail)
        let data = bytes(repoRoot + "/samples/\(template == "endorsement" ? "endorsement-passport" : template).json")
        let message = try t.renderPasswordMail(data: data, password: "7k2mq-x9fh3-abcde-fghjk")
        #expect(message.text.contains("7k2mq-x9fh3-abcde-fghjk"))
        #expect(!message.subject.contains("7k2mq"))
        #expect(message.attachmentName == nil)
        // The document's own message never carries it.
        #expect(!(try t.renderMail(data: data).text.contains("7k2mq")))
    }

    /// A template folder holding `mail.yaml` as given, beside the e-policy's template and assets.
    func folder(mail: String) throws -> String {
        let dir = NSTemporaryDirectory() + "mail-password-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: repoRoot + "/Templates/epolicy", toPath: dir)
        try Data(mail.utf8).write(to: URL(fileURLWithPath: dir + "/mail.yaml"))
        return dir
    }

    @Test(arguments: [
        ("password:\n  subject: \"Your password {{ password }}\"\n  text: \"{{ password }}\"\n", "never in the subject"),
        ("password:\n  subject: \"Your password\"\n  text: \"no password here\"\n", "must show {{ password }}"),
        ("password:\n  subject: \"Your password\"\n", "needs text"),
        ("password:\n  subject: \"x\"\n  text: \"{{ password.hint }}\"\n", "has no fields"),
    ])
    func badPasswordMessagesFailAtLoad(extra: String, expected: String) throws {
        let base = "subject: \"电子保单 {{ policyNumber }}\"\ntext: \"见附件\"\n"
        let dir = try folder(mail: base + extra)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let error = #expect(throws: DiagnosticError.self) { try TemplateLoader(searchPaths: []).load(dir) }
        let text = error?.diagnostics.map(\.description).joined(separator: "\n") ?? ""
        #expect(text.contains(expected.replacingOccurrences(of: "never in the subject", with: "may not appear in the subject")), "\(text)")
        #expect(text.contains("mail.yaml:"), "errors point at the mail template's lines: \(text)")
    }

    @Test func thePasswordIsNotBindableInTheDocumentsOwnMessage() throws {
        let dir = try folder(mail: "subject: \"电子保单\"\ntext: \"{{ password }}\"\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let error = #expect(throws: DiagnosticError.self) { try TemplateLoader(searchPaths: []).load(dir) }
        #expect(error?.diagnostics.contains { $0.message.contains("authentication data") } == true, "\(error?.description ?? "")")
    }
}
