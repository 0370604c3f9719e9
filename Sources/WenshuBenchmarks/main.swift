import Foundation

// Prints Wenshu's performance figures; not a test. Run from the repository root in release:
//   swift run -c release WenshuBenchmarks [core|batch]   figures for the issues (both when omitted)
//   ... phases                                          wall time per stage of an e-policy
//   ... profile | workers | png                         fixed workloads for callgrind and perf record
//   ... raster                                          time and size of text-heavy A4 pages at 150 dpi
//   ... delivery                                        outbox and email figures (issue 10; starts its own servers)
//   ... protect                                         encryption and archive-copy figures (issue 12)
//   ... signing                                         PAdES B-B time per document and batch throughput (issue 12)
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
    if which == "delivery" { try await deliveryFigures(repository: repository) }
    if which == "protect" { try protectionFigures(repository: repository) }
    if which == "signing" { try signingFigures(repository: repository) }
    print("peak RSS: \(Timing.f(Timing.peakRSSMegabytes(), 1)) MB")
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
