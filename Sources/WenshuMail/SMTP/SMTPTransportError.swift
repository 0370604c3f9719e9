import NIOSSL

/// What went wrong below the reply level; `SMTPConnection` turns it into an `SMTPFailure`.
enum SMTPTransportError: Error {
    case timeout
    case closed
    case malformedReply(SMTPReplyParser.ParseError)
    case tls(String)
    case io(String)

    /// Errors from the pipeline, with TLS errors kept apart so they report the "TLS" stage.
    init(_ error: any Error) {
        if let error = error as? SMTPTransportError {
            self = error
        } else if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            self = .tls(String(describing: error))
        } else {
            self = .io(String(describing: error))
        }
    }

    var description: String {
        switch self {
        case .timeout: "timed out waiting for the server"
        case .closed: "connection closed by the server"
        case .malformedReply(let error): "malformed reply (\(error))"
        case .tls(let error): "tls failure: \(error)"
        case .io(let error): "connection failure: \(error)"
        }
    }
}
