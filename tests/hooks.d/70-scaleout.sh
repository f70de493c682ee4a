#!/bin/sh
# Scale-out, short version for `make test`: two httpd front-ends sharing one
# PostgreSQL database (tests/scaleout/test_scaleout.py): consistency across
# front-ends, two admins racing beyond the places, a 15-second mixed load at
# 64 connections, both front-ends started at once on an empty database; and
# (test_cache_delay.py) how long a write on one takes to show from the
# other's cache, printed, not asserted.
# `make test-scaleout` runs the mixed load for 60 seconds.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
RM_SCALEOUT_SECONDS=15 timeout 240 /usr/bin/python3 -m pytest \
    -p no:cacheprovider -q -s -rfEs tests/scaleout
