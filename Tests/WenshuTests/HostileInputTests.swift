import CPNG
import Foundation
import Testing
import Wenshu
import WenshuText

/// One case per class of hostile input (issue 15), each run through the built `wenshu` binary under
/// GNU time: the run must end with a clear error and a non-zero exit (never a trap or a kill), within
/// a bounded time and peak memory, and leave no partial or overwritten file.
@Suite(.serialized) struct HostileInputTests {
    /// Peak resident memory any of these runs may reach. A plain render of a sample takes about a
    /// third of it (the CJK fonts); the inputs below took 3–4 GB before they were bounded.
    static let megabytes = 700.0
    /// Seconds any of these runs may take on a loaded CI machine (debug build); they took minutes or
    /// never finished before.
    static let seconds = 60.0

    struct Measured {
        var status: Int32
        var stdout: String
        var stderr: String
        var peakMegabytes: Double
        var seconds: Double
    }

    /// Runs `wenshu` under `/usr/bin/time` (GNU time, installed by setup-debian.sh) for its peak RSS.
    func wenshu(_ arguments: [String]) throws -> Measured {
        let result = try Support.run("/usr/bin/time", ["-f", "WENSHU-MEASURED %M %e", Support.wenshu] + arguments, in: Support.repository)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        guard let last = lines.last(where: { $0.hasPrefix("WENSHU-MEASURED ") }) else {
            Issue.record("GNU time printed no measurement: \(result.stderr)")
            return Measured(status: result.status, stdout: result.stdout, stderr: result.stderr, peakMegabytes: .infinity, seconds: .infinity)
        }
        let fields = last.split(separator: " ")
        let stderr = lines.filter { !$0.hasPrefix("WENSHU-MEASURED ") }.joined(separator: "\n")
        return Measured(status: result.status, stdout: result.stdout, stderr: stderr,
                        peakMegabytes: Double(fields[1])! / 1024, seconds: Double(fields[2])!)
    }

