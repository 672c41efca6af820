"""Consume the events Bloodbank publishes and validate each one as a Python peer would.

Usage: consume_events.py URL SCHEMA_DIR MARKER EXPECTED TIMEOUT_SECONDS

Declares an exclusive, auto-delete queue bound to the binding pattern of every schema in
SCHEMA_DIR, prints "READY" on standard output, and consumes until EXPECTED events whose
source.app is MARKER have arrived or the timeout passes. Events of other tests are
acknowledged and skipped. Each event is checked with the Pydantic models of
bloodbank_contract, against its exported JSON Schema, and for the canonical wire form
(key order, timestamp form, lower-case ids, AMQP properties). Prints one JSON report.
"""

import json
import os
import sys
import time

import jsonschema
import pika
from pydantic import ValidationError

import bloodbank_contract as contract


def load_schemas(directory):
    schemas = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".json"):
            with open(os.path.join(directory, name), encoding="utf-8") as handle:
                schemas.append(json.load(handle))
    return schemas


def check_event(body, properties, routing_key, schemas):
    errors = []
    document = json.loads(body)
    if list(document.keys()) != contract.CANONICAL_KEYS:
        errors.append(f"keys {list(document.keys())} are not the canonical keys in order")
    try:
        contract.EventEnvelope.model_validate_json(body)
    except ValidationError as error:
        errors.append(f"envelope: {error}")
    if not contract.CANONICAL_TIMESTAMP.match(document.get("timestamp", "")):
        errors.append(f"timestamp {document.get('timestamp')!r} is not UTC with six digits and Z")
    ids = [document.get("event_id", "")] + list(document.get("correlation_ids") or [])
    if not all(contract.LOWER_CASE_UUID.match(str(value)) for value in ids):
        errors.append("an id is not a lower-case UUID")
    if document.get("event_type") != routing_key:
        errors.append(f"event_type {document.get('event_type')!r} differs from routing key {routing_key!r}")
    if properties.content_type != "application/json" or properties.content_encoding != "utf-8":
        errors.append(f"content type {properties.content_type!r}, encoding {properties.content_encoding!r}")
    if properties.delivery_mode != 2:
        errors.append(f"delivery mode {properties.delivery_mode}")
    if properties.message_id != document.get("event_id"):
        errors.append("message_id differs from event_id")

    payload = document.get("payload")
    # An exact name wins over a template, as in Bloodbank's registry.
    exact = next((s for s in schemas if s["x-bloodbank-binding"] == routing_key), None)
    schema = exact or next((s for s in schemas if contract.matches(s["x-bloodbank-binding"], routing_key)), None)
    if schema is None:
        errors.append(f"no schema matches {routing_key}")
    else:
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        for error in validator.iter_errors(payload):
            errors.append(f"schema: {'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
    model = next((m for pattern, m in contract.PAYLOAD_MODELS.items() if contract.matches(pattern, routing_key)), None)
    if model is not None:
        try:
            model.model_validate_json(json.dumps(document["payload"]))
        except ValidationError as error:
            errors.append(f"payload model {model.__name__}: {error}")
    return {
        "event_type": document.get("event_type"),
        "binding": schema["x-bloodbank-binding"] if schema else None,
        "pydantic_model": model.__name__ if model else None,
        "payload": payload,
        "errors": errors,
    }


def main():
    url, schema_dir, marker, expected, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    schemas = load_schemas(schema_dir)
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.exchange_declare("bloodbank.events.v1", exchange_type="topic", durable=True)
    queue = channel.queue_declare("", exclusive=True, auto_delete=True).method.queue
    for pattern in sorted({s["x-bloodbank-binding"] for s in schemas}):
        channel.queue_bind(queue, "bloodbank.events.v1", routing_key=pattern)
    print("READY", flush=True)

    results = []
    deadline = time.monotonic() + timeout
    for method, properties, body in channel.consume(queue, auto_ack=True, inactivity_timeout=1):
        if time.monotonic() > deadline or len(results) >= expected:
            break
        if method is None:
            continue
        try:
            source = json.loads(body).get("source") or {}
        except ValueError:
            continue
        if not isinstance(source, dict) or source.get("app") != marker:
            continue
        results.append(check_event(body, properties, method.routing_key, schemas))
    channel.cancel()
    connection.close()
    print(json.dumps({"received": len(results), "results": results}), flush=True)


if __name__ == "__main__":
    main()
