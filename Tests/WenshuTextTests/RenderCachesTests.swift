import Foundation
import Testing
@testable import WenshuText

/// The render caches (issue 15): owned by a font book, bounded by bytes, configured from the
/// environment, and reporting their size.
@Suite struct RenderCachesTests {
    @Test func aCacheStartsOverRatherThanExceedItsBudget() {
        let cache = BoundedCache<Int, String>(name: "test", byteLimit: 100)
        for k in 0..<4 { cache.put(k, "v\(k)", cost: 30) }
        // 3 × 30 fit; the fourth entry starts the table over.
        #expect(cache.get(3) == "v3")
        #expect(cache.get(0) == nil)
        let stats = cache.statistics
        #expect(stats.entries == 1 && stats.bytes == 30 && stats.evictions == 3)
        #expect(stats.hits == 1 && stats.misses == 1)
    }

    @Test func anEntryLargerThanTheBudgetIsNotKept() {
        let cache = BoundedCache<Int, String>(name: "test", byteLimit: 100, stripes: 2)
        cache.put(1, "big", cost: 51)  // over one stripe's share of 50
        #expect(cache.get(1) == nil)
        let off = BoundedCache<Int, String>(name: "off", byteLimit: 0)
        off.put(1, "x", cost: 1)
        #expect(off.get(1) == nil)
    }

    @Test func budgetsComeFromTheEnvironmentInMegabytes() {
        let limits = RenderCaches.Limits.fromEnvironment(["WENSHU_CACHE_POSITIONED_LINES_MB": "128", "WENSHU_CACHE_LINES_MB": "0",
                                                          "WENSHU_CACHE_IMAGES_MB": "lots"])
        #expect(limits.bytes["positioned-lines"] == 128 << 20)
        #expect(limits.bytes["lines"] == 0)
        #expect(limits.bytes["images"] == RenderCaches.Limits.defaultMegabytes["images"]! << 20)
    }

    @Test func eachFontBookHasItsOwnCaches() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let other = try FontBook(directory: url.path + "/Fonts")
        #expect(other.caches !== Fonts.book.caches)
        #expect(other.faces.allSatisfy { $0.caches === other.caches })
        // A line broken with one book is not handed to the other.
        let spans = [TextSpan("缓存属于字体簿 caches belong to a book", style: TextStyle(family: "sans", size: 10))]
        _ = try TextEngine(fonts: other).lines(spans, width: 200)
        let lines: BoundedCache<LineCache.Key, [TextLine]> = other.caches.cache("lines")
        #expect(lines.statistics.entries == 1)
        let mine: BoundedCache<LineCache.Key, [TextLine]> = Fonts.book.caches.cache("lines")
        #expect(mine.get(LineCache.Key(spans: spans, width: 200, alignment: .left)) == nil)
        #expect(other.caches.statistics.map(\.name).contains("lines"))
    }
}
