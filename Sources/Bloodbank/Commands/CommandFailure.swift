/// Why a command did not complete, as a worker reports it: a code, a message, and
/// whether sending the command again may succeed.
///
/// A handler throws a `CommandFailure` to choose the code and ``retryable``; any other
/// error it throws is reported as ``Code/executionFailed``, not retryable. The codes
/// are those the Python services use in their `.error` replies, so the legacy bridge
/// passes them on unchanged.
public struct CommandFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, as a snake_case string on the wire.
    ///
    /// A worker may use its own codes beside the predefined ones; they travel as given.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The wire form, such as `execution_failed`.
        public let rawValue: String

        /// Creates a code from its wire form.
        public init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        /// The command did not finish in the time it was given.
        public static let timeout = Code("timeout")
        /// The worker refused the command, for example because its payload is invalid.
        public static let rejected = Code("rejected")
        /// The command does not fit the current state of what it would change.
        public static let invalidState = Code("invalid_state")
        /// The handler ran and failed.
        public static let executionFailed = Code("execution_failed")
        /// No worker implements the command.
        public static let notImplemented = Code("not_implemented")
        /// The command's time to live ran out before a worker started it.
        public static let ttlExpired = Code("ttl_expired")
        /// The worker is rate limited; try again later.
        public static let rateLimited = Code("rate_limited")

        /// The wire form.
        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, in one sentence; shown to operators and sent to the requester.
    public var message: String
    /// Whether sending the command again may succeed.
    public var retryable: Bool

    /// Creates a failure.
    public init(_ code: Code, _ message: String, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }

    /// The code, the message and whether a retry may help.
    public var description: String {
        "\(code): \(message)\(retryable ? " (retryable)" : "")"
    }
}
