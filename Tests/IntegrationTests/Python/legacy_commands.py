"""Send legacy command envelopes as the Python services do, and collect their replies.

Usage: legacy_commands.py URL AGENT < COMMANDS_JSON

COMMANDS_JSON is a list of commands, each an object with `name`, `action`,
`command_payload` and optionally `ttl_ms`, `idempotency_key` and `timestamp` (RFC 3339,
default now). Each command goes to command.AGENT.ACTION on bloodbank.events.v1 as a
`command.envelope` envelope, published with confirms and `mandatory` like the Python
publisher. The script sends them one at a time: it waits up to 20 s for a command's
`.result` or `.error` before it sends the next, then listens 1 s more for stray replies.

Replies are read from an exclusive queue bound to command.AGENT.#, which also receives
the commands themselves; those are skipped. Every reply is validated with Pydantic
models written from the wire contract: the envelope, and a payload with exactly the
fields the Python side expects for `.ack`, `.result` and `.error`. Prints one JSON
object: {"replies": {NAME: [{"kind", "routing_key", "payload"}]}, "problems": [...]}.
"""

import json
import socket
import sys
import time
import uuid
from datetime import datetime, timezone
from typing import Any, Literal
from uuid import UUID

import pika
from pydantic import BaseModel, ConfigDict, ValidationError

import bloodbank_contract as contract

EXCHANGE = "bloodbank.events.v1"
REPLY_KINDS = ("ack", "result", "error")


class Reply(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    command_id: UUID
    target_agent: str
    action: str


class CommandAck(Reply):
    pass


class CommandResult(Reply):
    outcome: Literal["success", "partial", "skipped"]
    result_payload: dict[str, Any]


class CommandError(Reply):
    error_code: Literal[
        "timeout", "rejected", "invalid_state", "execution_failed", "not_implemented", "ttl_expired", "rate_limited"
    ]
    error_message: str
    retryable: bool


MODELS = {"ack": CommandAck, "result": CommandResult, "error": CommandError}


def envelope(agent, command):
    timestamp = command.get("timestamp") or datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
    return {
        "event_id": str(uuid.uuid4()),
        "event_type": "command.envelope",
        "timestamp": timestamp,
        "version": "1.0.0",
        "source": {"host": socket.gethostname(), "type": "agent", "app": "legacy-python-service", "meta": None},
        "correlation_ids": [],
        "agent_context": None,
        "payload": {
            "command_id": command["command_id"],
            "target_agent": agent,
            "issued_by": "legacy_commands.py",
            "action": command["action"],
            "priority": "normal",
            "ttl_ms": command.get("ttl_ms", 30000),
            "idempotency_key": command.get("idempotency_key"),
            "command_payload": command["command_payload"],
        },
    }


def check_reply(agent, body, routing_key, sent, problems):
    """Validates one reply and returns (command name, entry), or None when it is not one."""
    segments = routing_key.split(".")
    if len(segments) < 4 or segments[-1] not in REPLY_KINDS:
        return None
    kind = segments[-1]

    try:
        reply_envelope = contract.EventEnvelope.model_validate_json(body)
    except ValidationError as error:
        problems.append(f"{routing_key}: the envelope is invalid: {error}")
        return None
    if reply_envelope.event_type != routing_key:
        problems.append(f"{routing_key}: event_type is {reply_envelope.event_type}")
    try:
        reply = MODELS[kind].model_validate_json(json.dumps(reply_envelope.payload))
    except ValidationError as error:
        problems.append(f"{routing_key}: the {kind} payload is invalid: {error}")
        return None

    command_id = str(reply.command_id)
    match = next((item for item in sent.values() if item["command_id"] == command_id), None)
    if match is None:
        problems.append(f"{routing_key}: a reply to unknown command {command_id}")
        return None

    expected_key = f"command.{agent}.{match['action']}.{kind}"
    if routing_key != expected_key:
        problems.append(f"{routing_key}: expected the routing key {expected_key}")
    if reply.target_agent != agent or reply.action != match["action"]:
        problems.append(f"{routing_key}: target_agent {reply.target_agent} and action {reply.action} do not match")
    if UUID(match["event_id"]) not in reply_envelope.correlation_ids:
        problems.append(f"{routing_key}: correlation_ids lack the command envelope's event id")
    return match["name"], {"kind": kind, "routing_key": routing_key, "payload": reply_envelope.payload}


def main():
    url, agent = sys.argv[1], sys.argv[2]
    commands = json.load(sys.stdin)
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.exchange_declare(exchange=EXCHANGE, exchange_type="topic", durable=True)
    queue = channel.queue_declare(queue="", exclusive=True, auto_delete=True).method.queue
    channel.queue_bind(queue=queue, exchange=EXCHANGE, routing_key=f"command.{agent}.#")
    channel.confirm_delivery()

    sent = {}
    replies = {command["name"]: [] for command in commands}
    problems = []

    def drain(until, name=None):
        """Collects replies until the deadline, or until NAME has its final reply."""
        while time.monotonic() < until:
            method, _, body = channel.basic_get(queue=queue, auto_ack=True)
            if method is None:
                if name is not None and any(entry["kind"] in ("result", "error") for entry in replies[name]):
                    return True
                connection.sleep(0.02)
                continue
            checked = check_reply(agent, body, method.routing_key, sent, problems)
            if checked is not None:
                replies[checked[0]].append(checked[1])
        return False

    for command in commands:
        command = dict(command, command_id=command.get("command_id") or str(uuid.uuid4()))
        body = envelope(agent, command)
        sent[command["name"]] = {
            "name": command["name"], "command_id": command["command_id"],
            "action": command["action"], "event_id": body["event_id"],
        }
        channel.basic_publish(
            exchange=EXCHANGE,
            routing_key=f"command.{agent}.{command['action']}",
            body=json.dumps(body).encode("utf-8"),
            properties=pika.BasicProperties(
                content_type="application/json", content_encoding="utf-8", delivery_mode=2, message_id=body["event_id"]
            ),
            mandatory=True,
        )
        if not drain(time.monotonic() + 20, name=command["name"]):
            problems.append(f"{command['name']}: no .result or .error within 20 s")
    drain(time.monotonic() + 1)
    connection.close()
    json.dump({"replies": replies, "problems": problems, "sent": sent}, sys.stdout)


if __name__ == "__main__":
    main()
