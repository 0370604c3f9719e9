import Wenshu
import WenshuDiagnostics

/// The library places a problem with the render options at the option's name (`dpi`, `format`,
/// `archive`, `encryption`, `page`, `options.asOf`) and never names a command-line flag; the CLI
/// is the one place that knows which flag set each, so it renames them here before printing.
extension DiagnosticError {
    static let flagOfOption: [String: String] = [
        "dpi": "--dpi", "format": "--format", "archive": "--archive", "encryption": "--encrypt-password-file",
        "page": "--page", "options.asOf": "--as-of", "options.cancelledAt": "--cancelled-at",
    ]

    /// These diagnostics with each option location replaced by its flag (`dpi` → `--dpi`).
    func namingFlags() -> DiagnosticError {
        DiagnosticError(diagnostics.map { d in
            guard let flag = Self.flagOfOption[d.location] else { return d }
            var renamed = d
            renamed.location = flag
            return renamed
        })
    }
}

extension RenderOptions {
    /// `10–2400`, from ``RenderOptions/dpiRange`` (defined once, by the raster backend).
    static var dpiRangeText: String { "\(whole(dpiRange.lowerBound))–\(whole(dpiRange.upperBound))" }
    /// The refusal of a resolution outside ``RenderOptions/dpiRange``.
    static func dpiOutOfRange(_ dpi: Double) -> String {
        "--dpi must be between \(whole(dpiRange.lowerBound)) and \(whole(dpiRange.upperBound)), not \(dpi)"
    }
    private static func whole(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}
