/// The trigger type of an event: the `source.type` field of the envelope.
///
/// The eight named cases are the values of the wire contract. A value outside them,
/// from a newer or nonconforming producer, is kept in ``other(_:)`` so that a relayed
/// envelope carries it unchanged.
public enum TriggerType: Sendable, Hashable {
    /// A person started it, for example from the `bb` command line.
    case manual
    /// An AI agent started it; the envelope then usually has an agent context.
    case agent
    /// A cron job or timer started it.
    case scheduled
    /// A system heartbeat tick or dispatch started it.
    case heartbeat
    /// A file-system change started it.
    case fileWatch
    /// A hook, such as a git or editor hook, started it.
    case hook
    /// An inbound HTTP webhook started it.
    case webhook
    /// An internal service started it, often in reaction to another event.
    case service
    /// A value outside the contract, kept verbatim.
    case other(String)

    /// Creates the trigger type for a wire value; unknown values become ``other(_:)``.
    public init(rawValue: String) {
        switch rawValue {
        case "manual": self = .manual
        case "agent": self = .agent
        case "scheduled": self = .scheduled
        case "heartbeat": self = .heartbeat
        case "file_watch": self = .fileWatch
        case "hook": self = .hook
        case "webhook": self = .webhook
        case "service": self = .service
        default: self = .other(rawValue)
        }
    }

    /// Maps a dialect B `source.trigger_type` value to the contract's trigger type.
    ///
    /// `cli` becomes ``manual``. `api` and `event` become ``service``, because an API
    /// call or an event reaction comes from a service. `scheduled` and `webhook` keep
    /// their meaning, and any other value is kept in ``other(_:)``.
    public init(dialectBTriggerType value: String) {
        switch value {
        case "cli": self = .manual
        case "api", "event": self = .service
        case "scheduled": self = .scheduled
        case "webhook": self = .webhook
        default: self = .other(value)
        }
    }

    /// The wire value, such as `file_watch`.
    public var rawValue: String {
        switch self {
        case .manual: return "manual"
        case .agent: return "agent"
        case .scheduled: return "scheduled"
        case .heartbeat: return "heartbeat"
        case .fileWatch: return "file_watch"
        case .hook: return "hook"
        case .webhook: return "webhook"
        case .service: return "service"
        case .other(let value): return value
        }
    }
}
