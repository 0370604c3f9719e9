import Foundation

/// The fonts a process renders with, loaded once from `Fonts/fonts.json`.
///
/// The manifest names each face (family, weight, file, face index in a collection), aliases such as
/// `sans`, and the fallback order tried per character cluster after the requested family.
public final class FontBook: Sendable {
    public let faces: [Font]
    /// Fallback families, in order, that are present on this host.
    public let fallbackFamilies: [String]
    /// Faces named by the manifest but absent here (optional fallbacks not installed).
    public let missingOptionalFaces: [String]
    /// What the render stages remember between documents rendered with these fonts, bounded.
    public let caches: RenderCaches
    private let aliases: [String: String]
    /// ``chain(family:weight:)`` for every family and alias at the weights 100, 200, ... 900, made at
    /// load: the shaper asks for a chain per span, and filtering the faces each time was a few
    /// percent of a document's layout.
    private let chains: [ChainKey: [Font]]
    private struct ChainKey: Hashable { var family: String; var weight: Int }

    struct Manifest: Decodable {
        struct Face: Decodable {
            var family: String
            var weight: Int
            var file: String
            var index: Int?
            var optional: Bool?
        }
        var faces: [Face]
        var aliases: [String: String]?
        var fallback: [String]
    }

    /// Loads every face the manifest in `directory` names.
    /// - Throws: `FontError` when the manifest is unreadable or a required face fails to load.
    /// - Parameter cacheLimits: the budgets of ``caches``; by default from `WENSHU_CACHE_*_MB`.
    public init(directory: String, cacheLimits: RenderCaches.Limits = .fromEnvironment()) throws(FontError) {
        let caches = RenderCaches(limits: cacheLimits)
        self.caches = caches
        let manifestPath = (directory as NSString).appendingPathComponent("fonts.json")
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw FontError("cannot read font manifest '\(manifestPath)'")
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw FontError("font manifest '\(manifestPath)' is invalid: \(error)")
        }
        var faces: [Font] = []
        var missing: [String] = []
        for entry in manifest.faces {
            let path = entry.file.hasPrefix("/") ? entry.file : (directory as NSString).appendingPathComponent(entry.file)
            if entry.optional == true && !FileManager.default.fileExists(atPath: path) {
                missing.append("\(entry.family) (\(path))")
                continue
            }
            faces.append(try Font(index: faces.count, path: path, faceIndex: entry.index ?? 0,
                                  family: entry.family, weight: entry.weight, caches: caches))
        }
        self.faces = faces
        self.aliases = manifest.aliases ?? [:]
        self.fallbackFamilies = manifest.fallback.filter { family in faces.contains { $0.family == family } }
        self.missingOptionalFaces = missing
        var chains: [ChainKey: [Font]] = [:]
        let aliases = manifest.aliases ?? [:]
        let fallback = manifest.fallback.filter { family in faces.contains { $0.family == family } }
        for family in Set(faces.map(\.family)).union(aliases.keys) {
            for weight in stride(from: 100, through: 900, by: 100) {
                chains[ChainKey(family: family, weight: weight)] = FontBook.chain(family: family, weight: weight, faces: faces,
                                                                                  aliases: aliases, fallbackFamilies: fallback)
            }
        }
        self.chains = chains
    }

    /// The face of `family` (or an alias) closest to `weight`, or nil when the family is unknown.
    public func font(family: String, weight: Int) -> Font? {
        FontBook.font(family: family, weight: weight, faces: faces, aliases: aliases)
    }

    /// The faces tried, in order, for text styled with `family` and `weight`.
    public func chain(family: String, weight: Int) -> [Font] {
        if let known = chains[ChainKey(family: family, weight: weight)] { return known }
        return FontBook.chain(family: family, weight: weight, faces: faces, aliases: aliases, fallbackFamilies: fallbackFamilies)
    }

    private static func font(family: String, weight: Int, faces: [Font], aliases: [String: String]) -> Font? {
        let name = aliases[family] ?? family
        return faces.filter { $0.family == name }
            .min { abs($0.weight - weight) < abs($1.weight - weight) }
    }

    private static func chain(family: String, weight: Int, faces: [Font], aliases: [String: String], fallbackFamilies: [String]) -> [Font] {
        var chain: [Font] = []
        for name in [family] + fallbackFamilies {
            if let font = font(family: name, weight: weight, faces: faces, aliases: aliases), !chain.contains(font) { chain.append(font) }
        }
        return chain
    }

    /// Prepares every face for subsetting (a one-time cost best paid at start-up by servers and batches).
    public func prepareForSubsetting() {
        for face in faces { face.prepareForSubsetting() }
    }

    /// Prepares each face lazily, once it has made `misses` distinct subsets (batch runs).
    public func prepareForSubsetting(afterDistinctSubsets misses: Int) {
        for face in faces { face.prepareForSubsetting(afterDistinctSubsets: misses) }
    }

    // MARK: - Process-wide book

    nonisolated(unsafe) private static var sharedBook: FontBook?
    private static let sharedLock = NSLock()

    /// The font book of this process, loaded on first use from ``defaultDirectory()``.
    public static func shared() throws(FontError) -> FontBook {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if let sharedBook { return sharedBook }
        guard let directory = defaultDirectory() else {
            throw FontError("cannot find the Fonts folder: set WENSHU_FONTS to the folder holding fonts.json")
        }
        let book = try FontBook(directory: directory)
        sharedBook = book
        return book
    }

    /// `$WENSHU_FONTS`, else `./Fonts`, else a `Fonts` folder beside or above the executable.
    public static func defaultDirectory() -> String? {
        let fm = FileManager.default
        func has(_ dir: String) -> Bool { fm.fileExists(atPath: (dir as NSString).appendingPathComponent("fonts.json")) }
        if let env = ProcessInfo.processInfo.environment["WENSHU_FONTS"], has(env) { return env }
        let cwd = (fm.currentDirectoryPath as NSString).appendingPathComponent("Fonts")
        if has(cwd) { return cwd }
        var dir = (CommandLine.arguments.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } ?? "")
        for _ in 0..<8 {
            dir = (dir as NSString).deletingLastPathComponent
            if dir.isEmpty || dir == "/" { break }
            let candidate = (dir as NSString).appendingPathComponent("Fonts")
            if has(candidate) { return candidate }
        }
        return nil
    }
}
