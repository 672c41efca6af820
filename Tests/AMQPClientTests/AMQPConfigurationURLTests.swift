import Testing

@testable import AMQPClient

/// Parsing `amqp://` URLs into ``AMQPConfiguration``, and keeping the password out of
/// every description and error.
@Suite("AMQPConfiguration(url:)")
struct AMQPConfigurationURLTests {
    /// Distinctive, so that a leak into any text is found by a plain substring search.
    static let password = "s3cr3t-PW"

    struct ValidCase: Sendable, CustomTestStringConvertible {
        var url: String
        var username = "user"
        var password = AMQPConfigurationURLTests.password
        var host = "localhost"
        var port = 5672
        var virtualHost = "/"
        var heartbeatSeconds: UInt16 = 60
        var connectionTimeoutMilliseconds: UInt64 = 30_000
        var frameMax: UInt32 = 131_072
        var channelMax: UInt16 = 2047
        var connectionName: String?
        var recoveryEnabled = true
        var testDescription: String { url }
    }

    static let validCases: [ValidCase] = [
        ValidCase(url: "amqp://user:s3cr3t-PW@localhost"),
        ValidCase(url: "amqp://user:s3cr3t-PW@localhost/"),
        ValidCase(url: "amqp://user:s3cr3t-PW@localhost:5673/%2F", port: 5673),
        ValidCase(url: "amqp://user:s3cr3t-PW@localhost/events", virtualHost: "events"),
        ValidCase(url: "amqp://user:s3cr3t-PW@localhost/team%2Fevents", virtualHost: "team/events"),
        ValidCase(url: "AMQP://user:s3cr3t-PW@localhost", host: "localhost"),
        ValidCase(
            url: "amqp://svc%40orders:s3cr3t-PW%40home@broker.internal:5672/prod",
            username: "svc@orders",
            password: "s3cr3t-PW@home",
            host: "broker.internal",
            virtualHost: "prod"
        ),
        ValidCase(url: "amqp://user:s3cr3t-PW:x@localhost", password: "s3cr3t-PW:x"),
        ValidCase(url: "amqp://user:s3cr3t-PW@[::1]:5673/events", host: "::1", port: 5673, virtualHost: "events"),
        ValidCase(url: "amqp://user:s3cr3t-PW@[::1]", host: "::1"),
        ValidCase(
            url: "amqp://user:s3cr3t-PW@localhost/?heartbeat=10&connection_timeout=2500",
            heartbeatSeconds: 10,
            connectionTimeoutMilliseconds: 2500
        ),
        ValidCase(url: "amqp://user:s3cr3t-PW@localhost?heartbeat=0", heartbeatSeconds: 0),
        ValidCase(
            url: "amqp://user:s3cr3t-PW@localhost/events?frame_max=8192&channel_max=64&connection_name=orders%20service",
            virtualHost: "events",
            frameMax: 8192,
            channelMax: 64,
            connectionName: "orders service"
        ),
        ValidCase(url: "amqp://user:s3cr3t-PW@localhost?recovery=false", recoveryEnabled: false),
        ValidCase(url: "amqp://user:s3cr3t-PW@localhost?recovery=on"),
    ]

    @Test(arguments: validCases)
    func validURL(_ valid: ValidCase) throws {
        let configuration = try AMQPConfiguration(url: valid.url)
        #expect(configuration.username == valid.username)
        #expect(configuration.password == valid.password)
        #expect(configuration.host == valid.host)
        #expect(configuration.port == valid.port)
        #expect(configuration.virtualHost == valid.virtualHost)
        #expect(configuration.heartbeatSeconds == valid.heartbeatSeconds)
        #expect(configuration.connectionTimeoutMilliseconds == valid.connectionTimeoutMilliseconds)
        #expect(configuration.frameMax == valid.frameMax)
        #expect(configuration.channelMax == valid.channelMax)
        #expect(configuration.connectionName == valid.connectionName)
        #expect(configuration.recovery.isEnabled == valid.recoveryEnabled)
    }

