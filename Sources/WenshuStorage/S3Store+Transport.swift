import AsyncHTTPClient
import NIOCore
import NIOHTTP1

import Foundation

extension S3Store {
    /// Scheme, host and port of the endpoint, and the `Host` header value signed for it.
    struct Endpoint: Sendable {
        var scheme: String
        var host: String

        var origin: String { "\(scheme)://\(host)" }

        init(_ text: String) throws(StorageFailure) {
            guard let components = URLComponents(string: text),
                  let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  let host = components.host, !host.isEmpty else {
                throw StorageFailure(kind: .permanent, code: "InvalidEndpoint",
                                     message: "S3 endpoint \(quoted(text)) is not an http:// or https:// URL with a host")
            }
            guard components.path.isEmpty || components.path == "/", components.query == nil,
                  components.user == nil, components.password == nil else {
                throw StorageFailure(kind: .permanent, code: "InvalidEndpoint",
                                     message: "S3 endpoint must be scheme://host[:port] only (no path, query or user info)")
            }
            self.scheme = scheme
            let defaultPort = scheme == "https" ? 443 : 80
            let hostText = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            if let port = components.port, port != defaultPort {
                self.host = "\(hostText.lowercased()):\(port)"
            } else {
                self.host = hostText.lowercased()
            }
        }
    }

    /// Access keys; kept out of `description`, `dump` and reflection so they never reach a log.
    struct Credentials: Sendable, CustomStringConvertible, CustomReflectable {
        var accessKeyID: String
        var secretAccessKey: String
        var sessionToken: String?

        var description: String { "credentials(redacted)" }
        var customMirror: Mirror { Mirror(self, children: []) }
    }

    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        /// `<Code>` and `<Message>` of an S3 XML error body, when there is one.
        var error: S3ErrorBody { S3ErrorBody(body) }
    }

    /// Signs and sends one request for `key`, reading the whole response body.
    /// Transport problems become temporary failures, except a URL the client cannot use.
    func send(_ method: HTTPMethod, key: String, headers: [(String, String)], body: [UInt8] = [],
              payloadSHA256Hex: String? = nil) async throws(StorageFailure) -> Response {
        let path = "/\(bucket)/\(key)"
        let payloadHash = payloadSHA256Hex ?? sha256Hex(body)
        let signed = SigV4.sign(method: method.rawValue, host: endpoint.host, path: path, headers: headers,
                                payloadSHA256Hex: payloadHash, accessKeyID: credentials.accessKeyID,
                                secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken,
                                region: region, date: Date())
        var request = HTTPClientRequest(url: endpoint.origin + SigV4.encodePath(path))
        request.method = method
        request.headers.add(name: "host", value: endpoint.host)
        for (name, value) in headers + signed { request.headers.add(name: name, value: value) }
        if method == .PUT || !body.isEmpty { request.body = .bytes(ByteBuffer(bytes: body)) }

        do {
            let response = try await client.execute(request, timeout: timeout)
            let limit = method == .GET ? Self.maximumObjectBytes : 1 << 20
            let buffer = try await response.body.collect(upTo: limit)
            return Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
        } catch is NIOTooManyBytesError {
            throw StorageFailure(kind: .permanent, code: "TooLarge",
                                 message: "\(method.rawValue) \(location(of: key)): the response is larger than \(Self.maximumObjectBytes) bytes")
        } catch {
            throw Self.transportFailure(error, method: method, location: location(of: key))
        }
    }

    static func transportFailure(_ error: any Error, method: HTTPMethod, location: String) -> StorageFailure {
        let what = "\(method.rawValue) \(location)"
        if let error = error as? HTTPClientError {
            switch error {
            case .invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown:
                return StorageFailure(kind: .permanent, code: "InvalidRequest", message: "\(what): \(error)")
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return StorageFailure(kind: .temporary, code: "Timeout", message: "\(what) timed out (\(error))")
            default:
                break
            }
        }
        if error is CancellationError {
            return StorageFailure(kind: .temporary, code: "Cancelled", message: "\(what) was cancelled")
        }
        return StorageFailure(kind: .temporary, code: "ConnectionFailed", message: "\(what) failed: \(error)")
    }

    /// Classifies an unexpected HTTP status (see the type's doc comment for the rules).
    func failure(for response: Response, method: HTTPMethod, key: String) -> StorageFailure {
        let error = response.error
        let status = response.status
        let temporaryCodes: Set<String> = ["RequestTimeout", "SlowDown", "InternalError", "ServiceUnavailable",
                                           "ConditionalRequestConflict", "OperationAborted"]
        let temporary = status >= 500 || status == 408 || status == 429 || temporaryCodes.contains(error.code ?? "")
        var message = "\(method.rawValue) \(location(of: key)): HTTP \(status)"
        if let code = error.code { message += " \(code)" }
        if let text = error.message { message += ": \(text)" }
        return StorageFailure(kind: temporary ? .temporary : .permanent, status: status,
                              code: error.code ?? HTTPResponseStatus(statusCode: status).reasonPhrase, message: message)
    }
}
