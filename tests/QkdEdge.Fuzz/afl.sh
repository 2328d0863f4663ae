#!/usr/bin/env bash
# Runs the fuzz targets under AFL++ through SharpFuzz (docs/fuzzing.md).
#
#   tests/QkdEdge.Fuzz/afl.sh prepare                 publish the harness and instrument the code under test
#   tests/QkdEdge.Fuzz/afl.sh run <target> <seconds>  fuzz one target for a bounded time, from its committed corpus
#   tests/QkdEdge.Fuzz/afl.sh stats <target>          executions, exec/s, paths, crashes and hangs of the last run
#
# Needs afl-fuzz (Debian/Ubuntu package afl++) and the sharpfuzz tool (dotnet tool install --global
# SharpFuzz.CommandLine). Work goes to artifacts/fuzz (git-ignored); FUZZ_WORK overrides it.
set -euo pipefail
export PATH="$PATH:$HOME/.dotnet/tools"  # where `dotnet tool install --global` puts sharpfuzz
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${FUZZ_WORK:-$repo/artifacts/fuzz}"
bin="$work/bin"

# The product assemblies the targets exercise; framework and third-party code stays uninstrumented.
instrumented=(QkdEdge.Wire QkdEdge.Wire.Decoding QkdEdge.Ingest QkdEdge.Peer QkdEdge.Protocol QkdEdge.Delivery QkdEdge.KeyStore QkdEdge.Station)

prepare() {
    rm -rf "$bin"
    dotnet publish "$repo/tests/QkdEdge.Fuzz/QkdEdge.Fuzz.csproj" -c Release -o "$bin" --nologo
    for assembly in "${instrumented[@]}"; do
        echo "instrumenting $assembly"
        sharpfuzz "$bin/$assembly.dll"
    done
}

run() {
    local target="$1" seconds="$2"
    local findings="$work/findings/$target"
    [[ -f "$bin/QkdEdge.Fuzz.dll" ]] || { echo "run '$0 prepare' first" >&2; exit 2; }
    rm -rf "$findings"
    mkdir -p "$findings"
    # AFL_SKIP_BIN_CHECK: the executable is dotnet, instrumented through the assemblies it loads.
    # AFL_FORKSRV_INIT_TMOUT: .NET start-up and the target's warm-up come before the fork server answers.
    # AFL_NO_AFFINITY: leave scheduling to the kernel on a shared machine.
    # -t 5000: an input running for 5 s is reported as a hang (typical inputs take well under 10 ms).
    AFL_SKIP_BIN_CHECK=1 AFL_FORKSRV_INIT_TMOUT=120000 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 \
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
        timeout --signal=INT "$seconds" \
        afl-fuzz -i "$repo/tests/fuzz-corpus/$target" -o "$findings" -t 5000 -m none -- \
        dotnet "$bin/QkdEdge.Fuzz.dll" "$target" || true
    stats "$target"
}

stats() {
    local file="$work/findings/$1/default/fuzzer_stats"
    [[ -f "$file" ]] || { echo "no statistics for $1" >&2; exit 1; }
    grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|stability|bitmap_cvg) ' "$file"
    ls "$work/findings/$1/default/crashes" "$work/findings/$1/default/hangs" 2>/dev/null | grep -v README || true
}

case "${1:-}" in
    prepare) prepare ;;
    run) [[ $# -eq 3 ]] || { echo "usage: $0 run <target> <seconds>" >&2; exit 2; }; run "$2" "$3" ;;
    stats) [[ $# -eq 2 ]] || { echo "usage: $0 stats <target>" >&2; exit 2; }; stats "$2" ;;
    *) echo "usage: $0 prepare | run <target> <seconds> | stats <target>" >&2; exit 2 ;;
esac
