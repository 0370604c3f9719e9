import Foundation

// Prints Wenshu's performance figures; not a test. Run from the repository root in release:
//   swift run -c release WenshuBenchmarks [core|batch]   figures for the issues (both when omitted)
//   ... phases                                          wall time per stage of an e-policy
//   ... profile | workers | png                         fixed workloads for callgrind and perf record
//   ... raster                                          time and size of text-heavy A4 pages at 150 dpi
//   ... delivery [enqueue|postgres|email|sink|overhead] outbox and email figures (issue 10; starts its own servers)
//   ... protect                                         encryption and archive-copy figures (issue 12)
//   ... signing                                         PAdES B-B time per document and batch throughput (issue 12)
//   ... textheavy                                       text-heavy e-policy: latency, 1 and 2 processes, PNG (issue 16)
//   ... textheavy-profile | textheavy-png-profile       its fixed workloads for callgrind
//   ... textheavy-latency                               only its warm p50/p99, three times (quick checks)
//   ... textheavy-png                                   only its PNG time and sizes (quick checks)
//   ... textheavy-digest                                one hash of its 500 PDFs (compare cache settings)
// Times are wall clock on a shared machine: compare figures measured in the same run.
let repository = FileManager.default.currentDirectoryPath
let which = CommandLine.arguments.dropFirst().first ?? "all"
do {
    if which == "core" || which == "all" { try coreFigures(fontsDirectory: repository + "/Fonts") }
    if which == "batch" || which == "all" { try batchFigures(repository: repository) }
    if which == "phases" { try phaseRun(repository: repository) }
    if which == "profile" { try profileRun(repository: repository) }
    if which == "workers" { try workersRun(repository: repository) }
    if which == "png" { try pngRun(repository: repository) }
    if which == "raster" { try rasterFigures(fontsDirectory: repository + "/Fonts") }
    if which == "delivery" { try await deliveryFigures(repository: repository, sections: Set(CommandLine.arguments.dropFirst(2))) }
    if which == "protect" { try protectionFigures(repository: repository) }
    if which == "signing" { try signingFigures(repository: repository) }
    if which == "textheavy" { try textHeavyFigures(repository: repository) }
    if which == "textheavy-profile" || which == "textheavy-png-profile" {
        try textHeavyProfile(repository: repository, png: which == "textheavy-png-profile",
                             count: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) },
                             sideThreads: CommandLine.arguments.dropFirst(3).first != "single")
    }
    if which == "textheavy-latency" { try textHeavyLatency(repository: repository) }
    if which == "textheavy-png" { try textHeavyPNG(repository: repository) }
    if which == "textheavy-cold" { try textHeavyCold(repository: repository) }
    if which == "textheavy-digest" { try textHeavyDigest(repository: repository) }
    if which == "textheavy-processes" { try textHeavyProcessFigures() }
    if which == "textheavy-sample" {
        let arguments = CommandLine.arguments.dropFirst(2)
        try textHeavySample(repository: repository, output: arguments.first ?? "textheavy.pdf", record: arguments.dropFirst().first.flatMap { Int($0) } ?? 0)
    }
    if which == "textheavy-worker" {
        // A child of `textheavy`: its own output is the protocol, so no RSS line after it.
        try textHeavyWorker(repository: repository, arguments: Array(CommandLine.arguments.dropFirst(2)))
        exit(0)
    }
    print("peak RSS: \(Timing.f(Timing.peakRSSMegabytes(), 1)) MB")
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
