/// A channel: takes one job and its document bytes and says what became of them. A sender never
/// throws; every failure is classified, because the classification decides retry or dead letter.
public protocol DeliverySender: Sendable {
    func deliver(_ job: DeliveryJob, document: [UInt8]) async -> DeliveryOutcome
    /// The target as it may appear in logs and the audit table (an address is masked).
    func maskedTarget(_ job: DeliveryJob) -> String
    /// Closes connections the sender keeps open.
    func shutdown() async
}

extension DeliverySender {
    public func maskedTarget(_ job: DeliveryJob) -> String { job.target }
    public func shutdown() async {}
}
