#!/bin/sh
# `make run`: start the demo on 127.0.0.1:$PORT with SQLite and the demo SSO.
# Ctrl-C stops it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
port=${PORT:-8080}
run=${RM_RUN:-$top/run}
sector_port=${SECTOR_PORT:-$((port + 1))}
conf=$("$top/scripts/prepare-run.sh" "$run" "$port" sqlite3)
url="http://127.0.0.1:$port/mentoring/"
sector_url="http://127.0.0.1:$sector_port/mentoring/"
# the sector view: the same service on a second port, as a sector body runs
# it across institutions (conf/demo/demo-sector.conf)
{
    echo "# written by scripts/run-demo.sh"
    echo "Define RM_SECTOR_PORT $sector_port"
    echo "Include \"$top/conf/demo/demo-sector.conf\""
} > "$run/extra.conf"

for p in "$port" "$sector_port"; do
    if curl -s -o /dev/null "http://127.0.0.1:$p/" 2>/dev/null; then
        echo "Port $p is already in use: run with PORT=another, e.g. make run PORT=8090" >&2
        exit 1
    fi
done
apache2 -t -f "$conf" >/dev/null 2>"$run/configtest.log" || { cat "$run/configtest.log" >&2; exit 1; }
apache2 -f "$conf" -DFOREGROUND &
pid=$!
stop() {
    trap - INT TERM EXIT
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo
    echo "Stopped. Data is kept in $run/db/ (delete the folder to start afresh)."
    exit 0
}
trap stop INT TERM EXIT

i=0
until curl -s -o /dev/null "$url"; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "httpd did not start; see $run/error.log" >&2
        tail -n 20 "$run/error.log" >&2 || true
        exit 1
    fi
    sleep 0.1
done

# A fresh database gets one programme that is open for applications, created
# through the module's own admin form, so there is something to apply to, and
# one half-way through its year (scripts/demo-year.sql).
"$top/scripts/demo-seed.sh" "http://127.0.0.1:$port/mentoring" "$run/db/rmentor.db" || true

cat <<TXT

mod_rmentor demo is running:  $url

Sign in with any of these demo accounts (password: mentoring)
  admin        programme admin (both programmes)   mentor1,2,4  Mentors, paired mid-year
  admin2       programme admin (mid-year one)      mentor3      Mentor candidate below grade 8
  facilitator  facilitator (mid-year one)          senior1..3   Senior Mentors, paired mid-year
  hr           HR                                  senior4      not a member (cannot apply as Senior)
  dpo          data protection officer             student1     not staff (refused)
  staff1       any member of staff
Programmes: one open for applications; one half-way through its year
(training held, pairs meeting, check-in open: mentor1 with senior1 on pace,
mentor2 with senior2 behind and asking for support); and a pilot that ended
last year.
HR (sign in as hr): an update applied three months ago (mentor1 promoted to
grade 9), the progression export as signed XML and CSV, and the upload form.
Data protection (sign in as dpo): a pilot's Mentor erased two months ago, the
retention purge's last run, the audit of sensitive views; everyone's own data
is at /my-data.

The sector view (a programme run across institutions):  $sector_url
  northadmin   Northgate University's local admin: its staff's applications
               and figures only ("Your institution")
  northstaff1  a member of Northgate's staff

Logs: $run/error.log   Database: $run/db/rmentor.db
Press Ctrl-C to stop.
TXT
wait "$pid"
