internal import WenshuDiagnostics

/// What one render may build: blocks and loop iterations are counted as they are made, so three
/// nested `each` loops over 100 items fail after the limit instead of after a million blocks and
/// gigabytes; the deadline is checked at the same points.
struct RenderBudget {
    let maximumNodes: Int
    let deadline: Deadline?
    var nodes = 0
    /// Set once the limit or the deadline is passed: everything after builds nothing.
    var exhausted = false
}

extension RenderContext {
    /// Counts one block or loop iteration about to be built at `location`. False once the budget is
    /// spent (the error is reported once), so loops and blocks stop early.
    func admit(at location: String) -> Bool {
        if budget.exhausted { return false }
        budget.nodes += 1
        if budget.nodes > budget.maximumNodes {
            budget.exhausted = true
            issues.error("the document grows past \(budget.maximumNodes) blocks and loop items", at: location,
                         hints: ["nested each loops multiply: check the template's loops and the size of the data's arrays"])
            return false
        }
        if budget.nodes & 63 == 0, let deadline = budget.deadline, deadline.hasPassed {
            budget.exhausted = true
            // The deadline's own diagnostic, code (TIME_LIMIT) included, so transports can tell it apart.
            for d in deadline.error(at: location).diagnostics { issues.append(d) }
            return false
        }
        return true
    }
}
