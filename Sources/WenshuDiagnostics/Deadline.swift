/// When a render must give up: a monotonic instant, checked between pieces of work (blocks built,
/// blocks laid out, pages drawn), so one slow record fails with a clear error and the rest of a batch,
/// or the other requests of the service, go on.
///
/// Only decides whether there is output, never what the output is: the bytes of a render that finishes
/// do not depend on the clock (STYLE.md §6).
public struct Deadline: Sendable {
    /// The limit it was made with, for the message.
    public let seconds: Double
    private let end: ContinuousClock.Instant

    /// - Parameter seconds: time from now; must be positive and finite.
    public init(seconds: Double) {
        self.seconds = seconds
        self.end = ContinuousClock.now.advanced(by: .nanoseconds(Int64(min(max(seconds, 0), 1e9) * 1e9)))
    }

    public var hasPassed: Bool { ContinuousClock.now >= end }

    /// The error of a render stopped by this deadline, at `location` (a template line, a page).
    public func error(at location: String) -> DiagnosticError {
        DiagnosticError("rendering took longer than the limit of \(Deadline.format(seconds)) s and was stopped", at: location,
                        code: Diagnostic.Code.timeLimit, hints: ["the record is too large or too complex for one document; the limit is the render time limit of the batch or service"])
    }

    private static func format(_ v: Double) -> String {
        v == v.rounded() && v < 1e9 ? String(Int(v)) : String(v)
    }
}
