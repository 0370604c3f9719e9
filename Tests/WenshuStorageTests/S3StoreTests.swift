import Foundation
import Testing
@testable import WenshuStorage

#if canImport(Glibc)
import Glibc
#endif

/// `S3Store` against a real `moto_server` with signature checks on (see `MotoServer`).
@Suite struct S3StoreTests {
    /// Runs `body` with a store on the shared moto server (each test uses its own keys),
    /// then shuts the store's HTTP client down.
    func withStore(secret: String? = nil, bucket: String? = nil, unsigned: Bool = false,
                   _ body: (S3Store) async throws -> Void) async throws {
        let moto = try await MotoServer.get()
        let store = try S3Store(endpoint: unsigned ? moto.unsignedEndpoint : moto.endpoint, bucket: bucket ?? moto.bucket, region: "us-east-1",
                                accessKeyID: moto.accessKeyID, secretAccessKey: secret ?? moto.secretAccessKey,
                                timeout: .seconds(10))
        do {
            try await body(store)
        } catch {
            try await store.shutdown()
            throw error
        }
        try await store.shutdown()
    }

    /// A store for an address where no S3 server runs.
    func withUnreachableStore(port: Int, timeout: Duration, _ body: (S3Store) async throws -> Void) async throws {
        let store = try S3Store(endpoint: "http://127.0.0.1:\(port)", bucket: "b", region: "us-east-1",
                                accessKeyID: "AKID", secretAccessKey: "secret", timeout: timeout)
        do {
            try await body(store)
        } catch {
            try await store.shutdown()
            throw error
        }
        try await store.shutdown()
    }

