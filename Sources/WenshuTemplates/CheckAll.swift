internal import Foundation
public import WenshuDiagnostics
public import WenshuDocument

/// `wenshu templates check`: loads every template folder under `templatesDirectory` and validates
/// and renders (to a Document) each of its samples from `samplesDirectory`. Returns every error and
/// warning found; an empty list means all templates and samples are fine.
///
/// `finish` takes each sample's document further (the façade lays it out and writes it, so a missing
/// glyph or content too tall for a page fails the check too) and returns its warnings.
public func checkAll(templatesDirectory: String, samplesDirectory: String,
                     finish: (Template, Document) throws(DiagnosticError) -> [Diagnostic] = { _, _ in [] }) -> [Diagnostic] {
    let fm = FileManager.default
    let loader = TemplateLoader(searchPaths: [templatesDirectory])
    var out: [Diagnostic] = []
    let names = ((try? fm.contentsOfDirectory(atPath: templatesDirectory)) ?? []).sorted()
        .filter { fm.fileExists(atPath: "\(templatesDirectory)/\($0)/template.yaml") }
    if names.isEmpty { return [Diagnostic(.error, "no templates found", at: templatesDirectory)] }
    for name in names {
        let template: Template
        do { template = try loader.load(name) } catch { out += error.diagnostics; continue }
        let files = ((try? fm.contentsOfDirectory(atPath: samplesDirectory)) ?? []).sorted()
            .filter { $0.hasSuffix(".json") && ($0 == name + ".json" || $0.hasPrefix(name + "-")) }
            .map { samplesDirectory + "/" + $0 }
        let samples = Array(Set(files + template.samples)).sorted()
        if samples.isEmpty { out.append(Diagnostic(.warning, "template has no samples", at: template.path)) }
        for sample in samples {
            let data: [UInt8]
            do { data = try BoundedFile.read(sample, limit: TemplateLimits().dataBytes) } catch {
                out.append(Diagnostic(.error, "cannot read sample: \(error.message)", at: sample)); continue
            }
            do {
                let result = try template.render(data: data)
                let later = try finish(template, result.document)
                out += (result.warnings + later).map { d in var d = d; d.location = "\(sample): \(d.location)"; return d }
            } catch {
                out += error.diagnostics.map { d in var d = d; d.location = "\(sample): \(d.location)"; return d }
            }
        }
    }
    return out
}
