import ArgumentParser
import Foundation
import WenshuDelivery

/// `wenshu outbox`: run the delivery worker and look after the queue.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Send queued deliveries and inspect the outbox.",
        subcommands: [Run.self, Status.self, Dead.self, Requeue.self, Show.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send due deliveries until stopped (SIGINT/SIGTERM finish the sends in flight and give back their leases).")
        @Flag(help: "Stop once no delivery is queued, retrying or sending (scheduled retries are waited for).") var untilIdle = false
        @Option(help: "Sends in flight at once.") var concurrency: Int = 4
        @OptionGroup var delivery: DeliveryOptions

        func validate() throws {
            guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1–256") }
        }

        func run() async throws {
            let runtime = try await delivery.runtime()
            let worker = runtime.worker(options: OutboxWorker.Options(concurrency: concurrency))
            let signals = StopSignals { worker.stop() }
            defer { signals.cancel() }
            do {
                let summary = try await worker.run(untilIdle: untilIdle)
                print("sent \(summary.sent), retried \(summary.retried), dead-lettered \(summary.dead)")
            } catch {
                await runtime.shutdown()
                printError("error: \(error)")
                throw ExitCode(75)
            }
            await runtime.shutdown()
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deliveries by state.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var delivery: DeliveryOptions

        func run() async throws {
            let runtime = try await delivery.runtime()
            let counts: OutboxCounts
            do { counts = try await runtime.store.counts() } catch {
                await runtime.shutdown()
                printError("error: \(error)")
                throw ExitCode(75)
            }
            if json {
                let fields = JobState.allCases.map { "\"\($0.rawValue)\":\(counts[$0])" }.joined(separator: ",")
                print("{\(fields),\"total\":\(counts.total)}")
            } else {
                for state in JobState.allCases { print("\(state.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(counts[state])") }
                print("total     \(counts.total)")
            }
            await runtime.shutdown()
        }
    }

    struct Dead: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Dead-lettered deliveries with their reason, newest first.")
        @Option(help: "How many to list.") var limit: Int = 50
        @OptionGroup var delivery: DeliveryOptions

        func run() async throws {
            let runtime = try await delivery.runtime()
            for job in try await runtime.store.dead(limit: max(1, min(limit, 10_000))) {
                print("\(job.id)  \(job.channel.rawValue)  \(OutboxDisplay.target(job))  attempts \(job.attempts)  \(job.lastReply ?? "")")
            }
            await runtime.shutdown()
        }
    }

    struct Requeue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put dead-lettered deliveries back in the queue.")
        @Argument(help: "Job ids (from `outbox dead`).") var ids: [String]
        @OptionGroup var delivery: DeliveryOptions

        func run() async throws {
            let runtime = try await delivery.runtime()
            var missing = 0
            for id in ids {
                if try await runtime.store.requeue(jobID: id, now: Date()) { print("\(id) requeued") } else {
                    printError("\(id): no dead-lettered delivery with this id"); missing += 1
                }
            }
            await runtime.shutdown()
            if missing > 0 { throw ExitCode(1) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One delivery and every attempt at it.")
        @Argument(help: "Job id.") var id: String
        @OptionGroup var delivery: DeliveryOptions

        func run() async throws {
            let runtime = try await delivery.runtime()
            guard let job = try await runtime.store.job(id: id) else {
                await runtime.shutdown()
                printError("\(id): no such delivery"); throw ExitCode(1)
            }
            print("id        \(job.id)\nchannel   \(job.channel.rawValue)\ntarget    \(OutboxDisplay.target(job))\nstate     \(job.state.rawValue)")
            print("attempts  \(job.attempts)\nfile      \(job.fileName) (\(job.documentSize) bytes, sha256 \(job.documentSHA256))")
            print("message   <\(job.messageID)>\nlast      \(job.lastCode.map(String.init) ?? "-") \(job.lastReply ?? "")")
            for a in try await runtime.store.attempts(jobID: id) {
                print("  \(ISO8601DateFormatter().string(from: a.at))  \(a.outcome)  \(a.code.map(String.init) ?? "-")  \(a.durationMilliseconds) ms  \(a.reply)")
            }
            await runtime.shutdown()
        }
    }
}

/// SIGINT/SIGTERM → one call of `stop` (the default handlers would kill sends mid-conversation).
final class StopSignals: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    init(_ stop: @escaping @Sendable () -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop() }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() { sources.forEach { $0.cancel() } }
}
