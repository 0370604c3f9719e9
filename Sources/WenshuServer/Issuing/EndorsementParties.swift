import Foundation

/// Who and what an endorsement names, read from the policy's current document: the insurer, the
/// product, the policyholder and the insured, unmasked as the policy itself prints them (the
/// endorsement is sent to the policyholder, like the policy).
enum EndorsementParties {
    struct Parties {
        var insurer: [String: Any]
        var product: [String: Any]?
        var policyholder: String
        var insured: String
    }

    static func read(template: String, data: [UInt8]) -> Parties {
        let root = (try? JSONSerialization.jsonObject(with: Data(data))) as? [String: Any] ?? [:]
        func string(_ path: String...) -> String? { DocumentFacts.string(in: root, path) }
        var insurer: [String: Any] = [:]
        for key in ["nameZh", "nameEn", "address", "uscc", "servicePhone"] { insurer[key] = string("insurer", key) ?? "" }
        var product: [String: Any]?
        if let zh = string("product", "nameZh"), let en = string("product", "nameEn") { product = ["nameZh": zh, "nameEn": en] }
        let chinese = [string("insured", "nameZh", "surname"), string("insured", "nameZh", "givenName")].compactMap { $0 }.joined()
        let passport = [string("insured", "passportName", "surname"), string("insured", "passportName", "givenNames")].compactMap { $0 }
            .joined(separator: " ")
        let insured = string("insured", "0", "name") ?? string("insured", "name")
            ?? [chinese, passport].filter { !$0.isEmpty }.joined(separator: " ")
        let holder = string("policyholder", "name") ?? string("buyer", "name") ?? string("claimant", "name") ?? insured
        return Parties(insurer: insurer, product: product, policyholder: holder, insured: insured.isEmpty ? holder : insured)
    }
}

/// Labels and print formats of the fields endorsements usually change, by the field's name; the
/// request may give its own.
enum ChangeLabels {
    static let known: [String: (zh: String, en: String, format: String?)] = [
        "passportNumber": ("护照号码", "Passport number", "passport"),
        "passportExpiry": ("护照有效期至", "Passport expiry", nil),
        "surname": ("姓（护照拼音）", "Surname (passport spelling)", nil),
        "givenNames": ("名（护照拼音）", "Given names (passport spelling)", nil),
        "givenName": ("名", "Given name", nil),
        "name": ("姓名", "Name", nil),
        "idNumber": ("证件号码", "Identity document number", "residentID"),
        "mobile": ("手机号码", "Mobile number", "mobile"),
        "email": ("电子邮箱", "Email", nil),
        "end": ("保险期间终止时间", "End of the period of insurance", nil),
        "start": ("保险期间起始时间", "Start of the period of insurance", nil),
        "destination": ("目的地", "Destination", nil),
        "birthDate": ("出生日期", "Date of birth", nil),
    ]

    static func label(_ field: String) -> (zh: String, en: String) {
        guard let k = known[field] else { return (field, field) }
        return (k.zh, k.en)
    }

    static func format(_ field: String) -> String? { known[field]?.format }
}

/// Reads and writes values at simple data paths (`insured.passportNumber`, `insured[0].idNumber`)
/// in parsed JSON, as values.
enum JSONEdit {
    struct Path {
        enum Step { case key(String), index(Int) }
        var steps: [Step]

        init?(_ text: String) {
            var t = Substring(text)
            if t.hasPrefix("$.") { t = t.dropFirst(2) }
            var steps: [Step] = []
            for part in t.split(separator: ".", omittingEmptySubsequences: false) {
                var rest = part
                let name = rest.prefix { $0 != "[" }
                guard !name.isEmpty else { return nil }
                steps.append(.key(String(name)))
                rest = rest.dropFirst(name.count)
                while rest.hasPrefix("[") {
                    guard let close = rest.firstIndex(of: "]"), let i = Int(rest[rest.index(after: rest.startIndex)..<close]), i >= 0 else { return nil }
                    steps.append(.index(i))
                    rest = rest[rest.index(after: close)...]
                }
                guard rest.isEmpty else { return nil }
            }
            guard !steps.isEmpty, steps.count <= 16 else { return nil }
            self.steps = steps
        }
    }

    static func get(_ path: Path, in root: Any) -> Any? {
        var node: Any? = root
        for step in path.steps {
            switch step {
            case .key(let k): node = (node as? [String: Any])?[k]
            case .index(let i): node = (node as? [Any]).flatMap { i < $0.count ? $0[i] : nil }
            }
        }
        return node is NSNull ? nil : node
    }

    /// `root` with a string value where the path already leads to a value (an endorsement changes
    /// fields; it never adds structure); nil when the path leads nowhere.
    static func set(_ path: Path, to value: String, in root: Any) -> Any? {
        set(path.steps[...], to: value, in: root)
    }

    private static func set(_ steps: ArraySlice<Path.Step>, to value: String, in node: Any) -> Any? {
        guard let step = steps.first else { return value }
        switch step {
        case .key(let k):
            guard var dict = node as? [String: Any], let child = dict[k], let changed = set(steps.dropFirst(), to: value, in: child) else { return nil }
            dict[k] = changed
            return dict
        case .index(let i):
            guard var array = node as? [Any], i < array.count, let changed = set(steps.dropFirst(), to: value, in: array[i]) else { return nil }
            array[i] = changed
            return array
        }
    }

    static func text(_ value: Any) -> String {
        if let s = value as? String { return s }
        if let n = value as? NSNumber { return n.stringValue }
        return String(describing: value)
    }

    static func serialize(_ value: Any, at path: String) throws(IssueError) -> [UInt8] {
        do { return Array(try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])) } catch {
            throw .failed("cannot write the data at \(path): \(error)")
        }
    }
}
