import Foundation
import Hummingbird
import NIOCore
import Wenshu
import WenshuDiagnostics

extension WenshuServerStack {
    /// `POST /v1/render/{template}`: JSON data in, PDF (or one PNG page) out; nothing is stored.
    func addRenderRoutes(_ routes: inout RouteTable) {
        routes.on(.post, "/v1/render/:template") { request, context in
            let template = try TemplateName.check(context.parameters.get("template") ?? "")
            let options = try Self.renderOptions(request)
            let data = try await BodyReader.json(request, limit: self.configuration.maxBodyBytes)
            let result = try await self.renderOrProblem(template: template, data: data, options: options)
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
