#!/bin/sh
# Create a demo programme through the admin form when there is none yet, and
# (with DB_FILE) a programme half-way through its year from
# scripts/demo-year.sql: training held, pairs published, their meetings,
# notes, check-in answers and support actions; then, from
# scripts/demo-legacy.sql, the close of its year (the end event with replies,
# reflections and the learning digest, actions in institutions, career steps);
# then, from scripts/demo-hr.sql, the HR data exchange (an update HR sent
# some months ago, and what it changed in mentor1's record); then, from
# scripts/demo-dp.sql, data protection history (a pilot programme whose
# Mentor dpo erased, a retention purge, audited views of sensitive data).
# Usage: scripts/demo-seed.sh BASE_URL [DB_FILE]
#        (e.g. http://127.0.0.1:8080/mentoring run/db/rmentor.db)
set -eu
base=$1
auth="admin:mentoring"
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
if curl -sf -u "$auth" "$base/admin/programmes" | grep -q 'There are no programmes yet'; then
    form=$(curl -sf -u "$auth" "$base/admin/programmes/new")
    tok=$(printf '%s' "$form" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
    today=$(date +%F)
    closes=$(date -d '+30 days' +%F)
    start=$(date -d '+60 days' +%F)
    curl -sf -u "$auth" -o /dev/null \
        --data-urlencode "csrf=$tok" \
        --data-urlencode "name=Reciprocal Mentoring Programme $(date -d '+60 days' +%Y)" \
        --data-urlencode "institutions=Demo University" \
        --data-urlencode "description=Senior professional services staff of colour (Mentors) and members of the executive (Senior Mentors) work together one-to-one for twelve months." \
        --data-urlencode "apply_opens=$today" --data-urlencode "apply_closes=$closes" \
        --data-urlencode "start_date=$start" --data-urlencode "length_months=12" \
        --data-urlencode "min_meetings=6" --data-urlencode "meeting_minutes=60" \
        --data-urlencode "mentor_training=" --data-urlencode "senior_training=" \
        --data-urlencode "meet_month=" --data-urlencode "checkin_date=" \
        --data-urlencode "end_event_date=" --data-urlencode "capacity_mentor=12" \
        --data-urlencode "capacity_senior=12" --data-urlencode "min_grade=8" \
        --data-urlencode "senior_entitlement=urn:mace:demo.ac.uk:exco" \
        --data-urlencode "senior_label=Senior Mentor" \
        "$base/admin/programmes/new"
    echo "Created a demo programme open for applications until $closes."
fi

# The programme mid-year, once: written straight into the SQLite database
# (as the database's owner, so httpd's children can still write it) after the
# module has migrated it (the requests above did).
db=${2:-}
top=$(cd "$(dirname "$0")/.." && pwd)
# SQL on stdin into the demo database, as the database's owner (so that
# httpd's children can still write it)
run_sql() {
    if [ "$(id -u)" -eq 0 ] && [ "$(stat -c %U "$db")" != root ]; then
        runuser -u "$(stat -c %U "$db")" -- sqlite3 -bail "$db"
    else
        sqlite3 -bail "$db"
    fi
}
if [ -n "$db" ] && [ -f "$db" ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM programme WHERE name LIKE 'Reciprocal Mentoring Programme %/%'")" = 0 ]; then
    run_sql < "$top/scripts/demo-year.sql"
    echo "Added a programme half-way through its year (training held, pairs meeting, check-in open)."
fi

# The close of the year and its legacy, once, on that programme (a database
# seeded before scripts/demo-legacy.sql existed gets it on the next run).
if [ -n "$db" ] && [ -f "$db" ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM programme WHERE name LIKE 'Reciprocal Mentoring Programme %/%'")" != 0 ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'demo.seed_legacy'")" = 0 ]; then
    run_sql < "$top/scripts/demo-legacy.sql"
    echo "Added the close of its year: the end event, reflections, actions and career steps."
fi

# The HR data exchange, once: an earlier update HR sent, and mentor1's record
# as it left it (needs mentor1's person row, made by scripts/demo-year.sql; a
# database seeded before scripts/demo-hr.sql existed gets it on the next run).
if [ -n "$db" ] && [ -f "$db" ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM person WHERE principal = 'mentor1'")" != 0 ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'demo.seed_hr'")" = 0 ]; then
    run_sql < "$top/scripts/demo-hr.sql"
    echo "Added the HR data exchange: an update HR sent, mentor1's grade and staff number."
fi

# Data protection history, once, after the HR data exchange (so after the
# demo's people and programmes; a database seeded before scripts/demo-dp.sql
# existed gets it on the next run), on a database at schema 9 or later.
if [ -n "$db" ] && [ -f "$db" ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM rm_schema WHERE version >= 9")" != 0 ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'demo.seed_hr'")" != 0 ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'demo.seed_dp'")" = 0 ]; then
    run_sql < "$top/scripts/demo-dp.sql"
    echo "Added data protection history: a pilot's Mentor erased by dpo, a retention purge, audited views."
fi

# Spotlight stories, once, after the data protection history (a database
# seeded before scripts/demo-stories.sql existed gets them on the next run),
# on a database at schema 10 or later: mentor1's story published under
# their name, senior1's anonymous one waiting for the team's review.
if [ -n "$db" ] && [ -f "$db" ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM rm_schema WHERE version >= 10")" != 0 ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'demo.seed_dp'")" != 0 ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'demo.seed_stories'")" = 0 ]; then
    run_sql < "$top/scripts/demo-stories.sql"
    echo "Added spotlight stories: mentor1's published, senior1's waiting for review."
fi
# The resources hub, once, after the stories (a database seeded before
# scripts/demo-resources.sql existed gets it on the next run), on a database
# at schema 11 or later: the launch transcript is written into
# RMentorResourceDir (run/resources, beside run/db) under its SHA-256.
if [ -n "$db" ] && [ -f "$db" ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM rm_schema WHERE version >= 11")" != 0 ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'demo.seed_stories'")" != 0 ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'demo.seed_resources'")" = 0 ]; then
    resdir=$(cd "$(dirname "$db")/.." && pwd)/resources
    mkdir -p "$resdir"
    tmp=$(mktemp)
    cat > "$tmp" <<'TRANSCRIPT'
Programme launch: transcript

Vice-Chancellor: Welcome to the second year of reciprocal mentoring. This
programme pairs senior professional services colleagues of colour with
members of the executive, and asks both to learn from each other.

Mentor (2025-26 cohort): I expected to be mentored. Instead, I found that
my experience of this university was what my Senior Mentor needed to hear.

Senior Mentor (2025-26 cohort): It changed how I chair shortlisting panels.
We now look at the data before the shortlist is agreed, not after.
TRANSCRIPT
    sha=$(sha256sum "$tmp" | cut -d' ' -f1)
    size=$(stat -c %s "$tmp")
    install -m 0640 "$tmp" "$resdir/$sha"
    rm -f "$tmp"
    if [ "$(id -u)" -eq 0 ] && [ "$(stat -c %U "$db")" != root ]; then
        chown "$(stat -c %U "$db")" "$resdir" "$resdir/$sha"
    fi
    sed -e "s/@SHA@/$sha/" -e "s/@SIZE@/$size/" "$top/scripts/demo-resources.sql" | run_sql
    echo "Added the resources hub: links, role guides, the launch transcript, a withdrawn report."
fi
# A sector programme's partner institution, once, after the resources hub
# (a database seeded before scripts/demo-sector.sql existed gets it on the
# next run): Northgate University's staff's applications, training, an
# action and a career step, which its local admin (northadmin) sees on the
# demo's sector view (conf/demo/demo-sector.conf).
if [ -n "$db" ] && [ -f "$db" ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'demo.seed_resources'")" != 0 ] \
   && [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'demo.seed_sector'")" = 0 ]; then
    run_sql < "$top/scripts/demo-sector.sql"
    echo "Added a partner institution: Northgate University's applications, training, an action."
fi
