#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The first destination of a publish.
public enum PublishRoute: Sendable, Hashable {
    /// Straight to the broker; the call returns after the broker's confirm.
    case direct
    /// Into the client's ``Outbox`` file; the call returns once the event is on disk, and
    /// the outbox relay publishes it when the broker is reachable.
    case outbox
}

extension Publisher {
    /// Wraps `payload` in an envelope and publishes it directly or through the outbox.
    ///
    /// - Throws: ``BloodbankError`` with code `storage` when `route` is `.outbox` and the
    ///   client has no outbox or the write fails; otherwise as
    ///   ``publish(_:correlationIDs:eventID:source:timeout:)``.
    @discardableResult
    public func publish<P: EventPayload>(
        _ payload: P,
        correlationIDs: [UUID] = [],
        eventID: UUID = .randomVersion4(),
        source: EventSource? = nil,
        via route: PublishRoute,
        timeout: Duration = Topology.defaultPublishTimeout
    ) async throws(BloodbankError) -> EventEnvelope {
        switch route {
        case .direct:
            return try await publish(payload, correlationIDs: correlationIDs, eventID: eventID, source: source, timeout: timeout)
        case .outbox:
            guard let outbox = outbox.withLock({ $0 }) else {
                throw BloodbankError(
                    .storage,
                    "publishing via the outbox needs a client connected with an outbox; pass 'outbox:' to BloodbankClient.connect",
                    eventID: eventID.lowercasedString
                )
            }
            let envelope = try makeEnvelope(payload, correlationIDs: correlationIDs, eventID: eventID, source: source)
            try await outbox.enqueue(envelope)
            return envelope
        }
    }
}
