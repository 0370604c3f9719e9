import Foundation
import Testing
import WenshuStorage

/// `S3Store` against a real `moto_server`, with signature checks on unless a test says otherwise (see `MotoServer`).
@Suite struct S3StoreTests {
    @Test func putThenGetRoundTripsTheBytes() async throws {
        try await S3Fixtures.withStore { store in
            let bytes = S3Fixtures.document("round trip")
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
        try await S3Fixtures.withStore { store in
            let bytes = S3Fixtures.document("spaces")
            let key = "policies/Zhang San/policy schedule \(UUID().uuidString).pdf"
            _ = try await store.put(key: key, bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            #expect(try await store.get(key: key) == bytes)
        }
    }

    /// On the moto without signature checks (it cannot verify non-ASCII paths, even
    /// botocore's); the listing by boto3 proves the key arrived decoded exactly once.
    @Test func chineseKeyRoundTrips() async throws {
        try await S3Fixtures.withStore(unsigned: true) { store in
            let bytes = S3Fixtures.document("张三")
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
        try await S3Fixtures.withStore { store in
            let bytes = S3Fixtures.document("retry")
            let key = "retry/\(UUID().uuidString).pdf"
            _ = try await store.put(key: key, bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            let again = try await store.put(key: key, bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            #expect(again.alreadyStored == true)
            #expect(again.sha256Hex == sha256Hex(bytes))
        }
    }

    @Test func differentContentIsRefusedAndTheOriginalKept() async throws {
        try await S3Fixtures.withStore { store in
            let original = S3Fixtures.document("original"), forged = S3Fixtures.document("forged")
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
        try await S3Fixtures.withStore { store in
            let bytes = S3Fixtures.document("legacy")
            let key = "legacy/\(UUID().uuidString).pdf"
            let moto = try await MotoServer.get()
            let spec = ["action": "put", "endpoint": moto.endpoint, "bucket": moto.bucket, "key": key, "access_key": moto.accessKeyID,
                        "secret_key": moto.secretAccessKey, "body_base64": Data(bytes).base64EncodedString()]
            _ = try ServerScripts.run("s3_boto3.py", input: JSONEncoder().encode(spec))
            let again = try await store.put(key: key, bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            #expect(again.alreadyStored == true)
            let other = S3Fixtures.document("other")
            let failure = await #expect(throws: StorageFailure.self) {
                try await store.put(key: key, bytes: other, mediaType: "application/pdf", sha256Hex: sha256Hex(other))
            }
            #expect(failure?.code == "ContentMismatch")
        }
    }
}
