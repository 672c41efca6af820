import AMQPWire

/// A continuation to resume or a stream to feed, collected while the connection's mutex
/// is held and performed after it is released.
enum Effect {
    case resumeRPC(RPCContinuation, Result<RPCResponse, AMQPClientError>)
    case resumeConfirm(ConfirmContinuation, Result<PublishConfirmation, AMQPClientError>)
    case deliver(DeliveryContinuation, AMQPMessage)
    case finishConsumer(DeliveryContinuation, AMQPClientError?)
    case resume(CheckedContinuation<Void, Never>)
    case resumeConnect(CheckedContinuation<Result<Void, AMQPClientError>, Never>, Result<Void, AMQPClientError>)
    case returned(AsyncStream<AMQPReturnedMessage>.Continuation, AMQPReturnedMessage)
    case finishReturns(AsyncStream<AMQPReturnedMessage>.Continuation)
}

/// All mutable connection state, guarded by the connection's `Mutex`.
struct ConnectionCore {
    var machine: ConnectionStateMachine
    var channels: [UInt16: ChannelCore] = [:]
    var nextChannelID: UInt16 = 1
    var nextGeneration: UInt64 = 1
    var connectWaiter: CheckedContinuation<Result<Void, AMQPClientError>, Never>?
    var closeWaiters: [CheckedContinuation<Void, Never>] = []
    var closeReason: AMQPClientError?
    var isShutDown = false
    var serverProperties: AMQPFieldTable = [:]
    var blockedReason: String?
    /// Monotonic deadlines in nanoseconds; 0 means none.
    var handshakeDeadline: UInt64 = 0
    var closeDeadline: UInt64 = 0

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
            candidate += 1
        }
        return nil
    }

    /// Marks the connection ended and collects the failure of everything still waiting.
    mutating func shutDown(_ reason: AMQPClientError, effects: inout [Effect]) {
        guard !isShutDown else { return }
        isShutDown = true
        closeReason = reason
        if let waiter = connectWaiter {
            connectWaiter = nil
            effects.append(.resumeConnect(waiter, .failure(reason)))
        }
        for id in channels.keys.sorted() {
            guard var channel = channels.removeValue(forKey: id) else { continue }
            channel.failAll(reason, effects: &effects)
        }
        for waiter in closeWaiters {
            effects.append(.resume(waiter))
        }
        closeWaiters = []
    }
}

extension ChannelCore {
    /// Fails every waiter of this channel with `error` and ends its consumers.
    mutating func failAll(_ error: AMQPClientError, effects: inout [Effect]) {
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
                effects.append(.resumeConfirm(entry.waiter, .failure(error)))
            }
            self.confirms = confirms
        }
        for consumer in consumers.values {
            effects.append(.finishConsumer(consumer, error))
        }
        consumers = [:]
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
            case .returned(let stream, let message):
                stream.yield(message)
            case .finishReturns(let stream):
                stream.finish()
            }
        }
    }
}
