import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A timestamp authority reached over HTTP (RFC 3161 §3.4: a POST of `application/timestamp-query`,
/// answered with `application/timestamp-reply`).
public struct TimestampAuthority: Sendable {
    /// The TSA's URL. User information in it (`https://user:secret@tsa.example/`) is sent as HTTP Basic
    /// authentication and never appears in errors or logs.
    public var url: String
    /// For the whole exchange: connect, send, answer.
    public var timeout: Duration
    /// Bytes reserved in /Contents for the token, whose size is unknown until the TSA answers; a token
    /// that turns out larger is retried once with room measured from the first answer.
    public var tokenReserve: Int

    public init(url: String, timeout: Duration = .seconds(15), tokenReserve: Int = 8192) {
        self.url = url; self.timeout = timeout; self.tokenReserve = tokenReserve
    }

    /// The URL without user information, query or fragment, for messages.
    public var redactedURL: String {
        guard var components = URLComponents(string: url) else { return "(unparseable URL)" }
        components.user = nil
        components.password = nil
        let hadQuery = components.query != nil
        components.query = nil
        components.fragment = nil
        return (components.string ?? "(unparseable URL)") + (hadQuery ? "?…" : "")
    }

    /// Asks for a timestamp token over `digest` (the SHA-256 of a signature value, EN 319 122-1 §5.3).
    /// - Returns: the TimeStampToken DER.
    /// - Throws: `SigningError.timestamp` naming the redacted URL: unreachable, timed out, an HTTP error,
    ///   a rejected request, or a token that does not answer our request.
    func token(for digest: [UInt8]) async throws(SigningError) -> [UInt8] {
        let where_ = "timestamp authority \(redactedURL)"
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false else {
            throw SigningError(.timestamp, "\(where_): not an http or https URL")
        }
        let request = TimestampRequest(digest: digest)
        var http = HTTPClientRequest(url: Self.withoutUserInfo(components))
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/timestamp-query")
        http.headers.add(name: "Accept", value: "application/timestamp-reply")
        if let user = components.user {
            let credentials = "\(user.removingPercentEncoding ?? user):\(components.password?.removingPercentEncoding ?? "")"
            http.headers.add(name: "Authorization", value: "Basic " + Data(credentials.utf8).base64EncodedString())
        }
        do { http.body = .bytes(ByteBuffer(bytes: try request.der())) } catch {
            throw SigningError(.timestamp, "\(where_): cannot encode the request (\(error))")
        }

        let body: ByteBuffer
        do {
            let deadline = NIODeadline.now() + TimeAmount.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                                                                      + timeout.components.attoseconds / 1_000_000_000)
            let response = try await HTTPClient.shared.execute(http, deadline: deadline)
            guard response.status == .ok else {
                throw SigningError(.timestamp, "\(where_): answered HTTP \(response.status.code) \(response.status.reasonPhrase)")
            }
            body = try await response.body.collect(upTo: 1 << 20)
        } catch let error as SigningError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw SigningError(.timestamp, "\(where_): no answer within \(timeout)")
        } catch {
            throw SigningError(.timestamp, "\(where_): \(error)")
        }
        do {
            return try TimestampResponse.token(from: Array(buffer: body), for: request, reader: ASN1Reader(context: where_))
        } catch {
            throw SigningError(.timestamp, error.message)
        }
    }

    private static func withoutUserInfo(_ components: URLComponents) -> String {
        var copy = components
        copy.user = nil
        copy.password = nil
        return copy.string ?? ""
    }
}
