import Foundation
import WenshuDelivery

/// The public page behind a document's QR code: whether the document is genuine and in force,
/// in Chinese and English. It shows only what the document itself prints, masked; a superseded
/// document says so without linking to (or revealing anything of) the newer one.
enum VerifyPage {
    static func render(_ record: DocumentRecord, status: VerifyStatus) -> String {
        // When it happened, in Beijing time; never what the newer version says.
        let when = record.statusChangedAt.map { PeriodEnd.beijingText($0) }
        let statusText: (zh: String, en: String) = switch status {
        case .valid: ("有效", "Valid")
        case .superseded:
            when.map { ("已于 \($0) 被新版本替代", "Superseded on \($0) by a newer version") } ?? ("已被新版本替代", "Superseded by a newer version")
        case .cancelled: when.map { ("已于 \($0) 注销", "Cancelled on \($0)") } ?? ("已注销", "Cancelled")
        case .expired: ("已过期", "Expired")
        }
        let explanation: (zh: String, en: String) = switch status {
        case .valid: ("本文书由系统签发，内容与登记一致，目前有效。", "This document was issued by us, matches our register and is in force.")
        case .superseded: ("本文书为真实签发，但已有更新的版本，请以最新版本为准。", "This document is genuine, but a newer version has been issued; the newer one applies.")
        case .cancelled: ("本文书为真实签发，但已被注销，不再有效。", "This document is genuine but has been cancelled and is no longer in force.")
        case .expired: ("本文书为真实签发，但保险期间已经结束。", "This document is genuine, but its period of cover has ended.")
        }
        var rows: [(String, String, String)] = [("文书类型", "Document", record.kind)]
        if let policy = record.policyNumber { rows.append(("保单号", "Policy number", policy)) }
        if let holder = record.holderMasked { rows.append(("投保人/被保险人", "Holder", holder)) }
        if record.periodStart != nil || record.periodEnd != nil {
            rows.append(("保险期间", "Period of cover", "\(record.periodStart ?? "…") — \(record.periodEnd ?? "…")"))
        }
        rows.append(("签发时间", "Issued", PeriodEnd.beijingText(record.createdAt)))
        if record.version > 1 { rows.append(("版本", "Version", String(record.version))) }
        let table = rows.map { zh, en, value in
            "<tr><th>\(HTML.escape(zh)) <span class=\"en\">\(HTML.escape(en))</span></th><td>\(HTML.escape(value))</td></tr>"
        }.joined(separator: "\n")
        let body = """
            <h1>文书验真 <span class="en">Document verification</span></h1>
            <p><span class="status \(status.rawValue)">\(HTML.escape(statusText.zh)) · \(HTML.escape(statusText.en))</span></p>
            <p>\(HTML.escape(explanation.zh))<br><span class="en">\(HTML.escape(explanation.en))</span></p>
            <table>
            \(table)
            </table>
            <footer>请核对纸质或电子文书上的内容与本页一致。<br>Check that the document you hold shows the same details.</footer>
            """
        return HTML.page(title: "文书验真 Document verification", body: body)
    }

    static func notFound() -> String {
        HTML.page(title: "未找到 Not found", body: """
            <h1>未找到该文书 <span class="en">Document not found</span></h1>
            <p><span class="status unknown">无法验证 · Not verified</span></p>
            <p>该验证码没有对应的文书。请检查二维码或链接是否完整，或联系签发机构。<br>
            <span class="en">No document carries this verification code. Check that the QR code or link is complete, or contact the issuer.</span></p>
            """)
    }

    /// A token whose signature does not hold: altered, truncated or made up.
    static func forged() -> String {
        HTML.page(title: "无法验证 Not verified", body: """
            <h1>无法验证该文书 <span class="en">This document cannot be verified</span></h1>
            <p><span class="status unknown">验证失败 · Verification failed</span></p>
            <p>该二维码中的验证信息不是本公司签发的，或已被改动。请勿使用该文书，并联系签发机构。<br>
            <span class="en">The verification data in this QR code was not issued by us or has been altered. Do not rely on the document; contact the issuer.</span></p>
            """)
    }

    static func tooManyRequests(retryAfter: Int) -> String {
        HTML.page(title: "请稍后再试 Too many requests", body: """
            <h1>请求过于频繁 <span class="en">Too many requests</span></h1>
            <p>请在 \(retryAfter) 秒后重试。<br><span class="en">Please try again in \(retryAfter) seconds.</span></p>
            """)
    }
}
