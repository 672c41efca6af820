"""The Pydantic v2 side of the envelope benchmark: model_dump_json and
model_validate_json on the benchmark envelope, with the typed payload model."""

import json

from benchcommon import Measurement, parse_options, print_result, read_body
from envelope_models import PromptEnvelope


def main():
    options = parse_options(["envelope-encode", "envelope-decode"])
    body = read_body(options)
    envelope = PromptEnvelope.model_validate_json(body)
    # The model must write the same JSON that it read, or the comparison means nothing.
    if json.loads(envelope.model_dump_json()) != json.loads(body):
        raise SystemExit("pydantic: the model does not round-trip the benchmark envelope")
    checksum = 0

    if options.scenario == "envelope-encode":
        measurement = Measurement()
        for _ in range(options.messages):
            checksum += len(envelope.model_dump_json())
    else:
        measurement = Measurement()
        for _ in range(options.messages):
            checksum += len(PromptEnvelope.model_validate_json(body).payload.prompt)
    print_result(measurement.finish(options, checksum=checksum))


if __name__ == "__main__":
    main()
