/// The four states an insurer's platform shows for a policy (domain.md §8): 待生效, 生效中, 已终保,
/// 已注销. A document prints the state as of a given instant (the request time, or `--as-of`), so a
/// certificate downloaded before the trip says 待生效 and one downloaded after says 已终保.
public enum PolicyState: String, Sendable, CaseIterable {
    case pending, inForce, ended, cancelled

    public var chinese: String {
        switch self {
        case .pending: "待生效"
        case .inForce: "生效中"
        case .ended: "已终保"
        case .cancelled: "已注销"
        }
    }

    public var english: String {
        switch self {
        case .pending: "Not yet in force"
        case .inForce: "In force"
        case .ended: "Ended"
        case .cancelled: "Cancelled"
        }
    }

    /// The state at `asOf` of a policy in force from `start` (inclusive) to `end` (exclusive: an end
    /// of "…日24时" is the next day's 00:00). A cancellation counts from its own effective instant;
    /// one dated later leaves the policy as it is until then.
    public static func at(_ asOf: Int64, start: Int64, end: Int64, cancelledAt: Int64?) -> PolicyState {
        if let cancelledAt, cancelledAt <= asOf { return .cancelled }
        if asOf < start { return .pending }
        if asOf < end { return .inForce }
        return .ended
    }
}
