#!/bin/sh
# Replay every seed of tests/fuzz/corpus/<h>/ through build/fuzz/fuzz_<h> once.
# Usage: FUZZ_DIR=build/fuzz sh tests/fuzz/replay.sh [HARNESS...]
# (no HARNESS: every tests/fuzz/fuzz_*.c but fuzz_common)
# Prints one line per harness and ends with
#   fuzz corpus replay: N passed, M failed
# Exits non-zero on any crash, sanitizer report or failed invariant (and when
# the route table copy in fuzz_route.c differs from router.c).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
fdir=${FUZZ_DIR:-build/fuzz}
art=$fdir/artifacts
mkdir -p "$art"
passed=0 failed=0
if [ $# -eq 0 ]; then
    for c in tests/fuzz/fuzz_*.c; do
        h=${c#tests/fuzz/fuzz_}
        h=${h%.c}
        [ "$h" = common ] || set -- "$@" "$h"
    done
fi

for h in "$@"; do
    bin=$fdir/fuzz_$h
    dir=tests/fuzz/corpus/$h
    log=$fdir/replay-$h.log
    if [ ! -x "$bin" ]; then
        echo "fuzz_$h: not built ($bin)"
        failed=$((failed + 1))
        continue
    fi
    n=$(find "$dir" -type f | wc -l)
    if [ "$n" -eq 0 ]; then
        echo "fuzz_$h: no seeds in $dir"
        failed=$((failed + 1))
        continue
    fi
    # All seeds in one process first (fast); on failure one process per seed,
    # to name each input that fails.
    if find "$dir" -type f | sort | xargs "$bin" -artifact_prefix="$art/$h-" \
            -rss_limit_mb=2048 -timeout=25 > "$log" 2>&1; then
        echo "fuzz_$h: $n inputs replayed, all passed"
        passed=$((passed + n))
        continue
    fi
    hp=0 hf=0
    for f in $(find "$dir" -type f | sort); do
        if "$bin" -artifact_prefix="$art/$h-" -rss_limit_mb=2048 -timeout=25 "$f" \
                > "$log.one" 2>&1; then
            hp=$((hp + 1))
        else
            hf=$((hf + 1))
            echo "fuzz_$h: FAILED on $f:"
            grep -E "ERROR|INVARIANT|runtime error|SUMMARY|^    #[0-4] " "$log.one" | head -20 | sed 's/^/    /'
            cat "$log.one" >> "$log"
        fi
    done
    rm -f "$log.one"
    echo "fuzz_$h: $n inputs replayed, $hp passed, $hf failed (log: $log)"
    passed=$((passed + hp))
    failed=$((failed + hf))
done
echo "fuzz corpus replay: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
