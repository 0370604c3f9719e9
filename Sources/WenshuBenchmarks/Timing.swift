import Foundation

/// Wall-clock timing in milliseconds; medians and percentiles, since this 2-core machine is shared and noisy.
enum Timing {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    static func ms(since start: UInt64) -> Double { Double(now() - start) / 1e6 }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    @discardableResult
    static func measure(_ label: String, repeat n: Int, _ body: () throws -> Void) rethrows -> (median: Double, p99: Double) {
        var samples: [Double] = []
        for _ in 0..<n {
            let start = now()
            try body()
            samples.append(ms(since: start))
        }
        samples.sort()
        let result = (percentile(samples, 0.5), percentile(samples, 0.99))
        print("\(label): median \(f(result.0)) ms, p99 \(f(result.1)) ms (n=\(n))")
        return result
    }

    static func f(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }

    /// CPU time this process has used on all its threads (user and system), in ms: steadier than the
    /// wall clock on a shared machine, and what a batch with every core busy pays.
    static func processCPUms() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
    }

    /// Peak resident set size of this process (VmHWM), in MB.
    static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }
}
