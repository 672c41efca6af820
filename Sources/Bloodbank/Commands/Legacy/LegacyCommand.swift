#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A command as the Python services send it: an envelope of type `command.envelope`
/// on the events exchange, routed as `command.<agent>.<action>`.
public struct LegacyCommand: Sendable, Hashable {
    /// The envelope `event_type` of every legacy command.
    public static let envelopeType = "command.envelope"
    /// The time to live when `ttl_ms` is absent: 30 s.
    public static let defaultTimeToLiveMilliseconds: Int64 = 30_000

    /// How urgent the command is; the bridge passes it on in the log only.
    public enum Priority: String, Sendable, Hashable, CaseIterable {
        case low, normal, high, critical
    }

    /// The command id, which the bridge also uses as the Bloodbank command id.
    public var commandID: UUID
    /// The agent that should execute the command.
    public var targetAgent: String
    /// The action the agent should take.
    public var action: String
    /// Who sent the command, when given.
    public var issuedBy: String?
    /// How urgent the command is; `normal` when absent.
    public var priority: Priority
    /// How long after the envelope's timestamp the command expires; 0 never expires.
    public var timeToLiveMilliseconds: Int64
    /// A key under which a repeated command runs only once within the bridge's window.
    public var idempotencyKey: String?
    /// The arguments of the action, an object.
    public var commandPayload: JSONValue
    /// The envelope the command arrived in.
    public var envelope: EventEnvelope

    /// When the command expires, or nil when `ttl_ms` is 0.
    public var expiresAt: EventTimestamp? {
        guard timeToLiveMilliseconds > 0 else { return nil }
        return envelope.timestamp.adding(.milliseconds(timeToLiveMilliseconds))
    }

    /// `<agent>.<action>`, the key of the bridge's mapping table.
    public var mappingKey: String {
        targetAgent + "." + action
    }

    /// Returns the routing key of a reply, such as `command.github.merge.ack`.
    public func replyRoutingKey(_ kind: LegacyReplyKind) -> String {
        "\(LegacyRoutingKey.prefix).\(targetAgent).\(action).\(kind.rawValue)"
    }

    /// Reads the command fields from the payload of `envelope`.
    ///
    /// `target_agent` and `action` default to the segments of the routing key. A
    /// missing or invalid `command_id` makes the command unanswerable, because every
    /// reply names it.
    ///
    /// - Throws: ``LegacyCommandReadError`` naming the first invalid field, with the
    ///   command id when it could be read.
    public static func read(_ envelope: EventEnvelope, agent: String, action: String) throws(LegacyCommandReadError) -> LegacyCommand {
        let payload = envelope.payload
        guard let idText = payload["command_id"]?.stringValue, let commandID = EventID.parse(idText) else {
            throw LegacyCommandReadError(commandID: nil, targetAgent: agent, action: action, reason: "payload.command_id is missing or not a UUID")
        }
        func invalid(_ reason: String) -> LegacyCommandReadError {
            LegacyCommandReadError(commandID: commandID, targetAgent: agent, action: action, reason: reason)
        }
        let targetAgent = try string(payload["target_agent"], default: agent, field: "target_agent", invalid: invalid)
        let commandAction = try string(payload["action"], default: action, field: "action", invalid: invalid)
        let issuedBy = try optionalString(payload["issued_by"], field: "issued_by", invalid: invalid)
        let idempotencyKey = try optionalString(payload["idempotency_key"], field: "idempotency_key", invalid: invalid)

        let priorityText = try string(payload["priority"], default: Priority.normal.rawValue, field: "priority", invalid: invalid)
        guard let priority = Priority(rawValue: priorityText) else {
            throw invalid("payload.priority must be low, normal, high or critical")
        }

        var timeToLive = defaultTimeToLiveMilliseconds
        if let value = payload["ttl_ms"], !value.isNull {
            guard let milliseconds = value.int64Value, milliseconds >= 0 else {
                throw invalid("payload.ttl_ms must be a whole number of milliseconds, 0 or more")
            }
            timeToLive = milliseconds
        }

        var commandPayload: JSONValue = .object(JSONObject())
        if let value = payload["command_payload"], !value.isNull {
            guard case .object = value else {
                throw invalid("payload.command_payload must be an object, not \(value.kindDescription)")
            }
            commandPayload = value
        }

        return LegacyCommand(
            commandID: commandID,
            targetAgent: targetAgent,
            action: commandAction,
            issuedBy: issuedBy,
            priority: priority,
            timeToLiveMilliseconds: timeToLive,
            idempotencyKey: idempotencyKey,
            commandPayload: commandPayload,
            envelope: envelope
        )
    }

    private static func string(
        _ value: JSONValue?,
        default fallback: String,
        field: String,
        invalid: (String) -> LegacyCommandReadError
    ) throws(LegacyCommandReadError) -> String {
        guard let value, !value.isNull else { return fallback }
        guard let text = value.stringValue, !text.isEmpty else {
            throw invalid("payload.\(field) must be a non-empty string")
        }
        return text
    }

    private static func optionalString(
        _ value: JSONValue?,
        field: String,
        invalid: (String) -> LegacyCommandReadError
    ) throws(LegacyCommandReadError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw invalid("payload.\(field) must be a string or null")
        }
        return text
    }
}

/// A legacy command whose payload could not be read.
public struct LegacyCommandReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The command id, when it could be read; without it no reply can be sent.
    public var commandID: UUID?
    /// The target agent, from the payload or the routing key.
    public var targetAgent: String
    /// The action, from the payload or the routing key.
    public var action: String
    /// The first invalid field and what it must be.
    public var reason: String

    /// The reason.
    public var description: String { reason }
}
