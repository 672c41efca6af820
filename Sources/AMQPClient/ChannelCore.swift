import AMQPWire

/// The result of a synchronous request on a channel.
enum RPCResponse: Sendable {
    case method(AMQPMethod)
    /// `basic.get-ok` with its content, or `nil` for `basic.get-empty`.
    case message(AMQPMessage?)
}

typealias RPCContinuation = CheckedContinuation<Result<RPCResponse, AMQPClientError>, Never>
typealias ConfirmContinuation = UnsafeContinuation<ConfirmSignal, Never>

/// The outcome a publishing task is resumed with. Every payload is a reference, so the value is
/// small: resuming copies a pointer, not a returned message or an error.
enum ConfirmSignal: Sendable {
    case acked
    case nacked
    /// Acked after the broker returned the message as unroutable.
    case returned(ReturnedMessageBox)
    /// Written on a channel without confirm mode; the session when more than the high
    /// watermark is queued and the publish must wait for the socket.
    case sent(Session?)
    /// Not written because the connection is recovering or blocked: the publish retries
    /// once the connection is ready.
    case notWritten
    case failed(ErrorBox)
}

/// A returned message behind a reference, because returns are rare and the message is large.
final class ReturnedMessageBox: Sendable {
    let message: AMQPReturnedMessage

    init(_ message: AMQPReturnedMessage) {
        self.message = message
    }
}

/// An error behind a reference, because failures are rare and the error is large.
final class ErrorBox: Sendable {
    let error: AMQPClientError

    init(_ error: AMQPClientError) {
        self.error = error
    }
}
typealias DeliveryContinuation = DeliveryQueue<AMQPMessage>

/// A synchronous request waiting for its response. The broker answers requests on a
/// channel in the order they were sent, so waiters form a queue.
struct PendingRPC {
    var id: UInt64
    /// The request's name, such as `queue.declare`, for errors.
    var request: String
    var responseClassID: UInt16
    /// The accepted response method ids; `basic.get` accepts get-ok and get-empty.
    var responseMethodIDs: [UInt16]
    /// `nil` once the waiting task was cancelled: the response is still consumed in order.
    var continuation: RPCContinuation?
    /// For `basic.consume`: the stream that receives deliveries once `consume-ok` arrives.
    var consumer: DeliveryContinuation?
    /// For `basic.consume`: what recovery needs to start the consumer again.
    var consumerRecord: ChannelCore.ConsumerRecord?
}

/// The content being assembled from a method frame, a header frame and body frames.
struct ContentAssembly {
    enum Kind {
        case deliver(AMQPMethod.Basic.Deliver)
        case `return`(AMQPMethod.Basic.Return)
        case getOk(AMQPMethod.Basic.GetOk)
    }

    var kind: Kind
    var header: AMQPContentHeader?
    var body: [UInt8] = []
}

/// The state of one open channel, stored inside the connection's mutex.
///
/// A class, so that the dictionary of channels hands out references: reading or changing
/// one field never copies the channel's arrays and dictionaries. It is only touched
/// while the connection's mutex is held.
final class ChannelCore {
    enum Lifecycle {
        case opening
        case open
        /// This side sent `channel.close` and waits for `close-ok`.
        case closing
        /// The connection was lost; recovery will open the channel again.
        case recovering
    }

    /// A consumer as it was started, so that recovery can start it again.
    struct ConsumerRecord {
        var queue: String
        var noAck: Bool
        var exclusive: Bool
        var arguments: AMQPFieldTable
    }

    let id: UInt16
    /// Distinguishes this use of the channel number from earlier ones, so that a handle
    /// to a closed channel cannot act on a new channel with the same number.
    let generation: UInt64

    init(id: UInt16, generation: UInt64) {
        self.id = id
        self.generation = generation
    }
    /// Counts re-openings by recovery. Delivery tags are only valid in the epoch that
    /// received them, so settling an older delivery is dropped (the broker redelivers it).
    var epoch: UInt64 = 0
    var lifecycle: Lifecycle = .opening
    /// The last `basic.qos` applied, to apply again after recovery.
    var prefetch: (size: UInt32, count: UInt16, global: Bool)?
    /// Whether `confirm.select` was applied, to apply again after recovery.
    var confirmMode = false
    var consumerRecords: [String: ConsumerRecord] = [:]
    var rpcs: [PendingRPC] = []
    var content: ContentAssembly?
    var confirms: ConfirmTracker<ConfirmContinuation>?
    var consumers: [String: DeliveryContinuation] = [:]
    var closeWaiters: [CheckedContinuation<Void, Never>] = []
    var returns: AsyncStream<AMQPReturnedMessage>.Continuation?
}
