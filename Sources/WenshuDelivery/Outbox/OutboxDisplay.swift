import WenshuMail

/// How jobs are shown to people: email targets masked (a log or a terminal is not the place for an
/// address), storage keys as they are.
public enum OutboxDisplay {
    public static func mask(_ address: String) -> String { AddressMask.mask(address) }
    public static func target(_ job: DeliveryJob) -> String { job.channel == .email ? mask(job.target) : job.target }
}
