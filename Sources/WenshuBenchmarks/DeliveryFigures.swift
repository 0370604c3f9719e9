import Foundation
import Logging
import WenshuDelivery
import WenshuMail
#if canImport(Glibc)
import Glibc
#endif

/// Issue 10's figures: how fast the outbox takes jobs (SQLite and PostgreSQL, one per call and in
/// batches; on SQLite also from many concurrent callers, as a service sees them), how many emails per
/// second reach a local SMTP server end to end, and what the outbox itself costs per job (claim +
/// document read + finish + audit row) with a sender that does nothing.
///
/// Emails go to two sinks: aiosmtpd (`Tests/Servers/smtp_server.py`, a real server that spools each
/// message, but Python costs about a core at 100–200 emails a second and then sets the pace; also
/// run as two processes sharing the port, for 4 connections) and `SMTPSink`, which costs almost
/// nothing, so its figure measures Wenshu.
///
/// Starts its own servers as child processes on free loopback ports: `Tests/Servers/smtp_server.py`
/// and `Tests/Servers/postgres_server.sh`. Without PostgreSQL its figures are skipped.
func deliveryFigures(repository: String, sections: Set<String> = []) async throws {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-delivery-bench-\(getpid())").path
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    let servers = BenchServers(repository: repository, work: work)
    do {
        try await DeliveryBench(work: work, servers: servers).run(sections: sections)
    } catch {
        await servers.stopAll()
        try? FileManager.default.removeItem(atPath: work)
        throw error
    }
    await servers.stopAll()
    try? FileManager.default.removeItem(atPath: work)
}

/// A sender that delivers nothing and succeeds at once: what remains is the outbox's own cost.
struct NothingSender: DeliverySender {
    func deliver(_ job: DeliveryJob, document: [UInt8]) async -> DeliveryOutcome { .delivered(code: 250, reply: "ok") }
}

struct DeliveryBench {
    let work: String
    let servers: BenchServers
    let logger: Logger = {
        var logger = Logger(label: "wenshu.bench.delivery")
        logger.logLevel = .warning  // the worker logs every attempt at info; not what is measured here
        return logger
    }()
    let policy = RetryPolicy(baseDelay: .milliseconds(10), maxDelay: .milliseconds(100), maxAttempts: 5, lease: .seconds(30))
    let domain = "bench.wenshu.test"
    static let documentSize = 100 * 1024
    /// One PDF-like 100 KB document: a PDF header and random bytes (which base64 cannot shrink).
    let document: [UInt8] = {
        var bytes = Array("%PDF-1.7\n".utf8)
        var random = SystemRandomNumberGenerator()
        while bytes.count < DeliveryBench.documentSize { bytes.append(UInt8.random(in: 0...255, using: &random)) }
        return bytes
    }()

    /// The shared document with job `i` written into it, so every job has its own SHA-256.
    func distinctDocument(_ i: Int) -> [UInt8] {
        var bytes = document
        withUnsafeBytes(of: UInt64(i).littleEndian) { for (k, b) in $0.enumerated() { bytes[9 + k] = b } }
        return bytes
    }

    func request(_ key: String, _ i: Int, document: [UInt8]) -> DeliveryRequest {
        DeliveryRequest(
            idempotencyKey: key, channel: .email, target: "holder\(i)@example.com", fileName: "policy-\(i).pdf",
            mediaType: "application/pdf", document: document,
            email: EmailContent(subject: "Your policy P2025\(310_100_000 + i)",
                                text: "Dear policyholder,\n\nyour policy document is attached.\n\nKind regards\n",
                                recipientName: "Policy Holder \(i)"),
            metadata: ["batch": "bench", "document": "\(i)"])
    }