    /// A clean refusal: a non-zero exit of the program itself (not a signal, not a Swift trap), an
    /// error that says `message`, in bounded time and memory.
    func expectRefused(_ run: Measured, saying message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status != 0 && run.status < 128, "exit \(run.status): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("terminated by signal"), "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(message), "expected '\(message)' in: \(run.stderr.prefix(2000))", sourceLocation: sourceLocation)
        expectBounded(run, sourceLocation: sourceLocation)
    }

    func expectBounded(_ run: Measured, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.peakMegabytes < Self.megabytes, "peak RSS \(run.peakMegabytes) MB", sourceLocation: sourceLocation)
        #expect(run.seconds < Self.seconds, "took \(run.seconds) s", sourceLocation: sourceLocation)
    }

    /// A template folder `name` in `dir` holding `yaml` as its template.yaml.
    func template(_ yaml: String, in dir: String, name: String = "t") -> String {
        let folder = dir + "/" + name
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        Support.write(yaml, to: folder + "/template.yaml")
        return folder
    }

    func files(_ dir: String) -> Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []) }

    // MARK: Numbers

    @Test func hugeAndNonFiniteTemplateNumbersAreRefusedWithTheirLine() throws {
        let dir = Support.temporaryDirectory()
        for (yaml, message) in [
            ("body:\n  - spacer: 1e300\n", "t/template.yaml:2:13: spacer 1e300 is outside 0–5080 mm"),
            ("page:\n  size: [1e300, 100]\nbody:\n  - \"x\"\n", "page width 1e300 is outside 1.06–5080 mm"),
            ("body:\n  - absolute: [\"x\"]\n    x: 1e300\n    width: 10\n", "x 1e300 is outside -5080–5080 mm"),
            ("body:\n  - paragraph: x\n    spaceAfter: .inf\n", "spaceAfter must be a length"),
        ] {
            let folder = template(yaml, in: dir)
            Support.write("{}", to: dir + "/d.json")
            let run = try wenshu(["render", "--template", folder, "--data", dir + "/d.json", "--output", dir + "/out.pdf"])
            expectRefused(run, saying: message)
            #expect(!files(dir).contains("out.pdf"))
        }
    }

    @Test func nonFiniteSignatureNumbersFailTheirRecordAndTheBatchGoesOn() throws {
        let dir = Support.temporaryDirectory()
        let folder = template("data:\n  sig: signature\nbody:\n  - signature: sig\n", in: dir)
        let records = [
            #"{"sig": {"canvas": {"width": "Infinity", "height": 100}, "strokes": [[[1, 2], [3, 4]]]}}"#,
            #"{"sig": {"canvas": {"width": 1e-300, "height": 100}, "strokes": [[[1, 2], [3, 4]]]}}"#,
            #"{"sig": {"canvas": {"width": 600, "height": 200}, "strokes": [[[1e308, 1e308], [0, 0]]]}}"#,
            #"{"sig": {"canvas": {"width": 600, "height": 200}, "strokes": [[[10, 20], [300, 100], [500, 150]]]}}"#,
        ]
        Support.write(records.joined(separator: "\n") + "\n", to: dir + "/in.jsonl")
        let run = try wenshu(["batch", "--template", folder, "--data", dir + "/in.jsonl", "--out", dir + "/out", "--jobs", "1"])
        expectRefused(run, saying: "canvas width and height of 1–100000")
        #expect(run.stderr.contains("a point needs numeric x and y of -100000–100000"))
        let manifest = Support.manifest(dir + "/out")
        #expect(manifest.filter { $0.status == .failed }.map(\.record) == [1, 2, 3])
        #expect(manifest.filter { $0.status == .ok }.map(\.record) == [4], "the good record after three bad ones is rendered")
    }

    // MARK: Exponential templates

    @Test func aliasTreeTemplateFailsEarly() throws {
        let dir = Support.temporaryDirectory()
        var yaml = "a0: &a0 [\"x\", \"x\"]\n"
        for level in 1...40 { yaml += "a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]\n" }
        yaml += "body: *a40\n"
        let folder = template(yaml, in: dir)
        Support.write("{}", to: dir + "/d.json")
        let run = try wenshu(["render", "--template", folder, "--data", dir + "/d.json", "--output", dir + "/out.pdf"])
        expectRefused(run, saying: "more than 100000 YAML nodes once its aliases are expanded")
        #expect(!files(dir).contains("out.pdf"))
    }

    @Test func nestedLoopsFailAsTheDocumentGrows() throws {
        let dir = Support.temporaryDirectory()
        let folder = template("""
            data:
              items: { type: array, items: string }
            body:
              - each: items
                as: a
                blocks:
                  - each: items
                    as: b
                    blocks:
                      - each: items
                        as: c
                        blocks: ["{{ a }} {{ b }} {{ c }}"]
            """, in: dir)
        let items = (1...100).map { "\"\($0)\"" }.joined(separator: ",")
        Support.write("{\"items\": [\(items)]}", to: dir + "/d.json")
        let run = try wenshu(["render", "--template", folder, "--data", dir + "/d.json", "--output", dir + "/out.pdf"])
        expectRefused(run, saying: "the document grows past 100000 blocks and loop items")
    }

    @Test func runawayPagesFailWhileLaidOut() throws {
        let dir = Support.temporaryDirectory()
        let folder = template("""
            data:
              items: { type: array, items: string }
            body:
              - each: items
                blocks:
                  - "{{ item }}"
                  - pageBreak: true
            """, in: dir)
        let items = (1...9000).map { "\"\($0)\"" }.joined(separator: ",")
        Support.write("{\"items\": [\(items)]}", to: dir + "/d.json")
        let run = try wenshu(["render", "--template", folder, "--data", dir + "/d.json", "--output", dir + "/out.pdf"])
        expectRefused(run, saying: "document has more than 2000 pages")
    }

    // MARK: Quadratic text

    @Test func aLetterWithThousandsOfCombiningMarksIsRefusedInData() throws {
        let dir = Support.temporaryDirectory()
        let folder = template("data:\n  text: string\nbody:\n  - \"{{ text }}\"\n", in: dir)
        let marks = "a" + String(repeating: "\u{0301}", count: 100_000)
        Support.write("{\"text\": \"\(marks)\"}", to: dir + "/d.json")
        let run = try wenshu(["render", "--template", folder, "--data", dir + "/d.json", "--output", dir + "/out.pdf"])
        expectRefused(run, saying: "a character carries 100000 combining marks in a row, more than 30")
    }

    @Test func aLetterWithThousandsOfCombiningMarksInTemplateTextShapesInBoundedTime() throws {
        let dir = Support.temporaryDirectory()
        let marks = "a" + String(repeating: "\u{0301}", count: 30_000)
        let folder = template("body:\n  - \"\(marks)\"\n", in: dir)
        Support.write("{}", to: dir + "/d.json")
        let run = try wenshu(["render", "--template", folder, "--data", dir + "/d.json", "--output", dir + "/out.pdf"])
        #expect(!run.stderr.contains("Fatal error"), "\(run.stderr)")
        expectBounded(run)
    }

    // MARK: Image memory

    @Test func manyLargeDistinctImagesFailOnThePixelBudget() throws {
        let dir = Support.temporaryDirectory()
        let folder = template("""
            data:
              images: { type: array, items: image }
            body:
              - each: images
                as: picture
                blocks:
                  - image: "{{ picture }}"
                    width: 20
            """, in: dir)
        let base = try Self.greyPNG(width: 6300, height: 6300)
        let urls = (0..<30).map { k in "\"data:image/png;base64," + Self.withTextChunk(base, "\(k)").base64 + "\"" }
        Support.write("{\"images\": [\(urls.joined(separator: ","))]}", to: dir + "/d.json")
        let run = try wenshu(["render", "--template", folder, "--data", dir + "/d.json", "--output", dir + "/out.pdf"])
        expectRefused(run, saying: "images of this document have more than 40 megapixels in all")
        #expect(!files(dir).contains("out.pdf"))
    }

    // MARK: File sizes

    @Test func hugeInputFilesAreRefusedBeforeTheyAreRead() throws {
        let dir = Support.temporaryDirectory()
        let sparse = { (path: String) in
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            #expect(truncate(path, 1_500_000_000) == 0)
        }
        sparse(dir + "/huge.json")
        var run = try wenshu(["render", "--template", "visa-certificate", "--data", dir + "/huge.json", "--output", dir + "/out.pdf"])
        expectRefused(run, saying: "file is 1500000000 bytes, more than the limit of 8388608")

        let bigTemplate = template("body: []\n", in: dir, name: "big")
        sparse(bigTemplate + "/template.yaml")
        Support.write("{}", to: dir + "/d.json")
        run = try wenshu(["render", "--template", bigTemplate, "--data", dir + "/d.json", "--output", dir + "/out.pdf"])
        expectRefused(run, saying: "template is 1500000000 bytes, more than the limit of 1048576")

        let withAsset = template("body:\n  - image: big.png\n", in: dir, name: "asset")
        sparse(withAsset + "/big.png")
        run = try wenshu(["render", "--template", withAsset, "--data", dir + "/d.json", "--output", dir + "/out.pdf"])
        expectRefused(run, saying: "asset 'big.png' is larger than 4194304 bytes")

        Support.write(String(repeating: " ", count: 9_000_000) + "{}\n{}\n", to: dir + "/long.jsonl")
        let folder = template("body: [\"x\"]\n", in: dir, name: "small")
        run = try wenshu(["batch", "--template", folder, "--data", dir + "/long.jsonl", "--out", dir + "/out", "--jobs", "1"])
        expectRefused(run, saying: "record is 9000002 bytes, more than the limit of 8388608")
        #expect(Support.manifest(dir + "/out").map(\.status) == [.failed, .ok])
        #expect(!files(dir).contains("out.pdf"))
    }

    // MARK: Batch integrity

    @Test func duplicateKeysNeverOverwriteAnotherRecordsFile() throws {
        let dir = Support.temporaryDirectory()
        Support.write(BatchTests.records(["DUP-3", "DUP", "DUP"]), to: dir + "/in.jsonl")
        let run = try wenshu(["batch", "--template", "visa-certificate", "--data", dir + "/in.jsonl", "--out", dir + "/out", "--jobs", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        let manifest = Support.manifest(dir + "/out")
        #expect(manifest.map(\.file) == ["DUP-3.pdf", "DUP.pdf", "DUP-3-2.pdf"])
        for entry in manifest {
            let bytes = try #require(FileManager.default.contents(atPath: dir + "/out/" + entry.file!))
            #expect(BatchTestsHash.sha256(bytes) == entry.sha256, "\(entry.file!) is the file its record wrote")
        }
    }

    @Test func resumeRendersARecordWhoseLineChanged() throws {
        let dir = Support.temporaryDirectory()
        Support.write(BatchTests.records(["KEEP", "OLD"]), to: dir + "/in.jsonl")
        var run = try wenshu(["batch", "--template", "visa-certificate", "--data", dir + "/in.jsonl", "--out", dir + "/out"])
        #expect(run.status == 0, "\(run.stderr)")
        Support.write(BatchTests.records(["KEEP", "NEW"]), to: dir + "/in.jsonl")
        run = try wenshu(["batch", "--template", "visa-certificate", "--data", dir + "/in.jsonl", "--out", dir + "/out"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 rendered, 1 skipped"), "\(run.stdout)")
        #expect(Support.manifest(dir + "/out").map(\.file) == ["KEEP.pdf", "NEW.pdf"])
    }

    @Test func aSecondBatchOnTheSameFolderIsRefused() throws {
        let dir = Support.temporaryDirectory()
        Support.write(BatchTests.records(["L1"]), to: dir + "/in.jsonl")
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        // This test process plays the first batch: it holds the folder's lock.
        let descriptor = open(dir + "/out/.wenshu-batch.lock", O_RDWR | O_CREAT, 0o644)
        #expect(descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        defer { close(descriptor) }
        let run = try wenshu(["batch", "--template", "visa-certificate", "--data", dir + "/in.jsonl", "--out", dir + "/out"])
        expectRefused(run, saying: "another batch is writing to the output folder")
        #expect(files(dir + "/out") == [".wenshu-batch.lock"], "the refused run wrote nothing")
    }

    @Test func dataThatIsAFolderIsAnErrorNotAnEmptyInput() throws {
        let dir = Support.temporaryDirectory()
        let run = try wenshu(["batch", "--template", "visa-certificate", "--data", dir, "--out", dir + "/out"])
        expectRefused(run, saying: "not a regular file")
    }

    // MARK: File safety

    @Test func outputOverTheDataOrTheTemplateIsRefused() throws {
        let dir = Support.temporaryDirectory()
        let data = Support.sample("visa-certificate")
        #expect(FileManager.default.createFile(atPath: dir + "/d.json", contents: Data(data)))
        var run = try wenshu(["render", "--template", "visa-certificate", "--data", dir + "/d.json", "--output", dir + "/./d.json", "--format", "pdf"])
        expectRefused(run, saying: "which would be overwritten")
        #expect(FileManager.default.contents(atPath: dir + "/d.json") == Data(data), "the data is untouched")

        let folder = template("body: [\"x\"]\n", in: dir)
        let yaml = try String(contentsOfFile: folder + "/template.yaml", encoding: .utf8)
        run = try wenshu(["render", "--template", folder, "--data", dir + "/d.json", "--output", folder + "/template.yaml", "--format", "pdf"])
        expectRefused(run, saying: "which would be overwritten")
        #expect(try String(contentsOfFile: folder + "/template.yaml", encoding: .utf8) == yaml)
    }

    /// `--output` over a password, key or certificate file, by any spelling (`dir/./x`, a link to
    /// it), is refused before anything is read or written, and the file keeps its bytes.
    @Test func outputOverAPasswordKeyOrCertificateFileIsRefused() throws {
        let dir = Support.temporaryDirectory()
        #expect(FileManager.default.createFile(atPath: dir + "/d.json", contents: Data(Support.sample("visa-certificate"))))
        let secret = "not a real secret\n"
        for name in ["user.txt", "owner.txt", "key.pem", "cert.pem", "chain.pem", "id.p12", "p12.txt"] {
            Support.write(secret, to: dir + "/" + name)
        }
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.pdf", withDestinationPath: dir + "/key.pem")
        let render = ["render", "--template", "visa-certificate", "--data", dir + "/d.json", "--format", "pdf"]
        let encrypt = ["--encrypt-password-file", dir + "/user.txt", "--owner-password-file", dir + "/owner.txt"]
        let keyPair = ["--sign-key", dir + "/key.pem", "--sign-cert", dir + "/cert.pem", "--sign-chain", dir + "/chain.pem"]
        let p12 = ["--sign-p12", dir + "/id.p12", "--sign-p12-password-file", dir + "/p12.txt"]
        let cases: [(options: [String], output: String, flag: String)] = [
            (encrypt, dir + "/./user.txt", "--encrypt-password-file"),
            (encrypt, dir + "/owner.txt", "--owner-password-file"),
            (keyPair, dir + "/link.pdf", "--sign-key"),
            (keyPair, dir + "/../" + (dir as NSString).lastPathComponent + "/cert.pem", "--sign-cert"),
            (keyPair, dir + "/chain.pem", "--sign-chain"),
            (p12, dir + "/id.p12", "--sign-p12"),
            (p12, dir + "//p12.txt", "--sign-p12-password-file"),
        ]
        for c in cases {
            let run = try wenshu(render + c.options + ["--output", c.output])
            expectRefused(run, saying: "is the \(c.flag) file")
        }
        for name in ["user.txt", "owner.txt", "key.pem", "cert.pem", "chain.pem", "id.p12", "p12.txt"] {
            #expect(try String(contentsOfFile: dir + "/" + name, encoding: .utf8) == secret, "\(name) is untouched")
        }
        #expect(files(dir) == ["d.json", "link.pdf", "user.txt", "owner.txt", "key.pem", "cert.pem", "chain.pem", "id.p12", "p12.txt"])
    }

    /// A batch refuses an output folder that holds (or is) a password or key file: the folder is
    /// what travels on, and a record's file could take the secret's name.
    @Test func batchRefusesSecretsInsideOrAsItsOutputFolder() throws {
        let dir = Support.temporaryDirectory()
        Support.write(BatchTests.records(["L1"]), to: dir + "/in.jsonl")
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        Support.write("not a real secret\n", to: dir + "/out/user.txt")
        Support.write("not a real secret\n", to: dir + "/key.pem")
        Support.write("not a real secret\n", to: dir + "/cert.pem")
        let batch = ["batch", "--template", "visa-certificate", "--data", dir + "/in.jsonl"]
        var run = try wenshu(batch + ["--out", dir + "/out", "--encrypt-password-file", dir + "/./out/user.txt"])
        expectRefused(run, saying: "the --encrypt-password-file file")
        #expect(files(dir + "/out") == ["user.txt"], "nothing written: \(files(dir + "/out"))")
        run = try wenshu(batch + ["--out", dir + "/key.pem", "--sign-key", dir + "/key.pem", "--sign-cert", dir + "/cert.pem"])
        expectRefused(run, saying: "the --sign-key file")
        #expect(try String(contentsOfFile: dir + "/key.pem", encoding: .utf8) == "not a real secret\n")
    }

    @Test func aMultiPagePNGThatFailsOnPageTwoLeavesNoPageOne() throws {
        let dir = Support.temporaryDirectory()
        // Page 2's name is taken by a folder, so writing it fails after page 1 was made.
        try FileManager.default.createDirectory(atPath: dir + "/page-2.png", withIntermediateDirectories: false)
        let run = try wenshu(["render", "--template", "epolicy", "--data", "samples/epolicy-40rows.json", "--output", dir + "/page.png", "--dpi", "20"])
        expectRefused(run, saying: "cannot write")
        #expect(files(dir) == ["page-2.png"], "no page 1 left behind: \(files(dir))")
    }

    @Test func symlinksOutOfTheTemplateFolderAreNotFollowedAndNotAnOracle() throws {
        let dir = Support.temporaryDirectory()
        let folder = template("body:\n  - image: exists.png\n  - image: missing.png\n", in: dir)
        #expect(symlink("/etc/passwd", folder + "/exists.png") == 0)
        #expect(symlink("/nonexistent/x.png", folder + "/missing.png") == 0)
        Support.write("{}", to: dir + "/d.json")
        let run = try wenshu(["render", "--template", folder, "--data", dir + "/d.json", "--output", dir + "/out.pdf"])
        expectRefused(run, saying: "asset 'exists.png' not found in the template folder")
        #expect(run.stderr.contains("asset 'missing.png' not found in the template folder"), "the same answer whether the outside file exists or not")
        #expect(!run.stderr.contains("not a PNG"))
    }

    @Test func samplesMustLieInsideTheTemplateFolder() throws {
        let dir = Support.temporaryDirectory()
        let folder = template("samples: [\"../../../../../../etc/passwd\", \"link.json\"]\nbody: [\"x\"]\n", in: dir)
        #expect(symlink("/etc/hostname", folder + "/link.json") == 0)
        Support.write("{}", to: dir + "/d.json")
        let run = try wenshu(["render", "--template", folder, "--data", dir + "/d.json", "--output", dir + "/out.pdf"])
        expectRefused(run, saying: "sample '../../../../../../etc/passwd' not found in the template folder")
        #expect(run.stderr.contains("sample 'link.json' not found in the template folder"))
    }

    // MARK: Geometry (each value's own case is in WenshuTemplatesTests' broken-geometry fixture)

    @Test func unusableGeometryIsRefusedAtLoad() throws {
        let dir = Support.temporaryDirectory()
        let folder = template("page:\n  size: [0, 0]\nstyles:\n  s: { lineHeight: 0 }\nbody: [\"x\"]\n", in: dir)
        Support.write("{}", to: dir + "/d.json")
        let run = try wenshu(["render", "--template", folder, "--data", dir + "/d.json", "--output", dir + "/out.pdf"])
        expectRefused(run, saying: "t/template.yaml:2:10: page width 0 is outside 1.06–5080 mm")
        #expect(run.stderr.contains("t/template.yaml:4:20: lineHeight 0 is outside 0.5–10"))
    }

    // MARK: Time limit

    @Test func aRecordPastTheTimeLimitFailsAndTheRestGoOn() throws {
        let dir = Support.temporaryDirectory()
        Support.write(BatchTests.records(["T1", "T2", "T3"]), to: dir + "/in.jsonl")
        // A limit no render can meet: every record fails on its own, and the run still reaches the end.
        let run = try wenshu(["batch", "--template", "visa-certificate", "--data", dir + "/in.jsonl", "--out", dir + "/out",
                              "--time-limit", "0.000001", "--jobs", "1"])
        expectRefused(run, saying: "rendering took longer than the limit of 1e-06 s and was stopped")
        let manifest = Support.manifest(dir + "/out")
        #expect(manifest.map(\.record) == [1, 2, 3])
        #expect(manifest.allSatisfy { $0.status == .failed && $0.error?.contains("took longer than the limit") == true })
        #expect(files(dir + "/out").filter { $0.hasSuffix(".pdf") }.isEmpty)
    }

    // MARK: Helpers

    /// A grey PNG of the given size (libpng's simplified API): compresses to a few tens of KB.
    static func greyPNG(width: Int, height: Int) throws -> [UInt8] {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = UInt32(PNG_FORMAT_GRAY)
        let pixels = [UInt8](repeating: 200, count: width * height)
        var size = 0
        _ = pixels.withUnsafeBytes { png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, 0, nil) }
        var out = [UInt8](repeating: 0, count: size)
        let ok = out.withUnsafeMutableBytes { o in pixels.withUnsafeBytes { png_image_write_to_memory(&image, o.baseAddress, &size, 0, $0.baseAddress, 0, nil) } }
        try #require(ok != 0)
        return Array(out.prefix(size))
    }

    /// `png` with a tEXt chunk after IHDR: other bytes, the same pixels (so each copy is a distinct image).
    static func withTextChunk(_ png: [UInt8], _ text: String) -> [UInt8] {
        let body = Array("Comment".utf8) + [0] + Array(text.utf8)
        var chunk = withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + Array("tEXt".utf8) + body
        chunk += withUnsafeBytes(of: crc32(Array(chunk.dropFirst(4))).bigEndian, Array.init)
        let afterIHDR = 8 + 25
        return Array(png[..<afterIHDR]) + chunk + Array(png[afterIHDR...])
    }

    /// CRC-32 of PNG chunks (ISO/IEC 15948 Annex D).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

private extension Array where Element == UInt8 {
    var base64: String { Data(self).base64EncodedString() }
}

/// SHA-256 by the system's `sha256sum`, an independent check of the manifest's hashes.
enum BatchTestsHash {
    static func sha256(_ data: Data) -> String {
        let path = NSTemporaryDirectory() + "wenshu-hash-" + UUID().uuidString
        FileManager.default.createFile(atPath: path, contents: data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try? Support.run("sha256sum", [path])
        return String(result?.stdout.prefix(64) ?? "")
    }
}
