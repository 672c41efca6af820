#!/usr/bin/env bash
# Benchmarks Bloodbank's clients against rabbitmq-c, pika and aio-pika, and its envelope
# JSON against Pydantic v2, on one private RabbitMQ node; see docs/benchmarks.md.
#
# Usage: scripts/bench.sh [--quick] [--only KEYS]
#   scripts/bench.sh            100,000 messages (30,000 for latency), 3 runs per client,
#                               rewrites docs/benchmarks.md; about 20 minutes on 2 cores
#   scripts/bench.sh --quick    10,000 messages, 1 run per client, writes only
#                               .build/bench/results.md
#   --only KEYS                 comma-separated scenarios, for development:
#                               publish-transient, publish-confirm, consume-1,
#                               consume-1000, latency, envelope-encode, envelope-decode
#                               (writes only .build/bench/results.md)
#
# Steps:
#   1. Run scripts/setup.sh (system packages and bb), and install librabbitmq-dev with
#      apt-get when it is missing.
#   2. Build Benchmarks/ (the bloodbank-bench client, release, with the Swift runtime
#      linked statically) and Benchmarks/rabbitmq-c/bench_rabbitmq_c.c with gcc.
#   3. Prepare .build/bench-venv with pika, aio-pika and pydantic.
#   4. Start a broker with 'bb broker start --dir .build/bench-broker --port 5684'.
#   5. Write the benchmark envelope with 'bb publish agent.thread.prompt --dry-run',
#      its payload sized so that the envelope is 610 bytes.
#   6. Run Benchmarks/bench.py, which runs every scenario and writes the results.
#   7. Stop the broker on exit, also after a failure or Ctrl-C.
#
# Environment:
#   BLOODBANK_SCRATCH_PATH        build directory of the root package (default: .build)
#   BLOODBANK_BENCH_SCRATCH_PATH  build directory of Benchmarks/ (default: .build/bench-swift)
#   BLOODBANK_BENCH_BROKER_PORT   port of the benchmark broker (default: 5684), so that two
#                                 checkouts can benchmark on one machine
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD

section() {
    printf '\n=== %s ===\n' "$*"
}