    /// `sections` picks parts of the run (`enqueue`, `postgres`, `email`, `sink`, `overhead`); empty runs all.
    func run(sections: Set<String>) async throws {
        func wanted(_ name: String) -> Bool { sections.isEmpty || sections.contains(name) }
        if wanted("enqueue") {
            print("== outbox enqueue, SQLite (WAL, synchronous=NORMAL, file in \(work))")
            try await enqueueFigures(concurrent: true) { name in try await OutboxStores.open(url: "sqlite://\(work)/\(name).db", logger: logger) }
        }

        var postgres: String?
        if wanted("postgres") {
            print("== outbox enqueue, PostgreSQL 15 (local, fsync=off as the test server runs it)")
            do {
                postgres = try await servers.startPostgres()
                print("(server \(postgres!))")
            } catch {
                print("PostgreSQL could not be started, its figures are skipped: \(error)")
            }
            if let url = postgres {
                do {
                    try await enqueueFigures(distinct: false) { name in try await servers.openPostgres(base: url, database: name, logger: logger) }
                } catch {
                    print("PostgreSQL failed, its figures are skipped: \(error)")
                    postgres = nil
                }
            }
        }

        if wanted("email") {
            for processes in [1, 2] {
                if processes == 1 {
                    print("== emails per second end to end: 1000 jobs, 100 KB PDF attachment each, sink: aiosmtpd (Tests/Servers/smtp_server.py) on loopback")
                } else {
                    print("== the same, sink: aiosmtpd in \(processes) processes sharing the port (SO_REUSEPORT; the kernel spreads "
                          + "connections between them, not always evenly), 4 connections only")
                }
                let smtp: BenchServers.SMTPServers
                do { smtp = try await servers.startSMTP(processes: processes) } catch {
                    print("the SMTP server could not be started, its figures are skipped: \(error)")
                    continue
                }
                for concurrency in processes == 1 ? [1, 4] : [4] {
                    try await emailFigures(port: smtp.port, concurrency: concurrency,
                                           sink: processes == 1 ? "aiosmtpd" : "aiosmtpd x\(processes)",
                                           sinkCPU: { servers.cpuSeconds(smtp) }, ownCPU: { BenchServers.cpuSeconds(getpid()) },
                                           arrived: { servers.spooledMessages(smtp) }, watch: { { nil } })
                }
            }
        }

        if wanted("email") || wanted("sink") {
            print("== emails per second end to end: 1000 jobs, 100 KB PDF attachment each, sink: SMTPSink (SwiftNIO, in this process, own thread)")
            let sink = SMTPSink()
            try await sink.start()
            for concurrency in [1, 4] {
                try await emailFigures(port: sink.port, concurrency: concurrency, sink: "SMTPSink",
                                       sinkCPU: { sink.cpuSeconds() }, ownCPU: { BenchServers.cpuSeconds(getpid()) - sink.cpuSeconds() },
                                       arrived: { sink.tally.snapshot.messages }) {
                    let before = sink.tally.snapshot
                    return {
                        let now = sink.tally.snapshot
                        guard now.duplicates != before.duplicates || now.withoutID != before.withoutID
                              || now.distinct - before.distinct != Self.workerJobs else { return nil }
                        return "\(now.distinct - before.distinct) new Message-IDs, \(now.duplicates - before.duplicates) arrived twice, "
                            + "\(now.withoutID - before.withoutID) without one"
                    }
                }
            }
            await sink.stop()
        }

        if wanted("overhead") {
            print("== outbox overhead per job: claim + document read + finish + audit, sender that does nothing, 1000 jobs")
            try await overheadFigures(name: "SQLite") { name in
                try await OutboxStores.open(url: "sqlite://\(work)/\(name).db", logger: logger)
            }
            if let postgres {
                do {
                    try await overheadFigures(name: "PostgreSQL") { name in
                        try await servers.openPostgres(base: postgres, database: name, logger: logger)
                    }
                } catch {
                    print("PostgreSQL failed, its figures are skipped: \(error)")
                }
            }
        }
    }

