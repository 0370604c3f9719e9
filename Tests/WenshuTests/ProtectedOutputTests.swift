import Foundation
import Testing
import Wenshu
import WenshuDiagnostics
import WenshuPDF

/// Encryption, the archive copy and the claim form's signature evidence through the façade and the
/// `wenshu` binary, checked with qpdf, poppler and pikepdf.
@Suite struct ProtectedOutputTests {
    func wenshu(_ arguments: [String]) throws -> Support.ToolResult {
        try Support.run(Support.wenshu, arguments, in: Support.repository)
    }

    static func passwordFile(_ password: String, in dir: String) -> String {
        let path = dir + "/password-\(UUID().uuidString).txt"
        Support.write(password + "\n", to: path)
        return path
    }

    @Test func renderEncryptsWithThePasswordFile() throws {
        let dir = Support.temporaryDirectory()
        let user = PDFPassword.generate(), owner = "owner-\(UUID().uuidString)"
        let result = try wenshu(["render", "--template", "epolicy", "--data", "samples/epolicy.json", "--output", dir + "/policy.pdf",
                                 "--encrypt-password-file", Self.passwordFile(user, in: dir), "--owner-password-file", Self.passwordFile(owner, in: dir)])
        #expect(result.status == 0, "\(result.stderr)")
        let shown = try Support.run("qpdf", ["--show-encryption", "--password=" + user, dir + "/policy.pdf"])
        #expect(shown.stdout.contains("R = 6") && shown.stdout.contains("file encryption method: AESv3"), "\(shown.stdout)")
        #expect(shown.stdout.contains("modify anything: not allowed") && shown.stdout.contains("print high resolution: allowed"))
        #expect(try Support.run("qpdf", ["--show-encryption", "--password=" + owner, dir + "/policy.pdf"]).stdout.contains("Supplied password is owner password"))
        #expect(try Support.run("pdftotext", ["-upw", "wrong", dir + "/policy.pdf", "-"]).status != 0)
        // Same text as the plain copy once decrypted.
        #expect(try wenshu(["render", "--template", "epolicy", "--data", "samples/epolicy.json", "--output", dir + "/plain.pdf"]).status == 0)
        #expect(try Support.run("qpdf", ["--decrypt", "--password=" + user, dir + "/policy.pdf", dir + "/decrypted.pdf"]).status == 0)
        let plainText = try Support.run("pdftotext", ["-layout", dir + "/plain.pdf", "-"]).stdout
        #expect(!plainText.isEmpty)
        #expect(try Support.run("pdftotext", ["-layout", dir + "/decrypted.pdf", "-"]).stdout == plainText)
    }

