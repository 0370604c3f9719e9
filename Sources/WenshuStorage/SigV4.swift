import Crypto

import Foundation

/// AWS Signature Version 4 for header-signed requests, as S3 and botocore compute it.
///
/// The steps (AWS General Reference, "Create a signed AWS API request"):
/// 1. canonical request = method, encoded path, sorted query, canonical headers,
///    signed header names, payload hash, one per line;
/// 2. string to sign = `AWS4-HMAC-SHA256`, timestamp, scope, hex SHA-256 of (1);
/// 3. signing key = HMAC chain over `"AWS4" + secret`, date, region, service, `aws4_request`;
/// 4. signature = hex HMAC of (2) with (3).
///
/// Worked example of the canonical request for `PUT /docs/张三/a b.pdf?x=1`
/// (path segments encoded once, as S3 wants, not twice as other services do):
///
///     PUT
///     /docs/%E5%BC%A0%E4%B8%89/a%20b.pdf
///     x=1
///     host:127.0.0.1:9000
///     x-amz-content-sha256:e3b0…b855
///     x-amz-date:20260130T120000Z
///
///     host;x-amz-content-sha256;x-amz-date
///     e3b0…b855
///
/// `Tests/Servers/s3_sigv4_reference.py` computes the same with botocore for the tests.
public enum SigV4 {
    static let algorithm = "AWS4-HMAC-SHA256"

    /// Headers botocore leaves unsigned because proxies may change them.
    static let unsignedHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id", "authorization",
    ]

    /// Signs a request and returns the headers to add to it: `x-amz-date`,
    /// `x-amz-content-sha256`, `x-amz-security-token` (only with a session token)
    /// and `Authorization`.
    ///
    /// - Parameters:
    ///   - host: the `Host` header value, with the port unless it is the scheme's default.
    ///     It is always signed; the caller must send exactly this value.
    ///   - path: the raw, unencoded path starting with `/` (e.g. `/bucket/张三/a b.pdf`);
    ///     it is encoded here with `encodePath`, which the caller must also use for the URL.
    ///   - query: raw names and values; encoded and sorted here (send `canonicalQuery(query)`).
    ///   - headers: the other headers that will be sent; all are signed except the
    ///     hop-by-hop ones botocore skips. Repeated names are joined with commas.
    ///   - payloadSHA256Hex: hex SHA-256 of the body (of no bytes for an empty body).
    ///   - date: the signing time; S3 rejects requests more than 15 minutes off.
    public static func sign(
        method: String,
        host: String,
        path: String,
        query: [(String, String)] = [],
        headers: [(String, String)],
        payloadSHA256Hex: String,
        accessKeyID: String,
        secretAccessKey: String,
        sessionToken: String? = nil,
        region: String,
        service: String = "s3",
        date: Date
    ) -> [(String, String)] {
        let timestamp = amzDate(date)
        let day = String(timestamp.prefix(8))
        var added: [(String, String)] = [("x-amz-date", timestamp), ("x-amz-content-sha256", payloadSHA256Hex)]
        if let sessionToken { added.append(("x-amz-security-token", sessionToken)) }

        let canonical = canonicalHeaders(headers + [("host", host)] + added)
        let canonicalRequest = [
            method.uppercased(),
            encodePath(path),
            canonicalQuery(query),
            canonical.lines + "\n",
            canonical.signedNames,
            payloadSHA256Hex,
        ].joined(separator: "\n")

        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [algorithm, timestamp, scope, hexString(SHA256.hash(data: Array(canonicalRequest.utf8)))]
            .joined(separator: "\n")

        var key = SymmetricKey(data: Array("AWS4\(secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: hmac(key, part))
        }
        let signature = hexString(hmac(key, stringToSign))

        added.append(("Authorization", "\(algorithm) Credential=\(accessKeyID)/\(scope), SignedHeaders=\(canonical.signedNames), Signature=\(signature)"))
        return added
    }

    private static func hmac(_ key: SymmetricKey, _ message: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key))
    }
}
