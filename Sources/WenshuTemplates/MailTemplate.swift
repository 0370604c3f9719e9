internal import Foundation
internal import Yams
public import WenshuDiagnostics
internal import WenshuDocument

/// The email that carries a document: `mail.yaml` beside `template.yaml`, with `subject`, `text`
/// and optional `html`, written in the template language and checked against the same `data:`
/// schema, so a mail can never bind a field the document does not declare.
struct MailTemplate: Sendable {
    let file: String
    let subject: CompiledText
    let text: CompiledText
    let html: CompiledText?
    /// The recipient's display name, e.g. the policyholder's name.
    let recipientName: CompiledText?
    /// The attachment's file name without extension, e.g. `电子保单-{{ policyNumber }}`.
    let attachmentName: CompiledText?
    /// The second message that carries an encrypted document's password (`password:`), sent apart
    /// from the document so that one intercepted message does not open it.
    let password: PasswordMessage?

    struct PasswordMessage: Sendable {
        let subject: CompiledText
        let text: CompiledText
        let html: CompiledText?
    }
}

/// A mail rendered for one record.
public struct RenderedMail: Sendable, Equatable {
    public var subject: String
    public var text: String
    /// Bound values are HTML-escaped; the template's own markup is kept.
    public var html: String?
    public var recipientName: String?
    /// Without extension; nil when the mail template names none.
    public var attachmentName: String?
}

extension TemplateLoader {
    /// Compiles `<folder>/mail.yaml` if there is one; errors are reported at its own lines.
    func loadMail(folder: String, schema: FieldSpec) throws(DiagnosticError) -> MailTemplate? {
        let file = folder + "/mail.yaml"
        let fm = FileManager.default
        guard fm.fileExists(atPath: file) else { return nil }
        guard confinedPath("mail.yaml", in: folder) != nil, let data = try? BoundedFile.read(file, limit: 256 * 1024),
              let yaml = String(validating: data, as: UTF8.self) else {
            throw DiagnosticError("cannot read the mail template (utf-8, at most 256 KB)", at: file)
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw DiagnosticError("mail template is empty", at: file) }
            root = node
        } catch let e as DiagnosticError { throw e } catch { throw DiagnosticError("yaml: \(error)", at: file) }
        let c = Compiler(file: file, folder: folder, limits: limits)
        c.schema = schema
        guard let pairs = c.pairs(root, what: "a mail template") else { throw DiagnosticError(c.issues.list) }
        c.checkKeys(pairs, allowed: ["subject", "text", "html", "recipientName", "attachmentName", "password"], in: "a mail template")
        var p: [String: Node] = [:]
        for pair in pairs { p[pair.key] = pair.value }
        let subject = p["subject"].flatMap { c.text($0, what: "subject") }
        let text = p["text"].flatMap { c.text($0, what: "text") }
        let html = p["html"].flatMap { c.text($0, what: "html") }
        let recipientName = p["recipientName"].flatMap { c.text($0, what: "recipientName") }
        let attachmentName = p["attachmentName"].flatMap { c.text($0, what: "attachmentName") }
        let password = p["password"].flatMap { passwordMessage($0, compiler: c) }
        if p["subject"] == nil { c.error("a mail template needs subject", root) }
        if p["text"] == nil { c.error("a mail template needs text (the plain body every client can show)", root) }
        if c.issues.hasErrors { throw DiagnosticError(c.issues.list) }
        guard let subject, let text else { throw DiagnosticError("a mail template needs subject and text", at: file) }
        return MailTemplate(file: file, subject: subject, text: text, html: html, recipientName: recipientName, attachmentName: attachmentName,
                            password: password)
    }

    /// `password: { subject, text, html? }`, where `{{ password }}` is bound besides the data.
    private func passwordMessage(_ node: Node, compiler c: Compiler) -> MailTemplate.PasswordMessage? {
        guard let pairs = c.pairs(node, what: "the password message") else { return nil }
        c.checkKeys(pairs, allowed: ["subject", "text", "html"], in: "the password message")
        var p: [String: Node] = [:]
        for pair in pairs { p[pair.key] = pair.value }
        c.suppliedVariables = ["password"]
        defer { c.suppliedVariables = [] }
        let subject = p["subject"].flatMap { c.text($0, what: "password subject") }
        let text = p["text"].flatMap { c.text($0, what: "password text") }
        let html = p["html"].flatMap { c.text($0, what: "password html") }
        if p["subject"] == nil { c.error("the password message needs subject", node) }
        guard let text else { c.error("the password message needs text", node); return nil }
        if !text.binds("password") { c.error("the password message's text must show {{ password }}", node) }
        if let subject, subject.binds("password") {
            c.error("the password may not appear in the subject (it is shown in inbox lists and notifications)", node)
        }
        guard let subject else { return nil }
        return MailTemplate.PasswordMessage(subject: subject, text: text, html: html)
    }
}

