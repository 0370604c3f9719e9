import Foundation

/// The caches of one font book: everything the render stages remember between documents, in one
/// place, each bounded by a memory budget and reporting its size (issue 15).
///
/// Owned by the ``FontBook`` because every cached value depends on its fonts (shaped lines, line
/// fragments, font programs, seal drawings): a second book, with other fonts, has its own caches
/// and is never handed the first book's results. Stages reach them through the book (the text and
/// layout engines) or through a font of the document (``Font/caches``, the PDF backend).
///
/// Budgets come from the environment, in MB (see ``Limits/fromEnvironment(_:)``); each cache is
/// created on first use with its budget, by name, so a later stage can keep values of its own types.
public final class RenderCaches: @unchecked Sendable {
    /// Budgets in bytes, by cache name.
    public struct Limits: Sendable {
        public var bytes: [String: Int]

        /// The caches and their default budgets, MB: `lines` (shaped and broken paragraphs),
        /// `positioned-lines` (the layout's line fragments), `table-rows` (the layout's table rows),
        /// `images` (decoded images), `seals` (drawn seals), `font-programs` (compressed font subsets), `image-streams` (compressed image
        /// samples), `seal-forms` (a seal's compressed form content), `glyph-runs` (glyph runs encoded
        /// as PDF text operators), `cmaps` (compressed ToUnicode CMaps, by their bytes), `raster-faces`
        /// (FreeType faces with their glyph bitmaps, counted at 32 MB each).
        public static let defaultMegabytes: [String: Int] = [
            "lines": 64, "positioned-lines": 64, "table-rows": 32, "images": 256, "seals": 16,
            "font-programs": 8, "image-streams": 64, "seal-forms": 16, "glyph-runs": 32, "cmaps": 4, "raster-faces": 256,
        ]

        public static let defaults = Limits(bytes: defaultMegabytes.mapValues { $0 << 20 })

        /// The defaults, each overridden by `WENSHU_CACHE_<NAME>_MB` (name upper-cased, `-` as `_`,
        /// e.g. `WENSHU_CACHE_POSITIONED_LINES_MB=128`; 0 turns that cache off). Values that are not
        /// whole numbers ≥ 0 are ignored.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Limits {
            var limits = Limits.defaults
            for name in defaultMegabytes.keys {
                let variable = "WENSHU_CACHE_" + name.uppercased().replacingOccurrences(of: "-", with: "_") + "_MB"
                if let text = environment[variable], let mb = Int(text), mb >= 0, mb <= 1 << 20 { limits.bytes[name] = mb << 20 }
            }
            return limits
        }
    }

    public let limits: Limits
    private let lock = NSLock()
    private var caches: [String: AnyObject] = [:]
    private var order: [String] = []

    public init(limits: Limits = .fromEnvironment()) {
        self.limits = limits
    }

    /// The cache called `name`, made on first use with the budget ``Limits`` gives it (16 MB for a
    /// name it does not know).
    /// - Precondition: every caller of one name uses the same key and value types.
    public func cache<Key: Hashable, Value>(_ name: String, stripes: Int = 1) -> BoundedCache<Key, Value> {
        lock.lock()
        defer { lock.unlock() }
        if let existing = caches[name] {
            guard let typed = existing as? BoundedCache<Key, Value> else { preconditionFailure("cache '\(name)' holds other types") }
            return typed
        }
        let made = BoundedCache<Key, Value>(name: name, byteLimit: limits.bytes[name] ?? 16 << 20, stripes: stripes)
        caches[name] = made
        order.append(name)
        return made
    }

    /// Every cache made so far, in the order they were made.
    public var statistics: [CacheStatistics] {
        lock.lock()
        let all = order.map { caches[$0]! }
        lock.unlock()
        return all.map { ($0 as! any CacheReporting).statistics }
    }
}

/// What ``RenderCaches`` reads from a cache of any types.
protocol CacheReporting: AnyObject {
    var statistics: CacheStatistics { get }
}

extension BoundedCache: CacheReporting {}
