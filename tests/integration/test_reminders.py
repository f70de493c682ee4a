"""Reminders by email (features/reminders, cli/reminders.c): `rmentorctl
reminders run` against the server's own database, on SQLite and PostgreSQL,
with a capture sendmail that stores each message it is given.

The server's configuration carries the job's settings (RMentorMailCommand,
RMentorMailFrom, a non-ASCII RMentorMailSiteName, RMentorMailBaseURL), so
the module accepts them and rmentorctl reads them from the same file.
Programmes are seeded over HTTP (tests/lib/cohort.py) and put in their year
by SQL.  Checked: each kind reaches the right people once, a second run
sends nothing, two runs started together send every reminder exactly once,
a failing sendmail marks the reminder failed and the next run sends it, an
opt-out stops an optional kind but not a mandatory one, --dry-run claims
and sends nothing, and every message parses with Python's email package
(policy strict) with its headers right and no note or check-in text."""
import datetime
import email
import email.policy
import email.utils
import os
import re
import shutil
import subprocess
import time
import uuid

import pytest

import rmtest
from rmtest import days, text_of
from cohort import Cohort, fresh_users, display_name, said, server_sql

CTL = os.path.join(rmtest.ROOT, "build", "rmentorctl")
BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")
SITE = "Mentorat r\u00e9ciproque \u2013 d\u00e9mo"
BASE = "https://intranet.example.ac.uk/mentoring"
FROM = "mentoring@demo.ac.uk"

CAPTURE = """#!/bin/sh
# a sendmail that keeps each message it is given (tests/integration/test_reminders.py)
here=$(dirname "$0")
if [ -e "$here/fail" ]; then cat > /dev/null; exit 1; fi
f=$(mktemp "$here/out/msg.XXXXXXXX")
cat > "$f.part"
printf '%s\\n' "$@" > "$f.args"
mv "$f.part" "$f.eml"
rm -f "$f"
"""


@pytest.fixture(scope="module", params=BACKENDS)
def srv(request):
    mail = rmtest.make_dir("rm-mail-")
    os.makedirs(os.path.join(mail, "out"))
    script = os.path.join(mail, "capture-sendmail")
    with open(script, "w") as f:
        f.write(CAPTURE)
    os.chmod(script, 0o755)
    if rmtest.IS_ROOT:
        subprocess.run(["chown", "-R", "www-data:www-data", mail], check=True)
    extra = ('RMentorMailCommand "%s -t -i"\nRMentorMailFrom %s\n'
             'RMentorMailSiteName "%s"\nRMentorMailBaseURL %s/\n' % (script, FROM, SITE, BASE))
    for s in rmtest.backend_server(request, extra):
        s.mail = mail
        assert s.client("staff1").get("/").status_code == 200   # the schema, migrated
        yield s
    shutil.rmtree(mail, ignore_errors=True)


def ctl(srv, *args, wait=True):
    cmd = [CTL, "-f", srv.conf, "reminders", "run"] + list(args)
    if rmtest.IS_ROOT:
        cmd = ["runuser", "-u", "www-data", "--"] + cmd
    if not wait:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def take(srv):
    """The messages captured since the last call, parsed strictly, with the
    arguments sendmail was given; the capture directory is emptied."""
    out = os.path.join(srv.mail, "out")
    msgs = []
    names = sorted(os.listdir(out))
    for name in names:
        path = os.path.join(out, name)
        if name.endswith(".eml"):
            with open(path, "rb") as f:
                raw = f.read()
            with open(path[:-4] + ".args") as f:
                args = f.read().split()
            msg = email.message_from_bytes(raw, policy=email.policy.strict)
            msgs.append((msg, raw, args))
    for name in names:
        os.unlink(os.path.join(out, name))
    return msgs


def run(srv, *args, expect=0):
    r = ctl(srv, *args)
    assert r.returncode == expect, (r.returncode, r.stdout, r.stderr)
    return r, take(srv)


def summary(stdout):
    """{kind: {column: number}} from the run's table."""
    lines = stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("kind "))
    cols = lines[head].split()[1:]
    out = {}
    for line in lines[head + 1:]:
        parts = line.split()
        if len(parts) != len(cols) + 1 or not parts[1].isdigit():
            break
        out[parts[0]] = dict(zip(cols, map(int, parts[1:])))
    return out


def kind_to(msgs):
    """[(kind, recipient address)] of the messages."""
    return sorted((m["X-RMentor-Reminder"], m["To"].addresses[0].addr_spec) for m, _, _ in msgs)


