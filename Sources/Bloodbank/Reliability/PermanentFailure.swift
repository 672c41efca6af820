/// An error a handler throws for an event that no retry can fix, such as one that refers
/// to a deleted record. The subscription dead-letters such an event at once with reason
/// `permanent`.
public struct PermanentFailure: Error, Sendable, CustomStringConvertible {
    /// The reason the event cannot be handled, in one sentence. It is stored in the dead
    /// letter's `bloodbank-error-message` header, so it should not quote the payload.
    public var message: String

    /// Creates a permanent failure with a reason.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
