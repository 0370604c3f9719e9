import Foundation
import Hummingbird
import Logging
import NIOCore
import Wenshu
import WenshuDiagnostics
import WenshuPDF

extension WenshuServerStack {
    /// `POST /v1/render/{template}`: JSON data in, PDF (or one PNG page) out; nothing is stored.
    func addRenderRoutes(_ routes: inout RouteTable) {
        routes.on(.post, "/v1/render/:template") { request, context in
            let template = try TemplateName.check(context.parameters.get("template") ?? "")
            var options = try Self.renderOptions(request)
            let sign = try self.signsRender(request, format: options.format)
            try Self.addProtection(request, to: &options)
            let data = try await BodyReader.json(request, limit: self.configuration.maxBodyBytes)
            var result = try await self.renderOrProblem(template: template, data: data, options: options)
            if sign, let signer = self.issuer.signer {
                do { result = try await self.renderService.sign(result, with: signer) } catch {
                    self.logger.error("signing failed", metadata: ["template": .string(template), "error": .string("\(error)")])
                    throw Problem(.internalServerError, code: "signing-failed", detail: "the document could not be signed; the request id is in X-Request-Id")
                }
            }
            var headers: HTTPFields = [
                .contentType: options.format == .pdf ? "application/pdf" : "image/png",
                .cacheControl: "no-store",
                .contentDisposition: ContentDisposition.inline(((result.key ?? template) + "." + options.format.rawValue)),
            ]
            headers[.init("X-Wenshu-Pages")!] = String(result.pageCount)
            headers[.init("X-Wenshu-Warnings")!] = String(result.warnings.count)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: result.files[0])))
        }
    }

    /// The resolutions the service renders: the library's lower bound (``RenderOptions/dpiRange``),
    /// but capped at 600, since a public request at 2400 dpi costs 16 times the pixels of one at 600.
    /// The OpenAPI document states the same bounds.
    static let dpiRange = Int(RenderOptions.dpiRange.lowerBound)...min(600, Int(RenderOptions.dpiRange.upperBound))

    /// Format from `?format=` or else `Accept: image/png`; `dpi` in ``dpiRange`` (150); `page` from 1 (1).
    static func renderOptions(_ request: Request) throws -> RenderOptions {
        let query = request.uri.queryParameters
        var format = OutputFormat.pdf
        if let raw = query["format"] {
            guard let f = OutputFormat(rawValue: String(raw).lowercased()) else {
                throw Problem.badRequest("format must be pdf or png", code: "invalid-parameter",
                                         diagnostics: [Diagnostic(.error, "must be pdf or png", at: "format")])
            }
            format = f
        } else if let accept = request.headers[.accept]?.lowercased(), accept.contains("image/png"), !accept.contains("application/pdf") {
            format = .png
        }
        var dpi = 150.0
        if let raw = query["dpi"] {
            guard let value = Int(String(raw)), dpiRange.contains(value) else {
                let range = "from \(dpiRange.lowerBound) to \(dpiRange.upperBound)"
                throw Problem.badRequest("dpi must be a whole number \(range)", code: "invalid-parameter",
                                         diagnostics: [Diagnostic(.error, "must be a whole number \(range)", at: "dpi")])
            }
            dpi = Double(value)
        }
        var page = 1
        if let raw = query["page"] {
            guard let value = Int(String(raw)), (1...100_000).contains(value) else {
                throw Problem.badRequest("page must be a whole number from 1", code: "invalid-parameter",
                                         diagnostics: [Diagnostic(.error, "must be a whole number from 1", at: "page")])
            }
            page = value
        }
        return RenderOptions(format: format, dpi: dpi, page: format == .png ? page : nil, asOf: RenderOptions.instant())
    }

    /// `?sign=true|false`; by default a PDF is signed when the service has a signer.
    func signsRender(_ request: Request, format: OutputFormat) throws -> Bool {
        guard let sign = try Problem.flag(request, "sign") else { return format == .pdf && issuer.signer != nil }
        guard sign else { return false }
        guard format == .pdf else {
            throw Problem.badRequest("only a PDF can be signed", code: "invalid-parameter", diagnostics: [Diagnostic(.error, "needs format=pdf", at: "sign")])
        }
        guard issuer.signer != nil else {
            throw Problem.signingNotConfigured(at: "sign")
        }
        return true
    }

    /// `?archive=true` (PDF/A), and the `Wenshu-PDF-Password` header, which encrypts the PDF (a
    /// header, so the password never lands in access logs as a query string would). They exclude
    /// each other: PDF/A forbids encryption.
    static func addProtection(_ request: Request, to options: inout RenderOptions) throws {
        if let archive = try Problem.flag(request, "archive") { options.archive = archive }
        if let password = request.headers[passwordHeader] {
            if let problem = Protection.checkPassword(password, at: "Wenshu-PDF-Password") {
                throw Problem.badRequest("Wenshu-PDF-Password: \(problem.message)", code: "invalid-parameter", diagnostics: [problem])
            }
            options.encryption = PDFProtection(userPassword: password)
        }
        if options.format != .pdf && (options.archive || options.encryption != nil) {
            throw Problem.badRequest("archive and Wenshu-PDF-Password apply to PDF output", code: "invalid-parameter",
                                     diagnostics: [Diagnostic(.error, "needs format=pdf", at: options.archive ? "archive" : "Wenshu-PDF-Password")])
        }
        if options.archive && options.encryption != nil {
            throw Problem.badRequest("archive=true cannot be combined with Wenshu-PDF-Password: PDF/A forbids encryption", code: "invalid-parameter",
                                     diagnostics: [Diagnostic(.error, "PDF/A forbids encryption", at: "archive")])
        }
    }

    static let passwordHeader = HTTPFields.Key("Wenshu-PDF-Password")!

    /// Renders on the pool, turning failures into problems (422/404/400/503).
    func renderOrProblem(template: String, data: [UInt8], options: RenderOptions) async throws -> RenderResult {
        do {
            return try await render(template: template, data: data, options: options)
        } catch let error as DiagnosticError {
            throw Problem.from(error, template: template)
        } catch is RenderPoolSaturated {
            throw Problem.saturated()
        }
    }
}

/// `Content-Disposition` with an ASCII fallback and the real name in RFC 5987 `filename*` (RFC 6266).
enum ContentDisposition {
    static func inline(_ name: String) -> String { value("inline", name) }
    static func attachment(_ name: String) -> String { value("attachment", name) }

    static func value(_ kind: String, _ name: String) -> String {
        let fallback = String(name.unicodeScalars.map { s -> Character in
            s.isASCII && s.value >= 0x20 && s.value != 0x7F && s != "\"" && s != "\\" && s != "/" && s != "%" ? Character(s) : "_"
        })
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        let encoded = name.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
        return "\(kind); filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}
