import AMQPClient
import AMQPWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// A confirm-mode channel that sends replies to requesters' direct reply-to addresses;
/// opened on first use and again after the broker closed it.
final class ReplyChannel: Sendable {
    private let connection: AMQPConnection
    private let channel = Mutex<AMQPChannel?>(nil)

    init(connection: AMQPConnection) {
        self.connection = connection
    }

    /// Publishes `body` to `replyTo` through the default exchange and waits for the
    /// broker's confirm.
    ///
    /// RabbitMQ drops a reply whose requester is gone; that is not an error here.
    func publish(body: [UInt8], replyTo: String, correlationID: String, messageID: String, timeout: Duration) async throws(AMQPClientError) {
        let properties = AMQPBasicProperties(
            contentType: Topology.contentType,
            contentEncoding: Topology.contentEncoding,
            deliveryMode: 1,
            correlationID: correlationID,
            messageID: messageID
        )
        let channel = try await openChannel()
        let outcome = try await channel.basicPublish(
            exchange: "",
            routingKey: replyTo,
            body: body,
            properties: properties,
            mandatory: false,
            timeout: timeout
        )
        if case .nacked = outcome {
            throw AMQPClientError(.channelClosed, "the broker rejected the reply with basic.nack", channel: channel.id)
        }
    }

    /// Closes the channel, if it is open.
    func close() async {
        let current = channel.withLock { current -> AMQPChannel? in
            defer { current = nil }
            return current
        }
        await current?.close()
    }

    private func openChannel() async throws(AMQPClientError) -> AMQPChannel {
        if let current = channel.withLock({ $0 }), current.isOpen {
            return current
        }
        // Two tasks may open a channel at once: the first one stored wins, and the
        // other is closed so that it does not leak.
        let opened = try await connection.openChannel()
        try await opened.confirmSelect()
        let winner = channel.withLock { current -> AMQPChannel in
            if let current, current.isOpen { return current }
            current = opened
            return opened
        }
        if winner != opened { await opened.close() }
        return winner
    }
}
