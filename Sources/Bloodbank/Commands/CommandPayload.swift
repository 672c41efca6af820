/// A typed command: a request to change something, executed by one worker.
///
/// Conform a `Codable` struct, name the command with an imperative action
/// (`<domain>.<entity>.<action>`, such as `github.pr.merge`) and give it the type of
/// its result:
///
/// ```swift
/// struct MergePullRequest: CommandPayload {
///     typealias Result = MergeResult
///     static let commandType = "github.pr.merge"
///     var repository: String
///     var number: Int
/// }
/// ```
///
/// The command type is the routing key on ``Topology/commandsExchange`` and names the
/// worker queue (``CommandQueue``). It follows the naming rule of ``EventName`` and is
/// checked when the type is registered in a ``CommandRegistry``. Payloads and results
/// are encoded like event payloads, with ``JSONValueEncoder``.
public protocol CommandPayload: Codable, Sendable {
    /// The value a worker returns when the command completes; ``EmptyResult`` for nothing.
    associatedtype Result: Codable & Sendable

    /// The command type, such as `github.pr.merge`.
    static var commandType: String { get }

    /// The kind of queue that contains pending commands of this type; every sender and
    /// worker must agree on it, so change it only together with a new command type.
    static var queueType: CommandQueueType { get }
}

extension CommandPayload {
    /// ``CommandQueueType/quorum``, unless the type overrides it.
    public static var queueType: CommandQueueType { .quorum }

    /// The payload types of this command's lifecycle events, for an ``EventRegistry``.
    public static var lifecycleEventTypes: [any EventPayload.Type] {
        [CommandAccepted<Self>.self, CommandCompleted<Self>.self, CommandFailed<Self>.self, CommandExpired<Self>.self]
    }
}

/// The result of a command that returns nothing but its completion.
///
/// It encodes as an empty JSON object, so that a result is always an object on the wire.
public struct EmptyResult: Codable, Sendable, Hashable {
    /// Creates the empty result.
    public init() {}
}
