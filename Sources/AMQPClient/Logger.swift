#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A small structured logger with swift-log's method names and levels.
///
/// Libraries receive a logger from their caller and log at `debug` and below, except for
/// what an operator must know (reconnects, dead-lettered messages). Messages are
/// constant strings; data goes in metadata under the dot-separated keys of
/// ``LogKey``. The default logger discards everything, so the library is silent unless
/// the application passes a logger with a handler.
public struct Logger: Sendable {
    /// Severity levels, ordered from the most to the least verbose.
    public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case trace, debug, info, notice, warning, error, critical

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            case .critical: "critical"
            }
        }

        /// Parses a level name such as `debug`, as used in environment variables.
        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.description == name.lowercased() }) else {
                return nil
            }
            self = level
        }
    }

    /// Metadata values are strings; callers format numbers themselves.
    public typealias Metadata = [String: String]

    /// Receives every record at or above the logger's level.
    public typealias Handler = @Sendable (_ level: Level, _ message: String, _ metadata: Metadata, _ label: String) -> Void

    /// The subsystem name, such as `bloodbank.amqp`.
    public var label: String
    /// Records below this level are dropped before the handler runs.
    public var logLevel: Level
    /// Metadata added to every record of this logger.
    public var metadata: Metadata
    private let handler: Handler?

    /// Creates a logger that sends records at or above `logLevel` to `handler`.
    public init(label: String, logLevel: Level = .info, metadata: Metadata = [:], handler: Handler?) {
        self.label = label
        self.logLevel = logLevel
        self.metadata = metadata
        self.handler = handler
    }

    /// A logger that drops every record: the default for library types.
    public static let disabled = Logger(label: "disabled", logLevel: .critical, handler: nil)

    /// A logger that writes one line per record to standard error:
    /// `2026-12-04T10:00:00Z info bloodbank.amqp: connected [amqp.host=127.0.0.1]`.
    public static func standardError(label: String, logLevel: Level = .info) -> Logger {
        Logger(label: label, logLevel: logLevel) { level, message, metadata, label in
            var line = "\(level) \(label): \(message)"
            if !metadata.isEmpty {
                let pairs = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                line += " [" + pairs.joined(separator: " ") + "]"
            }
            line += "\n"
            FileDescriptorWriter.standardError.write(line)
        }
    }

    /// Whether a record at `level` would reach the handler.
    @inlinable
    public func isEnabled(_ level: Level) -> Bool {
        level >= logLevel
    }

    public func log(level: Level, _ message: @autoclosure () -> String, metadata extra: @autoclosure () -> Metadata = [:]) {
        guard let handler, level >= logLevel else { return }
        var merged = metadata
        for (key, value) in extra() { merged[key] = value }
        handler(level, message(), merged, label)
    }

    public func trace(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        log(level: .trace, message(), metadata: metadata())
    }

    public func debug(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        log(level: .debug, message(), metadata: metadata())
    }

    public func info(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        log(level: .info, message(), metadata: metadata())
    }

    public func notice(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        log(level: .notice, message(), metadata: metadata())
    }

    public func warning(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        log(level: .warning, message(), metadata: metadata())
    }

    public func error(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        log(level: .error, message(), metadata: metadata())
    }

    public func critical(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        log(level: .critical, message(), metadata: metadata())
    }
}

/// Metadata keys used by the AMQP and Bloodbank layers, declared in one place so that
/// log queries can rely on them.
public enum LogKey {
    public static let host = "amqp.host"
    public static let port = "amqp.port"
    public static let virtualHost = "amqp.vhost"
    public static let channel = "amqp.channel"
    public static let frame = "amqp.frame"
    public static let method = "amqp.method"
    public static let replyCode = "amqp.reply_code"
    public static let replyText = "amqp.reply_text"
    public static let consumerTag = "amqp.consumer_tag"
    public static let deliveryTag = "amqp.delivery_tag"
    public static let queue = "amqp.queue"
    public static let exchange = "amqp.exchange"
    public static let routingKey = "amqp.routing_key"
    public static let heartbeat = "amqp.heartbeat_seconds"
    public static let frameMax = "amqp.frame_max"
    public static let attempt = "amqp.recovery_attempt"
    public static let consumerCount = "amqp.consumer_count"
    public static let error = "error"
    public static let eventID = "bloodbank.event_id"
    public static let eventType = "bloodbank.event_type"
    public static let reason = "bloodbank.reason"
}
