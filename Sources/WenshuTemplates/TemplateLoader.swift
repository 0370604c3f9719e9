internal import Foundation
internal import Yams
public import WenshuDiagnostics
internal import WenshuDocument

/// Finds and loads templates: `<searchPath>/<name>/template.yaml` plus its assets.
public struct TemplateLoader: Sendable {
    public var searchPaths: [String]
    public var limits: TemplateLimits

    public init(searchPaths: [String]) { self.searchPaths = searchPaths; self.limits = TemplateLimits() }

    /// Loads a template by name (looked up in the search paths, first match wins) or by path (a
    /// `.yaml` file or a folder holding `template.yaml`).
    ///
    /// Throws every template error at once, each at `file:line:column`: YAML syntax, unknown block
    /// types and keys, bad lengths and styles, unknown data fields, unknown filters or arguments,
    /// bindings of authentication data, missing assets, limits.
    public func load(_ nameOrPath: String) throws(DiagnosticError) -> Template {
        let fm = FileManager.default
        var file: String?
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            file = nameOrPath
        } else if nameOrPath.contains("/") {
            file = nameOrPath + "/template.yaml"
        } else {
            file = searchPaths.map { "\($0)/\(nameOrPath)/template.yaml" }.first { fm.fileExists(atPath: $0) }
        }
        guard let file, fm.fileExists(atPath: file) else {
            throw DiagnosticError("template '\(nameOrPath)' not found", at: nameOrPath, hints: ["searched: " + searchPaths.joined(separator: ", ")])
        }
        let url = URL(fileURLWithPath: file)
        let folder = String(file.dropLast(url.lastPathComponent.count).dropLast())
        let isFolderTemplate = url.lastPathComponent == "template.yaml"
        // A template folder's template.yaml may not be a link to a file elsewhere.
        if isFolderTemplate && confinedPath("template.yaml", in: folder.isEmpty ? "." : folder) == nil {
            throw DiagnosticError("template '\(nameOrPath)' not found", at: nameOrPath, hints: ["template.yaml must be a file inside the template folder"])
        }
        let data: [UInt8]
        do { data = try BoundedFile.read(file, limit: limits.templateBytes) } catch {
            if case .tooLarge(let size, _) = error.kind {
                throw DiagnosticError("template is \(size) bytes, more than the limit of \(limits.templateBytes)", at: file)
            }
            throw DiagnosticError("cannot read template: \(error.message)", at: file)
        }
        guard let yaml = String(validating: data, as: UTF8.self) else { throw DiagnosticError("template is not valid utf-8", at: file) }
        let name = isFolderTemplate ? url.deletingLastPathComponent().lastPathComponent : url.deletingPathExtension().lastPathComponent

        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw DiagnosticError("template is empty", at: file) }
            root = node
        } catch let e as YamlError {
            throw DiagnosticError(yamlMessage(e), at: yamlLocation(e, file: file))
        } catch let e as DiagnosticError {
            throw e
        } catch {
            throw DiagnosticError(error, at: file)
        }
        // Aliases share nodes: a tree of them grows exponentially once walked. Count before compiling.
        if expandedNodeCount(root, limit: limits.templateNodes) > limits.templateNodes {
            throw DiagnosticError("template has more than \(limits.templateNodes) YAML nodes once its aliases are expanded", at: file,
                                  hints: ["an alias (*name) repeats everything under its anchor (&name); aliases of aliases multiply"])
        }
        let c = Compiler(file: file, folder: folder.isEmpty ? "." : folder, limits: limits)
        guard let pairs = c.pairs(root, what: "a template") else { throw DiagnosticError(c.issues.list) }
        c.checkKeys(pairs, allowed: ["name", "description", "version", "page", "metadata", "styles", "header", "footer",
                                     "watermark", "data", "checks", "key", "samples", "body", "lifecycle", "typesetting", "attachments"], in: "a template")
        var p: [String: Node] = [:]
        for pair in pairs { p[pair.key] = pair.value }
        // Order matters: the schema and styles are needed to check everything else.
        if let d = p["data"] { c.schema = c.readSchema(d) }
        if let s = p["styles"] { c.readStyles(s) }
        let lifecycle = p["lifecycle"].flatMap { c.lifecycle($0) }
        let page = p["page"].map { c.page($0) } ?? PageSetup()
        let switches = p["typesetting"].map { c.typesetting($0) } ?? TextProperties()
        let base = (c.styles["base"] ?? TextProperties()).resolved(over: switches.resolved(over: .base))
        var metadata: @Sendable (RenderContext) -> DocumentInfo = { _ in DocumentInfo() }
        if let m = p["metadata"] { metadata = c.metadata(m) }
        var header: Render = { _ in [] }, footer: Render = { _ in [] }
        c.pageNumbersAllowed = true
        if let h = p["header"] { header = c.blocks(h, allowPageNumbers: true) }
        if let f = p["footer"] { footer = c.blocks(f, allowPageNumbers: true) }
        c.pageNumbersAllowed = false
        let watermark = p["watermark"].flatMap { c.watermark($0) }
        let checks = p["checks"].map { c.readChecks($0) } ?? DocumentChecks()
        var key: DataPath?
        if let k = p["key"], let text = c.string(k, what: "key") {
            if let path = DataPath.parse(text) { c.checkPath(path, k); key = path } else { c.error("bad data path '\(text)'", k) }
        }
        guard let bodyNode = p["body"] else {
            c.error("a template needs body", root)
            throw DiagnosticError(c.issues.list)
        }
        let bodyParts = c.blockList(bodyNode)
        let attachments = p["attachments"].map { c.attachments($0, templateName: name) }
        var samples: [String] = []
        if let s = p["samples"] { samples = c.samples(s, folder: folder.isEmpty ? "." : folder) }
        if c.issues.hasErrors { throw DiagnosticError(c.issues.list) }
        if samples.isEmpty { samples = findSamples(name: name, templateFolder: folder) }
        let mail = isFolderTemplate ? try loadMail(folder: folder.isEmpty ? "." : folder, schema: c.schema) : nil
        return Template(name: name, path: file, samples: samples, keyPath: key.map { "$." + $0.description }, schema: c.schema,
                        checks: checks, key: key, page: page, baseStyle: base, metadata: metadata, header: header,
                        footer: footer, bodyParts: bodyParts, watermark: watermark, mail: mail, lifecycle: lifecycle, attachments: attachments)
    }

    /// `samples/<name>.json` and `samples/<name>-*.json` next to the search path (`Templates/../samples`)
    /// or inside the template folder, sorted by path.
    func findSamples(name: String, templateFolder: String) -> [String] {
        let fm = FileManager.default
        var dirs = [templateFolder + "/samples"]
        dirs += searchPaths.map { $0 + "/../samples" }
        dirs.append(templateFolder + "/../../samples")
        var found = Set<String>()
        for dir in dirs {
            for f in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where f.hasSuffix(".json") && (f == name + ".json" || f.hasPrefix(name + "-")) {
                found.insert(URL(fileURLWithPath: dir + "/" + f).standardizedFileURL.path)
            }
        }
        return found.sorted()
    }
}

