public import Hummingbird
import NIOCore

/// Per-request state shared by middleware and routes: the request id echoed back, the name of the
/// token that authenticated (for logs; never the token), and the client address for rate limiting.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String = ""
    public var tokenName: String?
    /// The peer's IP address, without port; "unknown" when not on a socket (router tests).
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies are read by the routes with their own limits (`BodyReader`).
    public var maxUploadSize: Int { 8 << 20 }
}
