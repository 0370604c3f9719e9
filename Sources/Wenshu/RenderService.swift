import Foundation
public import WenshuDiagnostics
import WenshuDocument
import WenshuLayout
import WenshuPages
public import WenshuPDF
import WenshuRaster
public import WenshuTemplates
public import WenshuText

/// Output formats of a render.
public enum OutputFormat: String, Sendable, CaseIterable {
    case pdf, png
}

/// What to produce from a template and its data.
public struct RenderOptions: Sendable {
    public var format: OutputFormat
    /// PNG resolution, dots per inch; must lie in ``dpiRange``.
    public var dpi: Double
    /// The resolutions a PNG may have: the raster backend's, defined there once.
    public static let dpiRange = RasterOptions.dpiRange
    /// PNG: only this page (1-based); nil renders every page.
    public var page: Int?
    /// Validation date for rules such as "not in the future" (YYYY-MM-DD), or a date-time with an
    /// offset; also the instant a template's `policyState` is computed for. Nil skips those checks
    /// and prints no state; the CLI and the service pass the current time (``RenderOptions/now()``).
    public var asOf: String?
    /// When the policy was cancelled, as the registry knows it (re-rendered documents print 已注销).
    public var cancelledAt: String?
    /// PDF only: encrypt with AES-256 (ISO 32000-2 revision 6), a fresh file key per document.
    /// Encrypted output differs from run to run (random key and salts). Excludes ``archive``.
    public var encryption: PDFProtection?
    /// PDF only: write the archive copy, PDF/A-3b when the document carries attachments (the
    /// template's `archiveOnly` ones included), PDF/A-2b otherwise. Needs the sRGB ICC profile
    /// (``RenderService/outputIntentProfilePath``). Excludes ``encryption``.
    public var archive: Bool
    /// Seconds one render may take; past it the render stops with an error. Nil for no limit.
    public var timeLimit: Double?
    /// Let one document use other threads (QR codes, font subsets, pages side by side): shorter
    /// latency for a document that is waited on. A batch that already renders a document per core
    /// turns it off, since the hand-offs then only add work.
    public var sideThreads = true

    public init(format: OutputFormat = .pdf, dpi: Double = 150, page: Int? = nil, asOf: String? = nil, cancelledAt: String? = nil,
                encryption: PDFProtection? = nil, archive: Bool = false, timeLimit: Double? = nil) {
        self.format = format; self.dpi = dpi; self.page = page; self.asOf = asOf; self.cancelledAt = cancelledAt
        self.encryption = encryption; self.archive = archive; self.timeLimit = timeLimit
    }

    /// `date` as an as-of time in Beijing time (`2026-11-30T11:28:00+08:00`), the time zone the
    /// policies are written in.
    public static func instant(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'+08:00'"
        return formatter.string(from: date)
    }
}

/// A rendered document: one file for PDF, one per page for PNG, and the warnings (pinyin mismatch,
/// USCC check) that did not stop the render.
public struct RenderResult: Sendable {
    public var files: [[UInt8]]
    public var pageCount: Int
    public var warnings: [Diagnostic]
    /// The template's output key for this data (policy number), for naming files.
    public var key: String?
    /// The encryption the PDF was written with, file key included: a signer appending to the file
    /// encrypts its strings with it (``PDFEncryption/encryptString(_:fileKey:)``). Nil when not encrypted.
    public var encryption: PDFEncryption?
}

/// Template + data → document → layout → PDF or PNG. Thread-safe; templates are loaded once and cached.
public final class RenderService: Sendable {
    public let fonts: FontBook
    let layout: LayoutEngine
    let loader: TemplateLoader
    private let cache = TemplateCache()

    /// The sRGB ICC profile archive copies take as their output intent: `WENSHU_ICC_PROFILE`, else
    /// ``OutputIntentProfile/debianPath`` (Debian's `icc-profiles-free`). Read when first needed.
    public let outputIntentProfilePath: String
    private let profiles = OutputIntentProfile.Cache()

    public init(fonts: FontBook, templateSearchPaths: [String], outputIntentProfilePath: String? = nil) {
        self.fonts = fonts
        self.layout = LayoutEngine(fonts: fonts)
        self.loader = TemplateLoader(searchPaths: templateSearchPaths)
        self.outputIntentProfilePath = outputIntentProfilePath ?? OutputIntentProfile.configuredPath
    }

