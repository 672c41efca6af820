import AMQPWire

/// A continuation to resume or a stream to feed, collected while the connection's mutex
/// is held and performed after it is released.
enum Effect {
    case resumeRPC(RPCContinuation, Result<RPCResponse, AMQPClientError>)
    case resumeConfirm(ConfirmContinuation, ConfirmSignal)
    case deliver(DeliveryContinuation, AMQPMessage)
    case finishConsumer(DeliveryContinuation, AMQPClientError?)
    case resume(CheckedContinuation<Void, Never>)
    case resumeConnect(CheckedContinuation<Result<Void, AMQPClientError>, Never>, Result<Void, AMQPClientError>)
    case resumeReady(CheckedContinuation<Result<Void, AMQPClientError>, Never>, Result<Void, AMQPClientError>)
    case returned(AsyncStream<AMQPReturnedMessage>.Continuation, AMQPReturnedMessage)
    case finishReturns(AsyncStream<AMQPReturnedMessage>.Continuation)
    case event(AsyncStream<ConnectionEvent>.Continuation, ConnectionEvent)
    case finishEvents(AsyncStream<ConnectionEvent>.Continuation)
}

/// All mutable connection state, guarded by the connection's `Mutex`.
struct ConnectionCore {
    /// Where the connection is in its life.
    enum Phase: Equatable {
        /// The first handshake is running.
        case connecting
        case open
        /// The connection was lost and the recovery task is reconnecting.
        case recovering
        /// Closed for good, by the application or by a failure that was not recovered.
        case closed
    }

    /// A task waiting until the connection is open (and, for publishes, not blocked).
    struct ReadyWaiter {
        var id: UInt64
        var requiresUnblocked: Bool
        var continuation: CheckedContinuation<Result<Void, AMQPClientError>, Never>
    }

    var phase: Phase = .connecting
    var machine: ConnectionStateMachine
    /// The current physical connection; `nil` between a failure and the next attempt.
    var session: Session?
    var nextSessionID: UInt64 = 1
    var channels: [UInt16: ChannelCore] = [:]
    var nextChannelID: UInt16 = 1
    var nextGeneration: UInt64 = 1
    var connectWaiter: CheckedContinuation<Result<Void, AMQPClientError>, Never>?
    var closeWaiters: [CheckedContinuation<Void, Never>] = []
    var readyWaiters: [ReadyWaiter] = []
    var closeReason: AMQPClientError?
    var serverProperties: AMQPFieldTable = [:]
    var blockedReason: String?
    /// Monotonic deadlines in nanoseconds; 0 means none.
    var handshakeDeadline: UInt64 = 0
    var closeDeadline: UInt64 = 0
    var topology = TopologyRecord()
    var eventListeners: [UInt64: AsyncStream<ConnectionEvent>.Continuation] = [:]
    var recoveryTask: Task<Void, Never>?

    var isShutDown: Bool { phase == .closed }

    /// Appends a frame to the current session's writer; `false` without a session.
    func send(_ frame: AMQPFrame) throws(AMQPWireError) -> Bool {
        guard let session else { return false }
        return try session.writer.enqueue(frame)
    }

    /// Appends encoded frames to the current session's writer; `false` without a session.
    func send(_ bytes: [UInt8]) -> Bool {
        guard let session else { return false }
        return session.writer.enqueue(bytes)
    }

    /// Finds the lowest free channel number from ``nextChannelID`` on, wrapping around.
    mutating func reserveChannelID(channelMax: UInt16) -> UInt16? {
        guard channels.count < Int(channelMax) else { return nil }
        var candidate = nextChannelID
        for _ in 0..<Int(channelMax) {
            if candidate == 0 || candidate > channelMax { candidate = 1 }
            if channels[candidate] == nil {
                nextChannelID = candidate == channelMax ? 1 : candidate + 1
                return candidate
            }
            candidate &+= 1
        }
        return nil
    }

    mutating func emit(_ event: ConnectionEvent, effects: inout [Effect]) {
        for listener in eventListeners.values {
            effects.append(.event(listener, event))
        }
    }

    /// Resumes the tasks waiting for the connection to be ready, when it is.
    mutating func resumeReadyWaiters(effects: inout [Effect]) {
        guard phase == .open else { return }
        var waiting: [ReadyWaiter] = []
        for waiter in readyWaiters {
            if waiter.requiresUnblocked, blockedReason != nil {
                waiting.append(waiter)
            } else {
                effects.append(.resumeReady(waiter.continuation, .success(())))
            }
        }
        readyWaiters = waiting
    }

