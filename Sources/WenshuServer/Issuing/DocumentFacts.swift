import Foundation

/// What the registry keeps about a document for the verify page, read from its data: the policy
/// number, the holder's name masked as documents print it, the period. Each template keeps these in
/// its own places; a template not listed here is still issued, with fewer facts.
enum DocumentFacts {
    static let kinds: [String: String] = [
        "epolicy": "电子保单 Electronic Policy",
        "visa-certificate": "签证保险证明 Visa Insurance Certificate",
        "invoice": "电子发票 Electronic Invoice",
        "claim-form": "索赔申请书 Claim Application",
        "endorsement": "批单 Endorsement",
    ]

    struct Facts { var kind: String; var policyNumber: String?; var holderMasked: String?; var periodStart: String?; var periodEnd: String? }

    static func read(template: String, data: [UInt8]) -> Facts {
        let root = (try? JSONSerialization.jsonObject(with: Data(data))) as? [String: Any] ?? [:]
        func string(_ path: [String]) -> String? { Self.string(in: root, path) }
        let holder: String?
        switch template {
        case "visa-certificate":
            holder = [string(["insured", "nameZh", "surname"]), string(["insured", "nameZh", "givenName"])].compactMap { $0 }.joined()
        case "claim-form": holder = string(["claimant", "name"])
        case "invoice": holder = string(["buyer", "name"])
        default: holder = string(["policyholder", "name"]) ?? string(["insured", "name"])
        }
        return Facts(
            kind: kinds[template] ?? template,
            policyNumber: string(["policyNumber"]) ?? string(["invoiceNumber"]),
            holderMasked: holder.flatMap { $0.isEmpty ? nil : maskName($0) },
            periodStart: string(["period", "start"]), periodEnd: string(["period", "end"]))
    }

    /// The non-empty text (or number) at `path` in parsed JSON; a numeric step indexes an array.
    static func string(in root: [String: Any], _ path: [String]) -> String? {
        var node: Any? = root
        for key in path {
            if let index = Int(key), let array = node as? [Any] { node = index < array.count ? array[index] : nil } else {
                node = (node as? [String: Any])?[key]
            }
        }
        if let s = node as? String, !s.isEmpty { return s }
        if let n = node as? NSNumber { return n.stringValue }
        return nil
    }

    /// 张伟 → 张*, 欧阳乐乐 → 欧***, ZHANG WEI → Z*** W**: the first letter of each part, as the
    /// masking rules for names on documents shown to third parties keep (domain.md §3.4).
    static func maskName(_ name: String) -> String {
        var parts: [String] = []
        for part in name.split(separator: " ", omittingEmptySubsequences: true) {
            let first: Substring = part.prefix(1)
            parts.append(first + String(repeating: "*", count: Swift.max(1, part.count - 1)))
        }
        return parts.joined(separator: " ")
    }
}