    @Test func archiveAndEncryptionExcludeEachOtherAndPasswordFilesAreChecked() throws {
        let dir = Support.temporaryDirectory()
        let password = Self.passwordFile("secret-pw", in: dir)
        let base = ["render", "--template", "epolicy", "--data", "samples/epolicy.json", "--output", dir + "/out.pdf"]
        let both = try wenshu(base + ["--archive", "--encrypt-password-file", password])
        #expect(both.status == 64, "ValidationError exit code: \(both.status)")
        #expect(both.stderr.contains("PDF/A forbids encryption"), "\(both.stderr)")
        let ownerOnly = try wenshu(base + ["--owner-password-file", password])
        #expect(ownerOnly.status != 0 && ownerOnly.stderr.contains("--owner-password-file needs --encrypt-password-file"), "\(ownerOnly.stderr)")
        Support.write("\n", to: dir + "/empty.txt")
        let empty = try wenshu(base + ["--encrypt-password-file", dir + "/empty.txt"])
        #expect(empty.status != 0 && empty.stderr.contains("holds no password"), "\(empty.stderr)")
        let missing = try wenshu(base + ["--encrypt-password-file", dir + "/nope.txt"])
        #expect(missing.status != 0 && missing.stderr.contains("cannot read"), "\(missing.stderr)")
        let png = try wenshu(["render", "--template", "epolicy", "--data", "samples/epolicy.json", "--output", dir + "/p.png", "--archive"])
        #expect(png.status != 0 && png.stderr.contains("PDF output"), "\(png.stderr)")
        let batch = try wenshu(["batch", "--template", "epolicy", "--data", "samples/epolicy.json", "--out", dir + "/b", "--archive",
                                "--encrypt-password-file", password])
        #expect(batch.status == 64, "\(batch.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.pdf"), "nothing written after a refused option")
        // The façade refuses the combination too.
        #expect(throws: (any Error).self) {
            try Support.service.render(template: "epolicy", data: Support.sample("epolicy"),
                                       options: RenderOptions(encryption: PDFProtection(userPassword: "x"), archive: true))
        }
    }

    @Test func batchEncryptsEveryDocumentWithItsOwnKey() throws {
        let dir = Support.temporaryDirectory()
        let records = (1...2).map { n in Support.record(from: "visa-certificate") { $0["policyNumber"] = "PV2025\(n)0000000\(n)" } }
        Support.write(records.joined(separator: "\n") + "\n", to: dir + "/records.jsonl")
        let password = "batch-password-1"
        let result = try wenshu(["batch", "--template", "visa-certificate", "--data", dir + "/records.jsonl", "--out", dir + "/out", "--jobs", "1",
                                 "--encrypt-password-file", Self.passwordFile(password, in: dir)])
        #expect(result.status == 0, "\(result.stderr) \(result.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(files.count == 2)
        var uValues: Set<String> = []
        for file in files {
            let shown = try Support.run("qpdf", ["--show-encryption", "--password=" + password, dir + "/out/" + file])
            #expect(shown.stdout.contains("R = 6"), "\(file): \(shown.stdout) \(shown.stderr)")
            let raw = String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/out/" + file)), as: UTF8.self)
            uValues.insert(String(raw.firstMatch(of: /\/U <([0-9A-F]+)>/)!.1))
        }
        #expect(uValues.count == 2, "each document has its own salts and key")
    }

    @Test func archiveCopiesArePDFA2bOrPDFA3bWithTheInvoiceData() throws {
        let dir = Support.temporaryDirectory()
        for (template, status) in [("epolicy", "2B"), ("invoice", "3B")] {
            let result = try wenshu(["render", "--template", template, "--data", "samples/\(template).json", "--output", dir + "/\(template).pdf", "--archive"])
            #expect(result.status == 0, "\(result.stderr)")
            let check = try Support.run("python3", ["-c", """
                import sys, pikepdf
                pdf = pikepdf.open(sys.argv[1])
                print(pdf.open_metadata().pdfa_status, str(pdf.Root.OutputIntents[0].S))
                for name, spec in pdf.attachments.items():
                    print(name, str(spec.obj.AFRelationship), spec.get_file().mime_type)
                    open(sys.argv[2], 'wb').write(spec.get_file().read_bytes())
                """, dir + "/\(template).pdf", dir + "/\(template)-attachment"])
            #expect(check.status == 0, "\(check.stderr)")
            let lines = check.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "\(status) /GTS_PDFA1", "\(check.stdout)")
            if template == "invoice" {
                #expect(lines.dropFirst().first?.hasSuffix(".json /Source application/json") == true, "\(check.stdout)")
                let attached = try Data(contentsOf: URL(fileURLWithPath: dir + "/invoice-attachment"))
                #expect(Array(attached) == Support.sample("invoice"), "the invoice's record, byte for byte")
            } else {
                #expect(lines.count == 1, "no attachment in the e-policy: \(check.stdout)")
            }
            #expect(try Support.run("qpdf", ["--check", dir + "/\(template).pdf"]).status == 0)
        }
        // The copy sent to the customer carries no data.
        let sent = try Support.service.render(template: "invoice", data: Support.sample("invoice"))
        #expect(!String(decoding: sent.files[0], as: UTF8.self).contains("/EmbeddedFiles"))
    }

    @Test func missingICCProfileIsAClearError() throws {
        let fonts = Support.service.fonts
        let service = RenderService(fonts: fonts, templateSearchPaths: [Support.repository + "/Templates"], outputIntentProfilePath: "/nonexistent/sRGB.icc")
        do {
            _ = try service.render(template: "epolicy", data: Support.sample("epolicy"), options: RenderOptions(archive: true))
            Issue.record("rendered an archive copy without a profile")
        } catch {
            #expect(error.description.contains("/nonexistent/sRGB.icc") && error.description.contains("icc-profiles-free"), "\(error)")
        }
    }
}

/// The claim form's handwritten-signature evidence (domain.md §6.2).
@Suite struct SignatureEvidenceTests {
    struct Extracted {
        var evidence: [String: Any]
        var evidenceBytes: [UInt8]
        var printedHash: String
        var independentHash: String
        var relationship: String
    }

