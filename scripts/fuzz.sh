#!/usr/bin/env bash
# Builds the AMQPWire fuzz targets with libFuzzer and AddressSanitizer and runs each one.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   scripts/fuzz.sh                        every target for 300 seconds each
#   scripts/fuzz.sh 30 FuzzFrameDecoder    one target for 30 seconds
#   scripts/fuzz.sh 0                      replay the seed and working corpora once
#
# Targets (package Fuzz/):
#   FuzzFrameDecoder    byte stream -> AMQPFrameDecoder, whole and in input-derived chunks;
#                       every decoded frame must re-encode and decode to the same frame.
#   FuzzMethodDecoder   one payload -> AMQPMethod.decode(payload:),
#                       AMQPContentHeader.decode(payload:) and AMQPFieldTable.decode(_:),
#                       with the same round-trip check.
#
# Build: Swift 6.3.1 on Linux ships libFuzzer and the sanitizer runtimes in
# /opt/swift/usr/lib/clang/*/lib/linux, so no other package is needed. The flags are
#   swift build --package-path Fuzz -c release --disable-dead-strip \
#       --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address --product TARGET
# '--sanitize fuzzer' makes SwiftPM link libFuzzer's main instead of the target's own.
# '-Xswiftc -sanitize=fuzzer,address' is needed as well, because the compiler keeps only
# the last -sanitize option and SwiftPM passes '--sanitize fuzzer --sanitize address' as
# two of them. '--disable-dead-strip' keeps the coverage counters: with the default
# --gc-sections, ld.gold drops the __sancov_cntrs sections and libFuzzer runs blind.
#
# Each run reads the seeds in Fuzz/Corpus/TARGET, mutates them with the byte strings in
# Fuzz/AMQP.dict (method ids, field type tags), and adds new inputs to the working
# corpus .build/fuzz/corpus/TARGET, which later runs start from. A crash, a failed
# round-trip check, a timeout (10 s) or running out of memory stops the target. libFuzzer
# then saves the input under .build/fuzz/artifacts/TARGET/, and this script prints its
# path and the command that replays it. Logs are in .build/fuzz/logs/TARGET.log.
#
# Exits 0 when every target ran without a failure, 1 otherwise, and 64 for a usage error.
#
# Environment:
#   BLOODBANK_FUZZ_SCRATCH_PATH   build directory of the fuzz package (default: .build/fuzz/build)
#   BLOODBANK_FUZZ_MAX_LEN        largest input in bytes (default: 65536)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD

all_targets=(FuzzFrameDecoder FuzzMethodDecoder)

section() {
    printf '\n=== %s ===\n' "$*"
}

usage() {
    echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]; targets: ${all_targets[*]}" >&2
    exit 64
}

seconds=300
if [[ $# -gt 0 ]]; then
    [[ $1 =~ ^[0-9]+$ ]] || usage
    seconds=$1
    shift
fi
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=("${all_targets[@]}")
fi
for target in "${targets[@]}"; do
    [[ " ${all_targets[*]} " == *" $target "* ]] || usage
done

scratch=${BLOODBANK_FUZZ_SCRATCH_PATH:-$root/.build/fuzz/build}
max_len=${BLOODBANK_FUZZ_MAX_LEN:-65536}
work=$root/.build/fuzz

if ! command -v swift >/dev/null 2>&1; then
    echo "error: swift is not on PATH; add the toolchain's usr/bin, such as /opt/swift/usr/bin" >&2
    exit 1
fi
swift_bin=$(dirname "$(command -v swift)")
if ! compgen -G "$swift_bin/../lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a" >/dev/null; then
    echo "error: the Swift toolchain in $swift_bin/.. has no libFuzzer runtime (lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a); use a swift.org Linux toolchain, which ships it" >&2
    exit 1
fi

section "Building ${targets[*]} with libFuzzer and AddressSanitizer"
# The comma in -sanitize=fuzzer,address belongs to the compiler option.
# shellcheck disable=SC2054
build_arguments=(
    --package-path Fuzz --scratch-path "$scratch" -c release --disable-dead-strip
    --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address
)
mkdir -p "$work/logs"
for target in "${targets[@]}"; do
    build_log=$work/logs/$target-build.log
    status=0
    swift build "${build_arguments[@]}" --product "$target" >"$build_log" 2>&1 || status=$?
    # ld.gold warns once per sanitizer helper symbol that it cannot export; the warnings
    # are harmless and would bury real errors.
    grep -v "Cannot export local symbol" "$build_log" || true
    if [[ $status -ne 0 ]]; then
        echo "error: building $target failed with exit status $status; log: $build_log" >&2
        exit 1
    fi
done
bin=$(swift build "${build_arguments[@]}" --show-bin-path)

# Prints one line with the executions, speed, coverage and corpus size found in a run's log.
summarize() {
    local log=$1
    local runs rate coverage features corpus
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    coverage=$(grep -o ' cov: [0-9]*' "$log" | tail -n 1 | tr -dc '0-9')
    features=$(grep -o ' ft: [0-9]*' "$log" | tail -n 1 | tr -dc '0-9')
    corpus=$(grep -o ' corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -n 1 | sed 's/ corp: //')
    printf '%s runs, %s exec/s, cov %s, ft %s, corpus %s' \
        "${runs:-?}" "${rate:-?}" "${coverage:-?}" "${features:-?}" "${corpus:-?}"
}

# Swift's backtracer would start after a failed check and trip over AddressSanitizer;
# libFuzzer prints the stack itself.
export SWIFT_BACKTRACE=enable=no

failed=()
summaries=()
for target in "${targets[@]}"; do
    seeds=$root/Fuzz/Corpus/$target
    corpus=$work/corpus/$target
    artifacts=$work/artifacts/$target/
    log=$work/logs/$target.log
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"

    fuzz_arguments=(
        -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -dict="$root/Fuzz/AMQP.dict" -artifact_prefix="$artifacts"
    )
    if [[ $seconds -eq 0 ]]; then
        section "Replaying the corpora of $target"
        fuzz_arguments+=(-runs=0)
    else
        section "Running $target for $seconds seconds"
        fuzz_arguments+=(-max_total_time="$seconds")
    fi

    started=$SECONDS
    status=0
    # New inputs go to the first directory, so the committed seeds stay unchanged.
    "$bin/$target" "${fuzz_arguments[@]}" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
    elapsed=$((SECONDS - started))
    grep -E '^(#[0-9]+ +(INITED|DONE)|Done [0-9]+ runs|==[0-9]+==|SUMMARY)|Fatal error' "$log" | tail -n 20 || true

    summary="$target: $(summarize "$log") in ${elapsed} s"
    if [[ $status -ne 0 ]]; then
        # A bounds or overflow trap in an optimized build prints no message, so show
        # where in the Swift code the stack trace points.
        grep -m 6 -E '^ +#[0-9]+ .*\.swift:[0-9]+' "$log" | swift demangle --simplified || true
        crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        summary+=" - FAILED (exit status $status)"
        failed+=("$target")
        echo "error: $target failed; log: $log" >&2
        if [[ -n $crash ]]; then
            echo "error: the failing input is $crash" >&2
            echo "error: replay it with: $bin/$target $crash" >&2
        fi
    fi
    summaries+=("$summary")
done

section "Fuzzing summary"
printf '%s\n' "${summaries[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "Fuzzing failed for: ${failed[*]}" >&2
    exit 1
fi
echo "No failures."