def mine(msgs, users):
    addrs = {"%s@demo.ac.uk" % u for u in users}
    return [x for x in msgs if x[0]["To"].addresses[0].addr_spec in addrs]


def addr(u):
    return "%s@demo.ac.uk" % u


def check_message(msg, raw):
    """The message is well formed as the issue asks."""
    head = raw.split(b"\n\n", 1)[0]
    for line in head.split(b"\n"):
        assert len(line) <= 78, line
    assert all(b < 0x80 for b in raw), "8-bit bytes in the message"
    assert msg["MIME-Version"] == "1.0"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert msg["Content-Transfer-Encoding"] == "quoted-printable"
    assert msg["Auto-Submitted"] == "auto-generated"
    frm = msg["From"].addresses[0]
    assert frm.display_name == SITE and frm.addr_spec == FROM
    assert re.fullmatch(r"<[0-9a-f]{24}\.\d+@demo\.ac\.uk>", msg["Message-ID"]), msg["Message-ID"]
    when = email.utils.parsedate_to_datetime(msg["Date"])
    assert abs((when - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 600
    body = msg.get_content()
    assert body.startswith("Dear ")
    assert BASE + "/" in body
    return body


class Year:
    """A published programme of n pairs; start_days, checkin_days: its start
    and check-in dates from today.  Mentors are fresh load accounts, Senior
    Mentors fresh exec accounts."""

    def __init__(self, srv, n=1, name=None, start=-200, checkin=60, quiet=6):
        self.srv = srv
        k = getattr(srv, "_rem_execs", 0)
        srv._rem_execs = k + n
        self.c = Cohort(srv, name=name or "Reminders " + uuid.uuid4().hex[:8])
        self.pid = self.c.pid
        self.name = self.c.name
        self.mentors = fresh_users(srv, n)
        self.seniors = srv.add_load_users(n, start=75000 + k, prefix="exec")
        for u in self.mentors:
            self.c.apply(u, "mentor")
        for u in self.seniors:
            self.c.apply(u, "senior")
        self.c.accept_all()
        self.c.override_all()
        self.c.run()
        self.c.publish()
        rows = server_sql(srv, "SELECT pr.id, m.principal, s.principal FROM pair pr "
                          "JOIN person m ON m.id = pr.mentor_id JOIN person s ON "
                          "s.id = pr.senior_id WHERE pr.programme_id = %d" % self.pid)
        assert len(rows) == n
        self.pairs = sorted(((int(a), b.split("@")[0], c.split("@")[0]) for a, b, c in rows),
                            key=lambda t: self.mentors.index(t[1]))
        self.sql("UPDATE programme SET start_date = '%s', checkin_date = '%s', "
                 "quiet_weeks = %d WHERE id = %d" % (days(start), days(checkin), quiet, self.pid))

    @property
    def people(self):
        return self.mentors + self.seniors

    def sql(self, sql):
        return server_sql(self.srv, sql)

    def person(self, user):
        return int(self.sql("SELECT id FROM person WHERE principal = '%s'" % user)[0][0])


def test_each_kind_reaches_the_right_people_once(srv):
    take(srv)
    run(srv)                     # whatever earlier data of this server made due
    y = Year(srv, n=2, name="Programme r\u00e9ciproque \u00c9t\u00e9 " + uuid.uuid4().hex[:6])
    (p1, m1, s1), (p2, m2, s2) = y.pairs
    y.c.team("facilitator", "facilitator")
    # the facilitator saves their settings (all on): their record gets its address
    assert srv.client("facilitator").post("/reminders", {
        "on-" + k: "1" for k in ("training", "quiet", "checkin_due", "checkin_overdue",
                                 "evaluation", "new_applications", "at_risk")}).status_code == 303
    # pair 1 met ten days ago; pair 2 never did, and both pairs are 100 days old
    note = "NOTE-" + uuid.uuid4().hex
    y.sql("UPDATE pair SET created_at = %d WHERE programme_id = %d"
          % (int(time.time()) - 100 * 86400, y.pid))
    y.sql("INSERT INTO meeting (pair_id, held_on, minutes, mode, status, logged_by, "
          "logged_at, updated_at) VALUES (%d, '%s', 60, 'online', 'confirmed', %d, 0, 0)"
          % (p1, days(-10), y.person(m1)))
    y.sql("INSERT INTO pair_note (pair_id, author_id, body, created_at) VALUES "
          "(%d, %d, '%s', 0)" % (p1, y.person(m1), note))
    # the check-in opens today; pair 1's Mentor answers it, with free text
    y.sql("UPDATE programme SET checkin_date = '%s' WHERE id = %d" % (days(0), y.pid))
    secret = "GOING-WELL-" + uuid.uuid4().hex
    r = srv.client(m1).post("/pairs/%d/checkin" % p1, {
        "rating": "4", "on_plan": "yes", "going_well": secret, "hard": secret,
        "wants_support": "no", "support_kind": ""})
    assert r.status_code == 303, said(r)
    # a support action the admin owns, due tomorrow; training in two days
    admin_id = y.person("admin")
    y.sql("INSERT INTO support_action (pair_id, what, owner_id, due_on, status, created_by, "
          "created_at, updated_at) VALUES (%d, '%s', %d, '%s', 'open', %d, 0, 0)"
          % (p2, note, admin_id, days(1), admin_id))
    y.sql("INSERT INTO training_session (programme_id, role, title, day, starts, ends, place, "
          "capacity, created_at, updated_at) VALUES (%d, 'mentor', 'S\u00e9ance deux', '%s', "
          "'10:00', '12:00', 'Room 1', 10, 0, 0)" % (y.pid, days(2)))
    sid = int(y.sql("SELECT id FROM training_session WHERE programme_id = %d" % y.pid)[0][0])
    y.sql("INSERT INTO training_booking (session_id, application_id, attendance, booked_at) "
          "VALUES (%d, %d, 'booked', 0)" % (sid, y.c.apps[m2]))
    # a second programme open for applications, with two applicants
    q = Cohort(srv, name="Open " + uuid.uuid4().hex[:6])
    applicants = fresh_users(srv, 2)
    for u in applicants:
        q.apply(u, "mentor")
    # a third programme that ended 15 days ago: one partner has answered
    z = Year(srv, n=1)
    (zp, zm, zs), = z.pairs
    start = (datetime.date.today() - datetime.timedelta(days=15))
    start = start.replace(year=start.year - 1)
    z.sql("UPDATE programme SET start_date = '%s', checkin_date = '%s' WHERE id = %d"
          % (start.isoformat(), (start + datetime.timedelta(days=180)).isoformat(), z.pid))
    z.sql("INSERT INTO eval_response (programme_id, person_id, role, named, submitted_at, "
          "updated_at) VALUES (%d, %d, 'senior', 0, 0, 0)" % (z.pid, z.person(zs)))
    # a non-ASCII name for one recipient, after their last sign-in
    y.sql("UPDATE person SET display_name = 'Zo\u00eb \u00d8rsted-\u0397\u03bb\u03ad\u03ba\u03c4\u03c1\u03b1' "
          "WHERE principal = '%s'" % s1)

    r, msgs = run(srv)
    got = kind_to(msgs)
    everyone = y.people + z.people + applicants
    expected = sorted(
        [("decided", addr(u)) for u in everyone if u not in applicants]
        + [("published", addr(u)) for u in z.people]      # y's pairs are 100 days old
        + [("support_due", addr("admin"))]
        + [("training", addr(m2))]
        + [("quiet", addr(m2)), ("quiet", addr(s2))]
        + [("checkin_due", addr(u)) for u in (s1, m2, s2)]
        + [("evaluation", addr(zm))]
        + [("new_applications", addr("admin"))]
        + [("at_risk", addr("admin")), ("at_risk", addr("facilitator"))])
    # pairs of z are not at risk (ended), and nothing else of earlier data is due
    assert got == expected, (sorted(set(got) - set(expected)), sorted(set(expected) - set(got)),
                             r.stdout)
    s = summary(r.stdout)
    assert s["decided"]["sent"] == len(everyone) - len(applicants)
    assert s["at_risk"]["due"] == 4 and s["at_risk"]["sent"] == 4   # 2 pairs x 2 people
    assert s["new_applications"]["sent"] == 2
    assert "messages: %d sent, 0 failed" % len(msgs) in r.stdout

    by = {(m["X-RMentor-Reminder"], m["To"].addresses[0].addr_spec): (m, raw) for m, raw, _ in msgs}
    for (kind, to), (m, raw) in by.items():
        body = check_message(m, raw)
        assert note not in body and secret not in body, kind
        assert note.encode() not in raw and secret.encode() not in raw
    for m, raw, args in msgs:
        assert args == ["-t", "-i"]
    # the non-ASCII name and programme name, decoded from RFC 2047 words
    m, raw = by[("decided", addr(s1))]
    assert m["To"].addresses[0].display_name == "Zo\u00eb \u00d8rsted-\u0397\u03bb\u03ad\u03ba\u03c4\u03c1\u03b1"
    assert b"=?UTF-8?B?" in raw.split(b"\n\n")[0]
    assert m["Subject"] == "Your application to " + y.name
    body = m.get_content()
    assert body.startswith("Dear Zo\u00eb \u00d8rsted")
    assert "as a Senior Mentor has been accepted" in body
    assert BASE + "/applications/%d\n" % y.c.apps[s1] in body
    pub = by[("published", addr(zm))][0]
    assert pub["Subject"] == "Your mentoring pair in " + z.name
    assert "You have been paired with Executive %s in %s." % (zs[4:], z.name) in pub.get_content()
    assert BASE + "/pairs/%d\n" % zp in pub.get_content()
    assert "cannot be turned off" in body
    # links to the right pages
    assert BASE + "/pairs/%d/checkin" % p1 in by[("checkin_due", addr(s1))][0].get_content()
    assert "/reminders" in by[("checkin_due", addr(s1))][0].get_content()
    assert BASE + "/programmes/%d/training" % y.pid in by[("training", addr(m2))][0].get_content()
    assert "S\u00e9ance deux" in by[("training", addr(m2))][0]["Subject"]
    sup = by[("support_due", addr("admin"))][0].get_content()
    assert re.search(re.escape(BASE) + r"/support/\d+/edit", sup)
    assert BASE + "/programmes/%d/evaluation" % z.pid in by[("evaluation", addr(zm))][0].get_content()
    digest = by[("new_applications", addr("admin"))][0]
    assert digest["Subject"] == "2 new applications"
    for u in applicants:
        assert display_name(u) in digest.get_content()
    risk = by[("at_risk", addr("facilitator"))][0]
    assert risk["Subject"] == "2 pairs newly at risk"
    assert BASE + "/admin/pairs/%d/support" % p2 in risk.get_content()
    assert BASE + "/applications/%d" % y.c.apps[m1] in by[("decided", addr(m1))][0].get_content()
    # the table records each one sent once
    rows = y.sql("SELECT state, attempts FROM reminder WHERE person_id = %d" % y.person(s1))
    assert rows and all(r_ == ("sent", "1") for r_ in rows)

    # a second run sends nothing: everything is recorded as sent before
    r2, again = run(srv)
    assert again == [], kind_to(again)
    s2_ = summary(r2.stdout)
    assert s2_["decided"]["before"] >= len(everyone) - len(applicants)
    assert all(v["sent"] == 0 for v in s2_.values())
    assert "stale claims" in r2.stdout


def test_two_runs_at_once_send_each_reminder_exactly_once(srv):
    take(srv)
    run(srv)
    y = Year(srv, n=4, checkin=0)        # decided, published, check-in due, at risk
    procs = [ctl(srv, wait=False) for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, (out, err)
    msgs = take(srv)
    got = kind_to(msgs)
    assert len(got) == len(set(got)), [x for x in got if got.count(x) > 1]
    people = {addr(u) for u in y.people}
    assert {to for k, to in got if k == "published"} >= people
    assert {to for k, to in got if k == "checkin_due"} >= people
    sent = [int(summary(out)["published"]["sent"]) for out, _ in outs]
    assert sum(sent) >= len(people)
    # every reminder recorded is sent, once, by one of the two
    n = int(y.sql("SELECT count(*) FROM reminder WHERE state = 'sent' AND claimed_at > %d"
                  % (int(time.time()) - 600))[0][0])
    assert n >= len(msgs)
    assert not y.sql("SELECT kind FROM reminder WHERE state <> 'sent'")


def test_a_failed_send_is_logged_and_sent_by_the_next_run(srv):
    take(srv)
    run(srv)
    y = Year(srv, n=1)
    fail = os.path.join(srv.mail, "fail")
    open(fail, "w").close()
    try:
        r = ctl(srv)
    finally:
        os.unlink(fail)
    assert r.returncode == 75, (r.stdout, r.stderr)
    assert take(srv) == []
    assert "exited with status 1" in r.stderr and "the next run tries again" in r.stderr
    assert y.name not in r.stderr and "Dear" not in r.stderr and "@demo.ac.uk" not in r.stderr
    assert summary(r.stdout)["published"]["failed"] == 2
    me = y.person(y.mentors[0])
    assert y.sql("SELECT state, attempts FROM reminder WHERE kind = 'published' AND "
                 "person_id = %d" % me) == [("failed", "1")]
    r, msgs = run(srv)
    assert ("published", addr(y.mentors[0])) in kind_to(msgs)
    assert summary(r.stdout)["published"]["sent"] == 2
    assert y.sql("SELECT state, attempts FROM reminder WHERE kind = 'published' AND "
                 "person_id = %d" % me) == [("sent", "2")]
    assert run(srv)[1] == []


def test_opt_out_stops_optional_kinds_only(srv):
    take(srv)
    run(srv)
    y = Year(srv, n=1, checkin=0, start=-20)
    m, s = y.mentors[0], y.seniors[0]
    c = srv.client(m)
    page = c.get("/reminders")
    assert page.status_code == 200
    doc = rmtest.html(page)
    boxes = {b.get("name"): b.get("checked") for b in doc.xpath("//input[@type='checkbox']")}
    assert boxes.get("on-checkin_due") == "checked" and "on-published" not in boxes
    assert "Email reminders" in text_of(page)
    # everything optional off, but for the training reminder; a mandatory
    # kind posted as off changes nothing
    r = c.post("/reminders", {"on-training": "1"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/reminders?done=reminders-saved")
    doc = rmtest.html(c.get("/reminders?done=reminders-saved"))
    boxes = {b.get("name"): b.get("checked") for b in doc.xpath("//input[@type='checkbox']")}
    assert boxes["on-training"] == "checked" and boxes["on-checkin_due"] is None
    me = y.person(m)
    off = sorted(k for (k,) in y.sql("SELECT kind FROM reminder_off WHERE person_id = %d" % me))
    assert "checkin_due" in off and "training" not in off and "published" not in off
    assert y.sql("SELECT action, detail FROM audit WHERE action = 'reminders.settings' "
                 "AND entity_id = %d" % me)
    # someone else's settings are theirs alone
    assert not y.sql("SELECT kind FROM reminder_off WHERE person_id = %d" % y.person(s))
    # a post without the token is refused
    assert c.post("/reminders", {"on-training": "1"}, token=False).status_code == 403

    r, msgs = run(srv)
    got = kind_to(msgs)
    assert ("published", addr(m)) in got and ("decided", addr(m)) in got
    assert ("checkin_due", addr(m)) not in got
    assert ("checkin_due", addr(s)) in got
    assert summary(r.stdout)["checkin_due"]["off"] == 1
    # turned on again: the next run sends it
    c.post("/reminders", {"on-checkin_due": "1"})
    r, msgs = run(srv)
    assert kind_to(msgs) == [("checkin_due", addr(m))]


def test_dry_run_claims_and_sends_nothing(srv):
    take(srv)
    run(srv)
    y = Year(srv, n=1)
    before = y.sql("SELECT count(*) FROM reminder")
    r, msgs = run(srv, "--dry-run")
    assert msgs == [] and "dry run" in r.stdout
    assert summary(r.stdout)["published"]["due"] == 2
    assert y.sql("SELECT count(*) FROM reminder") == before
    # --today moves the calendar: training booked in two days from then
    r, msgs = run(srv, "--dry-run", "--today", days(-3))
    assert msgs == []
    r = ctl(srv, "--today", "2026-02-30")
    assert r.returncode == 64 and "YYYY-MM-DD" in r.stderr
    r, msgs = run(srv)
    assert ("published", addr(y.mentors[0])) in kind_to(msgs)


def test_a_stale_claim_is_reported_not_resent(srv):
    take(srv)
    run(srv)
    y = Year(srv, n=1)
    me = y.person(y.mentors[0])
    # a job that claimed and stopped before sending, two hours ago
    y.sql("INSERT INTO reminder (kind, person_id, subject, state, attempts, claimed_at) "
          "VALUES ('published', %d, 'pair:%d', 'claimed', 1, %d)"
          % (me, y.pairs[0][0], int(time.time()) - 7200))
    r, msgs = run(srv)
    assert ("published", addr(y.mentors[0])) not in kind_to(msgs)
    assert ("published", addr(y.seniors[0])) in kind_to(msgs)
    assert re.search(r"stale claims .*: [1-9]", r.stdout)
    assert "published person %d pair:%d" % (me, y.pairs[0][0]) in r.stdout


def test_the_job_refuses_a_configuration_without_its_settings(srv, tmp_path):
    conf = os.path.join(srv.dir, "nomail.conf")
    with open(conf, "w") as f:
        f.write("Include %s/conf/demo/dbd-%s.conf\n" % (rmtest.ROOT, srv.db))
    cmd = [CTL, "-f", conf, "reminders", "run"]
    env = dict(os.environ, RM_RUN=srv.dir, RM_PG_PARAMS=srv.pg_params)
    if rmtest.IS_ROOT:
        cmd = ["runuser", "-u", "www-data", "--"] + cmd
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 78, (r.stdout, r.stderr)
    assert "RMentorMailFrom" in r.stderr
