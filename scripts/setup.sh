#!/usr/bin/env bash
# Prepares a Debian or Ubuntu machine for Bloodbank and builds the bb tool.
#
# Usage: scripts/setup.sh
#
# Installs rabbitmq-server, python3-venv and libsqlite3-dev with apt-get when they are
# missing (through sudo unless run as root), checks for the Swift toolchain, and builds bb in the debug
# configuration. Debug is the faster choice overall because scripts/test.sh builds debug
# too and reuses these artifacts. A release build would compile everything a second time
# with optimization, which is slower (AMQPWire, AMQPClient and bb from clean on 2 cores:
# 15 s debug, 23 s release), and bb spends its time waiting for the broker anyway.
#
# Installing rabbitmq-server may start the system's own RabbitMQ node on port 5672. bb never
# uses that node: 'bb broker start' runs a private node on other ports.
#
# Environment:
#   BLOODBANK_SCRATCH_PATH   build directory for swift's --scratch-path (default: .build)
set -euo pipefail

cd "$(dirname "$0")/.."

section() {
    printf '\n=== %s ===\n' "$*"
}

section "Checking system packages"
missing=()
if [[ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] && ! command -v rabbitmq-server >/dev/null 2>&1; then
    missing+=(rabbitmq-server)
fi
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing+=(python3-venv)
fi
if [[ ! -e /usr/include/sqlite3.h ]]; then
    missing+=(libsqlite3-dev)
fi
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "rabbitmq-server, python3-venv and libsqlite3-dev are installed."
else
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        sudo=(sudo)
    fi
    echo "Installing ${missing[*]}."
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

section "Checking the Swift toolchain"
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
if ! command -v swift >/dev/null 2>&1; then
    echo "error: swift not found on PATH or in /opt/swift/usr/bin; install Swift 6 from swift.org." >&2
    exit 1
fi
swift --version

section "Building bb (debug)"
scratch_arguments=()
if [[ -n "${BLOODBANK_SCRATCH_PATH:-}" ]]; then
    scratch_arguments=(--scratch-path "$BLOODBANK_SCRATCH_PATH")
fi
swift build --product bb "${scratch_arguments[@]}"
bin_path=$(swift build --show-bin-path "${scratch_arguments[@]}")
echo "Built $bin_path/bb."
echo "To run it as 'bb', add its directory to PATH: export PATH=\"$bin_path:\$PATH\""