extension Template {
    /// Whether `mail.yaml` came with the template.
    public var hasMail: Bool { mail != nil }
    /// Whether `mail.yaml` has a password message (`password:`) for encrypted documents.
    public var hasPasswordMail: Bool { mail?.password != nil }

    /// The second message of an encrypted document, carrying its `password`; it has the same
    /// recipient name as the first and no attachment.
    public func renderPasswordMail(data: [UInt8], password: String, options: RenderOptions = RenderOptions()) throws(DiagnosticError) -> RenderedMail {
        guard let message = mail?.password else { throw DiagnosticError("template '\(name)' has no password message (password: in mail.yaml)", at: path) }
        let (ctx, mail) = try mailContext(data: data, options: options)
        ctx.vars["password"] = Bound(value: .string(password), jsonPath: "password")
        let rendered = RenderedMail(subject: Self.oneLine(ctx.string(message.subject)) ?? "", text: ctx.string(message.text),
                                    html: message.html.map { Self.html($0, ctx) }, recipientName: mail.recipientName.flatMap { Self.oneLine(ctx.string($0)) },
                                    attachmentName: nil)
        if ctx.issues.hasErrors { throw DiagnosticError(ctx.issues.list) }
        return rendered
    }

    /// The data, validated as `render` does, as a context for the mail's texts.
    private func mailContext(data: [UInt8], options: RenderOptions) throws(DiagnosticError) -> (RenderContext, MailTemplate) {
        guard let mail else { throw DiagnosticError("template '\(name)' has no mail.yaml", at: path) }
        let root = try parseData(data, limits: options.limits)
        var validator = Validator(limits: options.limits, asOf: nil)
        validator.root = root
        validator.validate(root, spec: schema, path: "$")
        if validator.issues.hasErrors { throw DiagnosticError(validator.issues.list) }
        return (RenderContext(root: root, money: validator.moneyAt), mail)
    }

    /// HTML body text: bound values are escaped, the template's markup is kept.
    private static func html(_ compiled: CompiledText, _ ctx: RenderContext) -> String {
        compiled.pieces.map { piece -> String in
            switch piece {
            case .literal(let s): return s
            case .page, .pages: return ""
            case .binding(let b, let currency, let loc):
                return ctx.value(of: b, currency: currency, at: loc).map { HTMLText.escape($0.text) } ?? ""
            }
        }.joined()
    }

    /// One line: line breaks in bound values become spaces, so data can never add a header.
    private static func oneLine(_ s: String) -> String? {
        let line = s.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return line.isEmpty ? nil : line
    }

    /// Validates `data` as `render` does and fills in the mail. The subject is one line: line
    /// breaks in bound values become spaces, so data can never add a header.
    public func renderMail(data: [UInt8], options: RenderOptions = RenderOptions()) throws(DiagnosticError) -> RenderedMail {
        let (ctx, mail) = try mailContext(data: data, options: options)
        let subject = Self.oneLine(ctx.string(mail.subject)) ?? ""
        let text = ctx.string(mail.text)
        let html = mail.html.map { Self.html($0, ctx) }
        let recipientName = mail.recipientName.flatMap { Self.oneLine(ctx.string($0)) }
        // A file name never carries a path: '/' and '\\' become '_'.
        let attachmentName = mail.attachmentName.flatMap { Self.oneLine(ctx.string($0)) }.map { String($0.map { $0 == "/" || $0 == "\\" ? "_" : $0 }) }
        if ctx.issues.hasErrors { throw DiagnosticError(ctx.issues.list) }
        return RenderedMail(subject: subject, text: text, html: html, recipientName: recipientName, attachmentName: attachmentName)
    }
}

enum HTMLText {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
