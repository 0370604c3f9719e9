import Foundation
import Logging
import NIOCore
import WenshuMail
import WenshuStorage

/// Everything a node needs to deliver, built from the environment: the outbox store, the senders of
/// the channels that are configured, and the retry policy. `wenshu deliver`, `wenshu outbox …` and
/// `wenshu serve` all start from here.
public final class DeliveryRuntime: Sendable {
    public let store: any DeliveryDatabase
    public var registry: any DocumentRegistry { store }
    public let senders: [DeliveryChannel: any DeliverySender]
    public let policy: RetryPolicy
    /// Right-hand side of every Message-ID: the sender's domain.
    public let messageDomain: String
    /// The channel `--store KEY` uses: `filesystem` or `s3`, from `WENSHU_STORE_URL`; nil if unset.
    public let storeChannel: DeliveryChannel?
    public let logger: Logger
    private let shutdownOnce = OnceFlag()

    init(store: any DeliveryDatabase, senders: [DeliveryChannel: any DeliverySender], policy: RetryPolicy, messageDomain: String,
         storeChannel: DeliveryChannel?, logger: Logger) {
        self.store = store; self.senders = senders; self.policy = policy; self.messageDomain = messageDomain
        self.storeChannel = storeChannel; self.logger = logger
    }

    /// - Parameter dataDirectory: where the default SQLite outbox lives (`<dir>/outbox.db`).
    public static func make(environment: DeliveryEnvironment, dataDirectory: String, logger: Logger) async throws -> DeliveryRuntime {
        let policy = try environment.retryPolicy()
        var senders: [DeliveryChannel: any DeliverySender] = [:]
        var domain = "wenshu.localhost"
        if let from = try environment.mailFrom() {
            domain = String(from.address.split(separator: "@").last ?? "wenshu.localhost")
            if let smtp = try environment.smtpConfiguration() {
                senders[.email] = EmailSender(configuration: smtp, from: from, dkim: try environment.dkimSigner(),
                                              maxIdleConnections: try environment.integer("WENSHU_SMTP_CONNECTIONS", default: 4, range: 0...64),
                                              logger: logger)
            }
        } else if environment["WENSHU_SMTP_URL"] != nil {
            throw OutboxError("WENSHU_SMTP_URL is set but WENSHU_MAIL_FROM is not: set the sender, e.g. \"中国示例保险 <policy@insurer.example>\"")
        }
        var storeChannel: DeliveryChannel?
        if let url = environment["WENSHU_STORE_URL"] {
            let objectStore: any ObjectStore
            do { objectStore = try StoreURL.parse(url, environment: environment.values) } catch {
                throw OutboxError("WENSHU_STORE_URL: \(error.message)")
            }
            let channel: DeliveryChannel = url.hasPrefix("s3://") ? .s3 : .filesystem
            senders[channel] = StorageSender(store: objectStore)
            storeChannel = channel
        }
        let store = try await OutboxStores.open(url: environment.databaseURL(dataDirectory: dataDirectory), environment: environment,
                                                logger: logger)
        return DeliveryRuntime(store: store, senders: senders, policy: policy, messageDomain: domain, storeChannel: storeChannel,
                               logger: logger)
    }

    public func worker(options: OutboxWorker.Options = OutboxWorker.Options()) -> OutboxWorker {
        OutboxWorker(store: store, senders: senders, policy: policy, options: options, logger: logger)
    }

    public func enqueue(_ requests: [DeliveryRequest]) async throws -> [(job: DeliveryJob, created: Bool)] {
        try await store.enqueue(batch: requests, messageDomain: messageDomain, now: Date())
    }

    /// Closes connections and the store; safe to call more than once.
    public func shutdown() async {
        guard shutdownOnce.set() else { return }
        for sender in senders.values { await sender.shutdown() }
        try? await store.close()
    }
}

