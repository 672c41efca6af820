import Bloodbank
import Foundation

/// Envelope bodies as peers send them.
enum EnvelopeFixtures {
    /// The canonical example of the wire contract, verbatim.
    static let contractExample = """
        {
          "event_id": "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34",
          "event_type": "agent.thread.prompt",
          "timestamp": "2025-12-17T14:30:00.123456Z",
          "version": "1.0.0",
          "source": {"host": "workstation-01", "type": "manual", "app": "bloodbank-cli", "meta": {}},
          "correlation_ids": ["0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69"],
          "agent_context": null,
          "payload": {"provider": "anthropic", "prompt": "Refactor the event system", "tags": []}
        }
        """

    /// A schema-registry style envelope: trace root and parent as single ids, a
    /// `trigger_type` instead of `type`, and a `producer`.
    static let dialectB = """
        {"event_id": "9a1f0c2e-5b7d-4e3f-8a6b-1c2d3e4f5a6b", "event_type": "github.pr.created",
         "timestamp": "2026-01-27T10:00:00+00:00", "version": "2.0.0",
         "source": {"host": "ci-runner", "app": "github-bridge", "trigger_type": "webhook"},
         "correlation_id": "11111111-1111-4111-8111-111111111111",
         "causation_id": "22222222-2222-4222-8222-222222222222",
         "producer": "github-bridge@1.4.2",
         "payload": {"cache_key": "trinote|423", "cache_type": "redis"}}
        """

    /// A command as the Python services send it over the events exchange.
    static let commandEnvelope = """
        {"event_id": "6d1c2b3a-4e5f-4a6b-9c7d-8e9f0a1b2c3d", "event_type": "command.envelope",
         "timestamp": "2026-01-27T10:00:00.123456Z", "version": "1.0",
         "source": {"host": "orchestrator", "type": "agent", "app": "openclaw", "meta": null},
         "correlation_ids": [],
         "agent_context": {"type": "claude-code", "name": "cack", "instance_id": "session-42",
           "mcp_servers": ["filesystem"], "code_state": {"repo_url": "https://example.com/r.git", "branch": "main"}},
         "payload": {"command_id": "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b", "target_agent": "cack",
           "issued_by": "orchestrator", "action": "run_tests", "priority": "high", "ttl_ms": 30000,
           "idempotency_key": null, "command_payload": {"suite": "unit"}}}
        """

    /// The smallest envelope a peer may send: only the required fields.
    static let minimal = """
        {"event_type": "system.heartbeat.tick", "source": {"host": "h", "type": "heartbeat"}, "payload": {"tick": 1}}
        """

    static func decode(_ text: String) throws(EnvelopeError) -> EventEnvelope {
        try EventEnvelope.decode(Array(text.utf8))
    }

    static func replacing(_ original: String, in text: String, with replacement: String) -> String {
        text.replacingOccurrences(of: original, with: replacement)
    }
}