    /// Two runs of 1000 emails at one concurrency against one sink: the rate, and the CPU the sink and
    /// Wenshu used while sending, in cores (when the sink's share nears one core, the sink sets the pace).
    /// `watch` is called before each run and returns what checks the run afterwards (nil when all is well).
    func emailFigures(port: Int, concurrency: Int, sink: String, sinkCPU: () -> Double, ownCPU: () -> Double,
                      arrived: () -> Int, watch: () -> (() -> String?)) async throws {
        var samples: [Double] = []
        var serverShare: [Double] = [], ownShare: [Double] = []
        for run in 1...2 {
            let name = "email-\(sink)-c\(concurrency)-r\(run)"
            let store = try await OutboxStores.open(url: "sqlite://\(work)/\(name).db", logger: logger)
            try await enqueueForWorker(store, prefix: name)
            let smtp = SMTPConfiguration(host: "127.0.0.1", port: port, security: .plain, heloName: "bench.wenshu.test")
            let sender = EmailSender(configuration: smtp, from: try MailAddress("noreply@bench.wenshu.test", displayName: "Wenshu"),
                                     maxIdleConnections: concurrency, logger: logger)
            let before = arrived(), check = watch()
            let serverCPU = sinkCPU(), ownStart = ownCPU()
            let start = Timing.now()
            let summary = try await worker(store, sender: sender, concurrency: concurrency).run(untilIdle: true)
            let wall = Timing.ms(since: start) / 1000
            samples.append(wall)
            serverShare.append((sinkCPU() - serverCPU) / wall)
            ownShare.append((ownCPU() - ownStart) / wall)
            await sender.shutdown()
            try await store.close()
            let count = arrived() - before
            if summary.sent != Self.workerJobs || count != Self.workerJobs {
                print("  WARNING: run \(run) with concurrency \(concurrency): \(summary.sent) sent, \(summary.retried) retried, "
                      + "\(summary.dead) dead; \(count) messages arrived (expected \(Self.workerJobs))")
            }
            if let problem = check() { print("  WARNING: run \(run) with concurrency \(concurrency): \(problem)") }
        }
        Self.report("emails to \(sink), concurrency \(concurrency), \(concurrency) pooled connection(s)", samples, ops: Self.workerJobs,
                    unit: "emails", per: "email")
        print("  CPU while sending, in cores: \(sink) \(serverShare.map { Timing.f($0, 2) }.joined(separator: " / ")), "
              + "Wenshu \(ownShare.map { Timing.f($0, 2) }.joined(separator: " / ")); Wenshu CPU per email "
              + "\(zip(ownShare, samples).map { Timing.f($0 * $1 * 1000 / Double(Self.workerJobs), 2) }.joined(separator: " / ")) ms")
    }

    static let workerJobs = 1000
    static let concurrentCallers = 16

    func worker(_ store: any OutboxStore, sender: any DeliverySender, concurrency: Int) -> OutboxWorker {
        OutboxWorker(store: store, senders: [.email: sender], policy: policy,
                     options: OutboxWorker.Options(concurrency: concurrency, pollInterval: .milliseconds(20)), logger: logger)
    }

    /// The jobs a worker run sends: each with its own document, enqueued in batches (not timed).
    func enqueueForWorker(_ store: any OutboxStore, prefix: String) async throws {
        for first in stride(from: 0, to: Self.workerJobs, by: 200) {
            let batch = (first..<min(first + 200, Self.workerJobs)).map { i in request("\(prefix)-\(i)", i, document: distinctDocument(i)) }
            _ = try await store.enqueue(batch: batch, messageDomain: domain, now: Date())
        }
    }

