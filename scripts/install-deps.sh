#!/bin/sh
# Install the Debian 12 packages mod_rmentor needs, by what they are for:
#   run      build the module and run the SQLite demo (`make run`)
#   test     the run set and the test toolset (`make test`, the benchmarks):
#            PostgreSQL, cmocka, pytest, the SSO modules and SAML tools, wrk,
#            valgrind
#   browser  Debian's chromium (tests/hooks.d/50-browser.sh)
#   fuzz     clang 14 with its fuzzer runtime (tests/hooks.d/20-fuzz-replay.sh)
#   bench    SciPy, the yardstick `make bench-match` prints beside the matcher
# Usage: scripts/install-deps.sh [SET...]        (no SET: test)
#
# As root: installs what is missing with apt-get.  When another package
# manager holds its lock (an unattended upgrade, another build), says so and
# waits for it, up to 10 minutes, rather than failing at once.  As another
# user: prints the one apt-get line to run and fails.
set -eu

RUN_PKGS="make gcc libc6-dev apache2 apache2-dev libaprutil1-dbd-sqlite3
libxml2-dev libxmlsec1-dev libxslt1-dev libssl-dev libpq-dev libical-dev libjansson-dev curl"
TEST_PKGS="libaprutil1-dbd-pgsql postgresql sqlite3 libcmocka-dev
python3 python3-pytest python3-requests python3-lxml python3-cssselect python3-icalendar
libapache2-mod-auth-mellon python3-pysaml2 xmlsec1 libxml2-utils openssl
libapache2-mod-shib libapache2-mod-auth-openidc wrk valgrind"
BROWSER_PKGS="chromium"
FUZZ_PKGS="clang-14 libclang-rt-14-dev"
BENCH_PKGS="python3-scipy"
LOCK_WAIT=600                   # seconds

[ $# -gt 0 ] || set -- test
want=""
for what in "$@"; do
    case $what in
        run)     want="$want $RUN_PKGS" ;;
        test)    want="$want $RUN_PKGS $TEST_PKGS" ;;
        browser) want="$want $BROWSER_PKGS" ;;
        fuzz)    want="$want $FUZZ_PKGS" ;;
        bench)   want="$want $BENCH_PKGS" ;;
        *) echo "usage: $0 [run|test|browser|fuzz|bench]..." >&2; exit 2 ;;
    esac
done

missing=""
for p in $want; do
    case " $missing " in *" $p "*) continue ;; esac
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "mod_rmentor needs these Debian packages:$missing" >&2
    echo "Run as root:  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi

# apt-get ARGS...: its output kept in a log, shown only when it fails.  It
# waits for the dpkg lock itself (DPkg::Lock::Timeout) and says so in its
# output, which is watched here to tell the person why nothing moves;
# `apt-get update` does not wait for the package lists' lock (apt 2.6), so a
# failure to get a lock is tried again every 5 seconds until LOCK_WAIT.
log=$(mktemp "${TMPDIR:-/tmp}/rm-apt.XXXXXX")
trap 'rm -f "$log"' EXIT
waiting() {
    if [ -z "$said" ]; then
        held=$(sed -n 's/.*\(held by process [0-9]* ([^)]*)\).*/\1/p' "$log" | head -n 1)
        echo "Waiting for another package manager to finish${held:+ (the lock is $held)}," \
             "up to $((LOCK_WAIT / 60)) minutes..."
        said=1
    fi
}
apt_get() {
    start=$(date +%s)
    said=""
    while :; do
        apt-get -q -o DPkg::Lock::Timeout="$LOCK_WAIT" "$@" > "$log" 2>&1 &
        pid=$!
        while kill -0 "$pid" 2>/dev/null; do
            if grep -q "Waiting for cache lock" "$log"; then waiting; fi
            sleep 1
        done
        if wait "$pid"; then
            return 0
        fi
        if grep -q "^E: Could not get lock" "$log" \
           && [ $(($(date +%s) - start)) -lt "$LOCK_WAIT" ]; then
            waiting
            sleep 5
            continue
        fi
        tail -n 20 "$log" >&2
        echo "apt-get $* failed" >&2
        return 1
    done
}

echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt_get update
# postgresql's package would start a cluster; the tests run their own.
# shellcheck disable=SC2086
apt_get install -y --no-install-recommends $missing
