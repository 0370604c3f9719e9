import Crypto
import Foundation
import Wenshu
import WenshuText

/// Issue 16's figures on the text-heavy e-policy (two pages: 40 coverage rows, a QR code, about 930
/// Han characters of terms and an English terms paragraph) over 500 distinct records:
/// - warm latency (p50, p99) and median PDF size in this process;
/// - throughput as 1 process and as 2 separate processes started together (this executable run
///   again as `textheavy-worker`), each with its own peak RSS; and as 1 and 2 threads of one process;
/// - both pages as PNG at 150 dpi.
func textHeavyFigures(repository: String) throws {
    let count = 500
    print("== text-heavy e-policy (\(TextHeavyRecords.fixture)), \(count) distinct records")
    let (service, records) = try textHeavySetup(repository: repository, count: count + 1)
    let warm = records[count]
    let measured = Array(records.prefix(count))
    _ = try service.render(template: TextHeavyRecords.template, data: warm)
    try printWarmLatencies(service: service, records: measured)

    // Alternated three times, best of each: other work on this shared machine only ever slows a run.
    // Each process renders one document at a time, with its side threads (QR, fonts, pages) and
    // without them (one core per process, as a batch with a worker per core renders).
    var rates: [String: Double] = [:]
    var peaks: [String: Double] = [:]
    let runs = [(1, true), (2, true), (1, false), (2, false)]
    for _ in 0..<3 {
        for (processes, side) in runs {
            let (rate, rss) = try processThroughput(processes: processes, count: count, sideThreads: side)
            let name = "\(processes)\(side)"
            rates[name] = max(rates[name] ?? 0, rate)
            peaks[name] = max(peaks[name] ?? 0, rss.max() ?? 0)
        }
    }
    for side in [true, false] {
        for processes in [1, 2] {
            let name = "\(processes)\(side)"
            print("throughput, \(processes) process(es), side threads \(side ? "on" : "off"), best of 3: \(Timing.f(rates[name]!, 1)) docs/s; "
                  + "peak RSS per process: \(Timing.f(peaks[name]!, 1)) MB")
        }
        print("2 processes / 1 process, side threads \(side ? "on" : "off"): \(Timing.f(rates["2\(side)"]! / rates["1\(side)"]!))×")
    }
    for workers in [1, 2] {
        let rate = try throughput(service: service, template: TextHeavyRecords.template, records: measured, workers: workers,
                                  options: .sideThreads(workers == 1))
        print("throughput, \(workers) thread(s) in one process (side threads \(workers == 1 ? "on" : "off")): \(Timing.f(rate, 1)) docs/s")
    }

    let png = RenderOptions(format: .png, dpi: 150)
    var bytes: [Int] = []
    _ = try service.render(template: TextHeavyRecords.template, data: warm, options: png)
    Timing.measure("PNG, both pages at 150 dpi (template + layout + raster + encode)", repeat: 20) {
        bytes = (try? service.render(template: TextHeavyRecords.template, data: measured[0], options: png).files.map(\.count)) ?? []
    }
    print("PNG sizes: \(bytes.map(String.init).joined(separator: " + ")) = \(bytes.reduce(0, +)) bytes")
}

/// Only the warm latency, with side threads and without, alternated document by document so that
/// both see the same moments of this shared machine: three passes over 500 records (a quick check
/// between changes).
func textHeavyLatency(repository: String) throws {
    let (service, records) = try textHeavySetup(repository: repository, count: 501)
    _ = try service.render(template: TextHeavyRecords.template, data: records[500])
    for _ in 0..<3 {
        var on: [Double] = [], off: [Double] = []
        for (k, record) in records.prefix(500).enumerated() {
            for side in k % 2 == 0 ? [true, false] : [false, true] {
                let start = Timing.now()
                _ = try service.render(template: TextHeavyRecords.template, data: record, options: .sideThreads(side))
                if side { on.append(Timing.ms(since: start)) } else { off.append(Timing.ms(since: start)) }
            }
        }
        on.sort(); off.sort()
        print("warm p50 / p99, side threads on: \(Timing.f(Timing.percentile(on, 0.5))) / \(Timing.f(Timing.percentile(on, 0.99))) ms; "
              + "off: \(Timing.f(Timing.percentile(off, 0.5))) / \(Timing.f(Timing.percentile(off, 0.99))) ms")
    }
}

/// Warm latency with side threads, then without.
private func printWarmLatencies(service: RenderService, records: [[UInt8]]) throws {
    for side in [true, false] {
        print("side threads \(side ? "on" : "off"):")
        try printWarmLatency(service: service, template: TextHeavyRecords.template, records: records, options: .sideThreads(side))
    }
}

