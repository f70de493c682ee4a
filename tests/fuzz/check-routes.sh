#!/bin/sh
# The fuzz harness tests/fuzz/fuzz_route.c carries a copy of the route table
# of mod_rmentor/router.c (which includes httpd headers, so it cannot be
# linked into a harness).  Fail when the copy and the original differ.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
block() {
    # the lines of the initialiser "static const rm_route routes[] = { ... };"
    awk '/rm_route routes\[\] *= *\{/ {on = 1; next} on && /^\};/ {on = 0} on' "$1"
}
extract() {
    # every { ID, "METHOD", "PATTERN" } entry, white space normalised; a line
    # of the initialiser in any other shape is printed as is, so it differs
    block "$1" | grep -v '^[[:space:]]*$' | sed \
        's/^[[:space:]]*{[[:space:]]*\([0-9][0-9]*\),[[:space:]]*"\([A-Z]*\)",[[:space:]]*"\([^"]*\)"[[:space:]]*},[[:space:]]*$/\1 \2 \3/'
}
# RM_ROUTER_C: another router.c to compare (to test this script)
router=${RM_ROUTER_C:-$top/mod_rmentor/router.c}
a=$(extract "$router")
b=$(extract "$top/tests/fuzz/fuzz_route.c")
if [ -z "$a" ]; then
    echo "check-routes: no route entries found in $router (format changed?)" >&2
    exit 1
fi
if [ "$a" != "$b" ]; then
    echo "check-routes: the route table in tests/fuzz/fuzz_route.c differs from mod_rmentor/router.c:" >&2
    printf '%s\n' "$a" > "${TMPDIR:-/tmp}/rm-routes-a.$$"
    printf '%s\n' "$b" > "${TMPDIR:-/tmp}/rm-routes-b.$$"
    diff "${TMPDIR:-/tmp}/rm-routes-a.$$" "${TMPDIR:-/tmp}/rm-routes-b.$$" >&2 || true
    rm -f "${TMPDIR:-/tmp}/rm-routes-a.$$" "${TMPDIR:-/tmp}/rm-routes-b.$$"
    exit 1
fi
echo "check-routes: fuzz_route.c has the $(printf '%s\n' "$a" | wc -l) routes of router.c"
