import Foundation
import Testing

/// `wenshu render` and `wenshu batch` with `--sign-*` and `--tsa`, run as the built binary.
@Suite struct SigningCLITests {
    static let wenshu: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent(), URL(fileURLWithPath: Tools.repository + "/.build/debug")] {
            let candidate = dir.appendingPathComponent("wenshu").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return Tools.repository + "/.build/debug/wenshu"
    }()

    func wenshu(_ arguments: [String]) async throws -> Tools.Result {
        try await Tools.run(Self.wenshu, arguments, in: Tools.repository)
    }

    @Test func renderSignsAtBaselineTWithChainAndTSA() async throws {
        let pki = try await TestPKI.get()
        let dir = Tools.temporaryDirectory()
        let result = try await wenshu(["render", "--template", "epolicy", "--data", "samples/epolicy.json", "--output", dir + "/policy.pdf",
                                 "--sign-key", pki.path("rsa-pkcs1.key"), "--sign-cert", pki.path("rsa.pem"),
                                 "--sign-chain", pki.path("intermediate.pem"), "--sign-rsa-pss", "--tsa", try await LocalTSA.get().url])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try await Tools.pyhanko(dir + "/policy.pdf", trust: [pki.path("root.pem")])
        let signature = try #require(report.signatures.first)
        #expect(signature.pades_level == "B-T", "\(signature)")
        #expect(signature.mechanism == "rsassa_pss")
        try await PAdESSampleTests.expectPdfsigValid(dir + "/policy.pdf")
    }

    @Test func encryptedThenSignedFromTheCommandLineValidates() async throws {
        let pki = try await TestPKI.get()
        let dir = Tools.temporaryDirectory()
        try Data("open-sesame-2026\n".utf8).write(to: URL(fileURLWithPath: dir + "/password.txt"))
        let result = try await wenshu(["render", "--template", "claim-form", "--data", "samples/claim-form.json", "--output", dir + "/claim.pdf",
                                       "--encrypt-password-file", dir + "/password.txt",
                                       "--sign-key", pki.path("p256.key"), "--sign-cert", pki.path("p256.pem"), "--sign-chain", pki.path("intermediate.pem"),
                                       "--tsa", try await LocalTSA.get().url])
        #expect(result.status == 0, "\(result.stderr)")
        let encryption = try await Tools.run("qpdf", ["--show-encryption", "--password=open-sesame-2026", dir + "/claim.pdf"])
        #expect(encryption.stdout.contains("R = 6") && encryption.stdout.contains("AESv3"), "\(encryption.stdout)")
        let signature = try #require(try await Tools.pyhanko(dir + "/claim.pdf", trust: [pki.path("root.pem")], password: "open-sesame-2026").signatures.first)
        #expect(signature.pades_level == "B-T" && signature.coverage == "ENTIRE_FILE", "\(signature)")
        let pdfsig = try await Tools.run("pdfsig", ["-upw", "open-sesame-2026", dir + "/claim.pdf"])
        #expect(pdfsig.stdout.contains("Signature is Valid.") && pdfsig.stdout.contains("Total document signed"), "\(pdfsig.stdout)")
        let check = try await Tools.run("qpdf", ["--check", "--password=open-sesame-2026", dir + "/claim.pdf"])
        #expect(check.status == 0 && !check.stderr.contains("WARNING"), "\(check.stdout) \(check.stderr)")
    }

    /// Signing the PDF/A archive copy adds nothing PDFBox Preflight objects to: its findings (the
    /// PDF/A-1b-only ones WenshuPDFTests allowlists) are the same before and after.
    @Test func signingTheArchiveCopyKeepsItsPreflightFindings() async throws {
        let pki = try await TestPKI.get()
        let dir = Tools.temporaryDirectory()
        let common = ["render", "--template", "invoice", "--data", "samples/invoice.json", "--archive"]
        #expect(try await wenshu(common + ["--output", dir + "/unsigned.pdf"]).status == 0)
        let signing = try await wenshu(common + ["--output", dir + "/signed.pdf", "--sign-key", pki.path("p256.key"), "--sign-cert", pki.path("p256.pem"),
                                                  "--sign-chain", pki.path("intermediate.pem")])
        #expect(signing.status == 0, "\(signing.stderr)")
        let before = try await Self.preflight(dir + "/unsigned.pdf"), after = try await Self.preflight(dir + "/signed.pdf")
        #expect(!before.isEmpty, "preflight reports the PDF/A-1b-only findings of a PDF/A-3b file")
        #expect(after == before, "preflight found more after signing: \(after.subtracting(before))")
        let signature = try #require(try await Tools.pyhanko(dir + "/signed.pdf", trust: [pki.path("root.pem")]).signatures.first)
        #expect(signature.pades_level == "B-B", "\(signature)")
    }

    /// Apache PDFBox Preflight's error lines for a file (libpdfbox2-java, as in WenshuPDFTests).
    static func preflight(_ path: String) async throws -> Set<String> {
        let jars = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api"].map { "/usr/share/java/\($0).jar" }
        for jar in jars where !FileManager.default.fileExists(atPath: jar) {
            throw Tools.Failure(description: "\(jar) is missing: scripts/setup-debian.sh installs it")
        }
        let result = try await Tools.run("java", ["-cp", jars.joined(separator: ":"), "org.apache.pdfbox.preflight.Validator_A1b", path])
        let output = result.stdout + result.stderr
        guard output.contains("valid PDF/A-1b file") else { throw Tools.Failure(description: "preflight did not run: \(output)") }
        return Set(output.split(separator: "\n").filter { $0.firstMatch(of: #/^\d+(\.\d+)+ : /#) != nil }.map(String.init))
    }

    @Test func renderSignsWithAPKCS12File() async throws {
        let pki = try await TestPKI.get()
        let dir = Tools.temporaryDirectory()
        let result = try await wenshu(["render", "--template", "claim-form", "--data", "samples/claim-form.json", "--output", dir + "/claim.pdf",
                                 "--sign-p12", pki.path("p256.p12"), "--sign-p12-password-file", pki.path("p12-password.txt")])
        #expect(result.status == 0, "\(result.stderr)")
        let signature = try #require(try await Tools.pyhanko(dir + "/claim.pdf", trust: [pki.path("root.pem")]).signatures.first)
        #expect(signature.pades_level == "B-B" && signature.trusted, "\(signature)")
    }

    @Test func wrongKeyAndCertificatePairExitsBeforeWritingAnything() async throws {
        let pki = try await TestPKI.get()
        let dir = Tools.temporaryDirectory()
        let result = try await wenshu(["render", "--template", "epolicy", "--data", "samples/epolicy.json", "--output", dir + "/policy.pdf",
                                 "--sign-key", pki.path("other.key"), "--sign-cert", pki.path("rsa.pem")])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("does not belong to the signer certificate"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "no unsigned file left behind")
    }

    @Test func aFailingTSAWritesNothing() async throws {
        let pki = try await TestPKI.get()
        let dir = Tools.temporaryDirectory()
        let result = try await wenshu(["render", "--template", "epolicy", "--data", "samples/epolicy.json", "--output", dir + "/policy.pdf",
                                 "--sign-key", pki.path("p256.key"), "--sign-cert", pki.path("p256.pem"), "--tsa", try await LocalTSA.get().url + "status/500"])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("answered HTTP 500"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test(arguments: [
        (["--output", "x.png", "--sign-key", "k", "--sign-cert", "c"], "a PNG cannot carry a signature"),
        (["--output", "x.pdf", "--sign-key", "k"], "--sign-key and --sign-cert go together"),
        (["--output", "x.pdf", "--tsa", "http://127.0.0.1/"], "--tsa needs a signature"),
        (["--output", "x.pdf", "--sign-p12", "f.p12"], "--sign-p12 needs --sign-p12-password-file"),
    ])
    func badSigningOptionsAreUsageErrors(arguments: [String], message: String) async throws {
        let result = try await wenshu(["render", "--template", "epolicy", "--data", "samples/epolicy.json"] + arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func batchSignsEveryRecord() async throws {
        let pki = try await TestPKI.get()
        let dir = Tools.temporaryDirectory()
        let sample = String(decoding: FileManager.default.contents(atPath: Tools.repository + "/samples/visa-certificate.json")!, as: UTF8.self)
        var object = try JSONSerialization.jsonObject(with: Data(sample.utf8)) as! [String: Any]
        var lines: [String] = []
        for number in ["VC-SIGN-0001", "VC-SIGN-0002"] {
            object["policyNumber"] = number
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: dir + "/records.jsonl"))
        let result = try await wenshu(["batch", "--template", "visa-certificate", "--data", dir + "/records.jsonl", "--out", dir + "/out", "--jobs", "2",
                                 "--sign-key", pki.path("p256-sec1.key"), "--sign-cert", pki.path("p256.pem"), "--sign-chain", pki.path("intermediate.pem"),
                                 "--tsa", try await LocalTSA.get().url])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(files.count == 2, "\(files)")
        for file in files {
            let signature = try #require(try await Tools.pyhanko(dir + "/out/" + file, trust: [pki.path("root.pem")]).signatures.first)
            #expect(signature.pades_level == "B-T", "\(file): \(signature)")
        }
        let png = try await wenshu(["batch", "--template", "visa-certificate", "--data", dir + "/records.jsonl", "--out", dir + "/png", "--format", "png",
                              "--sign-key", pki.path("p256.key"), "--sign-cert", pki.path("p256.pem")])
        #expect(png.status == 64 && png.stderr.contains("--sign-* signs PDF output"), "\(png.stderr)")
    }
}
