/// The page a newcomer lands on: each template with its committed samples, links that render them,
/// the verify page of the sample document, and where the API is described.
enum IndexPage {
    struct Entry { var name: String; var samples: [String] }

    static func render(templates: [Entry], sampleVerifyPath: String?) -> String {
        var body = """
            <h1>文书 Wenshu <span class="en">insurance documents from templates and JSON</span></h1>
            <p>模板加数据生成 PDF 与 PNG。以下示例由仓库中的样例数据实时生成。<br>
            <span class="en">Templates plus data become PDF and PNG. The samples below are rendered live from the committed sample data.</span></p>
            """
        for entry in templates {
            body += "<h2>\(HTML.escape(entry.name))</h2>\n<table>\n"
            if entry.samples.isEmpty { body += "<tr><td>no samples · 无样例</td></tr>\n" }
            for (index, file) in entry.samples.enumerated() {
                let base = "/samples/\(HTML.escape(entry.name))/\(index + 1)"
                body += "<tr><th><code>\(HTML.escape(file))</code></th><td><a href=\"\(base).pdf\">PDF</a> · <a href=\"\(base).png\">PNG</a></td></tr>\n"
            }
            body += "</table>\n"
        }
        if let sampleVerifyPath {
            body += """
                <h2>验真 <span class="en">Verification</span></h2>
                <p><a href="\(HTML.escape(sampleVerifyPath))">样例电子保单的验真页 · the sample e-policy's verification page</a></p>
                """
        }
        body += """
            <h2>API</h2>
            <p><a href="/openapi.yaml">OpenAPI 3.1</a> · <code>POST /v1/render/{template}</code> · <code>POST /v1/documents</code> ·
            <code>POST /v1/batches</code> (Bearer token) · <a href="/health/ready">/health/ready</a> · <a href="/metrics">/metrics</a></p>
            """
        return HTML.page(title: "文书 Wenshu", body: body)
    }
}
