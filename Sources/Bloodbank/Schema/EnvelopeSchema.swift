/// The JSON Schema of the canonical envelope (dialect A), as ``EventEnvelope/encoded()``
/// writes it.
///
/// Readers accept more shapes than this, such as dialect B, a string `source` and
/// absent defaults. The schema states what every Bloodbank writer produces, so a strict
/// peer may rely on it. The trigger and agent types are listed from ``TriggerType`` and
/// ``AgentType``.
public enum EnvelopeSchema {
    /// The trigger types of the wire contract, in contract order.
    public static let triggerTypes: [TriggerType] = [.manual, .agent, .scheduled, .heartbeat, .fileWatch, .hook, .webhook, .service]

    /// The agent types of the wire contract, in contract order.
    public static let agentTypes: [AgentType] = [.claudeCode, .claudeChat, .geminiCLI, .geminiCode, .letta, .agno, .smolagent, .atomicAgent, .custom]

    /// Returns the envelope schema; `payload` is the schema of the `payload` member, any
    /// JSON value by default.
    public static func schema(payload: JSONValue = .object(JSONObject())) -> JSONValue {
        let uuid: JSONValue = ["type": "string", "format": "uuid"]
        let nullableString: JSONValue = ["anyOf": [["type": "string"], ["type": "null"]]]
        let nullableStrings: JSONValue = ["anyOf": [["type": "array", "items": ["type": "string"]], ["type": "null"]]]
        let codeState: JSONValue = [
            "type": "object",
            "properties": [
                "repo_url": nullableString, "branch": nullableString, "working_diff": nullableString,
                "branch_diff": nullableString, "last_commit_hash": nullableString,
            ],
        ]
        let agentContext: JSONValue = [
            "type": "object",
            "title": "AgentContext",
            "required": ["type"],
            "properties": [
                "type": ["type": "string", "enum": .array(agentTypes.map { .string($0.rawValue) })],
                "name": nullableString,
                "system_prompt": nullableString,
                "instance_id": nullableString,
                "mcp_servers": nullableStrings,
                "file_references": nullableStrings,
                "url_references": nullableStrings,
                "code_state": ["anyOf": [codeState, ["type": "null"]]],
                "checkpoint_id": nullableString,
                "meta": ["anyOf": [["type": "object"], ["type": "null"]]],
            ],
        ]
        let source: JSONValue = [
            "type": "object",
            "title": "EventSource",
            "required": ["host", "type"],
            "properties": [
                "host": ["type": "string"],
                "type": ["type": "string", "enum": .array(triggerTypes.map { .string($0.rawValue) })],
                "app": nullableString,
                "meta": ["anyOf": [["type": "object"], ["type": "null"]]],
            ],
        ]
        return [
            "type": "object",
            "title": "EventEnvelope",
            "required": ["event_id", "event_type", "timestamp", "version", "source", "correlation_ids", "agent_context", "payload"],
            "properties": [
                "event_id": uuid,
                "event_type": ["type": "string", "maxLength": .int(Int64(EventName.maximumLength))],
                "timestamp": ["type": "string", "format": "date-time"],
                "version": ["type": "string", "default": .string(EventEnvelope.currentVersion)],
                "source": source,
                "correlation_ids": ["type": "array", "items": uuid],
                "agent_context": ["anyOf": [agentContext, ["type": "null"]]],
                "payload": payload,
            ],
        ]
    }
}
