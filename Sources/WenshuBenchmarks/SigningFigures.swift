import Crypto
import Foundation
import Wenshu
import WenshuSigning
import WenshuText

/// Issue 12's figures: the time a PAdES B-B signature adds to an e-policy (ECDSA P-256, and RSA-2048
/// for comparison), and batch throughput with and without signing, on 500 distinct records.
/// Keys and certificates are made with openssl in a temporary folder for the run; none is kept.
func signingFigures(repository: String) throws {
    let folder = NSTemporaryDirectory() + "wenshu-bench-pki-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for (name, key) in [("p256", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]), ("rsa", ["-newkey", "rsa:2048"])] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-nodes"] + key + ["-keyout", "\(folder)/\(name).key", "-out", "\(folder)/\(name).pem",
                             "-days", "2", "-subj", "/CN=Wenshu Benchmark \(name)"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BatchError("openssl could not make the \(name) benchmark certificate") }
    }
    func signer(_ name: String) throws -> PDFSigner {
        PDFSigner(identity: try SigningIdentity.load(keyFile: "\(folder)/\(name).key", certificateFile: "\(folder)/\(name).pem"))
    }
    let p256 = try signer("p256"), rsa = try signer("rsa")

    let fonts = try FontBook(directory: repository + "/Fonts")
    let service = RenderService(fonts: fonts, templateSearchPaths: [repository + "/Templates"])
    fonts.prepareForSubsetting(afterDistinctSubsets: 8)
    let records = Records.make(from: repository + "/samples/epolicy-40rows.json", count: 500)
    let documents = try records.map { try service.render(template: "epolicy", data: $0).files[0] }
    let sizes = documents.map(\.count).sorted()
    print("== signing: e-policy (two pages, 40-row table), median \(sizes[sizes.count / 2]) bytes unsigned")

    for (label, chosen) in [("ECDSA P-256", p256), ("RSA-2048 PKCS#1 v1.5", rsa)] {
        _ = try chosen.signWithoutTimestamp(documents[0])
        var samples: [Double] = []
        var added = 0
        for document in documents {
            let start = Timing.now()
            let signed = try chosen.signWithoutTimestamp(document)
            samples.append(Timing.ms(since: start))
            added = signed.count - document.count
        }
        samples.sort()
        print("\(label) B-B, added per document: p50 \(Timing.f(Timing.percentile(samples, 0.5))) ms, p99 \(Timing.f(Timing.percentile(samples, 0.99))) ms, +\(added) bytes")
    }

    // Where the P-256 time goes: parsing and writing the increment, hashing the byte ranges, the ECDSA signature.
    let document = documents[0]
    Timing.measure("  of which SHA-256 over the whole file", repeat: 500) { _ = SHA256.hash(data: document) }
    let probeKey = P256.Signing.PrivateKey()
    Timing.measure("  of which one ECDSA P-256 signature", repeat: 500) { _ = try? probeKey.signature(for: document.prefix(200)) }

    for workers in [1, 2] {
        let plain = try signingThroughput(service: service, records: records, signer: nil, workers: workers)
        let signed = try signingThroughput(service: service, records: records, signer: p256, workers: workers)
        print("batch, \(workers) worker(s): render \(Timing.f(plain, 1)) docs/s, render + P-256 sign \(Timing.f(signed, 1)) docs/s")
    }
    for workers in [1, 2] {
        let rate = try signOnlyThroughput(documents: documents, signer: p256, workers: workers)
        print("signing alone (pre-rendered), \(workers) worker(s): \(Timing.f(rate, 1)) docs/s")
    }
}

private func signingThroughput(service: RenderService, records: [[UInt8]], signer: PDFSigner?, workers: Int) throws -> Double {
    try parallel(count: records.count, workers: workers) { k in
        let pdf = try service.render(template: "epolicy", data: records[k]).files[0]
        if let signer { _ = try signer.signWithoutTimestamp(pdf) }
    }
}

private func signOnlyThroughput(documents: [[UInt8]], signer: PDFSigner, workers: Int) throws -> Double {
    try parallel(count: documents.count, workers: workers) { k in _ = try signer.signWithoutTimestamp(documents[k]) }
}
