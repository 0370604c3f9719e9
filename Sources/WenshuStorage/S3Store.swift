import AsyncHTTPClient
import Crypto
import NIOCore
import NIOHTTP1

import Foundation

/// Keeps documents in an S3 bucket (AWS S3, MinIO, Ceph, moto), addressed path-style
/// (`endpoint/bucket/key`), signed with `SigV4`.
///
/// Write-once: every PUT carries `If-None-Match: *`, so S3 answers 412 instead of
/// replacing an existing object (S3 conditional writes, 2024). On 412 the store asks
/// for the stored object's SHA-256 (HEAD with `x-amz-checksum-mode: ENABLED`, or a GET
/// when the object has no stored checksum) and reports `alreadyStored` only if it
/// matches; different content is a permanent `ContentMismatch`.
///
/// Each PUT sends `x-amz-checksum-sha256` (and `x-amz-sdk-checksum-algorithm: SHA256`,
/// which some servers need before they keep the checksum), so S3 rejects bytes damaged
/// on the way and can return the checksum later.
///
/// Failures map to `StorageFailure`: 5xx, 408, 429, 409 conflicts of concurrent
/// conditional writes, `RequestTimeout`, timeouts and connection errors are temporary;
/// every other 4xx and any 3xx (wrong endpoint or region) is permanent.
public final class S3Store: ObjectStore, CustomDebugStringConvertible {
    public let bucket: String
    public let region: String
    let endpoint: Endpoint
    let credentials: Credentials
    let client: HTTPClient
    let ownsClient: Bool
    let timeout: TimeAmount
    /// Largest object `get` will read; bigger ones fail permanently rather than exhaust memory.
    static let maximumObjectBytes = 256 << 20

    /// - Parameters:
    ///   - endpoint: `http://host[:port]` or `https://host[:port]`, without a path.
    ///   - bucket: the bucket name; it goes in the path, never in the host.
    ///   - sessionToken: for temporary credentials (sent as `x-amz-security-token`).
    ///   - httpClient: a client to share; when nil the store makes its own (redirects off,
    ///     5 s connect timeout) and `shutdown()` must be called before it is released.
    ///   - timeout: the deadline for each request, response body included.
    /// - Throws: a permanent `StorageFailure` (code `InvalidEndpoint`) when `endpoint` is not usable.
    public init(endpoint: String, bucket: String, region: String, accessKeyID: String, secretAccessKey: String,
                sessionToken: String? = nil, httpClient: HTTPClient? = nil, timeout: Duration = .seconds(30)) throws(StorageFailure) {
        self.endpoint = try Endpoint(endpoint)
        self.bucket = bucket
        self.region = region
        self.credentials = Credentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
        let (seconds, attoseconds) = timeout.components
        self.timeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        if let httpClient {
            self.client = httpClient
            self.ownsClient = false
        } else {
            let configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)))
            self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            self.ownsClient = true
        }
    }

    /// Shuts down the HTTP client if this store created it; does nothing for a shared client.
    public func shutdown() async throws {
        if ownsClient { try await client.shutdown() }
    }

    public var description: String {
        "S3 bucket \(quoted(bucket)) at \(endpoint.origin) (region \(region), path-style)"
    }

    public var debugDescription: String { description }

    public func put(key: String, bytes: [UInt8], mediaType: String, sha256Hex: String) async throws(StorageFailure) -> StoredObject {
        try ObjectKey.validate(key)
        let digest = try verifiedSHA256(key: key, bytes: bytes, claimed: sha256Hex)
        let checksum = Data(sha256Digest(fromHex: digest)!).base64EncodedString()
        let response = try await send(.PUT, key: key, headers: [
            ("content-type", mediaType),
            ("if-none-match", "*"),
            ("x-amz-checksum-sha256", checksum),
            ("x-amz-sdk-checksum-algorithm", "SHA256"),
        ], body: bytes, payloadSHA256Hex: digest)

        func stored(already: Bool) -> StoredObject {
            StoredObject(key: key, sha256Hex: digest, size: bytes.count, alreadyStored: already, location: location(of: key))
        }
        switch response.status {
        case 200..<300:
            return stored(already: false)
        case 412:
            try await confirmStored(key: key, digest: digest, checksum: checksum)
            return stored(already: true)
        default:
            throw failure(for: response, method: .PUT, key: key)
        }
    }

    public func get(key: String) async throws(StorageFailure) -> [UInt8]? {
        try ObjectKey.validate(key)
        let response = try await send(.GET, key: key, headers: [("x-amz-checksum-mode", "ENABLED")])
        switch response.status {
        case 200:
            if let stored = Self.fullObjectChecksum(response.headers),
               stored != Data(SHA256.hash(data: response.body)).base64EncodedString() {
                throw StorageFailure(kind: .temporary, status: 200, code: "BadDigest",
                                     message: "GET \(location(of: key)): the bytes received do not match the stored sha256 checksum")
            }
            return response.body
        case 404 where response.error.code == nil || response.error.code == "NoSuchKey":
            return nil
        default:
            throw failure(for: response, method: .GET, key: key)
        }
    }

    /// After a 412, proves the existing object holds the offered bytes.
    private func confirmStored(key: String, digest: String, checksum: String) async throws(StorageFailure) {
        let head = try await send(.HEAD, key: key, headers: [("x-amz-checksum-mode", "ENABLED")])
        guard head.status == 200 else {
            if head.status == 404 {
                throw StorageFailure(kind: .temporary, status: 404, code: "NoSuchKey",
                                     message: "PUT \(location(of: key)) was refused as existing, but the object is gone now")
            }
            throw failure(for: head, method: .HEAD, key: key)
        }
        if let stored = Self.fullObjectChecksum(head.headers) {
            guard stored == checksum else {
                let storedHex = Data(base64Encoded: stored).map { hexString($0) }
                throw StorageFailure.contentMismatch(key, stored: storedHex, offered: digest, status: 412)
            }
            return
        }
        // No stored checksum (an object written without one): compare the bytes themselves.
        guard let existing = try await get(key: key) else {
            throw StorageFailure(kind: .temporary, status: 404, code: "NoSuchKey",
                                 message: "PUT \(location(of: key)) was refused as existing, but the object is gone now")
        }
        let existingDigest = sha256Hex(existing)
        guard existingDigest == digest else {
            throw StorageFailure.contentMismatch(key, stored: existingDigest, offered: digest, status: 412)
        }
    }

    /// The `x-amz-checksum-sha256` of a whole object; nil when absent or composite
    /// (`…-N`, a checksum of part checksums from a multipart upload).
    static func fullObjectChecksum(_ headers: HTTPHeaders) -> String? {
        guard let value = headers.first(name: "x-amz-checksum-sha256"), !value.contains("-") else { return nil }
        return value
    }

    func location(of key: String) -> String { "s3://\(bucket)/\(key)" }
}