    /// Fails what was in flight on a lost session but keeps the channels, their settings
    /// and their consumers for recovery.
    mutating func failInFlight(_ reason: AMQPClientError, effects: inout [Effect]) {
        session = nil
        blockedReason = nil
        handshakeDeadline = 0
        if let waiter = connectWaiter {
            connectWaiter = nil
            effects.append(.resumeConnect(waiter, .failure(reason)))
        }
        for id in channels.keys {
            channels[id]?.failInFlight(reason, effects: &effects)
        }
    }

    /// Marks the connection closed for good and collects the failure of everything still
    /// waiting.
    mutating func shutDown(_ reason: AMQPClientError, effects: inout [Effect]) {
        guard phase != .closed else { return }
        phase = .closed
        closeReason = reason
        session = nil
        recoveryTask?.cancel()
        recoveryTask = nil
        if let waiter = connectWaiter {
            connectWaiter = nil
            effects.append(.resumeConnect(waiter, .failure(reason)))
        }
        for id in channels.keys.sorted() {
            guard let channel = channels.removeValue(forKey: id) else { continue }
            channel.failAll(reason, effects: &effects)
        }
        for waiter in readyWaiters {
            effects.append(.resumeReady(waiter.continuation, .failure(reason)))
        }
        readyWaiters = []
        for waiter in closeWaiters {
            effects.append(.resume(waiter))
        }
        closeWaiters = []
        emit(reason == AMQPConnection.closedByApplication ? .closed : .recoveryFailed(reason), effects: &effects)
        for listener in eventListeners.values {
            effects.append(.finishEvents(listener))
        }
        eventListeners = [:]
    }
}

extension ChannelCore {
    /// Fails the requests and confirms in flight on a lost connection; consumers stay
    /// registered because recovery restarts them.
    func failInFlight(_ error: AMQPClientError, effects: inout [Effect]) {
        for rpc in rpcs {
            if let continuation = rpc.continuation {
                effects.append(.resumeRPC(continuation, .failure(error)))
            }
            if let consumer = rpc.consumer {
                effects.append(.finishConsumer(consumer, error))
            }
        }
        rpcs = []
        if var confirms {
            for entry in confirms.removeAll() {
                effects.append(.resumeConfirm(entry.waiter, .failed(ErrorBox(AMQPClientError(
                    .connectionClosed,
                    "the connection was lost before the broker confirmed the publish; it may or may not have been delivered",
                    channel: id
                )))))
            }
            self.confirms = nil
        }
        content = nil
        switch lifecycle {
        case .closing:
            // A channel being closed by the application is not recovered.
            for waiter in closeWaiters { effects.append(.resume(waiter)) }
            closeWaiters = []
        case .open, .opening, .recovering:
            lifecycle = .recovering
        }
    }

    /// Fails every waiter of this channel with `error` and ends its consumers.
    func failAll(_ error: AMQPClientError, effects: inout [Effect]) {
        for rpc in rpcs {
            if let continuation = rpc.continuation {
                effects.append(.resumeRPC(continuation, .failure(error)))
            }
            if let consumer = rpc.consumer {
                effects.append(.finishConsumer(consumer, error))
            }
        }
        rpcs = []
        if var confirms {
            for entry in confirms.removeAll() {
                effects.append(.resumeConfirm(entry.waiter, .failed(ErrorBox(error))))
            }
            self.confirms = confirms
        }
        for consumer in consumers.values {
            effects.append(.finishConsumer(consumer, error))
        }
        consumers = [:]
        consumerRecords = [:]
        for waiter in closeWaiters {
            effects.append(.resume(waiter))
        }
        closeWaiters = []
        if let returns {
            effects.append(.finishReturns(returns))
            self.returns = nil
        }
        content = nil
    }
}

extension AMQPConnection {
    /// Performs collected effects; call only after releasing the mutex.
    func run(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .resumeRPC(let continuation, let result):
                continuation.resume(returning: result)
            case .resumeConfirm(let continuation, let result):
                continuation.resume(returning: result)
            case .deliver(let consumer, let message):
                consumer.yield(message)
            case .finishConsumer(let consumer, let error):
                if let error {
                    consumer.finish(throwing: error)
                } else {
                    consumer.finish()
                }
            case .resume(let continuation):
                continuation.resume()
            case .resumeConnect(let continuation, let result):
                continuation.resume(returning: result)
            case .resumeReady(let continuation, let result):
                continuation.resume(returning: result)
            case .returned(let stream, let message):
                stream.yield(message)
            case .finishReturns(let stream):
                stream.finish()
            case .event(let stream, let event):
                stream.yield(event)
            case .finishEvents(let stream):
                stream.finish()
            }
        }
    }
}