    /// Renders, then reads back with independent tools: the attachment (pikepdf), the hash printed
    /// on the page (pdftotext), and the SHA-256 recomputed in Python from the evidence's signature.
    static func extract(_ data: [UInt8]) throws -> Extracted {
        let result = try Support.service.render(template: "claim-form", data: data)
        let dir = Support.temporaryDirectory()
        let path = dir + "/claim.pdf"
        try Data(result.files[0]).write(to: URL(fileURLWithPath: path))
        let script = """
            import sys, json, hashlib, pikepdf
            pdf = pikepdf.open(sys.argv[1])
            [(name, spec)] = pdf.attachments.items()
            raw = spec.get_file().read_bytes()
            open(sys.argv[2], 'wb').write(raw)
            evidence = json.loads(raw)
            canonical = json.dumps(evidence['signature'], sort_keys=True, separators=(',', ':'), ensure_ascii=False)
            print(name, str(spec.obj.AFRelationship), hashlib.sha256(canonical.encode()).hexdigest())
            """
        let py = try Support.run("python3", ["-c", script, path, dir + "/evidence.json"])
        try #require(py.status == 0, "\(py.stderr)")
        let fields = py.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/evidence.json")))
        let text = try Support.run("pdftotext", ["-raw", path, "-"]).stdout
        let printed = text.firstMatch(of: /Strokes: ((?:[0-9a-f]{8}\s+){7}[0-9a-f]{8})/).map { String($0.1).filter(\.isHexDigit) } ?? ""
        return Extracted(evidence: try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any], evidenceBytes: bytes,
                         printedHash: printed, independentHash: fields[2], relationship: fields[1])
    }

    @Test func printedHashIsTheSHA256OfTheCanonicalStrokes() throws {
        let e = try Self.extract(Support.sample("claim-form"))
        #expect(e.printedHash.count == 64, "hash on the page")
        #expect(e.printedHash == e.independentHash, "Python's SHA-256 of the evidence's signature member")
        #expect(e.evidence["strokesSHA256"] as? String == e.printedHash)
        #expect(e.relationship == "/Supplement")
        #expect(e.evidence["format"] as? String == "wenshu.signature-evidence/1")
        #expect(e.evidence["signedAt"] as? String == "2025-04-15T20:05:33+08:00")
        let signer = e.evidence["signer"] as? [String: String]
        #expect(signer?["name"] == "张伟" && signer?["idNumber"]?.contains("*") == true, "masked claimant: \(String(describing: signer))")
        #expect((e.evidence["device"] as? [String: String])?["model"] == "iPhone 15")
        #expect((e.evidence["identityVerification"] as? [String: String])?["reference"] == "IDV-20250415-7F3A9C21")
        let strokes = (e.evidence["signature"] as? [String: Any])?["strokes"] as? [Any]
        let first = (strokes?.first as? [Any])?.first as? [String: Any]
        #expect(first?["t"] != nil && first?["pressure"] != nil, "points keep time and pressure")
        // Canonical: sorted members, no whitespace, 60.0 written 60.
        let text = String(decoding: e.evidenceBytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"device":{"client":"#) && !text.contains(": ") && text.contains(#""x":60,"#))
        // Deterministic: the same data gives the same PDF.
        #expect(try Support.service.render(template: "claim-form", data: Support.sample("claim-form")).files
                == Support.service.render(template: "claim-form", data: Support.sample("claim-form")).files)
    }

    @Test func changingOneStrokePointChangesThePrintedHashAndTheEvidence() throws {
        let original = try Self.extract(Support.sample("claim-form"))
        let moved = Support.record(from: "claim-form") { object in
            Self.editPoint(&object, stroke: 1, point: 3) { $0["x"] = ($0["x"] as! Double) + 0.1 }
        }
        let changed = try Self.extract(Array(moved.utf8))
        #expect(changed.printedHash != original.printedHash)
        #expect(changed.printedHash == changed.independentHash)
        #expect(changed.evidenceBytes != original.evidenceBytes)
        let retimed = Support.record(from: "claim-form") { object in
            Self.editPoint(&object, stroke: 0, point: 0) { $0["t"] = 1 }
        }
        #expect(try Self.extract(Array(retimed.utf8)).printedHash != original.printedHash, "a point's time is hashed too")
    }

    /// Changes one point of the sample's strokes (points are objects in the first three strokes).
    static func editPoint(_ object: inout [String: Any], stroke: Int, point: Int, _ edit: (inout [String: Any]) -> Void) {
        var signature = object["signature"] as! [String: Any]
        var strokes = signature["strokes"] as! [Any]
        var points = strokes[stroke] as! [Any]
        var p = points[point] as! [String: Any]
        edit(&p)
        points[point] = p
        strokes[stroke] = points
        signature["strokes"] = strokes
        object["signature"] = signature
    }

    @Test func guardianSignsForAMinorAndUndeclaredFieldsStayOut() throws {
        let minor = Support.record(from: "claim-form-minor") { object in
            var device = object["signatureDevice"] as! [String: Any]
            device["smsOtp"] = "123456"  // not in the schema: must not reach the evidence
            object["signatureDevice"] = device
        }
        let e = try Self.extract(Array(minor.utf8))
        #expect((e.evidence["signer"] as? [String: String])?["name"] == "张伟", "the guardian signs for the minor")
        #expect((e.evidence["device"] as? [String: Any])?["smsOtp"] == nil)
        #expect(!String(decoding: e.evidenceBytes, as: UTF8.self).contains("123456"))
    }

    @Test func evidenceFieldsAreRequired() throws {
        for (field, path) in [("identityVerification", "$.identityVerification"), ("signatureDevice", "$.signatureDevice")] {
            let record = Support.record(from: "claim-form") { $0.removeValue(forKey: field) }
            do {
                _ = try Support.service.render(template: "claim-form", data: Array(record.utf8))
                Issue.record("rendered without \(field)")
            } catch {
                #expect(error.description.contains(path), "\(error)")
            }
        }
        let image = Support.record(from: "claim-form") { $0["signature"] = "data:image/png;base64,iVBORw0KGgo=" }
        #expect(throws: (any Error).self) { try Support.service.render(template: "claim-form", data: Array(image.utf8)) }
    }
}
