public import WenshuDiagnostics
public import WenshuDocument
internal import WenshuDomain

/// A loaded template: checked, with its assets read, ready to render any number of data files.
///
/// Rendering validates the data against `data:` first and reports every problem at once; only
/// valid data is built into a ``Document``. The result never depends on the clock or the host.
public struct Template: Sendable {
    /// Folder name (`epolicy`), or the file name for a template loaded by path.
    public var name: String
    /// Path of `template.yaml` as given to the loader.
    public var path: String
    /// Paths of sample JSON files: declared under `samples:` or found as `samples/<name>*.json`.
    public var samples: [String]
    /// The JSON path that names output files in batch runs (`key:`), e.g. `$.policyNumber`.
    public var keyPath: String?

    let schema: FieldSpec
    let checks: DocumentChecks
    let key: DataPath?
    let page: PageSetup
    let baseStyle: TextProperties
    let metadata: @Sendable (RenderContext) -> DocumentInfo
    let header: Render
    let footer: Render
    /// The body's top-level blocks, each on its own (``BodyHalves`` shares them out).
    let bodyParts: [Render]
    let watermark: (@Sendable (RenderContext) -> Watermark?)?
    let mail: MailTemplate?
    /// Where the policy period's start and end are (`lifecycle:`), for `policyState`.
    let lifecycle: Lifecycle?
    let attachments: AttachmentsRender?

    /// A human-readable summary of the data the template needs: one `$.path: type` line per field.
    public var dataSchema: [String] {
        var lines: [String] = []
        func walk(_ spec: FieldSpec, _ path: String) {
            for (name, f) in spec.fields {
                let p = path + "." + name
                lines.append("\(p): \(f.kind.rawValue)\(f.required ? "" : "?")\(f.format.map { " (\($0))" } ?? "")")
                if f.kind == .object { walk(f, p) }
                if f.kind == .array, let items = f.items {
                    lines.append("\(p)[]: \(items.kind.rawValue)")
                    if items.kind == .object { walk(items, p + "[]") }
                }
            }
        }
        walk(schema, "$")
        return lines
    }

    /// Validates `data` (JSON) and builds the document.
    ///
    /// Throws every error found — invalid JSON, limits, schema and domain errors with their JSON
    /// paths, document checks (e.g. Schengen rules) — as one ``DiagnosticError`` that also carries
    /// the warnings. On success returns the warnings (pinyin mismatch, USCC check character, ...).
    public func render(data: [UInt8], options: RenderOptions = RenderOptions()) throws(DiagnosticError) -> (document: Document, warnings: [Diagnostic]) {
        let root = try parseData(data, limits: options.limits)
        var asOf: CivilDate?
        if let a = options.asOf {
            guard a.utf8.count == 10 || PolicyInstant.parse(a, role: .start) != nil else {
                throw DiagnosticError("'\(a.prefix(40))' is neither a date (YYYY-MM-DD) nor a date-time with an offset", at: "options.asOf")
            }
            do { asOf = try CivilDate.parse(String(a.prefix(10)), field: "asOf") } catch { throw DiagnosticError(error.message, at: "options.asOf") }
        }
        var validator = Validator(limits: options.limits, asOf: asOf)
        validator.root = root
        validator.validate(root, spec: schema, path: "$")
        if !validator.issues.hasErrors { checks.run(on: root, money: validator.moneyAt, issues: &validator.issues) }
        if validator.issues.hasErrors { throw DiagnosticError(validator.issues.list) }

        let ctx = RenderContext(root: root, money: validator.moneyAt,
                                budget: RenderBudget(maximumNodes: options.limits.documentNodes, deadline: options.deadline))
        ctx.issues = validator.issues
        if let lifecycle {
            ctx.vars["policyState"] = try lifecycle.state(root: root, asOf: options.asOf, cancelledAt: options.cancelledAt)
        }
        let info = metadata(ctx), headerBlocks = header(ctx), footerBlocks = footer(ctx), mark = watermark?(ctx)
        let bodyBlocks = (options.sideThreads ? BodyHalves.build(bodyParts, ctx) : nil) ?? bodyParts.flatMap { $0(ctx) }
        var document = Document(page: page, metadata: info, baseStyle: baseStyle, header: headerBlocks,
                                footer: footerBlocks, watermark: mark, body: bodyBlocks)
        document.key = outputKey(root: root)
        if let attachments { document.attachments = attachments(ctx, data, document.key) }
        if ctx.issues.hasErrors { throw DiagnosticError(ctx.issues.list) }
        return (document, ctx.issues.warnings)
    }

    /// The value at the template's `key:` path, made safe for a file name (`/`, `\`, `:`, control
    /// characters and leading dots become `_`); nil when there is no key, the JSON is invalid or
    /// the value is missing or empty.
    public func outputKey(data: [UInt8]) -> String? {
        guard let root = try? parseData(data, limits: TemplateLimits()) else { return nil }
        return outputKey(root: root)
    }

    func outputKey(root: JSONValue) -> String? {
        guard let key, let text = resolve(key, in: root, vars: [:]).value?.scalarText, !text.isEmpty else { return nil }
        var out = String(text.unicodeScalars.map { u -> Character in
            (u.value < 0x20 || u.value == 0x7F || "/\\:*?\"<>|".unicodeScalars.contains(u)) ? "_" : Character(u)
        })
        while out.hasPrefix(".") { out = "_" + out.dropFirst() }
        return out
    }
}

func parseData(_ data: [UInt8], limits: TemplateLimits) throws(DiagnosticError) -> JSONValue {
    guard data.count <= limits.dataBytes else { throw DiagnosticError("data is \(data.count) bytes, more than the limit of \(limits.dataBytes)", at: "$", code: Diagnostic.Code.limit) }
    do { return try JSONParser.parse(data, maxDepth: limits.dataDepth) }
    catch { throw DiagnosticError(error.message, at: "$", code: Diagnostic.Code.json) }
}