extension DeliveryEnvironment {
    /// `WENSHU_MAIL_FROM`: `addr@domain` or `Display Name <addr@domain>`.
    func mailFrom() throws -> MailAddress? {
        guard let raw = self["WENSHU_MAIL_FROM"] else { return nil }
        var name: String?
        var address = raw.trimmingCharacters(in: .whitespaces)
        if let open = address.lastIndex(of: "<"), address.hasSuffix(">") {
            let display = address[..<open].trimmingCharacters(in: .whitespaces)
            name = display.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).isEmpty ? nil
                : display.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            address = String(address[address.index(after: open)..<address.index(before: address.endIndex)])
        }
        do { return try MailAddress(address, displayName: name) } catch {
            throw OutboxError("WENSHU_MAIL_FROM: \(error.message)")
        }
    }

    /// `WENSHU_SMTP_URL`: `smtp://host:port` (plain), `smtp+starttls://…` or `smtps://…`, with
    /// `user:password@` in the URL or the password in `WENSHU_SMTP_PASSWORD_FILE`.
    /// `WENSHU_SMTP_TIMEOUT_MS` sets each step's timeout (default 30000), `WENSHU_SMTP_CA_FILE` a
    /// PEM of CAs to trust instead of the system's, `WENSHU_SMTP_HELO` the EHLO name.
    public func smtpConfiguration() throws -> SMTPConfiguration? {
        guard let raw = self["WENSHU_SMTP_URL"] else { return nil }
        guard let url = URLComponents(string: raw), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw OutboxError("WENSHU_SMTP_URL is not smtp://host:port, smtp+starttls://host:port or smtps://host:port")
        }
        let security: SMTPSecurity
        let defaultPort: Int
        switch scheme {
        case "smtp": security = .plain; defaultPort = 25
        case "smtp+starttls": security = .startTLS; defaultPort = 587
        case "smtps": security = .implicitTLS; defaultPort = 465
        default: throw OutboxError("WENSHU_SMTP_URL: the scheme must be smtp, smtp+starttls or smtps, not '\(scheme)'")
        }
        let password = try secretFile("WENSHU_SMTP_PASSWORD_FILE") ?? url.password?.removingPercentEncoding
        let timeout = try integer("WENSHU_SMTP_TIMEOUT_MS", default: 30_000, range: 100...600_000)
        return SMTPConfiguration(
            host: host, port: url.port ?? defaultPort, security: security, username: url.user?.removingPercentEncoding,
            password: password, heloName: self["WENSHU_SMTP_HELO"] ?? "localhost",
            connectTimeout: .milliseconds(Int64(min(timeout, 30_000))), commandTimeout: .milliseconds(Int64(timeout)),
            dataTimeout: .milliseconds(Int64(timeout) * 4), trustRootsPEMFile: self["WENSHU_SMTP_CA_FILE"])
    }

    /// DKIM when `WENSHU_DKIM_KEY_FILE` (PEM, RSA or Ed25519), `WENSHU_DKIM_DOMAIN` and
    /// `WENSHU_DKIM_SELECTOR` are all set.
    func dkimSigner() throws -> DKIMSigner? {
        guard let keyFile = self["WENSHU_DKIM_KEY_FILE"] else { return nil }
        guard let domain = self["WENSHU_DKIM_DOMAIN"], let selector = self["WENSHU_DKIM_SELECTOR"] else {
            throw OutboxError("WENSHU_DKIM_KEY_FILE needs WENSHU_DKIM_DOMAIN and WENSHU_DKIM_SELECTOR")
        }
        guard let pem = try? String(contentsOfFile: keyFile, encoding: .utf8) else { throw OutboxError("WENSHU_DKIM_KEY_FILE: cannot read the file it names") }
        do { return try DKIMSigner(domain: domain, selector: selector, privateKeyPEM: pem) } catch {
            throw OutboxError("DKIM key: \(error.message)")
        }
    }
}
