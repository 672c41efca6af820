public import AMQPClient
import Dispatch
import Synchronization
#if canImport(Glibc)
public import Glibc
#elseif canImport(Darwin)
public import Darwin
#endif

/// Runs long-lived services, such as `Subscription.run` and an outbox relay, until
/// SIGTERM or SIGINT, then cancels them and waits for them to return.
///
/// Cancelling a subscription's `run` stops it gracefully (see ``Subscription``), so a
/// service started under a group drains its handlers when the process receives SIGTERM:
///
/// ```swift
/// try await ServiceGroup().run([
///     { try await subscription.run(as: OrderPlaced.self) { event in ... } },
///     { try await otherSubscription.run { event in ... } },
/// ])
/// await client.close()
/// ```
///
/// A second signal while the services stop ends the process at once with the signal's
/// default action. When one service throws, the others are cancelled and the first error
/// is rethrown after all of them returned.
public struct ServiceGroup: Sendable {
    /// The signals that start the stop; SIGTERM and SIGINT by default.
    public var signals: [Int32]
    let logger: Logger

    /// Creates a group that stops on `signals`.
    public init(signals: [Int32] = [SIGTERM, SIGINT], logger: Logger = .disabled) {
        self.signals = signals
        self.logger = logger
    }

    /// Runs every service concurrently until all return, or a signal arrives.
    public func run(_ services: [@Sendable () async throws -> Void]) async throws {
        try await runUntilSignalled {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for service in services {
                    group.addTask { try await service() }
                }
                do {
                    while try await group.next() != nil {}
                } catch {
                    group.cancelAll()
                    while (try? await group.next()) != nil {}
                    throw error
                }
            }
        }
    }

    /// Runs `operation` and cancels it when one of ``signals`` arrives; returns its result.
    public func runUntilSignalled<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await operation() }
        let watcher = SignalWatcher(signals: signals) { number in
            logger.info("received a stop signal; stopping services", metadata: [LogKey.reason: "signal \(number)"])
            task.cancel()
        }
        defer { watcher.stop() }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }
}

/// Delivers signals to a closure through dispatch sources instead of a C handler, so the
/// closure may do anything. The second delivery of a signal restores its default action
/// and raises it again.
final class SignalWatcher: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>
    private let signals: [Int32]

    init(signals: [Int32], onFirstSignal: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        let received = Atomic<Int>(0)
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if received.add(1, ordering: .relaxed).oldValue == 0 {
                    onFirstSignal(number)
                } else {
                    signal(number, SIG_DFL)
                    raise(number)
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = Mutex(sources)
    }

    /// Cancels the sources and restores the default actions.
    func stop() {
        let sources = self.sources.withLock { sources in
            defer { sources = [] }
            return sources
        }
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