    func enqueueFigures(distinct: Bool = true, concurrent: Bool = false, open: (String) async throws -> any OutboxStore) async throws {
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        var samples: [Double] = []
        for run in 1...3 {
            let store = try await open("enqueue-a\(run)-\(tag)")
            let start = Timing.now()
            for i in 0..<5000 {
                _ = try await store.enqueue(request("a\(run)-\(i)", i, document: document), messageDomain: domain, now: Date())
            }
            samples.append(Timing.ms(since: start) / 1000)
            try await store.close()
        }
        Self.report("(a) one per call, one shared 100 KB document, 5000 jobs", samples, ops: 5000)

        if distinct {
            samples = []
            for run in 1...3 {
                let store = try await open("enqueue-b\(run)-\(tag)")
                let start = Timing.now()
                for i in 0..<2000 {
                    _ = try await store.enqueue(request("b\(run)-\(i)", i, document: distinctDocument(i)), messageDomain: domain, now: Date())
                }
                samples.append(Timing.ms(since: start) / 1000)
                try await store.close()
            }
            Self.report("(b) one per call, a distinct 100 KB document per job, 2000 jobs", samples, ops: 2000)
        }

        samples = []
        for run in 1...3 {
            let store = try await open("enqueue-c\(run)-\(tag)")
            let start = Timing.now()
            for first in stride(from: 0, to: 10_000, by: 200) {
                let batch = (first..<first + 200).map { i in request("c\(run)-\(i)", i, document: document) }
                _ = try await store.enqueue(batch: batch, messageDomain: domain, now: Date())
            }
            samples.append(Timing.ms(since: start) / 1000)
            try await store.close()
        }
        Self.report("(c) batches of 200, one shared 100 KB document, 10000 jobs", samples, ops: 10_000)

        guard concurrent else { return }
        // What a service sees: many requests at once, each enqueuing its own job and waiting for it.
        let callers = Self.concurrentCallers
        samples = []
        for run in 1...3 {
            let store = try await open("enqueue-d\(run)-\(tag)")
            let start = Timing.now()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for caller in 0..<callers {
                    group.addTask { [self] in
                        for i in stride(from: caller, to: 5000, by: callers) {
                            _ = try await store.enqueue(request("d\(run)-\(i)", i, document: document), messageDomain: domain, now: Date())
                        }
                    }
                }
                try await group.waitForAll()
            }
            samples.append(Timing.ms(since: start) / 1000)
            try await store.close()
        }
        Self.report("(d) one per call from \(callers) concurrent callers, one shared 100 KB document, 5000 jobs", samples, ops: 5000)
    }

    func overheadFigures(name: String, open: (String) async throws -> any OutboxStore) async throws {
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        for concurrency in [1, 4] {
            var samples: [Double] = []
            for run in 1...3 {
                let store = try await open("overhead-c\(concurrency)-r\(run)-\(tag)")
                try await enqueueForWorker(store, prefix: "overhead-c\(concurrency)-r\(run)")
                let start = Timing.now()
                let summary = try await worker(store, sender: NothingSender(), concurrency: concurrency).run(untilIdle: true)
                samples.append(Timing.ms(since: start) / 1000)
                let counts = try await store.counts()
                try await store.close()
                if summary.sent != Self.workerJobs || counts[.sent] != Self.workerJobs {
                    print("  WARNING: \(name) run \(run): \(summary.sent) sent by the worker, \(counts[.sent]) sent in the store")
                }
            }
            Self.report("\(name), concurrency \(concurrency)", samples, ops: Self.workerJobs)
        }
    }

    /// `label: r1 / r2 / r3 jobs/s; median N jobs/s, M µs per job`.
    static func report(_ label: String, _ seconds: [Double], ops: Int, unit: String = "jobs", per: String = "job") {
        let rates = seconds.map { Double(ops) / $0 }
        let median = seconds.sorted()[seconds.count / 2]
        print("\(label): \(rates.map { Timing.f($0, 0) }.joined(separator: " / ")) \(unit)/s; "
              + "median \(Timing.f(Double(ops) / median, 0)) \(unit)/s, \(Timing.f(median * 1e6 / Double(ops), 1)) µs per \(per)")
    }
}

