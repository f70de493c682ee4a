#!/bin/sh
# Fuzz each harness for SECONDS.  Usage:
#   FUZZ_DIR=build/fuzz sh tests/fuzz/run-fuzz.sh SECONDS HARNESS...
# Each harness starts from the seeds in tests/fuzz/corpus/<h>/ plus what
# earlier runs found in build/fuzz/corpus/<h>/ (the repository's corpus is
# only read).  Crashing inputs go to build/fuzz/artifacts/<h>-crash-*.
# Prints a table (runs, exec/s, coverage, corpus size) and exits non-zero if
# any harness found a crash, a sanitizer report or a broken invariant.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
secs=$1
shift
fdir=${FUZZ_DIR:-build/fuzz}
art=$fdir/artifacts
mkdir -p "$art"
status=0
summary=""
for h in "$@"; do
    bin=$fdir/fuzz_$h
    work=$fdir/corpus/$h
    log=$fdir/fuzz-$h.log
    mkdir -p "$work"
    echo "== fuzz_$h for ${secs}s (log: $log)"
    start=$(date +%s)
    "$bin" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$art/$h-" \
        -rss_limit_mb=2048 -timeout=25 -max_len=${FUZZ_MAX_LEN:-8192} \
        "$work" "tests/fuzz/corpus/$h" > "$log" 2>&1
    rc=$?
    took=$(( $(date +%s) - start ))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
    ncorp=$(find "$work" -type f | wc -l)
    if [ "$rc" -eq 0 ]; then
        res=ok
    else
        res="FAILED (exit $rc)"
        status=1
        grep -E "ERROR|INVARIANT|runtime error|SUMMARY|Test unit written|^    #[0-5] " "$log" | head -25
    fi
    line=$(printf '%-14s %-10s %8ss %12s runs %8s exec/s  cov %5s  ft %5s  corpus %5s' \
        "fuzz_$h" "$res" "$took" "${runs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "$ncorp")
    echo "$line"
    summary="$summary$line
"
done
echo "== fuzz summary (${secs}s per harness; artefacts in $art)"
printf '%s' "$summary"
exit $status
