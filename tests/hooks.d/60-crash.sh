#!/bin/sh
# Crash safety, short version for `make test` (tests/crash/test_crash.py):
# - 5 rounds per backend (SQLite, PostgreSQL) of concurrent writers, SIGKILL
#   of httpd mid-load, restart on the same database, and a check that every
#   acknowledged write is there and nothing half-written is;
# - PostgreSQL itself killed with SIGKILL under load and restarted: no
#   acknowledged write lost, no child crash, and no request failing once the
#   server is back (the module reconnects and prepares its statements again).
# Bounded to ~90 s; `make test-crash` runs 20 rounds of each.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
RM_CRASH_ROUNDS=5 timeout 300 /usr/bin/python3 -m pytest \
    -p no:cacheprovider -q -s -rfEs tests/crash
