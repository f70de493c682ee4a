#!/bin/sh
# `make test` hook: every page in a real browser (tests/browser/): axe-core
# WCAG 2.1 A/AA checks, reflow at 320 CSS px, visible keyboard focus, and the
# applications, training-and-matching, pairs' year, check-in, stories and
# report journeys clicked through with JavaScript off (screenshots of each
# step kept in tests/browser/artifacts/).
#
# Needs Debian's chromium (installed here by scripts/install-deps.sh when
# running as root; playwright never downloads a browser), node 20 with npm (the npm packages
# are pinned by tests/browser/package-lock.json and installed with `npm ci`),
# and build/mod_rmentor.so (built with `make` if missing).
# Prints node's test runner report, then ends with
#   browser: N passed, M failed
# and exits non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
dir=tests/browser

fail() {
    echo "browser: $*"
    echo "browser: 0 passed, 1 failed"
    exit 1
}

# chromium from Debian's archive (scripts/install-deps.sh: as root, waiting
# for a package-manager lock another process holds; otherwise it prints the
# apt-get line to run)
if [ ! -x /usr/bin/chromium ]; then
    echo "browser: Debian's chromium is missing"
    "$top/scripts/install-deps.sh" browser 2>&1 | sed 's/^/browser: /'
    [ -x /usr/bin/chromium ] || fail "Debian's chromium is needed and could not be installed"
fi

command -v node > /dev/null 2>&1 && command -v npm > /dev/null 2>&1 \
    || fail "node (20 or later) and npm are needed"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || fail "node 20 or later is needed (this is $(node --version))"

# the npm packages (playwright-core, axe-core) exactly as the lock file says;
# again when the lock file is newer than what is installed
if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed in $dir"
fi

if [ ! -f build/mod_rmentor.so ]; then
    make -s --no-print-directory all || fail "building build/mod_rmentor.so failed"
fi

# The spec report for people; a TAP copy to count from.  `timeout` ends the
# whole run (its process group: node, httpd) if something hangs.  The three
# journeys of issue 18 (check-in, stories, report, resources) add about 4 minutes on a
# busy 2-core machine (about 60, 55 and 40 s each), so the limit is 27
# minutes rather than 20.
tap=$(mktemp "${TMPDIR:-/tmp}/rm-browser-tap.XXXXXX")
trap 'rm -f "$tap"' EXIT INT TERM
start=$(date +%s)
(cd "$dir" && timeout -k 15 1620 node --test --test-concurrency=1 --test-timeout=400000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    test/a11y.test.js test/a11y-year.test.js test/a11y-checkin.test.js test/a11y-pairs.test.js \
    test/a11y-legacy.test.js test/a11y-calendar.test.js test/a11y-reminders.test.js test/a11y-closing.test.js \
    test/a11y-hr.test.js test/a11y-dp.test.js test/a11y-stories.test.js test/a11y-resources.test.js \
    test/a11y-members.test.js test/a11y-institution.test.js \
    test/journey.test.js test/journey-training.test.js test/journey-pairs.test.js \
    test/journey-legacy.test.js test/journey-closing.test.js \
    test/journey-checkin.test.js test/journey-stories.test.js test/journey-report.test.js \
    test/journey-resources.test.js)
status=$?
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -1)
cancelled=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tap" | tail -1)
failed=$(( ${failed:-0} + ${cancelled:-0} ))
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "browser: $(( $(date +%s) - start )) s"
# the journeys' screenshots (journey-<area>-<nn>-<step>.png), the printed
# report (report.pdf) and downloads are kept as test artefacts; .ci/run has
# no place for artefacts, so say where they are
arts="$top/$dir/artifacts"
if [ -d "$arts" ]; then
    echo "browser: artefacts in $arts: $(find "$arts" -type f | wc -l) files"
fi
echo "browser: ${passed:-0} passed, $failed failed"
exit $status
