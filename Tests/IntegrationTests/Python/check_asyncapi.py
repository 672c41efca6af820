"""Check the structure of an AsyncAPI 3.0 document read from standard input.

Checks the members that AsyncAPI 3.0 requires: asyncapi, info.title and info.version.
Every channel must have an address and messages, and an AMQP binding to a durable topic
exchange. Every operation must send or receive on a channel, every $ref must resolve
inside the document, and every component schema must be valid JSON Schema. Prints one
JSON object with the problems found and each channel's address, exchange and routing
parameters.
"""

import json
import sys

from jsonschema import Draft202012Validator, SchemaError


def resolve(document, reference):
    if not reference.startswith("#/"):
        return None
    node = document
    for token in reference[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or token not in node:
            return None
        node = node[token]
    return node


def references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def main():
    document = json.load(sys.stdin)
    problems = []
    if document.get("asyncapi") != "3.0.0":
        problems.append(f"asyncapi is {document.get('asyncapi')!r}")
    info = document.get("info") or {}
    if not info.get("title") or not info.get("version"):
        problems.append("info.title or info.version is missing")
    channels = []
    for channel_id, channel in (document.get("channels") or {}).items():
        if "address" not in channel or not channel.get("messages"):
            problems.append(f"channel {channel_id} lacks an address or messages")
        binding = ((channel.get("bindings") or {}).get("amqp") or {})
        exchange = binding.get("exchange") or {}
        if binding.get("is") != "routingKey" or exchange.get("type") != "topic" or exchange.get("durable") is not True:
            problems.append(f"channel {channel_id} has no durable topic exchange binding")
        channels.append({"id": channel_id, "address": channel.get("address"), "exchange": exchange.get("name"),
                         "parameters": sorted((channel.get("parameters") or {}).keys())})
    for operation_id, operation in (document.get("operations") or {}).items():
        if operation.get("action") not in ("send", "receive"):
            problems.append(f"operation {operation_id} has action {operation.get('action')!r}")
        if resolve(document, (operation.get("channel") or {}).get("$ref", "")) is None:
            problems.append(f"operation {operation_id} names no channel")
    for reference in references(document):
        if resolve(document, reference) is None:
            problems.append(f"unresolved $ref {reference}")
    for name, schema in ((document.get("components") or {}).get("schemas") or {}).items():
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as error:
            problems.append(f"components.schemas.{name}: {error.message[:200]}")
    print(json.dumps({"problems": problems, "channels": channels}))


if __name__ == "__main__":
    main()
