"""Publish one event in each envelope shape that the wire contract lists.

Usage: publish_variants.py URL AGENT

Every event goes to agent.AGENT.message.received, except the command envelope, which
goes to command.AGENT.run as the Python services send commands. The payload's `sender`
names the variant. Publishes with confirms and `mandatory`, like the Python publisher,
and prints one JSON object: the variants and the ids they carry.
"""

import json
import sys
import uuid

import pika

PARENT = "0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69"
ROOT = "9c1e3f47-5a2b-4c8d-9e6f-7a8b9c0d1e2f"


def payload(agent, variant):
    return {
        "agent_name": agent,
        "channel": "telegram",
        "sender": variant,
        "message_preview": "hello from " + variant,
        "message_length": 11,
        "session_key": "session-" + variant,
    }


def variants(agent):
    key = f"agent.{agent}.message.received"
    event_id = lambda: str(uuid.uuid4())
    return [
        ("dialect_a", key, {
            "event_id": event_id(), "event_type": key, "timestamp": "2026-01-27T10:00:00.123456Z", "version": "1.0.0",
            "source": {"host": "py-host", "type": "agent", "app": "openclaw", "meta": {"pid": 42}},
            "correlation_ids": [PARENT],
            "agent_context": {"type": "claude-code", "name": agent, "mcp_servers": ["bloodbank"],
                              "code_state": {"branch": "main"}},
            "payload": payload(agent, "dialect_a"),
        }),
        ("dialect_b", key, {
            "event_id": event_id().upper(), "event_type": key, "timestamp": "2026-01-27T10:00:00+00:00", "version": "2.0.0",
            "source": {"trigger_type": "cli", "app": "openclaw"},
            "correlation_id": ROOT, "causation_id": PARENT, "producer": "py-service",
            "payload": payload(agent, "dialect_b"),
        }),
        ("source_app_host", key, {
            "event_id": event_id(), "event_type": key, "timestamp": "2026-01-27T10:00:00Z",
            "source": "openclaw/py-host", "payload": payload(agent, "source_app_host"),
        }),
        ("source_bare_app", key, {
            "event_id": event_id(), "event_type": key, "timestamp": "2026-01-27T10:00:00.123456+00:00",
            "source": "openclaw", "payload": payload(agent, "source_bare_app"),
        }),
        ("version_1_0", key, {
            "event_id": event_id(), "event_type": key, "timestamp": "2026-01-27T10:00:00Z", "version": "1.0",
            "source": {"host": "py-host", "type": "agent"}, "correlation_ids": [], "agent_context": None,
            "payload": payload(agent, "version_1_0"),
        }),
        ("minimal", key, {
            "event_type": key, "source": {"host": "py-host", "type": "manual"},
            "payload": payload(agent, "minimal"),
        }),
        ("command", f"command.{agent}.run", {
            "event_id": event_id(), "event_type": "command.envelope", "timestamp": "2026-01-27T10:00:00Z",
            "source": {"host": "py-host", "type": "agent", "app": "orchestrator"},
            "correlation_ids": [], "agent_context": None,
            "payload": {
                "command_id": str(uuid.uuid4()), "target_agent": agent, "issued_by": "orchestrator", "action": "run",
                "priority": "high", "ttl_ms": 30000, "idempotency_key": None, "command_payload": {"task": "index"},
            },
        }),
    ]


def main():
    url, agent = sys.argv[1], sys.argv[2]
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.exchange_declare("bloodbank.events.v1", exchange_type="topic", durable=True)
    channel.confirm_delivery()
    published = []
    for name, routing_key, envelope in variants(agent):
        properties = pika.BasicProperties(
            content_type="application/json", content_encoding="utf-8", delivery_mode=2,
            message_id=envelope.get("event_id"),
        )
        channel.basic_publish("bloodbank.events.v1", routing_key, json.dumps(envelope).encode("utf-8"),
                              properties=properties, mandatory=True)
        published.append({"variant": name, "routing_key": routing_key, "event_id": envelope.get("event_id")})
    connection.close()
    print(json.dumps(published), flush=True)


if __name__ == "__main__":
    main()