quick=false
only=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) quick=true ;;
        --only)
            if [[ $# -lt 2 ]]; then
                echo "error: --only needs a comma-separated list of scenarios" >&2
                exit 64
            fi
            only=$2
            shift
            ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "error: unknown argument '$1'; see 'scripts/bench.sh --help'" >&2
            exit 64
            ;;
    esac
    shift
done

work=.build/bench
mkdir -p "$work"

scratch_arguments=()
if [[ -n "${BLOODBANK_SCRATCH_PATH:-}" ]]; then
    scratch_arguments=(--scratch-path "$BLOODBANK_SCRATCH_PATH")
fi
bench_scratch=${BLOODBANK_BENCH_SCRATCH_PATH:-$root/.build/bench-swift}

# scripts/setup.sh installs rabbitmq-server, python3-venv and libsqlite3-dev when they are
# missing and builds bb; only the C client's library is the benchmark's own.
scripts/setup.sh
bb="$(swift build --show-bin-path "${scratch_arguments[@]}")/bb"

section "Checking librabbitmq-dev"
if [[ -f /usr/include/amqp.h ]]; then
    echo "librabbitmq-dev is installed."
else
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        sudo=(sudo)
    fi
    echo "Installing librabbitmq-dev."
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends librabbitmq-dev
fi

section "Building bloodbank-bench (release)"
# SwiftPM did not notice new source files of the root package, which Benchmarks/ uses
# as a path dependency, until the build manifest was removed. Removing it costs no rebuild.
rm -f "$bench_scratch/release.yaml" "$bench_scratch/release/description.json"
# Linked statically, the Swift runtime and FoundationEssentials load only the code the
# client uses instead of whole shared libraries: about 3 MB less peak RSS.
swift build -c release --static-swift-stdlib --package-path Benchmarks --scratch-path "$bench_scratch"
swift_client="$(swift build -c release --static-swift-stdlib --package-path Benchmarks --scratch-path "$bench_scratch" --show-bin-path)/bloodbank-bench"
swift_version=$(swift --version 2>/dev/null | head -n 1)

section "Building the rabbitmq-c client"
c_client=$work/bench-rabbitmq-c
gcc -O2 -Wall -Wextra -o "$c_client" Benchmarks/rabbitmq-c/bench_rabbitmq_c.c -lrabbitmq
echo "Built $c_client."

section "Preparing the Python environment in .build/bench-venv"
venv=.build/bench-venv
if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import pika, aio_pika, pydantic' 2>/dev/null; then
    echo "pika, aio-pika and pydantic are already installed in $venv."
else
    if ! python3 -m venv "$venv"; then
        echo "error: 'python3 -m venv' failed; install python3-venv (scripts/setup.sh does)." >&2
        exit 1
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        'pika>=1.3,<2' 'aio-pika>=9,<10' 'pydantic>=2,<3'
    echo "Installed pika, aio-pika and pydantic in $venv."
fi

section "Starting the benchmark broker"
broker_directory=.build/bench-broker
# Called by the EXIT trap, which shellcheck does not follow.
# shellcheck disable=SC2317
stop_broker() {
    section "Stopping the benchmark broker"
    if ! "$bb" broker stop --dir "$broker_directory"; then
        echo "warning: the broker in $broker_directory did not stop; run '$bb broker stop --dir $broker_directory'" >&2
    fi
}
trap stop_broker EXIT
# Turn Ctrl-C and SIGTERM into a normal exit, so that the EXIT trap stops the broker.
trap 'exit 130' INT
trap 'exit 143' TERM
"$bb" broker start --dir "$broker_directory" --port "${BLOODBANK_BENCH_BROKER_PORT:-5684}"

section "Writing the benchmark envelope"
# Fixed ids and host keep the size the same on every machine. The timestamp always has
# six fraction digits, so only the prompt length sets the size.
envelope_size=610
write_envelope() {
    local prompt=$1
    "$bb" publish agent.thread.prompt --dry-run \
        --event-id 3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34 \
        --correlation-id 0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69 \
        --source-host bench-host --source-app bloodbank-bench --source-type agent \
        --payload "{\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4\",\"prompt\":\"$prompt\",\"project\":\"bloodbank\",\"working_dir\":\"/srv/bloodbank\",\"domain\":\"code\",\"tags\":[\"refactor\",\"events\"]}" |
        tr -d '\n'
}
sentence="Refactor the event system so that every publisher and subscriber shares one envelope writer and one reader. "
text="$sentence$sentence$sentence$sentence"
base_size=$(write_envelope "" | wc -c)
padding=$((envelope_size - base_size))
if [[ $padding -lt 1 || $padding -gt ${#text} ]]; then
    echo "error: the envelope without a prompt is $base_size bytes, which leaves no room for a prompt of 1 to ${#text} bytes" >&2
    exit 1
fi
prompt=${text:0:padding}
# End the prompt with a full stop instead of a cut-off space.
if [[ $prompt == *" " ]]; then
    prompt="${prompt% }."
fi
write_envelope "$prompt" >"$work/envelope.json"
echo "Wrote $work/envelope.json ($(wc -c <"$work/envelope.json") bytes)."

section "Running the benchmark"
arguments=(
    --url-file "$broker_directory/url"
    --broker-pid-file "$broker_directory/rabbitmq.pid"
    --body "$work/envelope.json"
    --swift-client "$swift_client"
    --c-client "$c_client"
    --work-directory "$work"
    --swift-version "$swift_version"
)
if [[ $quick == true ]]; then
    arguments+=(--messages 10000 --latency-messages 4000 --repetitions 1 --command "scripts/bench.sh --quick")
fi
if [[ -n $only ]]; then
    arguments+=(--only "$only")
fi
if [[ $quick == true || -n $only ]]; then
    arguments+=(--markdown "$work/results.md")
else
    arguments+=(--markdown docs/benchmarks.md)
fi
"$venv/bin/python" Benchmarks/bench.py "${arguments[@]}"
