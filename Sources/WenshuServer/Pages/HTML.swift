import Hummingbird
import NIOCore

/// Every value on a page goes through `escape`; the pages carry no script and only inline style.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    static let style = """
        body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0;background:#f4f6f9;color:#1d2733}
        main{max-width:44rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
        h1{font-size:1.35rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.45rem .3rem;border-bottom:1px solid #e3e7ee;vertical-align:top}
        th{width:40%;color:#555;font-weight:normal}.en{color:#667;font-size:.88em}
        .status{display:inline-block;padding:.2rem .6rem;border-radius:4px;font-weight:bold}
        .valid{background:#e3f5e8;color:#17672f}.superseded,.expired{background:#fff3d6;color:#7a5200}.cancelled,.unknown{background:#fde5e5;color:#8f1c1c}
        code{background:#f0f2f5;padding:0 .25rem;border-radius:3px}footer{margin-top:1.5rem;color:#778;font-size:.85em}
        """

    static func page(title: String, lang: String = "zh-CN", body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(lang)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>\(escape(title))</title><style>\(style)</style></head>
        <body><main>
        \(body)
        </main></body></html>
        """
    }

    /// An HTML response with the pages' security headers: nothing loads but inline style.
    static func response(_ html: String, status: HTTPResponse.Status = .ok, cache: String = "no-store", extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = cache
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
