import Foundation
import WenshuTemplates
import Hummingbird
import NIOCore
import Wenshu
import WenshuDelivery
import WenshuText

extension WenshuServerStack {
    /// The index, the committed samples, health, metrics and the OpenAPI document: all public.
    func addPublicRoutes(_ routes: inout RouteTable) {
        routes.on(.get, "/") { _, _ in
            let templates = self.templateNames().compactMap { name -> IndexPage.Entry? in
                guard let template = try? self.renderService.template(name) else { return nil }
                return IndexPage.Entry(name: name, samples: template.samples.map { ($0 as NSString).lastPathComponent })
            }
            let sample = await self.sampleDocument()
            return HTML.response(IndexPage.render(templates: templates, sampleVerifyPath: sample.map {
                "/verify/" + ($0.verificationCode.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }),
                                 cache: "no-cache")
        }
        routes.on(.get, "/samples/:template/:file") { _, context in
            let name = try TemplateName.check(context.parameters.get("template") ?? "")
            let file = context.parameters.get("file") ?? ""
            let parts = file.split(separator: ".")
            guard parts.count == 2, let number = Int(parts[0]), let format = OutputFormat(rawValue: String(parts[1])),
                  let template = try? self.renderService.template(name), (1...template.samples.count).contains(number),
                  let data = FileManager.default.contents(atPath: template.samples[number - 1]) else {
                throw Problem.notFound("there is no such sample; the index lists them")
            }
            let options = RenderOptions(format: format, dpi: 110, page: format == .png ? 1 : nil, asOf: RenderOptions.instant())
            let result = try await self.renderOrProblem(template: name, data: Array(data), options: options)
            var headers: HTTPFields = [.contentType: format == .pdf ? "application/pdf" : "image/png", .cacheControl: "public, max-age=300",
                                       .contentDisposition: ContentDisposition.inline("\(name)-sample-\(number).\(format.rawValue)")]
            headers[.init("X-Wenshu-Pages")!] = String(result.pageCount)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: result.files[0])))
        }
        routes.on(.get, "/health/live") { _, _ in
            try JSONResponse.make(["status": "live"])
        }
        routes.on(.get, "/health/ready") { _, _ in
            var problems: [String] = []
            if !self.readiness.templatesLoaded { problems.append("templates are loading") }
            do { _ = try await self.runtime.store.counts() } catch { problems.append("the database does not answer") }
            guard problems.isEmpty else {
                throw Problem(.serviceUnavailable, code: "not-ready", detail: problems.joined(separator: "; "), headers: [.retryAfter: "1"])
            }
            return try JSONResponse.make(["status": "ready"])
        }
        routes.on(.get, "/metrics") { _, _ in
            if let counts = try? await self.runtime.store.counts() {
                for state in JobState.allCases { self.metrics.outboxJobs(state: state.rawValue, count: counts[state]) }
            }
            let load = self.pool.load
            self.metrics.renderPool(waiting: load.waiting, busy: load.busy)
            self.metrics.caches(self.renderService.fonts.caches.statistics)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: self.metrics.text())))
        }
        routes.on(.get, "/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "public, max-age=300"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
    }
}
