import AsyncHTTPClient
import Foundation

/// Builds a store from a configuration URL, as given to `wenshu serve --store`.
///
/// - `file:///srv/wenshu/documents` → `FileSystemStore` rooted at that absolute path
///   (percent-escapes are decoded; a host other than empty or `localhost` is refused).
/// - `s3://bucket?endpoint=http://127.0.0.1:9000&region=us-east-1` → `S3Store`, path-style.
///   `region` defaults to `us-east-1`; `endpoint` defaults to `https://s3.<region>.amazonaws.com`.
///   Keys come from `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (and
///   `AWS_SESSION_TOKEN` when set) in `environment`, never from the URL.
///
/// Errors are permanent `StorageFailure`s with code `InvalidStoreURL` that name the
/// problem; they never repeat a secret (the URL is not echoed when it carries user info).
public enum StoreURL {
    public static func parse(_ url: String, environment: [String: String], httpClient: HTTPClient = .shared) throws(StorageFailure) -> any ObjectStore {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw invalid("store URL is not a URL (expected file:///path or s3://bucket?endpoint=…)")
        }
        if components.user != nil || components.password != nil {
            throw invalid("store URL must not contain user info; put keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        switch scheme {
        case "file": return try fileStore(components)
        case "s3": return try s3Store(components, environment: environment, httpClient: httpClient)
        default: throw invalid("unsupported store URL scheme '\(scheme)' (expected file or s3)")
        }
    }

    private static func fileStore(_ components: URLComponents) throws(StorageFailure) -> FileSystemStore {
        if let host = components.host, !host.isEmpty, host != "localhost" {
            throw invalid("file store URL must not name a host ('\(host)'); use file:///absolute/path")
        }
        let path = components.path
        guard path.hasPrefix("/"), path != "/" else {
            throw invalid("file store URL needs an absolute folder other than /, like file:///srv/wenshu/documents")
        }
        if path.contains("\0") { throw invalid("file store path contains NUL") }
        return FileSystemStore(root: path)
    }

    private static func s3Store(_ components: URLComponents, environment: [String: String], httpClient: HTTPClient) throws(StorageFailure) -> S3Store {
        guard let bucket = components.host, !bucket.isEmpty else {
            throw invalid("s3 store URL needs a bucket: s3://bucket?endpoint=…")
        }
        guard components.path.isEmpty || components.path == "/" else {
            throw invalid("s3 store URL must not have a path after the bucket (got '\(components.path)')")
        }
        var parameters: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard ["endpoint", "region"].contains(item.name) else {
                throw invalid("unknown s3 store URL parameter '\(item.name)' (known: endpoint, region)")
            }
            parameters[item.name] = item.value ?? ""
        }
        let region = parameters["region"] ?? "us-east-1"
        if region.isEmpty { throw invalid("s3 store URL has an empty region") }
        let endpoint = parameters["endpoint"] ?? "https://s3.\(region).amazonaws.com"
        guard let accessKeyID = environment["AWS_ACCESS_KEY_ID"], !accessKeyID.isEmpty else {
            throw invalid("AWS_ACCESS_KEY_ID is not set (needed for s3://\(bucket))")
        }
        guard let secretAccessKey = environment["AWS_SECRET_ACCESS_KEY"], !secretAccessKey.isEmpty else {
            throw invalid("AWS_SECRET_ACCESS_KEY is not set (needed for s3://\(bucket))")
        }
        let sessionToken = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            return try S3Store(endpoint: endpoint, bucket: bucket, region: region, accessKeyID: accessKeyID,
                               secretAccessKey: secretAccessKey, sessionToken: sessionToken, httpClient: httpClient)
        } catch {
            throw invalid(error.message)
        }
    }

    private static func invalid(_ message: String) -> StorageFailure {
        StorageFailure(kind: .permanent, code: "InvalidStoreURL", message: message)
    }
}
