#!/bin/sh
# Create a demo programme through the admin form when there is none yet.
# Usage: scripts/demo-seed.sh BASE_URL     (e.g. http://127.0.0.1:8080/mentoring)
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
        --data-urlencode "name=Reciprocal Mentoring Programme $(date +%Y)" \
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