    func document(_ label: String) -> [UInt8] {
        Array("%PDF-1.7 \(label) \(UUID().uuidString)".utf8) + (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    }

    @Test func putThenGetRoundTripsTheBytes() async throws {
        try await withStore { store in
            let bytes = document("round trip")
            let key = "policies/2026/\(UUID().uuidString).pdf"
            let stored = try await store.put(key: key, bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            #expect(stored.alreadyStored == false)
            #expect(stored.location == "s3://\(store.bucket)/\(key)")
            #expect(stored.size == bytes.count)
            let fetched = try #require(try await store.get(key: key))
            #expect(sha256Hex(fetched) == sha256Hex(bytes))
            #expect(try await store.get(key: "policies/2026/missing-\(UUID().uuidString).pdf") == nil)
        }
    }

    @Test func keyWithSpacesRoundTripsWithSignatureChecks() async throws {
        try await withStore { store in
            let bytes = document("spaces")
            let key = "policies/Zhang San/policy schedule \(UUID().uuidString).pdf"
            _ = try await store.put(key: key, bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            #expect(try await store.get(key: key) == bytes)
        }
    }

    /// On the moto without signature checks (it cannot verify non-ASCII paths, even
    /// botocore's); the listing by boto3 proves the key arrived decoded exactly once.
    @Test func chineseKeyRoundTrips() async throws {
        try await withStore(unsigned: true) { store in
            let bytes = document("张三")
            let folder = "policies/张三/\(UUID().uuidString)/"
            let key = folder + "保单 (1)!.pdf"
            let stored = try await store.put(key: key, bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            #expect(stored.location == "s3://\(store.bucket)/\(key)")
            #expect(try await store.get(key: key) == bytes)
            #expect(try await store.put(key: key, bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes)).alreadyStored)

            let moto = try await MotoServer.get()
            let listing = try ServerScripts.run("s3_boto3.py", input: JSONEncoder().encode([
                "action": "list", "endpoint": moto.unsignedEndpoint, "bucket": moto.bucket, "prefix": folder,
                "access_key": moto.accessKeyID, "secret_key": moto.secretAccessKey,
            ]))
            #expect(try JSONDecoder().decode([String].self, from: listing) == [key])
        }
    }

    /// The 412 path: moto honours `If-None-Match: *` on PutObject, and the store confirms
    /// the existing object through its stored SHA-256 checksum.
    @Test func retryOfTheSamePutIsAlreadyStored() async throws {
        try await withStore { store in
            let bytes = document("retry")
            let key = "retry/\(UUID().uuidString).pdf"
            _ = try await store.put(key: key, bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            let again = try await store.put(key: key, bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            #expect(again.alreadyStored == true)
            #expect(again.sha256Hex == sha256Hex(bytes))
        }
    }

    @Test func differentContentIsRefusedAndTheOriginalKept() async throws {
        try await withStore { store in
            let original = document("original"), forged = document("forged")
            let key = "conflict/\(UUID().uuidString).pdf"
            _ = try await store.put(key: key, bytes: original, mediaType: "application/pdf", sha256Hex: sha256Hex(original))
            let failure = await #expect(throws: StorageFailure.self) {
                try await store.put(key: key, bytes: forged, mediaType: "application/pdf", sha256Hex: sha256Hex(forged))
            }
            #expect(failure?.kind == .permanent)
            #expect(failure?.status == 412)
            #expect(failure?.code == "ContentMismatch")
            #expect(failure?.message.contains(sha256Hex(original)) == true)
            #expect(try await store.get(key: key) == original)
        }
    }

    /// An object written without a checksum (by another tool) is compared byte for byte.
    @Test func existingObjectWithoutChecksumIsComparedByItsBytes() async throws {
        try await withStore { store in
            let bytes = document("legacy")
            let key = "legacy/\(UUID().uuidString).pdf"
            let moto = try await MotoServer.get()
            let spec = ["action": "put", "endpoint": moto.endpoint, "bucket": moto.bucket, "key": key, "access_key": moto.accessKeyID,
                        "secret_key": moto.secretAccessKey, "body_base64": Data(bytes).base64EncodedString()]
            _ = try ServerScripts.run("s3_boto3.py", input: JSONEncoder().encode(spec))
            let again = try await store.put(key: key, bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            #expect(again.alreadyStored == true)
            let other = document("other")
            let failure = await #expect(throws: StorageFailure.self) {
                try await store.put(key: key, bytes: other, mediaType: "application/pdf", sha256Hex: sha256Hex(other))
            }
            #expect(failure?.code == "ContentMismatch")
        }
    }

    @Test func wrongSecretIsSignatureDoesNotMatch() async throws {
        let moto = try await MotoServer.get()
        try await withStore(secret: "not-the-secret-key") { store in
            let bytes = document("wrong secret")
            let failure = await #expect(throws: StorageFailure.self) {
                try await store.put(key: "auth/x.pdf", bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            }
            #expect(failure?.kind == .permanent)
            #expect(failure?.status == 403)
            #expect(failure?.code == "SignatureDoesNotMatch")
            for text in [failure?.message ?? "", failure?.description ?? "", store.description, String(reflecting: store)] {
                #expect(!text.contains("not-the-secret-key"))
                #expect(!text.contains(moto.secretAccessKey))
            }
            let getFailure = await #expect(throws: StorageFailure.self) { try await store.get(key: "auth/x.pdf") }
            #expect(getFailure?.code == "SignatureDoesNotMatch")
        }
    }

    @Test func missingBucketIsPermanent() async throws {
        try await withStore(bucket: "no-such-bucket-\(UInt32.random(in: 0...UInt32.max))") { store in
            let bytes = document("no bucket")
            let failure = await #expect(throws: StorageFailure.self) {
                try await store.put(key: "a.pdf", bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            }
            #expect(failure?.kind == .permanent)
            #expect(failure?.status == 404)
            #expect(failure?.code == "NoSuchBucket")
            let getFailure = await #expect(throws: StorageFailure.self) { try await store.get(key: "a.pdf") }
            #expect(getFailure?.code == "NoSuchBucket")
        }
    }

    @Test func refusedConnectionIsTemporary() async throws {
        let listener = try SilentListener()
        let port = listener.port
        listener.close()
        try await withUnreachableStore(port: port, timeout: .seconds(5)) { store in
            let failure = await #expect(throws: StorageFailure.self) { try await store.get(key: "a.pdf") }
            #expect(failure?.kind == .temporary)
            #expect(failure?.code == "ConnectionFailed")
        }
    }

    @Test func serverThatNeverAnswersTimesOut() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        try await withUnreachableStore(port: listener.port, timeout: .milliseconds(300)) { store in
            let bytes = document("timeout")
            let failure = await #expect(throws: StorageFailure.self) {
                try await store.put(key: "a.pdf", bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            }
            #expect(failure?.kind == .temporary)
            #expect(failure?.code == "Timeout")
        }
    }

    @Test func badKeyAndBadChecksumAreRefusedWithoutARequest() async throws {
        try await withUnreachableStore(port: 9, timeout: .seconds(1)) { store in
            let bytes = document("bad")
            let keyFailure = await #expect(throws: StorageFailure.self) {
                try await store.put(key: "../a.pdf", bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            }
            #expect(keyFailure?.code == "InvalidKey")
            let digestFailure = await #expect(throws: StorageFailure.self) {
                try await store.put(key: "a.pdf", bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex([]))
            }
            #expect(digestFailure?.code == "BadDigest")
        }
    }

    @Test func endpointMustBeAnHTTPOrigin() {
        for endpoint in ["127.0.0.1:9000", "ftp://host", "http://host/prefix", "http://user:pw@host"] {
            #expect(throws: StorageFailure.self) {
                try S3Store(endpoint: endpoint, bucket: "b", region: "us-east-1", accessKeyID: "a", secretAccessKey: "s")
            }
        }
    }

    @Test func errorBodyCodeAndMessageAreRead() {
        let body = Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <Error><Code>NoSuchBucket</Code><Message>The bucket &quot;x&quot; &amp; more</Message><BucketName>x</BucketName></Error>
        """.utf8)
        let error = S3ErrorBody(body)
        #expect(error.code == "NoSuchBucket")
        #expect(error.message == "The bucket \"x\" & more")
        #expect(S3ErrorBody([]).code == nil)
    }
}

/// A loopback TCP socket that accepts connections (through the kernel backlog) but never answers.
final class SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(descriptor, raw, length) == 0 && listen(descriptor, 8) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard bound else { throw ServerScripts.Failed(description: "could not open a loopback listener") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
