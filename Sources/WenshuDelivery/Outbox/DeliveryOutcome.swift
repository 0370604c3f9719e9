/// What one try of a channel came to. Channels classify; the state machine decides.
public enum DeliveryOutcome: Sendable, Equatable {
    /// Delivered: the server's final reply (SMTP 250, HTTP 200, or "already stored").
    case delivered(code: Int?, reply: String)
    /// Worth trying again: 4xx, a refused or reset connection before the message was complete, a timeout.
    case temporary(code: Int?, reply: String)
    /// Will fail the same way every time: 5xx, an address or key that is refused.
    case permanent(code: Int?, reply: String)
    /// The peer may or may not have the message: the connection was lost after the final "." and
    /// before its reply. Retried (at-least-once), with the same Message-ID so the receiver can tell.
    case ambiguous(code: Int?, reply: String)

    public var code: Int? {
        switch self {
        case .delivered(let c, _), .temporary(let c, _), .permanent(let c, _), .ambiguous(let c, _): return c
        }
    }

    public var reply: String {
        switch self {
        case .delivered(_, let r), .temporary(_, let r), .permanent(_, let r), .ambiguous(_, let r): return r
        }
    }

    public var name: String {
        switch self {
        case .delivered: return "delivered"
        case .temporary: return "temporary"
        case .permanent: return "permanent"
        case .ambiguous: return "ambiguous"
        }
    }
}
