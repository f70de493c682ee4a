#!/bin/sh
# `make test`: unit tests (cmocka), then every pytest suite against real
# servers that the tests start on loopback.  Exits non-zero on any failure;
# the last line is pytest's standard summary.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
status=0

echo "== unit tests (cmocka)"
# the list is the Makefile's (UNIT_TESTS), built by `make test` before this
for t in $(make -s --no-print-directory print-unit); do
    "$t" || status=1
done

# Extra suites hook in here: each tests/hooks.d/*.sh runs in order and must
# print its own summary and exit non-zero on failure (fuzz corpus replay,
# browser accessibility checks, ...).
for hook in tests/hooks.d/*.sh; do
    [ -e "$hook" ] || continue
    echo "== $(basename "$hook" .sh)"
    sh "$hook" || status=1
done

suites="tests/integration"
for d in tests/sso tests/security; do
    [ -d "$d" ] && suites="$suites $d"
done
echo "== integration tests: $suites"
/usr/bin/python3 -m pytest -p no:cacheprovider -q -rfEs $suites || status=1
exit $status
