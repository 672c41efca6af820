#!/usr/bin/env bash
# Runs every test target, IntegrationTests included, against a private RabbitMQ node.
#
# Usage: scripts/test.sh [SWIFT-TEST-ARGUMENTS...]
#   scripts/test.sh                              all tests
#   scripts/test.sh --filter IntegrationTests    arguments go to 'swift test'
#
# Steps:
#   1. Build the package and its tests.
#   2. Prepare .build/venv with pika, pydantic and jsonschema for the Python
#      interoperability tests.
#   3. Start a test broker with 'bb broker start --dir .build/test-broker --port 5683',
#      apart from the development broker on 5682.
#   4. Run 'swift test' with BLOODBANK_TEST_URL, BLOODBANK_TEST_CTL and
#      BLOODBANK_TEST_PYTHON set: first every test but the suites whose names start with
#      'Isolated', in parallel; then those suites alone and one at a time, because they
#      restart the broker, raise its memory alarm or count this process's resources.
#      Arguments, when given, replace both runs with one 'swift test ARGUMENTS'.
#   5. Stop the test broker on exit, also after a failure or Ctrl-C.
# Exits with the status of 'swift test'.
#
# Environment:
#   BLOODBANK_SCRATCH_PATH       build directory for swift's --scratch-path (default: .build)
#   BLOODBANK_TEST_BROKER_PORT   AMQP port of the test broker (default: 5683)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD

section() {
    printf '\n=== %s ===\n' "$*"
}

scratch_arguments=()
if [[ -n "${BLOODBANK_SCRATCH_PATH:-}" ]]; then
    scratch_arguments=(--scratch-path "$BLOODBANK_SCRATCH_PATH")
fi

section "Building the package and its tests"
swift build --build-tests "${scratch_arguments[@]}"
bb="$(swift build --show-bin-path "${scratch_arguments[@]}")/bb"

section "Preparing the Python environment in .build/venv"
venv=.build/venv
# jsonschema checks the date-time and uri formats only with rfc3339-validator and
# rfc3986-validator installed.
python_packages=('pika>=1.3,<2' 'pydantic>=2,<3' 'jsonschema>=4.18,<5' 'rfc3339-validator' 'rfc3986-validator')
python_imports='import pika, pydantic, jsonschema, rfc3339_validator, rfc3986_validator'
if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c "$python_imports" 2>/dev/null; then
    echo "pika, pydantic and jsonschema are already installed in $venv."
else
    if [[ ! -x "$venv/bin/python" ]] && ! python3 -m venv "$venv"; then
        echo "error: 'python3 -m venv' failed; install python3-venv (scripts/setup.sh does)." >&2
        exit 1
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${python_packages[@]}"
    echo "Installed $("$venv/bin/python" -c 'import pika, pydantic, jsonschema; from importlib.metadata import version as v; print("pika", pika.__version__, "pydantic", pydantic.VERSION, "jsonschema", v("jsonschema"))') in $venv."
fi
export BLOODBANK_TEST_PYTHON="$root/$venv/bin/python"

section "Starting the test broker"
broker_directory=.build/test-broker
broker_port=${BLOODBANK_TEST_BROKER_PORT:-5683}
# Called by the EXIT trap, which shellcheck does not follow.
# shellcheck disable=SC2317
stop_broker() {
    section "Stopping the test broker"
    if ! "$bb" broker stop --dir "$broker_directory"; then
        echo "warning: the test broker in $broker_directory did not stop; run '$bb broker stop --dir $broker_directory'" >&2
    fi
}
trap stop_broker EXIT
# Turn Ctrl-C and SIGTERM into a normal exit, so that the EXIT trap stops the broker.
trap 'exit 130' INT
trap 'exit 143' TERM
"$bb" broker start --dir "$broker_directory" --port "$broker_port"
BLOODBANK_TEST_URL=$(cat "$broker_directory/url")
export BLOODBANK_TEST_URL
# A shell command prefix that runs rabbitmqctl against the test broker; tests append
# quoted rabbitmqctl arguments and run it with 'sh -c'.
printf -v BLOODBANK_TEST_CTL '%q broker ctl --dir %q --' "$bb" "$root/$broker_directory"
export BLOODBANK_TEST_CTL

status=0
if [[ $# -gt 0 ]]; then
    section "Running swift test $*"
    swift test "${scratch_arguments[@]}" "$@" || status=$?
else
    section "Running swift test (all but the Isolated suites)"
    swift test "${scratch_arguments[@]}" --disable-xctest --skip Isolated || status=$?
    section "Running the Isolated suites one at a time"
    swift test "${scratch_arguments[@]}" --disable-xctest --filter Isolated --no-parallel || status=$?
fi
if [[ $status -eq 0 ]]; then
    echo "swift test passed."
else
    echo "swift test failed with exit status $status." >&2
fi
exit "$status"
