#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The broker address, credentials and connection settings.
///
/// There are no default credentials: a user name and password must be given, in the
/// URL or the initializer. ``description`` and ``redactedURL`` never show the password.
public struct AMQPConfiguration: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    /// Sent once, in `connection.start-ok`; never logged or printed.
    public var password: String
    public var virtualHost: String
    /// The heartbeat interval to propose, in seconds. 0 disables heartbeats unless the
    /// broker proposes them. The broker's `connection.tune` value wins when it is lower.
    public var heartbeatSeconds: UInt16
    /// How long the TCP connect and AMQP handshake may take together, in milliseconds.
    public var connectionTimeoutMilliseconds: UInt64
    /// The largest frame to accept, in bytes; the broker's value wins when it is lower.
    public var frameMax: UInt32
    /// The maximum number of channels to open; the broker's value wins when it is lower.
    public var channelMax: UInt16
    /// The largest message body to accept from the broker, in bytes. RabbitMQ's own
    /// default `max_message_size` is 128 MiB.
    public var maximumBodySize: UInt64
    /// Shown by the broker in its connection list (`connection_name` client property).
    public var connectionName: String?
    /// More brokers to try, in order after ``host``, when reconnecting after a failure.
    public var additionalEndpoints: [Endpoint] = []
    /// Whether and how the connection reconnects after a failure.
    public var recovery: RecoveryPolicy = RecoveryPolicy()

    /// A broker address.
    public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        public var host: String
        public var port: Int

        public init(host: String, port: Int = 5672) {
            self.host = host
            self.port = port
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// Every broker address to try, ``host`` first.
    public var endpoints: [Endpoint] {
        [Endpoint(host: host, port: port)] + additionalEndpoints
    }

    public init(
        host: String,
        port: Int = 5672,
        username: String,
        password: String,
        virtualHost: String = "/",
        heartbeatSeconds: UInt16 = 60,
        connectionTimeoutMilliseconds: UInt64 = 30_000,
        frameMax: UInt32 = 131_072,
        channelMax: UInt16 = 2047,
        maximumBodySize: UInt64 = 128 * 1024 * 1024,
        connectionName: String? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.virtualHost = virtualHost
        self.heartbeatSeconds = heartbeatSeconds
        self.connectionTimeoutMilliseconds = connectionTimeoutMilliseconds
        self.frameMax = frameMax
        self.channelMax = channelMax
        self.maximumBodySize = maximumBodySize
        self.connectionName = connectionName
    }

    /// Parses an `amqp://user:password@host:port/vhost?heartbeat=10&connection_timeout=5000` URL.
    ///
    /// User name, password and virtual host are percent-decoded, so `%2F` is the virtual
    /// host `/`. An empty path or `/` selects the virtual host `/`, as pika does. The port
    /// defaults to 5672. Query parameters: `heartbeat` (seconds), `connection_timeout`
    /// (milliseconds), `frame_max` (bytes), `channel_max`, `connection_name`, and
    /// `recovery` (`true` or `false`).
    ///
    /// - Throws: ``AMQPClientError/Code/invalidConfiguration`` with a message that names
    ///   the invalid part and never repeats the password.
    public init(url: String) throws(AMQPClientError) {
        self = try AMQPURLParser.parse(url)
    }

    /// The URL with the password replaced by `***`.
    public var redactedURL: String {
        AMQPURLParser.format(self, password: "***")
    }

    public var description: String { redactedURL }
}

/// The reconnection policy of a lost connection: exponential backoff with jitter over
/// the configured endpoints.
///
/// Recovery re-opens the channels, applies `basic.qos` and confirm mode again,
/// re-declares the exchanges, queues and bindings declared through the connection, and
/// restarts every consumer. It does not run for a connection closed by the application,
/// for failed authentication, or for broker closes that another attempt cannot fix
/// (403 access refused, 530 not allowed, 402 invalid path).
public struct RecoveryPolicy: Sendable, Hashable {
    public var isEnabled: Bool
    /// The wait before the first attempt.
    public var initialDelay: Duration
    /// The maximum wait between attempts.
    public var maximumDelay: Duration
    /// The factor applied to the wait after each failed attempt.
    public var multiplier: Double
    /// The fraction by which each wait varies at random, so that many clients do not
    /// reconnect in step after a broker restart; 0.2 means ±20%.
    public var jitter: Double
    /// Attempts before giving up; `nil` retries until the connection is closed.
    public var maximumAttempts: Int?

    public init(
        isEnabled: Bool = true,
        initialDelay: Duration = .milliseconds(200),
        maximumDelay: Duration = .seconds(30),
        multiplier: Double = 2,
        jitter: Double = 0.2,
        maximumAttempts: Int? = nil
    ) {
        self.isEnabled = isEnabled
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = multiplier
        self.jitter = jitter
        self.maximumAttempts = maximumAttempts
    }

    /// No recovery: a lost connection stays closed.
    public static let disabled = RecoveryPolicy(isEnabled: false)