private func yamlMessage(_ e: YamlError) -> String {
    switch e {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return "yaml: \(problem)"
    default: return "yaml: \(e)"
    }
}

private func yamlLocation(_ e: YamlError, file: String) -> String {
    switch e {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return "\(file):\(mark.line):\(mark.column)"
    default: return file
    }
}

/// Nodes of `root` with aliases expanded (each use of an anchor counts its whole subtree), counted
/// without recursion and only up to just past `limit`, so an alias bomb costs `limit` steps.
func expandedNodeCount(_ root: Node, limit: Int) -> Int {
    var stack = [root]
    var count = 0
    while let node = stack.popLast() {
        count += 1
        if count > limit { return count }
        switch node {
        case .mapping(let mapping): for (key, value) in mapping { stack.append(key); stack.append(value) }
        case .sequence(let sequence): stack.append(contentsOf: sequence)
        default: break
        }
    }
    return count
}

extension Compiler {
    /// `samples:` entries: JSON files inside the template folder (real paths, as for assets).
    func samples(_ node: Node, folder: String) -> [String] {
        var out: [String] = []
        for item in sequence(node, what: "samples") ?? [] {
            guard let name = string(item, what: "sample") else { continue }
            if name.hasPrefix("/") || name.split(separator: "/").contains("..") || confinedPath(name, in: folder) == nil {
                error("sample '\(name)' not found in the template folder", item)
                continue
            }
            out.append(folder + "/" + name)
        }
        return out
    }
}
