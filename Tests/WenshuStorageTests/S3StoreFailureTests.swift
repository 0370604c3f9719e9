import Foundation
import Testing
@testable import WenshuStorage

/// How `S3Store` classifies failures: permanent for what a retry cannot fix, temporary otherwise.
@Suite struct S3StoreFailureTests {
    @Test func wrongSecretIsSignatureDoesNotMatch() async throws {
        let moto = try await MotoServer.get()
        try await S3Fixtures.withStore(secret: "not-the-secret-key") { store in
            let bytes = S3Fixtures.document("wrong secret")
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
        try await S3Fixtures.withStore(bucket: "no-such-bucket-\(UInt32.random(in: 0...UInt32.max))") { store in
            let bytes = S3Fixtures.document("no bucket")
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

    /// AsyncHTTPClient retries a refused connection until the request's deadline, then
    /// reports the connection error; the short timeout keeps the test quick.
    @Test func refusedConnectionIsTemporary() async throws {
        let listener = try SilentListener()
        let port = listener.port
        listener.close()
        try await S3Fixtures.withUnreachableStore(port: port, timeout: .seconds(1)) { store in
            let failure = await #expect(throws: StorageFailure.self) { try await store.get(key: "a.pdf") }
            #expect(failure?.kind == .temporary)
            #expect(failure?.code == "ConnectionFailed")
        }
    }

    @Test func serverThatNeverAnswersTimesOut() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        try await S3Fixtures.withUnreachableStore(port: listener.port, timeout: .milliseconds(300)) { store in
            let bytes = S3Fixtures.document("timeout")
            let failure = await #expect(throws: StorageFailure.self) {
                try await store.put(key: "a.pdf", bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            }
            #expect(failure?.kind == .temporary)
            #expect(failure?.code == "Timeout")
        }
    }

    @Test func badKeyAndBadChecksumAreRefusedWithoutARequest() async throws {
        try await S3Fixtures.withUnreachableStore(port: 9, timeout: .seconds(1)) { store in
            let bytes = S3Fixtures.document("bad")
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
