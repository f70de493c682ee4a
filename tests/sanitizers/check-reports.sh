#!/bin/sh
# After `make test-asan` / `make test-valgrind`: fail on any report left in
# the report directory.  Usage: check-reports.sh asan|valgrind DIR
# Prints one summary line; with reports, their first lines too.
set -u
mode=$1 dir=$2
bad=0 total=0
for f in "$dir"/*; do
    [ -e "$f" ] || continue
    total=$((total + 1))
    case $mode in
    asan)
        # the plugin writes a file only for a report it found
        if [ -s "$f" ]; then
            bad=$((bad + 1))
            echo "--- $f"
            head -60 "$f"
        fi
        ;;
    valgrind)
        n=$(sed -n 's/^==[0-9]*== ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$f" | tail -1)
        if [ -z "$n" ]; then
            bad=$((bad + 1))
            echo "--- $f: no ERROR SUMMARY (valgrind did not finish)"
            tail -20 "$f"
        elif [ "$n" -gt 0 ]; then
            bad=$((bad + 1))
            echo "--- $f: $n errors"
            grep -v '^==[0-9]*==    \(by\|at\) 0x' "$f" | sed -n '/ERROR SUMMARY/q;/^==[0-9]*== [A-Z]/p' \
                | grep -v "Memcheck\|Copyright\|Using Valgrind\|Command:\|Parent PID" | head -20
            head -80 "$f" | tail -60
        fi
        ;;
    esac
done
case $mode in
asan)     echo "$mode reports: $bad report files in $dir" ;;
valgrind) echo "$mode reports: $total server logs, $((total - bad)) clean, $bad with errors" ;;
esac
if [ "$mode" = valgrind ] && [ "$total" -eq 0 ]; then
    echo "valgrind: no server ran under valgrind (plugin not loaded?)"
    exit 1
fi
[ "$bad" -eq 0 ]
