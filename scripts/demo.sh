#!/usr/bin/env bash
# Sets up the machine, starts the development broker and runs 'bb demo'.
#
# Usage: scripts/demo.sh
#
# The broker keeps running afterwards; stop it with 'bb broker stop'.
#
# Environment:
#   BLOODBANK_SCRATCH_PATH   build directory for swift's --scratch-path (default: .build)
set -euo pipefail

cd "$(dirname "$0")/.."

scripts/setup.sh

scratch_arguments=()
if [[ -n "${BLOODBANK_SCRATCH_PATH:-}" ]]; then
    scratch_arguments=(--scratch-path "$BLOODBANK_SCRATCH_PATH")
fi
if ! command -v swift >/dev/null 2>&1; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
bb="$(swift build --show-bin-path "${scratch_arguments[@]}")/bb"

printf '\n=== %s ===\n' "Starting the development broker"
"$bb" broker start

printf '\n=== %s ===\n' "Running bb demo"
"$bb" demo
