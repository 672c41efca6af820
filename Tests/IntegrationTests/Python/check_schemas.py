"""Check exported schemas with the Python jsonschema package.

Usage: check_schemas.py SCHEMA_DIR CASES_FILE

Checks every *.json file in SCHEMA_DIR against the JSON Schema 2020-12 meta-schema and
validates its examples with the uuid, date-time and uri format checks on. CASES_FILE is
a JSON array of {"event_type", "payload"}; each payload is validated against its type's
schema. Prints one JSON object: per schema its problems, and per case whether it is
valid and why not.
"""

import json
import os
import sys

import jsonschema
from jsonschema import Draft202012Validator

REQUIRED_FORMATS = {"uuid", "date-time", "uri"}


def main():
    schema_dir, cases_file = sys.argv[1], sys.argv[2]
    checker = Draft202012Validator.FORMAT_CHECKER
    missing = sorted(REQUIRED_FORMATS - set(checker.checkers))
    report = {"jsonschema": jsonschema.__version__ if hasattr(jsonschema, "__version__") else "", "missing_formats": missing,
              "schemas": {}, "cases": []}
    schemas = {}
    for name in sorted(os.listdir(schema_dir)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(schema_dir, name), encoding="utf-8") as handle:
            schema = json.load(handle)
        problems = []
        if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
            problems.append(f"$schema is {schema.get('$schema')!r}")
        try:
            Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            problems.append(f"meta-schema: {error.message[:300]}")
        validator = Draft202012Validator(schema, format_checker=checker)
        examples = schema.get("examples") or []
        if not examples:
            problems.append("no examples")
        for index, example in enumerate(examples):
            for error in validator.iter_errors(example):
                problems.append(f"examples[{index}] {'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
        event_type = schema.get("x-bloodbank-event-type", name[:-5])
        schemas[event_type] = validator
        report["schemas"][event_type] = problems
    with open(cases_file, encoding="utf-8") as handle:
        cases = json.load(handle)
    for case in cases:
        validator = schemas.get(case["event_type"])
        if validator is None:
            report["cases"].append({"valid": None, "errors": ["no schema"]})
            continue
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(case["payload"])]
        report["cases"].append({"valid": not errors, "errors": errors})
    print(json.dumps(report))


if __name__ == "__main__":
    main()
