import Foundation
import Wenshu
import WenshuText
import WenshuTemplates
import WenshuLayout
import WenshuPDF
import WenshuPages

/// Issue 6's figures: warm latency, throughput with 1 and 2 workers, median size and peak RSS over
/// 500 distinct records of the e-policy (two pages, 40-row table) and the visa certificate; and how
/// time grows with records and with table rows.
func batchFigures(repository: String) throws {
    let fonts = try FontBook(directory: repository + "/Fonts")
    let service = RenderService(fonts: fonts, templateSearchPaths: [repository + "/Templates"])
    fonts.prepareForSubsetting(afterDistinctSubsets: 8)  // as batch runs do
    for (template, sample) in [("epolicy", "epolicy-40rows"), ("visa-certificate", "visa-certificate")] {
        print("== \(template) (sample \(sample)), 500 distinct records")
        let records = Records.make(from: repository + "/samples/\(sample).json", count: 500)
        _ = try service.render(template: template, data: records[0])  // load template, warm caches
        try printWarmLatency(service: service, template: template, records: records)
        for workers in [1, 2] {
            let rate = try throughput(service: service, template: template, records: records, workers: workers)
            print("throughput, \(workers) worker(s): \(Timing.f(rate, 1)) docs/s")
        }
        print("peak RSS so far: \(Timing.f(Timing.peakRSSMegabytes(), 1)) MB")
    }

    print("== PNG, 150 dpi, one page (layout + raster + PNG encode)")
    for (template, sample) in [("epolicy", "epolicy"), ("visa-certificate", "visa-certificate"), ("invoice", "invoice"), ("claim-form", "claim-form")] {
        let data = Array(try Data(contentsOf: URL(fileURLWithPath: repository + "/samples/\(sample).json")))
        let options = RenderOptions(format: .png, dpi: 150, page: 1)
        _ = try service.render(template: template, data: data, options: options)
        var bytes = 0
        let (median, _) = try Timing.measure("  \(sample) page 1", repeat: 20) {
            bytes = try service.render(template: template, data: data, options: options).files[0].count
        }
        _ = median
        print("  \(sample) page 1: \(bytes) bytes")
    }

    print("== linearity")
    let visa = Records.make(from: repository + "/samples/visa-certificate.json", count: 1000)
    for n in [10, 100, 1000] {
        let rate = try throughput(service: service, template: "visa-certificate", records: Array(visa.prefix(n)), workers: 1)
        print("visa certificate, \(n) records: \(Timing.f(1000 / rate, 2)) ms per document")
    }
    for rows in [40, 500] {
        let record = Records.withCoverageRows(repository + "/samples/epolicy-40rows.json", rows: rows)
        var pages = 0
        let (median, _) = try Timing.measure("e-policy with \(rows) coverage rows", repeat: 20) {
            pages = try service.render(template: "epolicy", data: record).pageCount
        }
        print("  \(pages) pages, \(Timing.f(median / Double(rows) * 1000, 1)) µs per row")
    }
}

/// Renders each record once, one after the other, and prints the page count, p50 and p99 latency and
/// median PDF size.
func printWarmLatency(service: RenderService, template: String, records: [[UInt8]], options: Wenshu.RenderOptions = Wenshu.RenderOptions()) throws {
    var latencies: [Double] = []
    var sizes: [Int] = []
    var pages = 0
    for record in records {
        let start = Timing.now()
        let result = try service.render(template: template, data: record, options: options)
        latencies.append(Timing.ms(since: start))
        sizes.append(result.files[0].count)
        pages = result.pageCount
    }
    latencies.sort()
    sizes.sort()
    print("pages per document: \(pages)")
    print("single document, warm: p50 \(Timing.f(Timing.percentile(latencies, 0.5))) ms, p99 \(Timing.f(Timing.percentile(latencies, 0.99))) ms")
    print("median PDF size: \(sizes[sizes.count / 2]) bytes")
}

/// Documents per second rendering `records` in memory with `workers` threads.
func throughput(service: RenderService, template: String, records: [[UInt8]], workers: Int, options: Wenshu.RenderOptions = Wenshu.RenderOptions()) throws -> Double {
    try parallel(count: records.count, workers: workers) { k in _ = try service.render(template: template, data: records[k], options: options) }
}

/// Documents per second for `body` over `count` items on `workers` threads.
func parallel(count: Int, workers: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws -> Double {
    let next = Counter(), failures = Counter()
    let group = DispatchGroup()
    let start = Timing.now()
    for _ in 0..<workers {
        group.enter()
        Thread {
            while true {
                let k = next.increment() - 1
                guard k < count else { break }
                if (try? body(k)) == nil { _ = failures.increment() }
            }
            group.leave()
        }.start()
    }
    group.wait()
    if failures.value > 0 { throw BatchError("\(failures.value) of \(count) items failed") }
    return Double(count) / (Timing.ms(since: start) / 1000)
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

/// Distinct records made from a sample: policy numbers, names and amounts vary, so each document
/// has its own glyph set and bytes.
enum Records {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国晨曦浩然子涵雨轩欣怡梓萱思远博文嘉怡俊杰雅琪宇航佳琪梦瑶")

    static func name(_ i: Int, _ salt: Int) -> String {
        "\(surnames[(i * 7 + salt) % surnames.count])\(given[(i * 13 + salt) % given.count])\(given[(i * 31 + salt * 3) % given.count])"
    }

    static func make(from path: String, count: Int) -> [[UInt8]] {
        let base = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        return (0..<count).map { i in
            var o = base
            o["policyNumber"] = String(format: "P2025%012d", 310_100_000_000 + i)
            o["specimen"] = false
            if var holder = o["policyholder"] as? [String: Any] { holder["name"] = name(i, 1); o["policyholder"] = holder }
            if var insured = o["insured"] as? [[String: Any]] {
                for k in insured.indices { insured[k]["name"] = name(i, k + 2) }
                o["insured"] = insured
            }
            if var person = o["insured"] as? [String: Any], var zh = person["nameZh"] as? [String: Any] {
                zh["givenName"] = "\(given[i % given.count])\(given[(i / given.count) % given.count])"
                person["nameZh"] = zh
                o["insured"] = person
            }
            if let premium = o["premium"] as? String, let value = Double(premium) {
                o["premium"] = String(format: "%.2f", value + Double(i))
            }
            return Array(try! JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]))
        }
    }

    static func withCoverageRows(_ path: String, rows: Int) -> [UInt8] {
        var o = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        let coverages = o["coverages"] as! [Any]
        o["coverages"] = (0..<rows).map { coverages[$0 % coverages.count] }
        return Array(try! JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]))
    }
}