    /// Returns the wait before attempt `attempt` (counted from 1), with jitter applied.
    func delay(beforeAttempt attempt: Int) -> Duration {
        let base = Double(initialDelay.nanoseconds) * pow(multiplier, Double(max(attempt - 1, 0)))
        let capped = min(base, Double(maximumDelay.nanoseconds))
        let factor = jitter > 0 ? Double.random(in: (1 - jitter)...(1 + jitter)) : 1
        return .nanoseconds(Int64(max(capped * factor, 0)))
    }
}

/// Parses and formats `amqp://` URLs.
enum AMQPURLParser {
    static func parse(_ url: String) throws(AMQPClientError) -> AMQPConfiguration {
        func invalid(_ reason: String) -> AMQPClientError {
            AMQPClientError(.invalidConfiguration, "invalid broker URL: \(reason)")
        }

        guard let schemeEnd = url.firstRange(of: "://") else {
            throw invalid("expected amqp://user:password@host:port/vhost")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        if scheme == "amqps" {
            throw invalid("amqps (TLS) is not supported yet; use amqp:// on a trusted network")
        }
        guard scheme == "amqp" else {
            throw invalid("unsupported scheme '\(scheme)'; expected amqp")
        }

        var rest = url[schemeEnd.upperBound...]
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }

        guard let at = rest.lastIndex(of: "@") else {
            throw invalid("no user name and password; the client has no default credentials, so give amqp://user:password@host")
        }
        let userInfo = rest[..<at]
        let hostPort = rest[rest.index(after: at)...]
        guard let colon = userInfo.firstIndex(of: ":") else {
            throw invalid("no password after the user name")
        }
        guard let username = percentDecode(userInfo[..<colon]) else {
            throw invalid("the user name has an invalid percent escape")
        }
        guard let password = percentDecode(userInfo[userInfo.index(after: colon)...]) else {
            throw invalid("the password has an invalid percent escape")
        }
        guard !username.isEmpty else { throw invalid("the user name is empty") }

        var host: String
        var port = 5672
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw invalid("unexpected text after the IPv6 address")
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = String(hostPort)
        }
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw invalid("the port '\(portText)' is not a number from 1 to 65535")
            }
            port = value
        }
        guard let decodedHost = percentDecode(host[...]) else {
            throw invalid("the host has an invalid percent escape")
        }
        guard !decodedHost.isEmpty else {
            throw invalid("the host is empty")
        }
        host = decodedHost

        guard let virtualHost = percentDecode(path) else {
            throw invalid("the virtual host has an invalid percent escape")
        }
        var configuration = AMQPConfiguration(
            host: host,
            port: port,
            username: username,
            password: password,
            virtualHost: virtualHost.isEmpty ? "/" : virtualHost
        )
        try applyQuery(query, to: &configuration)
        return configuration
    }

    private static func applyQuery(_ query: Substring, to configuration: inout AMQPConfiguration) throws(AMQPClientError) {
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            let rawValue = parts.count > 1 ? parts[1] : ""
            guard let value = percentDecode(rawValue) else {
                throw AMQPClientError(.invalidConfiguration, "invalid broker URL: the value of '\(key)' has an invalid percent escape")
            }
            func number<T: FixedWidthInteger>(_ type: T.Type, unit: String) throws(AMQPClientError) -> T {
                guard let parsed = T(value) else {
                    throw AMQPClientError(
                        .invalidConfiguration,
                        "invalid broker URL: '\(key)' must be a whole number of \(unit) from 0 to \(T.max), found '\(value)'"
                    )
                }
                return parsed
            }
            switch key {
            case "heartbeat": configuration.heartbeatSeconds = try number(UInt16.self, unit: "seconds")
            case "connection_timeout":
                configuration.connectionTimeoutMilliseconds = try number(UInt64.self, unit: "milliseconds")
            case "frame_max": configuration.frameMax = try number(UInt32.self, unit: "bytes")
            case "channel_max": configuration.channelMax = try number(UInt16.self, unit: "channels")
            case "connection_name": configuration.connectionName = value
            case "recovery":
                switch value {
                case "true", "1", "on": configuration.recovery.isEnabled = true
                case "false", "0", "off": configuration.recovery.isEnabled = false
                default:
                    throw AMQPClientError(.invalidConfiguration, "invalid broker URL: 'recovery' must be true or false, found '\(value)'")
                }
            default:
                throw AMQPClientError(
                    .invalidConfiguration,
                    "invalid broker URL: unknown query parameter '\(key)'; supported: heartbeat, connection_timeout, frame_max, channel_max, connection_name, recovery"
                )
            }
        }
    }

    static func format(_ configuration: AMQPConfiguration, password: String) -> String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let virtualHost = percentEncode(configuration.virtualHost)
        return "amqp://\(percentEncode(configuration.username)):\(password)@\(host):\(configuration.port)/\(virtualHost)"
    }

    /// Decodes `%XX` escapes; returns `nil` for a malformed escape or invalid UTF-8.
    static func percentDecode(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func percentEncode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF".unicodeScalars)
                result += "%"
                result.unicodeScalars.append(digits[Int(byte >> 4)])
                result.unicodeScalars.append(digits[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
