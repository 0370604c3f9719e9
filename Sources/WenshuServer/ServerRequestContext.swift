public import Hummingbird
import NIOCore
import Synchronization

/// Per-request state shared by middleware and routes: the request id echoed back, the name of the
/// token that authenticated (for logs; never the token), and the client address for rate limiting.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String = ""
    /// Set by the auth middleware, read by the request log around it (the context is a value, so
    /// the name lives in a shared box).
    public var tokenName: String? {
        get { facts.tokenName.withLock { $0 } }
        nonmutating set { facts.tokenName.withLock { $0 = newValue } }
    }
    private let facts = RequestFacts()
    /// The peer's IP address, without port; "unknown" when not on a socket (router tests).
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies are read by the routes with their own limits (`BodyReader`).
    public var maxUploadSize: Int { 8 << 20 }
}

final class RequestFacts: Sendable {
    let tokenName = Mutex<String?>(nil)
}
