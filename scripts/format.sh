#!/usr/bin/env bash
# Formats or lints the Swift sources with the toolchain's swift-format and .swift-format.
#
# Usage:
#   scripts/format.sh            rewrite the given paths (default: Sources Tests) in place
#   scripts/format.sh --check    only list what does not match, and exit 1 if anything does
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v swift >/dev/null 2>&1; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

mode=format
if [[ "${1:-}" == "--check" ]]; then
    mode=check
    shift
fi
paths=("$@")
if [[ ${#paths[@]} -eq 0 ]]; then
    paths=(Sources Tests)
fi

if [[ $mode == check ]]; then
    swift format lint --strict --recursive "${paths[@]}"
else
    swift format format --in-place --recursive "${paths[@]}"
fi