    /// The service on the process-wide fonts and the `Templates` folder beside `Fonts`.
    public static func standard() throws(DiagnosticError) -> RenderService {
        let fonts: FontBook
        do { fonts = try FontBook.shared() } catch { throw DiagnosticError(error, at: "Fonts/fonts.json") }
        var paths = ["Templates"]
        if let fontsDirectory = FontBook.defaultDirectory() {
            paths.append(((fontsDirectory as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Templates"))
        }
        return RenderService(fonts: fonts, templateSearchPaths: paths)
    }

    public func template(_ nameOrPath: String) throws(DiagnosticError) -> Template {
        if let hit = cache.get(nameOrPath) { return hit }
        let template = try loader.load(nameOrPath)
        cache.put(nameOrPath, template)
        return template
    }

    /// Renders `data` (JSON bytes) with the template named or found at `template`.
    /// - Throws: `DiagnosticError` with every data, template and layout problem found, each with its place.
    ///   A problem with `options` is placed at the option's name here (`dpi`, `format`, `archive`,
    ///   `encryption`, `page`): the CLI and the server say which flag or parameter that is.
    public func render(template name: String, data: [UInt8], options: RenderOptions = RenderOptions()) throws(DiagnosticError) -> RenderResult {
        if options.format == .png {
            guard RenderOptions.dpiRange.contains(options.dpi) else {
                throw DiagnosticError("dpi must be between \(PDFNumberText.format(RenderOptions.dpiRange.lowerBound)) and \(PDFNumberText.format(RenderOptions.dpiRange.upperBound)), not \(PDFNumberText.format(options.dpi))", at: "dpi")
            }
            guard options.encryption == nil && !options.archive else {
                throw DiagnosticError("encryption and the archive copy apply to PDF output, not PNG", at: "format")
            }
        }
        if options.encryption != nil && options.archive {
            // ISO 19005-2 §6.1.3: a PDF/A file shall not be encrypted.
            throw DiagnosticError("an archive (PDF/A) copy cannot be encrypted: PDF/A forbids encryption", at: "archive",
                                  hints: ["render the archive copy without a password, and the copy you send with one"])
        }
        let deadline = options.timeLimit.map { Deadline(seconds: $0) }
        let template = try template(name)
        var templateOptions = WenshuTemplates.RenderOptions(asOf: options.asOf, cancelledAt: options.cancelledAt, deadline: deadline)
        templateOptions.sideThreads = options.sideThreads
        let (document, warnings) = try template.render(data: data, options: templateOptions)
        let pages = try layout.layout(document, deadline: deadline, sideThreads: options.sideThreads)
        if let deadline, deadline.hasPassed { throw deadline.error(at: template.path) }
        let key = document.key
        switch options.format {
        case .pdf:
            let pdfOptions = try pdfOptions(for: document, options: options)
            do {
                return RenderResult(files: [try PDFExporter.export(pages, options: pdfOptions)], pageCount: pages.pages.count, warnings: warnings,
                                    key: key, encryption: pdfOptions.encryption)
            } catch {
                throw DiagnosticError(error, at: template.path)
            }
        case .png:
            var selected = Array(pages.pages.indices)
            if let page = options.page {
                guard (1...pages.pages.count).contains(page) else {
                    throw DiagnosticError("page \(page) does not exist: the document has \(pages.pages.count) page(s)", at: "page")
                }
                selected = [page - 1]
            }
            let files = try PagePNGs.encode(selected.map { pages.pages[$0] }, numbers: selected.map { $0 + 1 }, dpi: options.dpi, deadline: deadline,
                                         sideThreads: options.sideThreads)
            return RenderResult(files: files, pageCount: pages.pages.count, warnings: warnings, key: key)
        }
    }
}

extension RenderService {
    /// The exporter's options: the document's attachments (the `archiveOnly` ones in the archive
    /// copy only), the PDF/A part and profile, a fresh encryption.
    func pdfOptions(for document: Document, options: RenderOptions) throws(DiagnosticError) -> PDFOptions {
        var pdf = PDFOptions()
        pdf.sideThreads = options.sideThreads
        pdf.attachments = document.attachments.filter { options.archive || !$0.archiveOnly }.map { a in
            PDFAttachment(fileName: a.fileName, mediaType: a.mediaType, description: a.description,
                          relationship: PDFAttachment.Relationship(a.relationship), contents: a.contents)
        }
        if options.archive {
            let profile = try profiles.get(path: outputIntentProfilePath)
            pdf.archive = PDFArchive(part: pdf.attachments.isEmpty ? .pdfA2b : .pdfA3b, outputIntentProfile: profile)
        }
        if let protection = options.encryption {
            do { pdf.encryption = try protection.makeEncryption() } catch { throw DiagnosticError(error, at: "encryption") }
        }
        return pdf
    }
}

extension PDFAttachment.Relationship {
    init(_ relationship: DocumentAttachment.Relationship) {
        switch relationship {
        case .source: self = .source
        case .data: self = .data
        case .alternative: self = .alternative
        case .supplement: self = .supplement
        case .unspecified: self = .unspecified
        }
    }
}

enum PDFNumberText {
    static func format(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
}

/// Loaded templates by name, shared across threads.
final class TemplateCache: @unchecked Sendable {
    private let lock = NSLock()
    private var templates: [String: Template] = [:]
    func get(_ name: String) -> Template? { lock.lock(); defer { lock.unlock() }; return templates[name] }
    func put(_ name: String, _ template: Template) { lock.lock(); templates[name] = template; lock.unlock() }
}

extension RenderService {
    /// `wenshu templates check`: every template under `templatesDirectory` loads, and each of its
    /// samples validates, lays out on these fonts and writes as PDF (a missing glyph or content too
    /// tall for a page is an error here, not at the first real render). Returns every error and warning.
    public func checkTemplates(templatesDirectory: String, samplesDirectory: String) -> [Diagnostic] {
        checkAll(templatesDirectory: templatesDirectory, samplesDirectory: samplesDirectory) { template, document throws(DiagnosticError) in
            let pages = try layout.layout(document)
            do throws(PDFExportError) { _ = try PDFExporter.export(pages) } catch { throw DiagnosticError(error, at: template.path) }
            return []
        }
    }

    /// The email that goes with a document: the template's `mail.yaml` filled in with the same data.
    public func renderMail(template name: String, data: [UInt8]) throws(DiagnosticError) -> RenderedMail {
        try template(name).renderMail(data: data)
    }
}