extension RenderOptions {
    /// A PDF render with side threads or without.
    static func sideThreads(_ on: Bool) -> RenderOptions {
        var options = RenderOptions()
        options.sideThreads = on
        return options
    }
}

/// Only the 1- and 2-process throughput, three times over (the machine is shared: look at the spread).
func textHeavyProcessFigures() throws {
    for _ in 0..<3 {
        let (one, _) = try processThroughput(processes: 1, count: 500, sideThreads: false)
        let (two, rss) = try processThroughput(processes: 2, count: 500, sideThreads: false)
        print("1 process \(Timing.f(one, 1)) docs/s, 2 processes \(Timing.f(two, 1)) docs/s (\(Timing.f(two / one))×), RSS \(rss.map { Timing.f($0, 1) }.joined(separator: ", ")) MB")
    }
}

/// The service (fonts prepared as batch runs prepare them) and `count` records.
func textHeavySetup(repository: String, count: Int) throws -> (RenderService, [[UInt8]]) {
    let fonts = try FontBook(directory: repository + "/Fonts")
    let service = RenderService(fonts: fonts, templateSearchPaths: [repository + "/Tests/Fixtures"])
    fonts.prepareForSubsetting(afterDistinctSubsets: 8)
    return (service, TextHeavyRecords.make(repository: repository, count: count))
}

