internal import Yams
internal import WenshuDiagnostics
internal import WenshuDomain

/// `lifecycle: { start: period.start, end: period.end }`: where a template's data holds the policy
/// period, so that the document can print the policy's state (待生效 / 生效中 / 已终保 / 已注销,
/// domain.md §8) as of the render's as-of time through the `policyState` variable. The state is not
/// data: the same policy reads differently before, during and after its period, and after a
/// cancellation the registry knows of.
struct Lifecycle: Sendable {
    var start: DataPath
    var end: DataPath

    /// `policyState`'s value, or nil when no as-of time was given (the template stage never reads the
    /// clock; templates guard the state with `if: policyState`).
    func state(root: JSONValue, asOf: String?, cancelledAt: String?) throws(DiagnosticError) -> Bound? {
        guard let asOf else { return nil }
        guard let now = PolicyInstant.parse(asOf, role: .start) else {
            throw DiagnosticError("'\(asOf.prefix(40))' is not a date or date-time", at: "options.asOf")
        }
        var cancelled: Int64?
        if let c = cancelledAt {
            guard let at = PolicyInstant.parse(c, role: .start) else {
                throw DiagnosticError("'\(c.prefix(40))' is not a date or date-time", at: "options.cancelledAt")
            }
            cancelled = at
        }
        let startBound = resolve(start, in: root, vars: [:]), endBound = resolve(end, in: root, vars: [:])
        guard let startText = startBound.value?.scalarText, let from = PolicyInstant.parse(startText, role: .start) else {
            throw DiagnosticError("the policy period's start must be a date or date-time", at: startBound.jsonPath)
        }
        guard let endText = endBound.value?.scalarText, let until = PolicyInstant.parse(endText, role: .end) else {
            throw DiagnosticError("the policy period's end must be a date or date-time", at: endBound.jsonPath)
        }
        let state = PolicyState.at(now, start: from, end: until, cancelledAt: cancelled)
        return Bound(value: PolicyStateValue.json(state), jsonPath: "policyState")
    }
}

enum PolicyStateValue {
    static let fields: Set<String> = ["code", "zh", "en", "text", "cancelled"]

    static func json(_ s: PolicyState) -> JSONValue {
        .object([("code", .string(s.rawValue)), ("zh", .string(s.chinese)), ("en", .string(s.english)),
                 ("text", .string(s.chinese + " " + s.english)), ("cancelled", .bool(s == .cancelled))])
    }
}

extension Compiler {
    func lifecycle(_ node: Node) -> Lifecycle? {
        guard let pairs = pairs(node, what: "lifecycle") else { return nil }
        checkKeys(pairs, allowed: ["start", "end"], in: "lifecycle")
        var start: DataPath?, end: DataPath?
        for p in pairs {
            guard let text = string(p.value, what: "lifecycle." + p.key) else { continue }
            guard let path = DataPath.parse(text) else { error("bad data path '\(text)'", p.value); continue }
            checkPath(path, p.value)
            if p.key == "start" { start = path } else { end = path }
        }
        guard let start, let end else { error("lifecycle needs start and end", node); return nil }
        lifecycleDeclared = true
        return Lifecycle(start: start, end: end)
    }
}