/// A fixed single-threaded workload for `valgrind --tool=callgrind` (instruction counts are stable on a
/// noisy machine): 20 distinct e-policies after one warm-up render.
func profileRun(repository: String) throws {
    let fonts = try FontBook(directory: repository + "/Fonts")
    let service = RenderService(fonts: fonts, templateSearchPaths: [repository + "/Templates"])
    fonts.prepareForSubsetting(afterDistinctSubsets: 8)  // as batch runs do
    let records = Records.make(from: repository + "/samples/epolicy-40rows.json", count: 21)
    for record in records { _ = try service.render(template: "epolicy", data: record) }
}

/// E-policy throughput with 1 and 2 workers only, over 1,000 records: a workload for `perf record`.
func workersRun(repository: String) throws {
    let fonts = try FontBook(directory: repository + "/Fonts")
    let service = RenderService(fonts: fonts, templateSearchPaths: [repository + "/Templates"])
    let records = Records.make(from: repository + "/samples/epolicy-40rows.json", count: 1000)
    for record in records.prefix(100) { _ = try service.render(template: "epolicy", data: record) }
    for workers in [1, 2] {
        let rate = try throughput(service: service, template: "epolicy", records: records, workers: workers)
        print("throughput, \(workers) worker(s): \(Timing.f(rate, 1)) docs/s")
    }
}

/// The e-policy's first page as a 150 dpi PNG, 100 times: a workload for `perf record`.
func pngRun(repository: String) throws {
    let fonts = try FontBook(directory: repository + "/Fonts")
    let service = RenderService(fonts: fonts, templateSearchPaths: [repository + "/Templates"])
    let data = Array(try Data(contentsOf: URL(fileURLWithPath: repository + "/samples/epolicy.json")))
    let options = RenderOptions(format: .png, dpi: 150, page: 1)
    _ = try service.render(template: "epolicy", data: data, options: options)
    Timing.measure("e-policy page 1 at 150 dpi", repeat: 100) { _ = try? service.render(template: "epolicy", data: data, options: options) }
}

/// Wall time of each stage for the e-policy: template, layout, PDF.
func phaseRun(repository: String) throws {
    let fonts = try FontBook(directory: repository + "/Fonts")
    let service = RenderService(fonts: fonts, templateSearchPaths: [repository + "/Templates"])
    fonts.prepareForSubsetting(afterDistinctSubsets: 8)  // as batch runs do
    let template = try service.template("epolicy")
    let layout = LayoutEngine(fonts: fonts)
    let records = Records.make(from: repository + "/samples/epolicy-40rows.json", count: 101)
    var t = [0.0, 0.0, 0.0, 0.0, 0.0]
    for (i, record) in records.enumerated() {
        var start = Timing.now()
        let (document, _) = try template.render(data: record, options: WenshuTemplates.RenderOptions())
        let a = Timing.ms(since: start); start = Timing.now()
        let pages = try layout.layout(document)
        let b = Timing.ms(since: start); start = Timing.now()
        _ = try PDFExporter.export(pages)
        let c = Timing.ms(since: start); start = Timing.now()
        _ = try PDFExporter.export(pages, options: PDFOptions(compress: false))
        let d = Timing.ms(since: start); start = Timing.now()
        var fontCount = 0
        var glyphCount = 0
        for (font, glyphs) in usedGlyphs(pages) {
            _ = try font.subset(glyphs: glyphs)
            fontCount += 1
            glyphCount += glyphs.count
        }
        let e = Timing.ms(since: start)
        if i > 0 { t[0] += a; t[1] += b; t[2] += c; t[3] += d; t[4] += e }
        if i == 1 { print("e-policy uses \(fontCount) faces, \(glyphCount) distinct glyphs") }
    }
    print("per e-policy: template \(Timing.f(t[0] / 100)) ms, layout \(Timing.f(t[1] / 100)) ms, PDF \(Timing.f(t[2] / 100)) ms (uncompressed \(Timing.f(t[3] / 100)) ms, of which subsetting \(Timing.f(t[4] / 100)) ms)")
}

func usedGlyphs(_ document: LaidOutDocument) -> [(Font, Set<UInt32>)] {
    var used: [Font: Set<UInt32>] = [:]
    func walk(_ items: [PageItem]) {
        for item in items {
            switch item {
            case .glyphs(let run): used[run.font, default: []].formUnion(run.glyphs.map(\.glyphID))
            case .group(let g): walk(g.items)
            default: break
            }
        }
    }
    for page in document.pages { walk(page.items) }
    return used.sorted { $0.key.index < $1.key.index }.map { ($0.key, $0.value) }
}
