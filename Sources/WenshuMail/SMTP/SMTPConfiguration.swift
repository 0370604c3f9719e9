public import NIOCore

/// How the connection is protected.
public enum SMTPSecurity: Sendable, Hashable {
    /// No TLS. Credentials are then sent only to a loopback host.
    case plain
    /// Plain connect, then STARTTLS (RFC 3207), required: a server that does not offer it fails.
    case startTLS
    /// TLS from the first byte, usually port 465 (RFC 8314 §3.3).
    case implicitTLS
}

/// Where and how to connect; every timeout applies per step, not to the whole conversation.
public struct SMTPConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var security: SMTPSecurity
    /// With `password`, authenticates with AUTH PLAIN or LOGIN (whichever the server offers,
    /// PLAIN first). Never sent without TLS unless `host` is a loopback address.
    public var username: String?
    public var password: String?
    /// Our name in EHLO/HELO; a host name or address literal.
    public var heloName: String
    /// TCP connect.
    public var connectTimeout: TimeAmount
    /// Each reply: greeting (including the implicit TLS handshake), EHLO, STARTTLS, AUTH, MAIL,
    /// RCPT, DATA. RFC 5321 §4.5.3.2 suggests minutes; services usually want less.
    public var commandTimeout: TimeAmount
    /// Writing the message, and separately the reply to the final ".".
    public var dataTimeout: TimeAmount
    /// A PEM file of CA certificates to trust instead of the system store (for tests, a
    /// self-signed certificate).
    public var trustRootsPEMFile: String?

    public init(
        host: String, port: Int, security: SMTPSecurity, username: String? = nil, password: String? = nil,
        heloName: String = "localhost", connectTimeout: TimeAmount = .seconds(10),
        commandTimeout: TimeAmount = .seconds(60), dataTimeout: TimeAmount = .seconds(300),
        trustRootsPEMFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
        self.trustRootsPEMFile = trustRootsPEMFile
    }

    /// True for `localhost`, 127.0.0.0/8 and ::1, where plaintext AUTH cannot be observed.
    var hostIsLoopback: Bool {
        let host = host.lowercased()
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Whether the host is an IP literal, which TLS SNI must not carry (RFC 6066 §3).
    var hostIsIPAddress: Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