/// Documents per second over `count` records split among `processes` copies of this executable, all
/// warmed up, then started together; and each copy's peak RSS in MB.
func processThroughput(processes: Int, count: Int, sideThreads: Bool = true) throws -> (Double, [Double]) {
    var children: [(Process, Pipe, Pipe)] = []
    for shard in 0..<processes {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        process.arguments = ["textheavy-worker", String(shard), String(processes), String(count), sideThreads ? "side" : "single"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        children.append((process, input, output))
    }
    for (_, _, output) in children {
        guard readLine(output.fileHandleForReading) == "ready" else { throw BatchError("a worker failed to start") }
    }
    let start = Timing.now()
    for (_, input, _) in children { input.fileHandleForWriting.write(Data("go\n".utf8)) }
    var rss: [Double] = []
    for (process, _, output) in children {
        let reply = readLine(output.fileHandleForReading).split(separator: " ")
        guard reply.first == "done", reply.count == 2, let mb = Double(reply[1]) else { throw BatchError("a worker failed: \(reply)") }
        rss.append(mb)
        process.waitUntilExit()
    }
    return (Double(count) / (Timing.ms(since: start) / 1000), rss)
}

/// One line from `handle`, without its newline ("" at end of file).
private func readLine(_ handle: FileHandle) -> String {
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while read(handle.fileDescriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
    return String(decoding: bytes, as: UTF8.self)
}

/// `textheavy-worker <shard> <shards> <count> side|single`: renders every `shards`-th record from
/// `shard`, with side threads or without, once it reads "go", after loading and one warm-up render;
/// answers "done <peak RSS MB>".
func textHeavyWorker(repository: String, arguments: [String]) throws {
    guard arguments.count == 4, let shard = Int(arguments[0]), let shards = Int(arguments[1]), let count = Int(arguments[2]) else {
        throw BatchError("usage: textheavy-worker <shard> <shards> <count> side|single")
    }
    let options = RenderOptions.sideThreads(arguments[3] == "side")
    let (service, records) = try textHeavySetup(repository: repository, count: count + 1)
    _ = try service.render(template: TextHeavyRecords.template, data: records[count])
    FileHandle.standardOutput.write(Data("ready\n".utf8))
    _ = Swift.readLine()
    for k in stride(from: shard, to: count, by: shards) { _ = try service.render(template: TextHeavyRecords.template, data: records[k], options: options) }
    FileHandle.standardOutput.write(Data("done \(Timing.f(Timing.peakRSSMegabytes(), 1))\n".utf8))
}

/// A fixed workload for callgrind: 20 distinct text-heavy e-policies after one warm-up render
/// (`textheavy-profile`), or 5 as both pages at 150 dpi PNG (`textheavy-png-profile`); a count after
/// the name replaces 20 or 5, and `single` after that renders without side threads. Collect with `--toggle-collect='*profiledRenders*'` to leave loading and
/// the warm-up out (that counts this thread only: the exporter draws pages and prepares fonts on
/// others). All threads' instructions per document: the whole run's total at 20 less the total at 0, over 20.
func textHeavyProfile(repository: String, png: Bool, count: Int? = nil, sideThreads: Bool = true) throws {
    let (service, records) = try textHeavySetup(repository: repository, count: 21)
    var options = png ? RenderOptions(format: .png, dpi: 150) : RenderOptions()
    options.sideThreads = sideThreads
    _ = try service.render(template: TextHeavyRecords.template, data: records[20], options: options)
    // WENSHU_PROFILE_SAME=1: the warm-up record again each time (what the caches leave of a render).
    let same = ProcessInfo.processInfo.environment["WENSHU_PROFILE_SAME"] == "1"
    let chosen = same ? Array(repeating: records[20], count: min(count ?? 20, 20)) : Array(records.prefix(min(count ?? (png ? 5 : 20), 20)))
    try profiledRenders(service, chosen, options: options)
}

@inline(never)
func profiledRenders(_ service: RenderService, _ records: [[UInt8]], options: RenderOptions) throws {
    for record in records { _ = try service.render(template: TextHeavyRecords.template, data: record, options: options) }
}

/// `textheavy-sample <file.pdf> [record]`: one record's document (the first by default), to look at.
func textHeavySample(repository: String, output: String, record: Int = 0) throws {
    let (service, records) = try textHeavySetup(repository: repository, count: record + 1)
    let result = try service.render(template: TextHeavyRecords.template, data: records[record])
    try Data(result.files[0]).write(to: URL(fileURLWithPath: output))
    print("\(output): \(result.pageCount) pages, \(result.files[0].count) bytes")
    let png = try service.render(template: TextHeavyRecords.template, data: records[record], options: RenderOptions(format: .png, dpi: 150))
    for (k, file) in png.files.enumerated() { try Data(file).write(to: URL(fileURLWithPath: output + "-\(k + 1).png")) }
}

/// `textheavy-cold`: a fresh process's time per 50 documents after its warm-up render, to see how
/// long a new worker takes to reach its steady pace.
func textHeavyCold(repository: String) throws {
    let (service, records) = try textHeavySetup(repository: repository, count: 501)
    _ = try service.render(template: TextHeavyRecords.template, data: records[500])
    var line: [String] = []
    for block in 0..<10 {
        let start = Timing.now()
        for k in block * 50..<(block + 1) * 50 { _ = try service.render(template: TextHeavyRecords.template, data: records[k]) }
        line.append(Timing.f(Timing.ms(since: start) / 50))
    }
    print("ms per document, by 50: " + line.joined(separator: " "))
}

/// `textheavy-digest`: one SHA-256 over the 500 records' PDFs rendered in order by one service, to
/// compare runs with a cache turned off (`WENSHU_CACHE_<NAME>_MB=0`) or side threads off: caches
/// and threads may only save work, never change a byte.
func textHeavyDigest(repository: String) throws {
    let (service, records) = try textHeavySetup(repository: repository, count: 500)
    var hash = SHA256()
    for record in records { hash.update(data: try service.render(template: TextHeavyRecords.template, data: record).files[0]) }
    print(hash.finalize().map { String(format: "%02x", $0) }.joined())
}

/// `textheavy-png`: only the PNG figure, both pages at 150 dpi, median over 3 × 20 renders of distinct
/// records, with side threads (pages drawn at once) and without (one core), alternated render by
/// render; and the sizes. A quick check between raster changes.
func textHeavyPNG(repository: String) throws {
    let (service, records) = try textHeavySetup(repository: repository, count: 21)
    let png = RenderOptions(format: .png, dpi: 150)
    _ = try service.render(template: TextHeavyRecords.template, data: records[20], options: png)
    var on: [Double] = [], off: [Double] = [], cpus: [Double] = []
    var sizes: [Int] = []
    for _ in 0..<3 {
        for (k, record) in records.prefix(20).enumerated() {
            for side in k % 2 == 0 ? [true, false] : [false, true] {
                var options = png
                options.sideThreads = side
                let start = Timing.now(), cpu = Timing.processCPUms()
                let files = try service.render(template: TextHeavyRecords.template, data: record, options: options).files
                if side { on.append(Timing.ms(since: start)) } else { off.append(Timing.ms(since: start)) }
                cpus.append(Timing.processCPUms() - cpu)
                if k == 0 { sizes = files.map(\.count) }
            }
        }
    }
    on.sort(); off.sort(); cpus.sort()
    print("PNG, both pages at 150 dpi, p50: side threads on \(Timing.f(Timing.percentile(on, 0.5))) ms, off \(Timing.f(Timing.percentile(off, 0.5))) ms "
          + "(CPU \(Timing.f(Timing.percentile(cpus, 0.5))) ms); "
          + "first record \(sizes.map(String.init).joined(separator: " + ")) = \(sizes.reduce(0, +)) bytes")
}
