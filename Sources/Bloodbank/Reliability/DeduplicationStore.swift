/// Remembers which events a subscription has handled, so that a redelivered event is
/// acknowledged without running its handler again.
///
/// RabbitMQ delivers at least once: a message whose acknowledgement was lost (a crash, a
/// dropped connection) comes back. A subscription with a store checks ``contains(_:scope:)``
/// before its handler runs and calls ``insert(_:scope:)`` after the handler succeeded,
/// so an event whose handler failed is retried normally. A crash between the handler's
/// success and `insert` still runs the handler twice.
public protocol DeduplicationStore: Sendable {
    /// Returns whether `eventID` was handled in `scope` (the subscription's queue) within the window.
    func contains(_ eventID: String, scope: String) async throws(BloodbankError) -> Bool
    /// Records that `eventID` was handled in `scope` now.
    func insert(_ eventID: String, scope: String) async throws(BloodbankError)
}
