#!/bin/sh
# Crash safety, short version for `make test`: 5 rounds per backend (SQLite,
# PostgreSQL) of concurrent writers, SIGKILL of httpd mid-load, restart on the
# same database, and a check that every acknowledged write is there and
# nothing half-written is (tests/crash/test_crash.py).  Bounded to ~60 s;
# `make test-crash` runs 20 rounds and also crashes PostgreSQL itself.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
RM_CRASH_ROUNDS=5 RM_CRASH_PG=0 timeout 180 /usr/bin/python3 -m pytest \
    -p no:cacheprovider -q -s -rfEs tests/crash -k test_httpd_sigkill_rounds