    @Test(arguments: validCases)
    func validURLDescriptionHidesPassword(_ valid: ValidCase) throws {
        let configuration = try AMQPConfiguration(url: valid.url)
        #expect(!configuration.description.contains(Self.password))
        #expect(!configuration.redactedURL.contains(Self.password))
        #expect(!String(describing: configuration).contains(Self.password))
        #expect(configuration.redactedURL.contains(":***@"))
    }

    @Test func redactedURLShowsEverythingButPassword() throws {
        let configuration = try AMQPConfiguration(url: "amqp://user:s3cr3t-PW@[::1]:5673/team%2Fevents")
        #expect(configuration.redactedURL == "amqp://user:***@[::1]:5673/team%2Fevents")
    }

    @Test func redactedURLRoundTrips() throws {
        let configuration = try AMQPConfiguration(url: "amqp://svc%40orders:s3cr3t-PW@localhost/%2F")
        let reparsed = try AMQPConfiguration(url: configuration.redactedURL)
        #expect(reparsed.username == "svc@orders")
        #expect(reparsed.virtualHost == "/")
        #expect(reparsed.password == "***")
    }

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var url: String
        /// A word the error message must contain, so that it names the invalid part.
        var mentions: String
        var testDescription: String { url }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(url: "amqp://localhost", mentions: "user name and password"),
        InvalidCase(url: "amqp://user@localhost", mentions: "password"),
        InvalidCase(url: "amqp://:s3cr3t-PW@localhost", mentions: "user name"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost:0", mentions: "port"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost:70000", mentions: "port"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost:abc", mentions: "port"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost:", mentions: "port"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@:5672", mentions: "host"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@[::1", mentions: "IPv6"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@[::1]x", mentions: "IPv6"),
        InvalidCase(url: "http://user:s3cr3t-PW@localhost", mentions: "scheme"),
        InvalidCase(url: "amqps://user:s3cr3t-PW@localhost", mentions: "amqps"),
        InvalidCase(url: "user:s3cr3t-PW@localhost:5672", mentions: "amqp://"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost/?heartbeet=10", mentions: "heartbeet"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost/?heartbeat=abc", mentions: "heartbeat"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost/?heartbeat=70000", mentions: "heartbeat"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost/?connection_timeout=-1", mentions: "connection_timeout"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost/?frame_max=4GB", mentions: "frame_max"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost/?channel_max=65536", mentions: "channel_max"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost/?recovery=maybe", mentions: "recovery"),
        InvalidCase(url: "amqp://user:s3cr3t-PW%zz@localhost", mentions: "percent escape"),
        InvalidCase(url: "amqp://user:s3cr3t-PW%4@localhost", mentions: "percent escape"),
        InvalidCase(url: "amqp://us%zzer:s3cr3t-PW@localhost", mentions: "percent escape"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost/%2", mentions: "percent escape"),
        InvalidCase(url: "amqp://user:s3cr3t-PW@localhost/?connection_name=%G1", mentions: "percent escape"),
        // An unescaped "/" or "?" in the password moves its end into the path or query.
        InvalidCase(url: "amqp://user:s3cr3t-PW/x@localhost", mentions: "user name and password"),
        InvalidCase(url: "amqp://user:s3cr3t-PW?x@localhost", mentions: "user name and password"),
    ]

    @Test(arguments: invalidCases)
    func invalidURLIsRejected(_ invalid: InvalidCase) {
        do {
            let configuration = try AMQPConfiguration(url: invalid.url)
            Issue.record("accepted an invalid URL as \(configuration)")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains(invalid.mentions))
        }
    }

    @Test(arguments: invalidCases)
    func invalidURLErrorHidesPassword(_ invalid: InvalidCase) {
        do {
            let configuration = try AMQPConfiguration(url: invalid.url)
            #expect(!configuration.description.contains(Self.password))
        } catch {
            #expect(!error.description.contains(Self.password))
            #expect(!error.message.contains(Self.password))
            #expect(!String(reflecting: error).contains(Self.password))
        }
    }
}
