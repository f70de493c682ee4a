#!/bin/sh
# `make test` hook: build the libFuzzer harnesses (tests/fuzz/) and replay
# every seed of tests/fuzz/corpus/ once.  Ends with
#   fuzz corpus replay: N passed, M failed
# and exits non-zero on any crash, sanitizer report or broken invariant.
# Needs clang 14 with its fuzzer runtime (libclang-rt-14-dev): installed here
# with apt-get when running as root.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

# RM_FUZZ_CC: another compiler (to test this hook)
cc=${RM_FUZZ_CC:-$(command -v clang-14 || command -v clang || true)}
probe_dir=$(mktemp -d "${TMPDIR:-/tmp}/rm-fuzzprobe.XXXXXX")
trap 'rm -rf "$probe_dir"' EXIT INT TERM
can_fuzz() {
    [ -n "$cc" ] || return 1
    printf '%s\n' '#include <stdint.h>' '#include <stddef.h>' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
        > "$probe_dir/p.c"
    "$cc" -fsanitize=fuzzer,address,undefined -o "$probe_dir/p" "$probe_dir/p.c" \
        > "$probe_dir/log" 2>&1
}

if ! can_fuzz; then
    apt_line="apt-get install -y --no-install-recommends clang-14 libclang-rt-14-dev"
    if [ "$(id -u)" -eq 0 ]; then
        # as root: installed, waiting for a package-manager lock another
        # process holds (scripts/install-deps.sh)
        echo "fuzz: clang's fuzzer runtime is missing; installing clang-14 libclang-rt-14-dev"
        "$top/scripts/install-deps.sh" fuzz 2>&1 | sed 's/^/fuzz: /'
        cc=${RM_FUZZ_CC:-$(command -v clang-14 || command -v clang || true)}
    fi
    if ! can_fuzz; then
        [ -s "$probe_dir/log" ] && tail -5 "$probe_dir/log"
        echo "fuzz: clang 14 with libFuzzer is needed; as root run: $apt_line"
        echo "fuzz corpus replay: 0 passed, 1 failed"
        exit 1
    fi
fi

if ! make -s --no-print-directory fuzz-build FUZZ_CC="$cc" > "$probe_dir/build.log" 2>&1; then
    tail -30 "$probe_dir/build.log"
    echo "fuzz: building the harnesses failed"
    echo "fuzz corpus replay: 0 passed, 1 failed"
    exit 1
fi
# replay.sh directly (not through make) so that its summary is the last line
FUZZ_DIR=build/fuzz sh tests/fuzz/replay.sh