struct BenchServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The child processes: started on free loopback ports, stopped at the end (also when this process
/// dies: both scripts stop when their stdin closes).
final class BenchServers: @unchecked Sendable {
    let repository: String
    let work: String
    private var children: [(process: Process, stdin: Pipe?)] = []
    private var postgresPort: Int?

    init(repository: String, work: String) {
        self.repository = repository
        self.work = work
    }

    /// Running `smtp_server.py` processes: the port of their `ok` mode, its spool folder, their ids.
    struct SMTPServers {
        var port: Int
        var spool: String
        var pids: [Int32]
    }

    /// Starts `smtp_server.py` without faults, in `processes` processes sharing its ports
    /// (SO_REUSEPORT) when more than one; one after the other, as each writes the spool's certificate.
    func startSMTP(processes: Int = 1) async throws -> SMTPServers {
        let spool = work + "/spool-\(processes)"
        let base = try Self.freePortRange(count: 10)
        var pids: [Int32] = []
        for n in 0..<processes {
            let stdin = Pipe()
            let log = "smtp-\(processes)-\(n).log"
            let (process, output) = try start(
                ["python3", repository + "/Tests/Servers/smtp_server.py", "--host", "127.0.0.1", "--base-port", "\(base)",
                 "--spool", spool, "--fault-rate", "0", "--exit-on-stdin-eof"] + (processes > 1 ? ["--reuse-port"] : []),
                stdin: stdin, log: log)
            let text = await Self.readUntilReady(output, process: process, timeout: 60)
            guard text.contains("ready") else { throw BenchServerError("smtp_server.py did not start: \(text)\(self.log(log))") }
            pids.append(process.processIdentifier)
        }
        return SMTPServers(port: base, spool: spool + "/ok", pids: pids)
    }

    /// CPU seconds (user + system) the SMTP servers have used so far: when it grows as fast as the
    /// wall clock per process, the Python servers, not the sender, set the pace.
    func cpuSeconds(_ servers: SMTPServers) -> Double { servers.pids.map(Self.cpuSeconds).reduce(0, +) }

    /// utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks).
    static func cpuSeconds(_ pid: Int32) -> Double { cpuSeconds(path: "/proc/\(pid)/stat") }

    /// The same for a process's or a thread's `stat` file.
    static func cpuSeconds(path: String) -> Double {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command name: field 3 is at index 0, so utime (14) and stime (15) are at 11 and 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Messages in the `ok` mode's spool folder.
    func spooledMessages(_ servers: SMTPServers) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: servers.spool) else { return 0 }
        return names.filter { $0.hasSuffix(".eml") }.count
    }

    /// Starts `postgres_server.sh`; returns its URL. The script stops its server and deletes its
    /// folder when its stdin closes: at the end, or when this process dies.
    func startPostgres() async throws -> String {
        let port = try Self.freePortRange(count: 1)
        let (process, output) = try start(["bash", repository + "/Tests/Servers/postgres_server.sh", "\(port)"],
                                          stdin: Pipe(), log: "postgres.log")
        let text = await Self.readUntilReady(output, process: process, timeout: 120)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ready ") }) else {
            throw BenchServerError("postgres_server.sh did not start: \(text)\(log("postgres.log"))")
        }
        postgresPort = port
        return String(line.dropFirst("ready ".count)).trimmingCharacters(in: .whitespaces)
    }

    /// A store in a fresh database (so each run starts from empty tables, as with a new SQLite file);
    /// the server's own database when `createdb` fails.
    func openPostgres(base: String, database: String, logger: Logger) async throws -> any OutboxStore {
        var url = base
        if let port = postgresPort {
            let name = "b_" + database.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            let createdb = Process()
            createdb.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            createdb.arguments = ["createdb", "-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", name]
            createdb.standardOutput = FileHandle.nullDevice
            createdb.standardError = FileHandle.nullDevice
            if (try? createdb.run()) != nil {
                createdb.waitUntilExit()
                if createdb.terminationStatus == 0, let slash = base.lastIndex(of: "/") { url = String(base[...slash]) + name }
            }
        }
        return try await OutboxStores.open(url: url, logger: logger)
    }

    func stopAll() async {
        // Closing the pipes ends the SMTP server; the PostgreSQL script stops its server and deletes
        // its folder.
        for child in children { try? child.stdin?.fileHandleForWriting.close() }
        let deadline = Date().addingTimeInterval(10)
        for child in children {
            while child.process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            if child.process.isRunning { kill(child.process.processIdentifier, SIGTERM) }
        }
        children = []
    }

    private func log(_ name: String) -> String {
        guard let text = try? String(contentsOfFile: work + "/" + name, encoding: .utf8), !text.isEmpty else { return "" }
        return "\n" + String(text.suffix(2000))
    }

    private func start(_ arguments: [String], stdin: Pipe?, log: String) throws -> (Process, FileHandle) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        FileManager.default.createFile(atPath: work + "/" + log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: work + "/" + log)
        process.standardInput = stdin ?? FileHandle.nullDevice
        try process.run()
        children.append((process, stdin))
        return (process, output.fileHandleForReading)
    }

    /// Reads the child's output until a line starting with "ready", end of file or the timeout
    /// (which kills the child), on a thread of its own: the read blocks.
    static func readUntilReady(_ handle: FileHandle, process: Process, timeout: Double) async -> String {
        await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            let done = Atomicish()
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if !done.isSet { kill(process.processIdentifier, SIGKILL) }
            }
            Thread {
                var text = ""
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    text += String(decoding: data, as: UTF8.self)
                    if text.split(separator: "\n").contains(where: { $0.hasPrefix("ready") }) { break }
                }
                done.set()
                continuation.resume(returning: text)
            }.start()
        }
    }

    /// The first of `count` consecutive loopback ports that are all free, below the ephemeral range.
    static func freePortRange(count: Int) throws -> Int {
        for _ in 0..<200 {
            let base = Int.random(in: 20_000...(32_000 - count))
            if (base..<base + count).allSatisfy(portIsFree) { return base }
        }
        throw BenchServerError("no \(count) consecutive free loopback ports found")
    }

    static func portIsFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { _ = Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

final class Atomicish: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
