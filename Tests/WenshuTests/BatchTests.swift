import Foundation
import Testing
import Wenshu

@Suite(.serialized) struct BatchTests {
    static func records(_ keys: [String]) -> String {
        keys.map { key in Support.record(from: "visa-certificate") { $0["policyNumber"] = key } }.joined(separator: "\n") + "\n"
    }

    func run(_ input: String, out: String) throws -> BatchSummary {
        let options = BatchOptions(template: "visa-certificate", input: input, outputDirectory: out, jobs: 2)
        return try BatchRunner(service: Support.service, options: options).run()
    }

    @Test func badRecordInTheMiddleIsReportedAndTheRestRender() throws {
        let dir = Support.temporaryDirectory()
        var lines = Self.records(["V1", "V2"]).split(separator: "\n").map(String.init)
        lines.insert("{\"policyNumber\": \"V-BAD\"", at: 1)  // truncated JSON
        lines.append(Self.records(["V3"]).trimmingCharacters(in: .newlines))
        Support.write(lines.joined(separator: "\n") + "\n", to: dir + "/in.jsonl")
        let summary = try run(dir + "/in.jsonl", out: dir + "/out")
        #expect(summary.rendered == 3)
        #expect(summary.failed == 1)
        let manifest = Support.manifest(dir + "/out")
        #expect(manifest.count == 4)
        let failed = manifest.filter { $0.status == .failed }
        #expect(failed.map(\.record) == [2])
        #expect(failed.first?.error?.isEmpty == false)
        for entry in manifest where entry.status == .ok {
            let data = FileManager.default.contents(atPath: dir + "/out/" + entry.file!)!
            #expect(data.count == entry.bytes)
            #expect(data.starts(with: Array("%PDF-1.7".utf8)))
        }
    }

    @Test func secondRunSkipsFinishedRecordsAndRedoesAlteredFiles() throws {
        let dir = Support.temporaryDirectory()
        Support.write(Self.records(["R1", "R2", "R3"]), to: dir + "/in.jsonl")
        #expect(try run(dir + "/in.jsonl", out: dir + "/out").rendered == 3)
        // Damage one output: its hash no longer matches, so it is rendered again.
        Support.write("not a pdf", to: dir + "/out/R2.pdf")
        let again = try run(dir + "/in.jsonl", out: dir + "/out")
        #expect(again.skipped == 2)
        #expect(again.rendered == 1)
        let manifest = Support.manifest(dir + "/out")
        #expect(manifest.count == 3, "one line per record after a resume")
        #expect(Set(manifest.map(\.record)) == [1, 2, 3])
    }

    @Test func hostileKeysGiveSafeDistinctNames() throws {
        let dir = Support.temporaryDirectory()
        let long = String(repeating: "保单号", count: 60)
        let keys = ["../x", "", "..", "a/b\\c", long, "保单 No.1", "../x"]
        Support.write(Self.records(keys), to: dir + "/in.jsonl")
        let summary = try run(dir + "/in.jsonl", out: dir + "/out")
        #expect(summary.failed == 0)
        let files = Support.manifest(dir + "/out").compactMap(\.file)
        #expect(files.count == keys.count)
        #expect(Set(files).count == keys.count, "distinct files: \(files)")
        for file in files {
            #expect(!file.contains("/") && !file.hasPrefix("."), "\(file)")
            #expect(file.utf8.count <= SafeFileName.maximumBytes + 16)
            #expect(FileManager.default.fileExists(atPath: dir + "/out/" + file))
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.pdf"), "nothing escapes the output folder")
    }

    @Test func killedRunResumesWithEveryFileValidAndNoneTwice() throws {
        let dir = Support.temporaryDirectory()
        Support.write(Self.records((1...60).map { "K\($0)" }), to: dir + "/in.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Support.wenshu)
        process.arguments = ["batch", "--template", Support.repository + "/Templates/visa-certificate", "--data", dir + "/in.jsonl", "--out", dir + "/out", "--jobs", "2"]
        process.environment = ["WENSHU_FONTS": Support.repository + "/Fonts", "PATH": "/usr/bin:/bin"]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Kill it once some records are done (bounded wait).
        for _ in 0..<300 {
            if Support.manifest(dir + "/out").count >= 5 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = Support.manifest(dir + "/out").count
        #expect(before < 60, "killed before the end")

        let resumed = try Support.run(Support.wenshu, ["batch", "--template", Support.repository + "/Templates/visa-certificate",
                                                      "--data", dir + "/in.jsonl", "--out", dir + "/out"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let manifest = Support.manifest(dir + "/out")
        #expect(manifest.count == 60)
        #expect(Set(manifest.map(\.record)).count == 60, "no record twice")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/out")
        #expect(!files.contains { $0.hasSuffix(".tmp") }, "no temporary file left")
        for entry in manifest {
            let data = Array(FileManager.default.contents(atPath: dir + "/out/" + entry.file!)!)
            #expect(data.count == entry.bytes)
            #expect(data.suffix(6) == Array("%%EOF\n".utf8))
        }
    }
}
