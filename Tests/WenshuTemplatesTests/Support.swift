import Foundation
import Testing
@testable import WenshuTemplates
import WenshuDocument
import WenshuDiagnostics

/// Repository root, found from this file's path.
let repoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()
let fixtures = repoRoot + "/Tests/WenshuTemplatesTests/Fixtures"
let loader = TemplateLoader(searchPaths: [repoRoot + "/Templates"])

func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }
func sample(_ name: String) -> [UInt8] { bytes(repoRoot + "/samples/\(name).json") }

/// Renders a repository sample with its template, failing the test on any error.
func render(_ template: String, _ sampleName: String) throws -> (document: Document, warnings: [Diagnostic]) {
    let t = try loader.load(template)
    do { return try t.render(data: sample(sampleName)) } catch {
        Issue.record("render \(sampleName): \(error)")
        throw error
    }
}

/// All text of a block tree, spans joined, blocks separated by newlines.
func allText(_ blocks: [Block]) -> String { blocks.map(text).joined(separator: "\n") }

func text(_ block: Block) -> String {
    func spans(_ s: [Span]?) -> String { (s ?? []).map(\.text).joined() }
    switch block.content {
    case .paragraph(let p): return spans(p.spans)
    case .keyValue(let kv): return kv.items.map { spans($0.label) + " " + spans($0.value) }.joined(separator: "\n")
    case .table(let t): return (t.header + t.rows).map { $0.cells.map { allText($0.blocks) }.joined(separator: " | ") }.joined(separator: "\n")
    case .row(let r): return r.columns.map { allText($0.blocks) }.joined(separator: "\n")
    case .box(let b): return spans(b.title) + "\n" + allText(b.blocks)
    case .qrCode(let q): return "[qr \(q.payload)] " + spans(q.caption)
    case .signature(let s): return "[signature \(s.strokes.count) strokes] " + spans(s.caption)
    case .overlay(let o): return allText(o.blocks)
    case .absolute(let a): return allText(a.blocks)
    case .keepTogether(let b), .group(let b): return allText(b)
    default: return ""
    }
}

/// Every block in the tree, depth first.
func flatten(_ blocks: [Block]) -> [Block] {
    blocks.flatMap { b -> [Block] in
        var children: [Block] = []
        switch b.content {
        case .row(let r): children = r.columns.flatMap(\.blocks)
        case .box(let x): children = x.blocks
        case .overlay(let o): children = o.blocks
        case .absolute(let a): children = a.blocks
        case .keepTogether(let x), .group(let x): children = x
        case .table(let t): children = (t.header + t.rows).flatMap { $0.cells.flatMap(\.blocks) }
        default: break
        }
        return [b] + flatten(children)
    }
}
