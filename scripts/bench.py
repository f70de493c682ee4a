#!/usr/bin/python3
"""`make bench`: throughput, latency and memory of mod_rmentor on loopback.

For each backend (SQLite, then PostgreSQL) this starts one private httpd with
the test harness (tests/lib/rmtest.py), seeds it with a realistic volume
through the module's own forms (20 programmes, 2,000 applications, some
decisions) plus direct SQL for the staff who have not applied (5,000 load
accounts in all), and a 21st programme in its training and matching phase
(seed_cohort: 55 Mentors and 55 Senior Mentors, the exec accounts, applying
with varied matching answers and accepted through the forms; two training
sessions per role through the session form; bookings and the register by
SQL; 10 overrides, 2 pins and 3 forbidden pairs through the forms; the
matching run through its POST: a draft of 50 pairs), and the 20 programmes
half-way through their year (seed_pairs, all by SQL: 100 pairs in each, 2,000
in all, between 4,000 new accepted applications of load accounts that applied
nowhere else; 6 meetings a pair, 12,000 in all, about three in four
confirmed, the rest waiting, disputed or withdrawn, one pair in four behind
the pace; notes for one pair in three; each programme's start moved six
months back and its check-in open, its application window left open), the
close of their year (seed_closing, by SQL: each end event set up with
replies from three participants in four, the evaluation's questions and
responses from two in five, two or three reflections a participant, a third
of them shared), then
measures with wrk (-t2 -c32, a warm-up, then ~10 s):

  static     a file of the same size as the pages, served by the same httpd
             behind the same demo SSO (HTTP Basic + the rewrite rules that
             place the SSO attributes in the environment): the yardstick,
             measured first and again after the read pages
  home       the staff home page, rotating over applicants
  app        an applicant's own application page
  admin      the admin applications list, filtered, sorted and paged
  training   the team's training page of the 21st programme (sessions, the
             session form, everyone accepted and their training), by its
             two admins
  mytraining a participant's training page, rotating over the 110 accepted
  matching   the matching page of the 21st programme (the 50-pair draft,
             explained, with its pin and do-not-pair forms), by its two admins
  pair       a partner's pair page (partner, progress against the pace, the
             meetings with their forms, the count of private notes, the
             check-in), rotating over the 2,000 pairs of the 20 programmes,
             by their Mentor or Senior Mentor by turns
  pairs      the team's table of one programme's 100 pairs (meetings
             confirmed, time together, last meeting, pace), over the 20
             programmes and five filter/sort/page combinations (PAIRS_Q), by
             the two admins
  actions    the team's page of the Senior Mentors' actions in their
             institutions (counts by area and status, a page of 25 actions),
             over the 20 programmes and five filter/page combinations
             (ACTIONS_Q), by the two admins (features/legacy; 300 actions a
             programme, seeded by SQL in seed_legacy)
  myactions  a Senior Mentor's own list of actions with the add form,
             rotating over the 2,000 Senior Mentors of the 20 programmes
  calendar   a person's calendar page (their feed's address), and
  feed       their calendar feed (iCalendar, no sign-in), 50 partners
  endevent   a participant's end-event page (the event set up, its places,
             their reply in the form), by the three in four of the 4,000
             participants who replied (seed_closing, by SQL)
  evaluation the team's evaluation page (response rates by role, the
             questions' form), over the 20 programmes, by the two admins
  reflections a participant's own reflections (two or three each) with the
             add form, rotating over the participants
  learning   the cohort's shared reflections, pages 1 to 3 of 25, by its
             participants
  eventteam  the team's end-event page (the event's form, every participant's
             reply), over the 20 programmes, by the two admins
  learnteam  the team's page of shared reflections (with the digest's
             buttons), three filter/page combinations, by the two admins
  digest     the cohort's learning digest, by its participants
  stories    the staff's page of spotlight stories (every published story
             whose consent covers the intranet: one Mentor in ten of the
             2,000 pairs, seeded by SQL in seed_stories), by the participants
  mystory    an author's page of their story (consent, history, forms),
             rotating over the 200 authors
  resources  the resources hub's first page (twenty of what the asker may
             see, the topic filter), over RESOURCES resources seeded by SQL in
             seed_resources (most for all staff, some for a programme or a
             role, a few withdrawn), by the participants
  ressearch  a full-text search of the hub (one or two words, some with a
             kind or topic), by the participants
  resource   one resource's page, rotating over those for all staff
  hr         HR's page of the HR data exchange (every programme with its
             participants and export links, the upload form, the last 20
             of HR_IMPORTS updates seeded by SQL in seed_hr), by `hr`, the
             one account with the HR role
  mydata     a person's own data (/my-data: every section of what is held
             about them as tables, and an audit row dp.sar.view written per
             view), rotating over the partners of the 2,000 pairs, Mentor and
             Senior Mentor by turns
  dpaudit    the data protection officer's audit page (/dp/audit, 50 rows a
             page of the whole audit: the seeded submits and decisions, HR's
             updates), five filter/page combinations (DPAUDIT_Q), by `dpo`,
             the one account with the dpo role (RMentorRoleUser dpo dpo in
             conf/demo/httpd.conf)
  equality   the team's equality page (applications and outcomes by role and
             self-identification, every figure through small-number
             suppression), over the 20 programmes, by the two admins; each
             view writes its audit row (view.selfid), which moves the result
             cache on like any write, so it is measured apart from the read
             pages (no req/s target: its throughput is a write's) and its
             audit rows are not counted as submits
  report     the programme report (every section's suppressed table and its
             inline SVG chart), over the 20 programmes, by the two admins;
             audited on every view (view.report) like equality, so measured
             with the audited pages, no req/s target
  submit     the application form POST with a valid CSRF token, each one a
             real insert or update, spread over 5,000 people x 20 programmes

and prints req/s, the ratio to the static file measured in the same run (the
mean of its two rows), p50 and p99, and beside each ratio the instructions per
request divided by the static file's, from the last `make bench-instr`
(scripts/bench-instr.py keeps them in docs/BENCHMARKS.md): that figure holds
from machine to machine, the req/s ratio does not.  Then the RSS of a single
httpd child before and after 100,000 mixed requests.  Targets are printed
PASS/FAIL; this is a measurement, not a test: the exit status is 0 unless the
run itself broke.

The yardstick must be the cheapest request the server can answer: a module
page does strictly more work than the static file.  When a module page
serves more requests per second than the static file, the run prints no
ratios (and no verdict on them), and says so loudly, instead of ratios above
1 that mean nothing.  The static file is served with EnableMMAP off: with
httpd's default (on) every request maps the file and unmaps it, and the
unmap flushes the TLB of every CPU running a thread of the child; on some
virtual machines that costs more than a whole module page (2026-12-04: the
static file 7.7k req/s with it, the pages 11-12.5k; without it, 17.8-19.2k).

Authentication: the demo SSO checks an htpasswd file; mod_authn_file reads it
line by line on every request, which with 5,000 accounts costs more than the
module itself (measured: a static file falls from ~25k to ~3k req/s for the
last account in the file).  A real SSO keeps a session cache, so by default
both the static yardstick and the module pages use mod_authn_socache in front
of the same file (--no-authn-cache to measure without it).

Usage: scripts/bench.py [--backends sqlite3,pgsql] [--duration 10]
                        [--warmup 3] [--rss-requests 100000] [--write FILE]
                        [--instr-from FILE]
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import platform
import random
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
import rmtest  # noqa: E402

LUA = os.path.join(ROOT, "scripts", "bench-requests.lua")
N_PROGRAMMES = 20
N_STAFF = 5000
N_APPLICATIONS = 2000
N_DECISIONS = 300
THREADS, CONNECTIONS = 2, 32

TARGET_READ_RATIO = 0.6
TARGET_SUBMIT_RPS = 2000
TARGET_SUBMIT_P99_MS = 50.0
TARGET_RSS_GROWTH_KB = 2048

# shmcb files an entry in one of its 32 subcaches by the first byte of the
# key, and every mod_authn_socache key starts with its context ("directory"),
# so only 1/32 of the size is used: at 16 MB it still thrashed and the
# yardstick scanned the htpasswd file on most requests (seen with
# LogLevel authn_socache:debug).  64 MB is shmcb's maximum.
AUTHN_CACHE = """
LoadModule authn_socache_module /usr/lib/apache2/modules/mod_authn_socache.so
LoadModule socache_shmcb_module /usr/lib/apache2/modules/mod_socache_shmcb.so
AuthnCacheSOCache shmcb:${RM_RUN}/authn-cache(67108864)
<LocationMatch "^/(mentoring|bench-static|sector)(/|$)">
    AuthBasicProvider socache file
    AuthnCacheProvideFor file
    AuthnCacheTimeout 3600
</LocationMatch>
"""

# Spare threads sized to the workers, as in conf/demo/httpd.conf and
# conf/scale-out.conf (the test harness's configuration may not set them):
# httpd's defaults log AH10159 at error level under 32 connections.
SPARE_THREADS = """
<IfModule mpm_event_module>
    MinSpareThreads 25
    MaxSpareThreads 100
</IfModule>
"""

ONE_CHILD = """
<IfModule mpm_event_module>
    ServerLimit 1
    StartServers 1
    ThreadsPerChild 48
    MaxRequestWorkers 48
    MinSpareThreads 8
    MaxSpareThreads 56
    MaxConnectionsPerChild 0
</IfModule>
"""

# A sector programme's institution (features/institution): its local admin's
# pages are measured on a virtual host of their own on a second port, since
# a sector programme's sign-in (RMentorInstitution) is a server's setting
# and the demo SSO's accounts are a single institution's.  The same
# database, module and children; the SSO there is the demo's kind (HTTP
# Basic, then mod_rewrite placing the scoped eppn, the affiliation and the
# asserting IdP), with the one account it needs; the authentication cache
# of the other pages (AUTHN_CACHE's LocationMatch) covers it too.
SECTOR_SCOPE = "partner.ac.uk"
SECTOR_IDP = "https://idp.partner.ac.uk/idp"
SECTOR_ADMIN = "localadm"
SECTOR_PAGES = ("institution", "instapps", "instreport")
SECTOR_CONF = """
Listen 127.0.0.1:%(port)d
<VirtualHost 127.0.0.1:%(port)d>
    RMentorIdentityProvider https://idp.demo.ac.uk/idp
    RMentorInstitution %(scope)s "Partner University" %(idp)s
    RMentorInstitutionAdmin %(scope)s %(admin)s@%(scope)s
    <Location /sector>
        AuthType Basic
        AuthName "Sector programme (benchmark)"
        AuthUserFile ${RM_RUN}/htpasswd
        Require valid-user
        SetHandler rmentor
        RMentorBasePath /sector
        RewriteEngine On
        RewriteCond %%{REMOTE_USER} =%(admin)s
        RewriteRule ^ - "[E=eppn:%(admin)s@%(scope)s,E=displayName:Pat Local,E=affiliation:staff@%(scope)s,E=Shib-Identity-Provider:%(idp)s]"
    </Location>
</VirtualHost>
"""


def sector_conf(port):
    return SECTOR_CONF % {"port": port, "scope": SECTOR_SCOPE, "idp": SECTOR_IDP,
                          "admin": SECTOR_ADMIN}


def origin_of(h, name):
    """Where a request list is sent: the sector's virtual host for its pages."""
    return h.sector_origin if name in SECTOR_PAGES else h.origin


def log(*a):
    print(*a, flush=True)


# How the yardstick's bytes leave the server.  httpd's defaults (EnableMMAP
# on, EnableSendfile off) have every request mmap the file, copy it to the
# socket from the mapping and munmap it.  The munmap flushes the TLB of every
# CPU that runs a thread of the child (25 threads over 2 CPUs here), with an
# inter-processor interrupt; in a virtual machine that interrupt is a trip
# through the hypervisor, and on a paravirtualised (PVM) guest (2026-12-04)
# munmap was 28% of httpd's CPU (perf: flush_tlb_mm_range ->
# smp_call_function_many_cond) and the static file served 4.8-8.3k req/s,
# below every module page, against 10-19k with EnableMMAP off in the same
# runs.  On the machine of the earlier runs it served 20k.  With EnableMMAP
# off, httpd reads the file into a buffer and writes it with writev, the way
# the module's pages leave the server, so the ratio compares the module's own
# work.  EnableSendfile stays off (httpd's default) for the same reason.
STATIC_FILE_DIRECTIVES = """\
    # the yardstick's bytes leave as the module's do: read, then writev
    # (scripts/bench.py says why)
    EnableMMAP off
    EnableSendfile off
"""


def static_conf():
    """The demo SSO's <Location> block, copied onto an Alias for a static
    file: the same authentication and the same rewrite rules, so the static
    file pays the SSO's cost as the pages do."""
    with open(os.path.join(ROOT, "conf", "demo", "demo-sso.conf")) as f:
        sso = f.read()
    m = re.search(r"<Location \$\{RM_MOUNT\}>\n(.*?)</Location>", sso, re.S)
    if not m:
        raise SystemExit("cannot find the <Location> block in conf/demo/demo-sso.conf")
    return ("Alias /bench-static ${RM_RUN}/htdocs/bench-static\n"
            "<Location /bench-static>\n" + m.group(1) + STATIC_FILE_DIRECTIVES
            + "</Location>\n")


def b64(user):
    return base64.b64encode(("%s:%s" % (user, rmtest.PASSWORD)).encode()).decode()


def loadavg():
    return "%.2f %.2f %.2f" % os.getloadavg()


OURS = {"apache2", "postgres", "wrk", "python3", "runuser", "top", "sqlite3", "psql"}


def foreign_busy():
    """Processes other than this benchmark's using over 15% of a core right now
    (other engineers' test runs, builds, fuzzers): they skew the numbers."""
    out = subprocess.run(["top", "-b", "-n", "2", "-d", "0.5", "-w", "200"],
                         capture_output=True, text=True).stdout
    busy = set()
    block = out[out.rfind("PID USER"):]
    for line in block.splitlines()[1:]:
        f = line.split()
        if len(f) < 12:
            continue
        try:
            cpu = float(f[8])
        except ValueError:
            continue
        if cpu > 15 and f[11] not in OURS and not f[11].startswith(("kworker", "ksoftirq")):
            busy.add(f[11])
    return busy


def wait_for_quiet(limit, max_wait):
    """Wait (up to max_wait s) for the 1-minute load average to drop below limit."""
    end = time.time() + max_wait
    while os.getloadavg()[0] > limit and time.time() < end:
        log("  load average %s above %.1f: waiting" % (loadavg(), limit))
        time.sleep(15)
    return loadavg()


# ---- the database, directly --------------------------------------------------

def run_sql(h, sql):
    """Run SQL against the server's database; returns rows of strings.  SQLite
    is opened as the server user so WAL files it creates stay writable."""
    if h.db == "sqlite3":
        cmd = ["sqlite3", "-batch", "-separator", "\t",
               os.path.join(h.dir, "db", "rmentor.db")]
        if rmtest.IS_ROOT:
            cmd = ["runuser", "-u", "www-data", "--"] + cmd
        out = subprocess.run(cmd, input=sql, capture_output=True, text=True,
                             check=True, timeout=300).stdout
    else:
        p = dict(kv.split("=", 1) for kv in h.pg_params.split())
        out = subprocess.run(["psql", "-h", p["host"], "-p", p["port"], "-U", p["user"],
                              "-d", p["dbname"], "-v", "ON_ERROR_STOP=1", "-AtqF", "\t"],
                             input=sql, capture_output=True, text=True, check=True,
                             timeout=300, env=dict(os.environ, PGPASSWORD=p["password"])).stdout
    return [tuple(line.split("\t")) for line in out.splitlines() if line]


# ---- seeding -----------------------------------------------------------------

GAIN = ("I lead a team of twelve in student services and want to understand how "
        "decisions are made at executive level, to build a network of sponsors and "
        "to prepare for a director role. ")
TOPICS = "Barriers to progression; sponsorship; leading change; visibility. "
AVAIL = "Tuesday and Thursday afternoons, any week except the first of the month."


def mentor_form(user, variant, token):
    return urllib.parse.urlencode({
        "self_identified": "yes", "job_title": "Service Manager %d" % variant,
        "department": "Load Testing", "gain": GAIN * (1 + variant % 3),
        "topics": TOPICS + str(variant), "availability": AVAIL, "csrf": token})


def parallel(items, fn, nthreads=16):
    """fn(item) over items from nthreads threads; returns results in order."""
    results = [None] * len(items)
    errors = []
    idx = iter(range(len(items)))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                i = next(idx, None)
            if i is None or errors:
                return
            try:
                results[i] = fn(items[i])
            except Exception as e:    # noqa: BLE001 - reported below
                errors.append(e)

    ts = [threading.Thread(target=worker) for _ in range(nthreads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors:
        raise errors[0]
    return results


class Seed:
    """What was seeded: programme ids, each applicant's application id."""

    def __init__(self):
        self.pids = []
        self.app_of = {}        # user -> (programme id, application id)
        self.tokens = {}        # (user, path) -> CSRF token for the form posting there
        self.decided = set()    # application ids with a decision
        self.year = None        # the programme in its training and matching phase (Cohort)
        self.pairs = []         # (pair id, programme id, mentor user, senior user)
        self.paired = set()     # (user, programme id) of everyone in those pairs
        self.pair_counts = (0, 0)   # meetings, notes
        self.replied = set()    # (user, programme id) with a reply to the end event

    def token(self, h, user, path):
        """user's form token for the form that posts to path (tokens are bound
        to the form's action); made once per (user, path)."""
        key = (user, rmtest.action_path(h, path))
        tok = self.tokens.get(key)
        if tok is None:
            tok = self.tokens[key] = rmtest.forge_token(h, user, action=path)
        return tok


def seed(h):
    s = Seed()
    t0 = time.time()
    users = h.add_load_users(N_STAFF)
    # programmes: through the admin form; a second admin on every team
    for i in range(N_PROGRAMMES):
        pid = rmtest.create_programme(h, name="Benchmark programme %02d" % (i + 1),
                                      capacity_mentor="150", capacity_senior="150")
        s.pids.append(pid)
        team = "/admin/programmes/%d/team" % pid
        r = h.client("admin").post(team, {"principal": "admin2", "team_role": "admin",
                                          "confirm_unknown": "admin2"},
                                   token=s.token(h, "admin", team))
        assert r.status_code == 303, r.status_code
    # applications: through the application form, 16 at a time
    sessions = threading.local()

    def submit(k):
        user = users[k]
        pid = s.pids[k % N_PROGRAMMES]
        if not hasattr(sessions, "c"):
            sessions.c = {}
        c = h.client(user)
        path = "/programmes/%d/apply/mentor" % pid
        r = c.s.post(h.base + path,
                     data=mentor_form(user, k, s.token(h, user, path)),
                     headers={"Content-Type": "application/x-www-form-urlencoded"},
                     allow_redirects=False, timeout=30)
        assert r.status_code == 303, (user, r.status_code, r.text[:300])
        return user, pid, rmtest.app_id(r)

    for user, pid, aid in parallel(list(range(N_APPLICATIONS)), submit):
        s.app_of[user] = (pid, aid)
    # decisions: accept, waitlist or decline 15 per programme, through the form
    decide = []
    for i, (user, (pid, aid)) in enumerate(sorted(s.app_of.items())):
        if i % (N_APPLICATIONS // N_DECISIONS) == 0 and len(decide) < N_DECISIONS:
            decide.append((aid, ("accepted", "waitlisted", "declined")[i % 3]))

    def decide_one(item):
        aid, dec = item
        path = "/admin/applications/%d/decision" % aid
        r = h.client("admin").post(path, {"decision": dec, "reason": "Benchmark decision."},
                                   token=s.token(h, "admin", path))
        assert r.status_code == 303, (aid, r.status_code, r.text[:300])
    parallel(decide, decide_one, 8)
    s.decided = set(aid for aid, _dec in decide)
    # the staff who have not applied: one person row each, straight into SQL
    now = int(time.time())
    values = ",\n".join(
        "('load%d', 'Load Tester %d', 'load%d@demo.ac.uk', 'Load Testing', "
        "'Service Manager', '8', 'L%d', %d, %d)" % (i, i, i, i, now, now)
        for i in range(N_APPLICATIONS + 1, N_STAFF + 1))
    run_sql(h, "BEGIN;\nINSERT INTO person (principal, display_name, mail, department, "
               "job_title, grade, staff_number, first_seen, last_seen) VALUES\n"
               + values + ";\nCOMMIT;\n")
    # the programme in its training and matching phase: Mentors from the
    # staff who applied nowhere else, Senior Mentors from the exec accounts
    t1 = time.time()
    execs = h.add_load_users(YEAR_COHORT, prefix="exec")
    mentors = ["load%d" % i for i in range(N_APPLICATIONS + 1, N_APPLICATIONS + 1 + YEAR_COHORT)]
    s.year = seed_cohort(h, s, "Benchmark programme %02d (training and matching)"
                         % (N_PROGRAMMES + 1), mentors, execs, plan_varied, by_form=True)
    log("  training and matching: programme %d, %d + %d accepted, %d + %d ready to be "
        "matched, draft of %d pairs (%.1f s)"
        % (s.year.pid, len(mentors), len(execs), s.year.trained["mentor"],
           s.year.trained["senior"], s.year.pairs, time.time() - t1))
    # the pairs' year of the 20 programmes: pairs, meetings, notes by SQL
    t1 = time.time()
    seed_pairs(h, s)
    log("  the pairs' year: %d pairs in %d programmes, %s meetings, %s notes (%.1f s)"
        % (len(s.pairs), N_PROGRAMMES, s.pair_counts[0], s.pair_counts[1], time.time() - t1))
    # the legacy: the Senior Mentors' actions and the Mentors' career steps
    t1 = time.time()
    seed_legacy(h, s)
    log("  the legacy: %s actions, %s career steps (%.1f s)"
        % (s.legacy_counts[0], s.legacy_counts[1], time.time() - t1))
    # spotlight stories: one Mentor in ten tells one, published
    t1 = time.time()
    seed_stories(h, s)
    log("  spotlight stories: %s published (%.1f s)" % (len(s.stories), time.time() - t1))
    # the resources hub
    t1 = time.time()
    seed_resources(h, s)
    log("  resources hub: %d resources (%.1f s)" % (RESOURCES, time.time() - t1))
    # the close of the year: the end event, the evaluation, reflections
    t1 = time.time()
    seed_closing(h, s)
    log("  the close of the year: %s replies to the end events, %s evaluation responses "
        "(%s answers), %s reflections (%s shared) (%.1f s)"
        % (s.closing_counts + (time.time() - t1,)))
    # the HR data exchange: HR's past updates
    seed_hr(h, s)
    log("  the HR data exchange: %d past updates" % HR_IMPORTS)
    # a sector programme's institution: its staff's applications
    seed_institution(h, s)
    log("  a partner institution: %d applications from its staff" % (SECTOR_PEOPLE))
    counts = run_sql(h, "SELECT (SELECT count(*) FROM programme), (SELECT count(*) FROM "
                        "person), (SELECT count(*) FROM application), (SELECT count(*) "
                        "FROM audit), (SELECT count(*) FROM application WHERE status "
                        "<> 'submitted');")[0]
    log("  seeded in %.1f s: %s programmes, %s people, %s applications (%s decided), "
        "%s audit rows" % (time.time() - t0, counts[0], counts[1], counts[2], counts[4],
                           counts[3]))
    return s


# ---- the pairs' year of the 20 programmes -------------------------------------
#
# The 20 programmes half-way through their year: 100 pairs each (2,000 in
# all), ~6 meetings a pair (12,000), notes for one pair in three.  Everything
# by SQL: the accepted applications of the two partners (new ones, so that the
# seeded applications that the home, application and submit rows use stay as
# they were), the pairs, their meetings and notes, and the programme's start
# six months ago with its check-in open.  The application window stays open
# (only the start and the dates after it move), or the submit row would
# measure refusals.  Partners are the load accounts that applied nowhere else
# (load2056..load5000); with 4,000 places for 2,945 people some are a Mentor
# in one programme and a Senior Mentor in another, never twice in one.

PAIRS_PER_PROGRAMME = 100
MEETINGS_PER_PAIR = 6
PAIR_FIRST_USER = N_APPLICATIONS + 56       # after the cohort's 55 Mentors
PAIR_START_DAYS = -182                      # the programmes started six months ago
AGENDAS = ("Introductions, and what each of us hopes to get from the year.",
           "How decisions are made at the executive, and how to be heard there.",
           "Feedback on a draft paper for the Senior Leadership Team.",
           "Shadowing a committee meeting, and what we noticed afterwards.",
           "Career conversation: the next role, and who could sponsor it.",
           "What the staff survey says about belonging, and what could change.")
NOTES = ("Read the last two Council papers before we next meet.",
         "Follow up: an introduction to the Director of Finance.",
         "Next time: the feedback on the SLT paper, and what to do differently.")


def meeting_status(n, k):
    """The status of meeting k of pair n: mostly confirmed; the newest ones
    sometimes waiting for the partner, a few disputed or withdrawn; one pair
    in four has let its last four meetings slip (behind the pace)."""
    x = (n * 7 + k * 13) % 20
    if n % 4 == 3 and k >= 2:
        return ("logged", "disputed", "withdrawn")[(n + k) % 3]
    if k == MEETINGS_PER_PAIR - 1 and x < 5:
        return "logged"
    if x == 17:
        return "disputed"
    if x == 19:
        return "withdrawn"
    return "confirmed"


def sql_text(v):
    return "'" + v.replace("'", "''") + "'"


def seed_pairs(h, s):
    people = ["load%d" % i for i in range(PAIR_FIRST_USER, N_STAFF + 1)]
    np_ = len(people)
    assert np_ >= 2 * PAIRS_PER_PROGRAMME
    ids = dict(run_sql(h, "SELECT principal, id FROM person WHERE principal LIKE 'load%';"))
    admin_id = person_id(h, "admin")
    start = rmtest.days(PAIR_START_DAYS)
    t_start = int(time.time()) + PAIR_START_DAYS * 86400
    # the partners, and their accepted applications
    plan = []               # (programme id, mentor user, senior user)
    apps = []
    for i, pid in enumerate(s.pids):
        for j in range(PAIRS_PER_PROGRAMME):
            m = people[(i * PAIRS_PER_PROGRAMME + j) % np_]
            sr = people[(N_PROGRAMMES * PAIRS_PER_PROGRAMME + i * PAIRS_PER_PROGRAMME + j) % np_]
            assert (m, pid) not in s.paired and (sr, pid) not in s.paired
            s.paired.update(((m, pid), (sr, pid)))
            plan.append((pid, m, sr))
            for u, role in ((m, "mentor"), (sr, "senior")):
                apps.append("(%d, %s, '%s', 'accepted', %d, '%s', '%s', %s, 'Load Testing', "
                            "%s, 'Benchmark pair.', %d, %d, %d, %d)" % (
                                pid, ids[u], role, 1 if role == "mentor" else 0,
                                "8" if role == "mentor" else "",
                                "sso" if role == "mentor" else "",
                                "'Service Manager'" if role == "mentor" else "''",
                                "''" if role == "mentor" else "'Director of Load Testing'",
                                admin_id, t_start - 20 * 86400, t_start - 40 * 86400,
                                t_start - 20 * 86400))
    run_sql(h, "BEGIN;\nINSERT INTO application (programme_id, person_id, role, status, "
               "self_identified, grade, grade_source, job_title, department, senior_role, "
               "decision_reason, decided_by, decided_at, created_at, updated_at) VALUES\n"
            + ",\n".join(apps) + ";\nCOMMIT;\n")
    app = {}
    for aid, pid, pers, role in run_sql(
            h, "SELECT id, programme_id, person_id, role FROM application "
               "WHERE decision_reason = 'Benchmark pair.';"):
        app[(int(pid), pers, role)] = int(aid)
    pairs = []
    for n, (pid, m, sr) in enumerate(plan):
        pairs.append("(%d, %d, %d, %s, %s, 'active', %d, %d, %d)" % (
            pid, app[(pid, ids[m], "mentor")], app[(pid, ids[sr], "senior")], ids[m], ids[sr],
            40 + n % 60, admin_id, t_start))
    run_sql(h, "BEGIN;\nINSERT INTO pair (programme_id, mentor_app, senior_app, mentor_id, "
               "senior_id, status, score, created_by, created_at) VALUES\n"
            + ",\n".join(pairs) + ";\nCOMMIT;\n")
    pair_of = {}
    for prid, pid, mid in run_sql(h, "SELECT id, programme_id, mentor_id FROM pair WHERE "
                                     "programme_id IN (%s);" % ",".join(map(str, s.pids))):
        pair_of[(int(pid), mid)] = int(prid)
    # meetings and notes: dates from the start to three weeks ago, logged by
    # either partner the evening of the meeting, answered a day or two later
    meetings, notes = [], []
    for n, (pid, m, sr) in enumerate(plan):
        prid = pair_of[(pid, ids[m])]
        s.pairs.append((prid, pid, m, sr))
        who = (ids[m], ids[sr])
        for k in range(MEETINGS_PER_PAIR):
            ago = -PAIR_START_DAYS - 5 - 27 * k - n % 17
            st = meeting_status(n, k)
            logger = who[(n + k) % 2]
            logged_at = int(time.time()) - ago * 86400 + 3600
            answered = st in ("confirmed", "disputed")
            meetings.append("(%d, '%s', %d, '%s', %s, '%s', %s, %d, %d, %s, %s, %s)" % (
                prid, rmtest.days(-ago), (45, 60, 60, 90)[(n + k) % 4],
                ("in_person", "online", "phone")[(n + 2 * k) % 3],
                sql_text(AGENDAS[k % len(AGENDAS)]), st, logger, logged_at,
                logged_at + (86400 if answered else 0),
                who[1 - (n + k) % 2] if answered else "NULL",
                logged_at + 86400 if answered else "NULL",
                sql_text("I don't think we met that day: could you check the date?")
                if st == "disputed" else "''"))
        if n % 3 == 0:
            for k, body in enumerate(NOTES[:1 + n % len(NOTES)]):
                notes.append("(%d, %s, %s, %d)" % (prid, who[k % 2], sql_text(body),
                                                   t_start + (30 + 40 * k) * 86400))
    run_sql(h, "BEGIN;\nINSERT INTO meeting (pair_id, held_on, minutes, mode, agenda, status, "
               "logged_by, logged_at, updated_at, answered_by, answered_at, dispute_reason) "
               "VALUES\n" + ",\n".join(meetings) + ";\nINSERT INTO pair_note (pair_id, "
               "author_id, body, created_at) VALUES\n" + ",\n".join(notes) + ";\n"
               # mid-year: started six months ago, the check-in open since ten days
               "UPDATE programme SET start_date = '%s', mentor_training = '%s', "
               "senior_training = '%s', meet_month = '%s', checkin_date = '%s', "
               "checkin_weeks = 4, end_event_date = '%s' WHERE id IN (%s);\nCOMMIT;\n"
            % (start, rmtest.days(PAIR_START_DAYS - 20), rmtest.days(PAIR_START_DAYS - 19),
               start[:7], rmtest.days(-10), rmtest.days(PAIR_START_DAYS + 365),
               ",".join(map(str, s.pids))))
    s.pair_counts = tuple(run_sql(
        h, "SELECT (SELECT count(*) FROM meeting), (SELECT count(*) FROM pair_note);")[0])


# ---- the legacy: actions in institutions and career steps (features/legacy) -----

ACTION_AREAS = ("recruitment", "promotion", "pay", "culture", "data", "policy", "other")
ACTION_TITLES = ("Inclusive shortlisting for senior posts", "Ethnicity pay gap report",
                 "Reverse mentoring for the promotion panel", "Race equality charter action plan",
                 "Exit interviews analysed by ethnicity", "Sponsorship scheme for grade 8 staff")
ACTIONS_PER_SENIOR = 3
ACTIONS_Q = ("", "?area=pay", "?status=done", "?area=culture&status=in_progress",
             "?page=2")


HR_IMPORTS = 60         # HR's past updates (its page lists the last 20)


def seed_hr(h, s):
    """By SQL: HR_IMPORTS past updates of the HR data exchange, one a week,
    by HR on the web and by the command line, most applied, some rejected or
    refused, each with its audit row, as the module writes them."""
    now = int(time.time())
    rows, audit = [], []
    for i in range(HR_IMPORTS):
        at = now - 86400 * 7 * (HR_IMPORTS - i)
        source = ("web", "cli")[i % 2]
        outcome = "refused" if i % 10 == 9 else "rejected" if i % 10 == 4 else "applied"
        records = 0 if outcome == "refused" else 40 + i % 25
        changed = records - i % 7 if outcome == "applied" else 0
        rejected = 1 + i % 3 if outcome == "rejected" else 0
        rows.append("(%d, 'hr', '%s', '%064x', %d, %d, %d, '%s')"
                    % (at, source, i + 1, records, changed, rejected, outcome))
        audit.append("(%d, 'hr', 'hr.import', 'hr_import', 0, '%s source=%s records=%d "
                      "changed=%d rejected=%d')"
                      % (at, outcome, source, records, changed, rejected))
    run_sql(h, "BEGIN;\nINSERT INTO hr_import (at, actor, source, sha256, records, changed, "
               "rejected, outcome) VALUES\n" + ",\n".join(rows) + ";\nINSERT INTO audit "
               "(at, actor, action, entity, entity_id, detail) VALUES\n"
               + ",\n".join(audit) + ";\nCOMMIT;\n")


def seed_legacy(h, s):
    """By SQL: three actions for each Senior Mentor of the 20 programmes
    (areas, statuses and dates varied, one in four shared for the sector),
    a career step for every other Mentor."""
    ids = dict(run_sql(h, "SELECT principal, id FROM person WHERE principal LIKE 'load%';"))
    now = int(time.time())
    actions, steps = [], []
    for n, (prid, pid, m, sr) in enumerate(s.pairs):
        for k in range(ACTIONS_PER_SENIOR):
            i = n * ACTIONS_PER_SENIOR + k
            status = ("planned", "in_progress", "done")[i % 3]
            started = rmtest.days(PAIR_START_DAYS + 20 + i % 50) if status != "planned" else ""
            done = rmtest.days(-3 - i % 20) if status == "done" else ""
            actions.append("(%d, %s, %s, %s, '%s', '%s', '%s', '%s', %s, %d, %d, %d)" % (
                pid, ids[sr], sql_text(ACTION_TITLES[i % len(ACTION_TITLES)]),
                sql_text("Prompted by our conversations about progression."),
                ACTION_AREAS[i % len(ACTION_AREAS)], status, started, done,
                sql_text("Two panels changed their practice." if done else ""),
                1 if i % 4 == 0 else 0, now - 86400 * (i % 90), now - 86400 * (i % 30)))
        if n % 2 == 0:
            steps.append("(%d, %s, '%s', %s, '%s', '', %d, %d)" % (
                pid, ids[m], ("promotion", "new_role", "acting_up", "secondment",
                              "development", "award")[n % 6],
                sql_text("Head of Service Delivery"), rmtest.days(-10 - n % 60), now, now))
    run_sql(h, "BEGIN;\nINSERT INTO inst_action (programme_id, person_id, title, description, "
               "area, status, started_on, done_on, outcome, shareable, created_at, updated_at) "
               "VALUES\n" + ",\n".join(actions) + ";\nINSERT INTO career_step (programme_id, "
               "person_id, kind, title, taken_on, note, created_at, updated_at) VALUES\n"
            + ",\n".join(steps) + ";\nCOMMIT;\n")
    s.legacy_counts = tuple(run_sql(
        h, "SELECT (SELECT count(*) FROM inst_action), (SELECT count(*) FROM career_step);")[0])


STORY_BODY = ("I came expecting advice and found a conversation. My Senior Mentor asked "
              "what it is like to work here, and then listened.\nSix months later our "
              "team's meetings run differently.")
STORY_TRANSCRIPT = "\n".join("Line %d of the film's transcript." % i for i in range(1, 21))


def seed_stories(h, s):
    """By SQL: a story by the Mentor of every tenth pair, published with
    consent for the intranet and conferences for two years, one in three
    anonymous, one in two with a film link and its transcript, each with
    its consent row, as the module writes them."""
    ids = dict(run_sql(h, "SELECT principal, id FROM person WHERE principal LIKE 'load%';"))
    now = int(time.time())
    rows = []
    s.stories = []
    for n, (prid, pid, m, sr) in enumerate(s.pairs):
        if n % 10:
            continue
        k = len(s.stories)
        s.stories.append(m)
        rows.append("(%d, %s, %s, '%s', %s, '%s', 'intranet,conference', '%s', %d, "
                    "'published', %d, %d, %d, %d)" % (
                        pid, ids[m], sql_text(STORY_BODY),
                        "https://video.example.ac.uk/watch/%d" % k if k % 2 == 0 else "",
                        sql_text(STORY_TRANSCRIPT if k % 2 == 0 else ""),
                        "anonymous" if k % 3 == 0 else "name", rmtest.days(730),
                        now - 86400 * 30, now - 86400 * 30, now - 86400 * (k % 30),
                        now - 86400 * 30, now - 86400 * (k % 30)))
    run_sql(h, "BEGIN;\nINSERT INTO story (programme_id, person_id, body, film_url, "
               "transcript, shown_as, uses, consent_until, consented_at, status, approved_at, "
               "published_at, created_at, updated_at) VALUES\n" + ",\n".join(rows)
            + ";\nINSERT INTO story_consent (story_id, person_id, event, uses, consent_until, "
               "at) SELECT id, person_id, 'given', uses, consent_until, consented_at FROM "
               "story;\nCOMMIT;\n")
    s.story_ids = dict(run_sql(h, "SELECT p.principal, s.id FROM story s JOIN person p "
                                  "ON p.id = s.person_id;"))


RESOURCES = 400
RES_KINDS = ("toolkit", "guidance", "film", "report", "link")
RES_TOPICS = ("anti-racism", "allyship", "recruitment", "leadership", "policy", "data",
              "careers", "listening", "check-in", "reciprocal mentoring")
RES_WORDS = ("inclusive", "panel", "charter", "network", "belonging", "progression",
             "feedback", "sponsorship", "privilege", "microaggressions", "pay", "promotion")
RES_QUERIES = ("inclusive", "panel charter", "promotion", "network", "belonging",
               "progression?kind=guidance", "sponsorship?topic=leadership", "privilege",
               "microaggressions", "pay gap", "feedback?kind=film", "recruit")


def seed_resources(h, s):
    """By SQL: RESOURCES resources of the hub, as the admin form writes them:
    seven in ten for all staff, one in ten for a programme's participants,
    one in ten for Mentors or Senior Mentors, one in ten for facilitators;
    one in twenty withdrawn; every third related to a programme; words from
    RES_WORDS in titles and descriptions for the searches."""
    admin = run_sql(h, "SELECT id FROM person WHERE principal = 'admin';")[0][0]
    now = int(time.time())
    rows = []
    for k in range(RESOURCES):
        w1, w2 = RES_WORDS[k % len(RES_WORDS)], RES_WORDS[(k * 7 + 3) % len(RES_WORDS)]
        aud = k % 10
        audience, role = ("programme", "") if aud == 7 else (
            ("role", ("mentor", "senior")[k % 2]) if aud == 8 else
            (("role", "facilitator") if aud == 9 else ("all", "")))
        pid = s.pids[k % len(s.pids)] if (aud == 7 or k % 3 == 0) else 0
        rows.append("(%s, '%s', %s, '%s', 'https://www.example.ac.uk/resources/%d', '%s', %d, "
                    "'%s', %s, %d, %d, %d)" % (
                        sql_text("%s %s resource %d" % (w1.capitalize(), w2, k)),
                        RES_KINDS[k % len(RES_KINDS)],
                        sql_text("On %s and %s in universities: what the evidence says and "
                                 "what leaders can do about it this year." % (w1, w2)),
                        ",".join(sorted({RES_TOPICS[k % len(RES_TOPICS)],
                                         RES_TOPICS[(k * 3 + 1) % len(RES_TOPICS)]})),
                        k, audience, pid, role, admin, now - 86400 * (k % 365),
                        now - 86400 * (k % 365), now - 86400 if k % 20 == 19 else 0))
    run_sql(h, "BEGIN;\nINSERT INTO resource (title, kind, description, topics, url, audience, "
               "programme_id, role, added_by, added_at, updated_at, withdrawn_at) VALUES\n"
            + ",\n".join(rows) + ";\nCOMMIT;\n")
    s.resource_ids = [int(r[0]) for r in run_sql(
        h, "SELECT id FROM resource WHERE audience = 'all' AND withdrawn_at = 0 ORDER BY id;")]


# ---- a sector programme's institution (features/institution) -----------------
#
# SECTOR_PEOPLE staff of the partner institution (never signed in here: as
# the partner's SSO would write them), each with a Mentor or Senior Mentor
# application to one of the 20 programmes (SECTOR_PEOPLE / 20 a programme),
# one in three accepted; and the local admin's account.  By SQL.

SECTOR_PEOPLE = 400
SECTOR_Q = ("", "?status=accepted&sort=name", "?q=partner+1&sort=oldest",
            "?role=mentor&sort=newest", "?sort=status")


def seed_institution(h, s):
    now = int(time.time())
    people = ",\n".join("('partner%d@%s', 'Partner Person %d', 'partner%d@%s', 8, %d, %d, '%s')"
                        % (k, SECTOR_SCOPE, k, k, SECTOR_SCOPE, now, now, SECTOR_SCOPE)
                        for k in range(SECTOR_PEOPLE))
    run_sql(h, "BEGIN;\nINSERT INTO person (principal, display_name, mail, grade, first_seen, "
               "last_seen, scope) VALUES\n" + people + ";\nCOMMIT;\n")
    ids = dict(run_sql(h, "SELECT principal, id FROM person WHERE scope = '%s';" % SECTOR_SCOPE))
    rows = []
    for k in range(SECTOR_PEOPLE):
        role = "senior" if k % 4 == 3 else "mentor"
        rows.append("(%d, %s, '%s', '%s', '8', 'Head of Planning', 'Strategic Planning', "
                    "'Senior leadership', %d, %d)"
                    % (s.pids[k % len(s.pids)], ids["partner%d@%s" % (k, SECTOR_SCOPE)], role,
                       "accepted" if k % 3 == 0 else "submitted", now - k, now - k))
    run_sql(h, "BEGIN;\nINSERT INTO application (programme_id, person_id, role, status, grade, "
               "job_title, department, senior_role, created_at, updated_at) VALUES\n"
            + ",\n".join(rows) + ";\nCOMMIT;\n")
    digest = base64.b64encode(hashlib.sha1(rmtest.PASSWORD.encode()).digest()).decode()
    with open(os.path.join(h.dir, "htpasswd"), "a") as f:
        f.write("%s:{SHA}%s\n" % (SECTOR_ADMIN, digest))


# ---- the close of the year: end event, evaluation, reflections (features/closing) ----
#
# Each of the 20 programmes' end event set up (time, place, link, places,
# details), three participants in four replied (yes, maybe or no, one in
# five of the yeses with access needs), its questions the default set stored,
# two participants in five with an evaluation response (ratings and written
# answers), and every participant two or three reflections: one in three
# shared with the cohort, one in six offered for the sector, half of the
# shared ones in the learning digest.  All by SQL.

EVAL_QUESTIONS = (("rating", "Overall, how valuable was the programme to you?"),
                  ("rating", "How well did the training prepare you for your role in the "
                             "programme?"),
                  ("rating", "How well did you and your partner work together?"),
                  ("rating", "How much has the programme changed how you think about race "
                             "equality at work?"),
                  ("rating", "How well did the programme team support you during the year?"),
                  ("text", "What was the most valuable part of the programme for you?"),
                  ("text", "What will you do differently as a result of the programme?"),
                  ("text", "What would you change for the next cohort?"))
REFLECTION_TITLES = ("After our first meeting", "What the committee taught me",
                     "Being heard at the executive", "Half-way through the year",
                     "Feedback, given and taken", "What I would tell the next cohort")
REFLECTION_BODY = ("We talked about how decisions are really made, and who is in the room "
                   "when they are. I had not seen how much happens before the meeting itself."
                   "\nNext time I want to ask about sponsorship.")
LEARNING_PAGES = 3      # the cohort's shared entries: pages 1 to 3 of 25


def seed_closing(h, s):
    ids = dict(run_sql(h, "SELECT principal, id FROM person WHERE principal LIKE 'load%';"))
    now = int(time.time())
    pids = ",".join(map(str, s.pids))
    qsql = []
    for pid in s.pids:
        for k, (kind, wording) in enumerate(EVAL_QUESTIONS):
            qsql.append("(%d, %d, '%s', %s)" % (pid, k + 1, kind, sql_text(wording)))
    run_sql(h, "BEGIN;\nUPDATE programme SET end_event_starts = '16:00', end_event_ends = "
               "'19:00', end_event_place = 'The Great Hall, Main Building', end_event_link = "
               "'https://meet.example.ac.uk/end-of-year', end_event_details = "
               "'Talks from the cohort, the learning digest, then a reception.', "
               "end_event_capacity = 250 WHERE id IN (%s);\n"
               "INSERT INTO eval_question (programme_id, position, kind, wording) VALUES\n%s;\n"
               "COMMIT;\n" % (pids, ",\n".join(qsql)))
    questions = {}
    for qid, pid, pos in run_sql(h, "SELECT id, programme_id, position FROM eval_question "
                                    "WHERE programme_id IN (%s);" % pids):
        questions[(int(pid), int(pos))] = int(qid)
    replies, responses, reflections = [], [], []
    n = 0
    for prid, pid, m, sr in s.pairs:
        for u, role in ((m, "mentor"), (sr, "senior")):
            n += 1
            if n % 4 != 0:
                answer = ("yes", "yes", "maybe", "no", "yes")[n % 5]
                needs = "Step-free access, please." if answer == "yes" and n % 5 == 1 else ""
                made = now - 86400 * (20 + n % 40)
                replies.append("(%d, %s, '%s', %s, %d, %d)" % (
                    pid, ids[u], answer, sql_text(needs), made, made + 86400 * (n % 10)))
                s.replied.add((u, pid))
            if n % 5 < 2:
                responses.append("(%d, %s, '%s', %d, %d, %d)" % (
                    pid, ids[u], role, n % 2, now - 86400 * (n % 10), now - 86400 * (n % 10)))
            for k in range(2 + n % 2):
                i = n * 3 + k
                made = now - 86400 * (150 - 50 * k - n % 40)
                j = (n * 7 + k * 5) % 6
                vis = "sector" if j == 0 else "cohort" if j == 1 else "private"
                reflections.append("(%d, %s, %s, %s, '%s', %d, %d, %d)" % (
                    pid, ids[u], sql_text(REFLECTION_TITLES[i % len(REFLECTION_TITLES)]),
                    sql_text(REFLECTION_BODY), vis,
                    1 if vis != "private" and i % 2 == 0 else 0,
                    made, made + 86400 * (n % 7)))
    run_sql(h, "BEGIN;\nINSERT INTO event_reply (programme_id, person_id, answer, access_needs, "
               "created_at, updated_at) VALUES\n" + ",\n".join(replies) + ";\n"
               "INSERT INTO eval_response (programme_id, person_id, role, named, "
               "submitted_at, updated_at) VALUES\n" + ",\n".join(responses) + ";\n"
               "INSERT INTO reflection (programme_id, person_id, title, body, visibility, "
               "in_digest, created_at, updated_at) VALUES\n" + ",\n".join(reflections)
            + ";\nCOMMIT;\n")
    answers = []
    for rid, pid, k in run_sql(h, "SELECT id, programme_id, person_id FROM eval_response "
                                  "WHERE programme_id IN (%s);" % pids):
        rid, pid, k = int(rid), int(pid), int(k)
        for pos, (kind, _w) in enumerate(EVAL_QUESTIONS, 1):
            if kind == "rating":
                answers.append("(%d, %d, %d, '')" % (rid, questions[(pid, pos)],
                                                     1 + (k + pos) % 5))
            elif (k + pos) % 3:
                answers.append("(%d, %d, NULL, %s)" % (
                    rid, questions[(pid, pos)],
                    sql_text("The conversations with my partner, and seeing the "
                             "institution from the other side.")))
    run_sql(h, "BEGIN;\nINSERT INTO eval_answer (response_id, question_id, rating, body) "
               "VALUES\n" + ",\n".join(answers) + ";\nCOMMIT;\n")
    s.closing_counts = tuple(run_sql(
        h, "SELECT (SELECT count(*) FROM event_reply), (SELECT count(*) FROM eval_response), "
           "(SELECT count(*) FROM eval_answer), (SELECT count(*) FROM reflection), "
           "(SELECT count(*) FROM reflection WHERE visibility <> 'private');")[0])


# ---- a programme in its training and matching phase ---------------------------
#
# One more programme, apart from the 20 above (its application window closed
# once it is seeded, so the home page, the admin lists and the submit POSTs
# see what they saw before): Mentors from the load accounts that applied
# nowhere else, Senior Mentors from the exec accounts (conf/demo/demo-sso.conf),
# applying through the forms with varied matching answers, accepted, trained
# (some), pinned and ruled out (a few), and matched.  scripts/bench-matching-page.py
# seeds a larger one the same way.

YEAR_COHORT = 55        # accepted per role; 50 of each trained (attended or override)
DEPARTMENTS = ("Student Services", "Finance", "Estates", "Library", "Registry",
               "IT Services", "Research Office", "Human Resources", "Marketing",
               "Strategic Planning", "Careers Service", "Admissions")


def vocab(name):
    """The codes of one of core/score.c's vocabularies ("topics", "gains",
    "slots"), read from the source, so that the seeded answers are codes the
    module knows."""
    with open(os.path.join(ROOT, "mod_rmentor", "core", "score.c")) as f:
        src = f.read()
    m = re.search(r"rm_vocab_%s\[\] = \{(.*?)NULL" % name, src, re.S)
    if not m:
        raise SystemExit("cannot find rm_vocab_%s in mod_rmentor/core/score.c" % name)
    return re.findall(r'"([^"]*)"', m.group(1))[0::2]


def same_department(i, n_seniors):
    """The Senior Mentor (index) whose department the Mentor at index i gives
    as their own, or None: a hard constraint for that pair."""
    return (i * 5 + 3) % n_seniors if i % 9 == 4 else None


def line_manager(i, n_seniors):
    """The Senior Mentor (index) the Mentor at index i names as their line
    manager, or None: a hard constraint for that pair."""
    return (i * 7 + 1) % n_seniors if i % 13 == 6 else None


# pinned and forbidden pairs (Mentor index, Senior Mentor index): the Mentors
# of the pins have no hard constraint and are trained in every plan below
YEAR_PINS = ((1, 2), (3, 8))
YEAR_FORBIDS = ((2, 2), (5, 0), (8, 11))


def year_answers(role, i, mentors, seniors):
    """The application form of the i-th Mentor or Senior Mentor of a cohort
    (users in mentors / seniors): its text fields and varied matching answers
    (topics, hopes, offers, half-days, line manager, preferences)."""
    rnd = random.Random("%s-%d" % (role, i))
    nm, ns = len(mentors), len(seniors)
    d = {}
    for field, codes, lo, hi in (("topic", vocab("topics"), 2, 5),
                                 ("gain", vocab("gains"), 1, 3),
                                 ("offer", vocab("gains"), 1, 4),
                                 ("slot", vocab("slots"), 2, 6)):
        for c in rnd.sample(codes, rnd.randint(lo, hi)):
            d["%s-%s" % (field, c)] = "on"
    if role == "mentor":
        k = same_department(i, ns)
        d.update({"self_identified": "yes", "job_title": "Service Manager %d" % i,
                  "department": ("Executive Office %s" % seniors[k][4:]) if k is not None
                  else DEPARTMENTS[i % len(DEPARTMENTS)],
                  "gain": GAIN, "topics": TOPICS, "availability": AVAIL})
        k = line_manager(i, ns)
        if k is not None:
            d["line_manager"] = seniors[k] + "@demo.ac.uk"
        if i % 5 == 2:
            d["prefer_1"] = seniors[(i * 3) % ns] + "@demo.ac.uk"
        if i % 17 == 8 and (i * 11 + 5) % ns != (i * 3) % ns:
            d["avoid_1"] = seniors[(i * 11 + 5) % ns] + "@demo.ac.uk"
    else:
        d.update({"senior_role": "Director of %s" % DEPARTMENTS[i % len(DEPARTMENTS)],
                  "department": "Executive Office %s" % seniors[i][4:],
                  "motivation": "To understand the barriers our staff of colour face.",
                  "topics": TOPICS, "availability": AVAIL})
        if i % 7 == 3:
            d["prefer_1"] = mentors[(i * 3 + 1) % nm] + "@demo.ac.uk"
        if i % 19 == 10 and (i * 2) % nm != (i * 3 + 1) % nm:
            d["avoid_1"] = mentors[(i * 2) % nm] + "@demo.ac.uk"
    return d


def plan_varied(i):
    """Training of the i-th person of a role for `make bench`: 45 of 55
    attended the first session; 5 were absent, booked the repeat and have an
    override; 5 only booked the repeat (not ready to be matched).  Returns
    ([(session, attendance)], override)."""
    k = i % 11
    if k < 9:
        return [("held", "attended")], False
    if k == 9:
        return [("held", "absent"), ("repeat", "booked")], True
    return [("repeat", "booked")], False


def plan_trained(i):
    """Everyone ready to be matched: most attended, one in twenty has an
    override instead (trained on an earlier programme)."""
    return ([], True) if i % 20 == 19 else ([("held", "attended")], False)


class Cohort:
    """A programme in its training and matching phase, as seeded."""

    def __init__(self, pid, mentors, seniors):
        self.pid = pid
        self.mentors = mentors          # users, in index order
        self.seniors = seniors
        self.app = {}                   # user -> application id
        self.sessions = {}              # (role, "held" / "repeat") -> session id
        self.trained = {"mentor": 0, "senior": 0}
        self.pairs = 0

    def participants(self):
        """The accepted people, Mentors and Senior Mentors alternating."""
        out = []
        for k in range(max(len(self.mentors), len(self.seniors))):
            out += [u[k] for u in (self.mentors, self.seniors) if k < len(u)]
        return out


def person_id(h, principal):
    return int(run_sql(h, "SELECT id FROM person WHERE principal = '%s';" % principal)[0][0])


def seed_cohort(h, s, name, mentors, seniors, plan, by_form):
    """A programme in its training and matching phase: applications through
    the forms; decisions and overrides through the forms when by_form, else
    by SQL (many at once); two training sessions per role through the
    session form; bookings and the register by SQL (plan(i) per person); a
    few pins and forbidden pairs through the rule form; the matching run
    through its POST.  Returns the Cohort; its application window is closed
    by SQL at the end, so the staff home page does not list it."""
    admin = h.client("admin")
    pid = rmtest.create_programme(h, name=name, capacity_mentor=str(len(mentors) + 10),
                                  capacity_senior=str(len(seniors) + 10))
    co = Cohort(pid, mentors, seniors)
    team = "/admin/programmes/%d/team" % pid
    r = admin.post(team, {"principal": "admin2", "team_role": "admin",
                          "confirm_unknown": "admin2"},
                   token=s.token(h, "admin", team))
    assert r.status_code == 303, r.status_code

    def apply(item):
        role, i, user = item
        path = "/programmes/%d/apply/%s" % (pid, role)
        r = h.client(user).post(path, year_answers(role, i, mentors, seniors),
                                token=s.token(h, user, path))
        assert r.status_code == 303, (user, role, r.status_code, r.text[:500])
        return user, rmtest.app_id(r)
    items = [("mentor", i, u) for i, u in enumerate(mentors)] + \
            [("senior", i, u) for i, u in enumerate(seniors)]
    co.app = dict(parallel(items, apply))

    admin_id = person_id(h, "admin")
    now = int(time.time())
    if by_form:
        def decide(aid):
            path = "/admin/applications/%d/decision" % aid
            r = h.client("admin").post(path, {"decision": "accepted", "reason": "Benchmark cohort."},
                           token=s.token(h, "admin", path))
            assert r.status_code == 303, (aid, r.status_code, r.text[:300])
        parallel(sorted(co.app.values()), decide, 8)
    else:
        run_sql(h, "UPDATE application SET status = 'accepted', decision_reason = "
                   "'Benchmark cohort.', decided_by = %d, decided_at = %d, updated_at = %d "
                   "WHERE programme_id = %d AND status = 'submitted';"
                % (admin_id, now, now, pid))

    # two sessions per role, through the session form: one held a fortnight
    # ago, a repeat date in three weeks
    path = "/admin/programmes/%d/training/sessions" % pid
    for role, label, held, repeat, ends in (
            ("mentor", "Mentor training (half a day)", -14, 21, "13:00"),
            ("senior", "Senior Mentor training (full day)", -13, 22, "16:30")):
        for when, day, starts, place, link in (
                ("held", held, "09:30", "Senate House, Room 2.14", ""),
                ("repeat", repeat, "09:30", "",
                 "https://teams.demo.ac.uk/meet/rm-training")):
            r = admin.post(path, {"role": role, "title": label + (", repeat date"
                                                                  if when == "repeat" else ""),
                                  "day": rmtest.days(day), "starts": starts, "ends": ends,
                                  "place": place, "link": link,
                                  "capacity": str(max(len(mentors), len(seniors)) + 10),
                                  "facilitator": str(admin_id)},
                           token=s.token(h, "admin", path))
            assert r.status_code == 303, (role, when, r.status_code, r.text[:500])
    for sid, role, day in run_sql(h, "SELECT id, role, day FROM training_session WHERE "
                                     "programme_id = %d ORDER BY role, day;" % pid):
        co.sessions[(role, "held" if day < rmtest.days(0) else "repeat")] = int(sid)

    # bookings and the register, straight into SQL; overrides by the form or SQL
    bookings, overrides = [], []
    for role, users in (("mentor", mentors), ("senior", seniors)):
        for i, u in enumerate(users):
            booked, override = plan(i)
            for when, att in booked:
                recorded = "NULL, NULL" if att == "booked" else "%d, %d" % (admin_id, now)
                bookings.append("(%d, %d, '%s', %d, %s)" % (
                    co.sessions[(role, when)], co.app[u], att, now - 20 * 86400, recorded))
            if override:
                overrides.append(co.app[u])
            if override or ("held", "attended") in booked:
                co.trained[role] += 1
    run_sql(h, "BEGIN;\nINSERT INTO training_booking (session_id, application_id, attendance, "
               "booked_at, recorded_by, recorded_at) VALUES\n" + ",\n".join(bookings)
            + ";\nCOMMIT;\n")
    reason = "Completed the training on the previous programme."
    if by_form:
        path = "/admin/programmes/%d/training/override" % pid
        for aid in overrides:
            r = admin.post(path, {"action": "record", "application": str(aid),
                                  "reason": reason}, token=s.token(h, "admin", path))
            assert r.status_code == 303, (aid, r.status_code, r.text[:500])
    elif overrides:
        run_sql(h, "INSERT INTO training_override (application_id, reason, recorded_by, "
                   "recorded_at) VALUES " + ", ".join("(%d, '%s', %d, %d)" % (
                       aid, reason, admin_id, now) for aid in overrides) + ";")

    # a few rules, through the rule form, then the matching
    path = "/admin/programmes/%d/matching/rule" % pid
    for kind, rules in (("pin", YEAR_PINS), ("forbid", YEAR_FORBIDS)):
        for i, j in rules:
            r = admin.post(path, {"action": kind, "mentor": str(co.app[mentors[i]]),
                                  "senior": str(co.app[seniors[j]]),
                                  "reason": "Benchmark rule."},
                           token=s.token(h, "admin", path))
            assert r.status_code == 303, (kind, i, j, r.status_code, r.text[:800])
    path = "/admin/programmes/%d/matching/run" % pid
    r = admin.post(path, {}, token=s.token(h, "admin", path), timeout=300)
    assert r.status_code == 303, (r.status_code, r.text[:800])
    co.pairs = int(run_sql(h, "SELECT count(*) FROM match_draft WHERE programme_id = %d;"
                              % pid)[0][0])
    # applications closed: the programme has moved on to training and matching
    run_sql(h, "UPDATE programme SET apply_opens = '%s', apply_closes = '%s' WHERE id = %d;"
            % (rmtest.days(-60), rmtest.days(-30), pid))
    return co


# ---- request lists for wrk ---------------------------------------------------

# the data protection officer's audit page (50 rows a page): filters, pages
DPAUDIT_Q = ("", "?page=3", "?action=application.", "?actor=hr&action=hr.",
             "?from=%s&to=%s" % (rmtest.days(-90), rmtest.days(0)))

# the team's table of pairs (100 a programme, 25 a page): filters, sorts, pages
PAIRS_Q = ("?pace=behind&sort=meetings", "?sort=last&page=2", "?q=tester",
           "?q=tester+31&pace=behind", "")


def write_lines(path, lines):
    with open(path, "w") as f:
        for line in lines:
            f.write("\t".join(line) + "\n")
    return path


def request_lists(h, s, static_path):
    users = sorted(s.app_of, key=lambda u: int(u[4:]))
    admin_q = ["?status=submitted&sort=newest&page=2",
               "?role=mentor&status=submitted&sort=name&page=3",
               "?q=tester+1&sort=oldest", "?status=accepted&sort=status",
               "?role=mentor&sort=name&page=2"]
    admin_list = []
    for i, pid in enumerate(s.pids):
        for j, q in enumerate(admin_q):
            who = ("admin", "admin2")[(i + j) % 2]
            admin_list.append(("GET", "/mentoring/admin/programmes/%d/applications%s"
                               % (pid, q), b64(who)))
    lists = {
        "static": [("GET", static_path, b64(u)) for u in users],
        "home": [("GET", "/mentoring/", b64(u)) for u in users],
        "app": [("GET", "/mentoring/applications/%d" % s.app_of[u][1], b64(u))
                for u in users],
        "admin": admin_list,
    }
    # the programme in its training and matching phase: the team's pages by
    # its two admins, the participant's page by each accepted person
    co = s.year
    lists["training"] = [("GET", "/mentoring/admin/programmes/%d/training" % co.pid, b64(u))
                         for u in ("admin", "admin2")]
    lists["mytraining"] = [("GET", "/mentoring/programmes/%d/training" % co.pid, b64(u))
                           for u in co.participants()]
    lists["matching"] = [("GET", "/mentoring/admin/programmes/%d/matching" % co.pid, b64(u))
                         for u in ("admin", "admin2")]
    # the pairs' year: each pair's page by one of its partners (Mentor and
    # Senior Mentor by turns), the programmes interleaved so that any 50
    # consecutive lines are 50 pairs of many programmes; the team's table of
    # a programme's pairs, filtered, sorted and paged, by its two admins
    by_prog = {}
    for prid, pid, m, sr in s.pairs:
        by_prog.setdefault(pid, []).append((prid, m, sr))
    order = [by_prog[pid][j] for j in range(PAIRS_PER_PROGRAMME) for pid in s.pids]
    lists["pair"] = [("GET", "/mentoring/pairs/%d" % prid, b64(m if k % 2 == 0 else sr))
                     for k, (prid, m, sr) in enumerate(order)]
    lists["pairs"] = [("GET", "/mentoring/admin/programmes/%d/pairs%s" % (pid, q),
                       b64(("admin", "admin2")[(i + j) % 2]))
                      for i, pid in enumerate(s.pids) for j, q in enumerate(PAIRS_Q)]
    # the legacy: the team's actions page, filtered and paged, by its two
    # admins; each Senior Mentor's own list (the programmes interleaved)
    lists["actions"] = [("GET", "/mentoring/admin/programmes/%d/actions%s" % (pid, q),
                         b64(("admin", "admin2")[(i + j) % 2]))
                        for i, pid in enumerate(s.pids) for j, q in enumerate(ACTIONS_Q)]
    lists["myactions"] = [("GET", "/mentoring/programmes/%d/actions" % pid, b64(sr))
                          for pid, (prid, m, sr) in
                          ((pid, by_prog[pid][j]) for j in range(PAIRS_PER_PROGRAMME)
                           for pid in s.pids)]
    # spotlight stories: the staff's page, by the participants who told
    # one; each author's page of their story
    lists["stories"] = [("GET", "/mentoring/stories", b64(u)) for u in s.stories]
    lists["mystory"] = [("GET", "/mentoring/stories/%s/mine" % s.story_ids[u], b64(u))
                        for u in s.stories]
    # the resources hub: its first page, searches, one resource's page, by
    # the participants (Mentor and Senior Mentor by turns)
    people = [u for (prid, pid, m, sr) in s.pairs for u in (m, sr)]
    lists["resources"] = [("GET", "/mentoring/resources", b64(u)) for u in people]
    lists["ressearch"] = [("GET", "/mentoring/resources?q=" + q.replace("?", "&").replace(" ", "+"),
                           b64(people[(i * 37) % len(people)]))
                          for i, q in enumerate(RES_QUERIES * 20)]
    lists["resource"] = [("GET", "/mentoring/resources/%d" % rid,
                          b64(people[(i * 13) % len(people)]))
                         for i, rid in enumerate(s.resource_ids)]
    # the close of the year (seed_closing): a participant's end-event page
    # (by those who replied, Mentor and Senior Mentor by turns, the
    # programmes interleaved), the team's evaluation page by its two admins,
    # a participant's own reflections, and the cohort's shared entries,
    # pages 1 to LEARNING_PAGES, by its participants
    order_p = [(pid, by_prog[pid][j]) for j in range(PAIRS_PER_PROGRAMME) for pid in s.pids]
    lists["endevent"] = [("GET", "/mentoring/programmes/%d/end-event" % pid, b64(u))
                         for k, (pid, (prid, m, sr)) in enumerate(order_p)
                         for u in ((m, sr) if k % 2 == 0 else (sr, m))
                         if (u, pid) in s.replied]
    lists["evaluation"] = [("GET", "/mentoring/admin/programmes/%d/evaluation" % pid,
                            b64(("admin", "admin2")[(i + j) % 2]))
                           for j in range(2) for i, pid in enumerate(s.pids)]
    # the programme report (features/report): no personal data, not audited
    lists["report"] = [("GET", "/mentoring/admin/programmes/%d/report" % pid,
                        b64(("admin", "admin2")[(i + j) % 2]))
                       for j in range(2) for i, pid in enumerate(s.pids)]
    lists["reflections"] = [("GET", "/mentoring/reflections", b64(m if k % 2 == 0 else sr))
                            for k, (prid, m, sr) in enumerate(order)]
    lists["learning"] = [("GET", "/mentoring/programmes/%d/learning%s"
                          % (pid, "" if k % LEARNING_PAGES == 0
                             else "?page=%d" % (1 + k % LEARNING_PAGES)),
                          b64(m if k % 2 == 0 else sr))
                         for k, (pid, (prid, m, sr)) in enumerate(order_p)]
    # and the team's side: the end event's replies (and attendance form), the
    # shared entries with their digest buttons (every entry or those offered
    # for the sector, pages 1 and 2), by the two admins; the cohort's
    # learning digest by its participants
    lists["eventteam"] = [("GET", "/mentoring/admin/programmes/%d/end-event" % pid,
                           b64(("admin", "admin2")[(i + j) % 2]))
                          for j in range(2) for i, pid in enumerate(s.pids)]
    lists["learnteam"] = [("GET", "/mentoring/admin/programmes/%d/learning%s" % (pid, q),
                           b64(("admin", "admin2")[(i + j) % 2]))
                          for i, pid in enumerate(s.pids)
                          for j, q in enumerate(("", "?show=sector", "?page=2"))]
    lists["digest"] = [("GET", "/mentoring/programmes/%d/digest" % pid,
                        b64(m if k % 2 == 0 else sr))
                       for k, (pid, (prid, m, sr)) in enumerate(order_p)]
    # HR's page: one account has the HR role in the demo SSO
    lists["hr"] = [("GET", "/mentoring/hr", b64("hr"))]
    # data protection (issue 17): a person's own data, by the partners of
    # the pairs (the programmes interleaved, Mentor and Senior Mentor by
    # turns); the audit page by the one account with the dpo role
    lists["mydata"] = [("GET", "/mentoring/my-data", b64(m if k % 2 == 0 else sr))
                       for k, (prid, m, sr) in enumerate(order)]
    lists["dpaudit"] = [("GET", "/mentoring/dp/audit" + q, b64("dpo")) for q in DPAUDIT_Q]
    # a sector programme's institution, by its local admin (on the sector's
    # virtual host, origin_of): its programmes; its staff's applications to
    # each programme (SECTOR_Q's variants, audited on every view); each
    # programme's figures for its people
    who = b64(SECTOR_ADMIN)
    lists["institution"] = [("GET", "/sector/institution", who)]
    lists["instapps"] = [("GET", "/sector/institution/programmes/%d/applications%s" % (pid, q),
                          who) for q in SECTOR_Q for pid in s.pids]
    lists["instreport"] = [("GET", "/sector/institution/programmes/%d/report" % pid, who)
                           for pid in s.pids]
    # the team's equality page (features/report), audited on every view
    lists["equality"] = [("GET", "/mentoring/admin/programmes/%d/equality" % pid,
                          b64(("admin", "admin2")[(i + j) % 2]))
                         for j in range(2) for i, pid in enumerate(s.pids)]
    # the calendar: CALENDAR_FEEDS partners of pairs of many programmes turn
    # on their feed; their page, and their feeds (no sign-in needed: the
    # Authorization header is ignored there)
    feeds = calendar_feeds(h, [m if k % 2 == 0 else sr
                               for k, (_, m, sr) in enumerate(order[:CALENDAR_FEEDS])])
    lists["calendar"] = [("GET", "/mentoring/calendar", b64(u)) for u, _ in feeds]
    lists["feed"] = [("GET", path, b64(u)) for u, path in feeds]
    # submit: (person, programme) pairs, person-major within a programme, so
    # consecutive POSTs are different people; the seeded pairs become
    # updates, the others inserts.
    all_users = ["load%d" % i for i in range(1, N_STAFF + 1)]
    submit = []
    for k in range(N_STAFF * N_PROGRAMMES):
        u = all_users[k % N_STAFF]
        pid = s.pids[(k // N_STAFF + 3) % N_PROGRAMMES]
        if s.app_of.get(u, (0, 0))[0] == pid and s.app_of[u][1] in s.decided:
            continue        # decided: its applicant can no longer change it
        if (u, pid) in s.paired:
            continue        # accepted and paired: no longer an applicant there
        path = "/mentoring/programmes/%d/apply/mentor" % pid
        submit.append(("POST", path, b64(u), mentor_form(u, k, s.token(h, u, path))))
    lists["submit"] = submit
    # the RSS mix: the three read pages and updates of seeded applications
    mix = []
    for i, u in enumerate(users):
        mix.append(lists["home"][i])
        mix.append(lists["app"][i])
        mix.append(admin_list[i % len(admin_list)])
        pid, aid = s.app_of[u]
        if aid in s.decided:
            continue
        path = "/mentoring/programmes/%d/apply/mentor" % pid
        mix.append(("POST", path, b64(u), mentor_form(u, i + 7, s.token(h, u, path))))
    lists["mix"] = mix
    return lists


CALENDAR_FEEDS = 50


def calendar_feeds(h, users):
    """[(user, path of their feed)]: each turns their calendar feed on."""
    out = []
    for u in users:
        c = h.client(u)
        r = c.post("/calendar/renew", {}, token_from="/calendar")
        assert r.status_code == 303, (u, r.status_code)
        _, doc = c.page("/calendar")
        url = doc.xpath("string(//code[@class='feed-url'])")
        m = re.match(r"https?://[^/]+(/mentoring/calendar/feed/[A-Za-z0-9_-]{43}\.ics)$", url)
        assert m, (u, url)
        out.append((u, m.group(1)))
    return out


# ---- wrk ---------------------------------------------------------------------

class AccessLog:
    """Counts the lines httpd appends to access.log (one per request),
    reading only what is new each time."""

    def __init__(self, h):
        self.f = open(os.path.join(h.dir, "access.log"), "rb")
        self.f.seek(0, os.SEEK_END)
        self.lines = 0

    def count(self):
        while True:
            chunk = self.f.read(1 << 20)
            if not chunk:
                return self.lines
            self.lines += chunk.count(b"\n")

    def close(self):
        self.f.close()


def wrk(h, data_file, duration, offset=0, limit=0, connections=CONNECTIONS, origin=None):
    """One wrk run of `duration` seconds; with limit, until the access log
    shows that many more requests (wrk is then interrupted; the exact number
    served is in res["served"])."""
    env = dict(os.environ, RM_BENCH_DATA=data_file, RM_BENCH_OFFSET=str(offset),
               RM_BENCH_THREADS=str(THREADS))
    cmd = ["wrk", "-t%d" % THREADS, "-c%d" % connections, "-d%ds" % duration,
           "--timeout", "10s", "-s", LUA, origin or h.origin]
    served = AccessLog(h)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env)
    try:
        if limit:
            while proc.poll() is None:
                time.sleep(0.1)
                if served.count() >= limit:
                    proc.send_signal(signal.SIGINT)   # wrk stops and reports
                    break
        out = proc.communicate(timeout=duration + 120)[0]
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    time.sleep(0.2)
    res = {"raw": out, "served": served.count()}
    served.close()
    m = re.search(r"RM_TOTAL requests=(\d+) duration_us=(\d+)", out)
    if not m:
        raise RuntimeError("wrk failed:\n" + out)
    res["requests"] = int(m.group(1))
    res["rps"] = res["requests"] / (int(m.group(2)) / 1e6)
    m = re.search(r"RM_LAT p50=([\d.]+) p90=([\d.]+) p99=([\d.]+) max=([\d.]+)", out)
    res["p50"], res["p90"], res["p99"], res["max"] = (float(x) for x in m.groups())
    m = re.search(r"RM_STATUS ?(.*)", out)
    res["status"] = dict((int(k), int(v)) for k, v in
                         (kv.split("=") for kv in m.group(1).split()))
    m = re.search(r"Socket errors: (.*)", out)
    res["socket_errors"] = m.group(1).strip() if m else ""
    return res


def measure(h, files, name, args, offset=0, data=None):
    """One row: a warm-up, then args.duration seconds of wrk over the request
    list files[data or name]."""
    expect = 303 if name == "submit" else 200
    data = files[data or name]
    warm = None
    if args.warmup:
        warm = wrk(h, data, args.warmup, offset=offset, origin=origin_of(h, name))
    res = wrk(h, data, args.duration,
              offset=offset + (int(args.warmup * 4000) if name == "submit" else 0),
              origin=origin_of(h, name))
    bad = sum(v for k, v in res["status"].items() if k != expect)
    res["bad"] = bad
    res["acked_with_warmup"] = res["status"].get(expect, 0) + (
        warm["status"].get(expect, 0) if warm else 0)
    res["foreign"] = foreign_busy()
    log("  %-12s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  statuses %s%s"
        % (name, res["rps"], res["p50"], res["p99"], res["max"], res["status"],
           ("  socket errors: " + res["socket_errors"]) if res["socket_errors"] else ""))
    return res


def page_size(h, method_path_auth, name=""):
    _m, path, auth = method_path_auth[:3]
    import requests
    r = requests.get(origin_of(h, name) + path, headers={"Authorization": "Basic " + auth},
                     timeout=10, allow_redirects=False)
    assert r.status_code == 200, (path, r.status_code)
    return len(r.content)


# ---- one backend -------------------------------------------------------------

def extra_conf(args, one_child=False):
    conf = static_conf()
    if not args.no_authn_cache:
        conf += AUTHN_CACHE
    conf += ONE_CHILD if one_child else SPARE_THREADS
    return conf


def write_static_page(h, lists):
    """The yardstick: a file the size of the median of the first three
    pages (home, application, admin list) at /bench-static/page.html.
    Returns the sizes of the read pages and of it."""
    sizes = {n: page_size(h, lists[n][0], n) for n in READ_PAGES + AUDITED_PAGES}
    size = sorted(sizes[n] for n in ("home", "app", "admin"))[1]
    sdir = os.path.join(h.dir, "htdocs", "bench-static")
    os.makedirs(sdir, exist_ok=True)
    os.chmod(sdir, 0o755)
    with open(os.path.join(sdir, "page.html"), "w") as f:
        f.write(("<!DOCTYPE html><p>" + "static " * size)[:size])
    sizes["static"] = size
    return sizes


def start_server(backend, args, pg, one_child=False):
    params = pg.new_database() if backend == "pgsql" else ""
    while True:
        sector = rmtest.free_port()
        h = rmtest.Httpd(backend, params, module=args.module,
                         extra_conf=extra_conf(args, one_child) + sector_conf(sector))
        if h.port != sector:
            break
        h.cleanup()
    h.sector_port = sector
    h.sector_origin = "http://127.0.0.1:%d" % sector
    h.start()
    # the first request creates the schema; make it alone (see the report on
    # concurrent first requests in docs/BENCHMARKS.md)
    assert h.client("staff1").get("/").status_code == 200
    return h


def bench_backend(backend, args, pg, workdir):
    # the previous backend's run leaves the load average high for a while
    wait_for_quiet(args.wait_load, args.wait_max)
    log("== %s: throughput (load average %s)" % (backend, loadavg()))
    h = start_server(backend, args, pg)
    result = {"backend": backend, "load_before": loadavg()}
    try:
        s = seed(h)
        files = {}
        lists = request_lists(h, s, "/bench-static/page.html")
        sizes = write_static_page(h, lists)
        sizes["submit"] = 0
        for name, lines in lists.items():
            files[name] = write_lines(os.path.join(workdir, "%s-%s.txt" % (backend, name)),
                                      lines)
        before = run_sql(h, SUBMIT_AUDIT)[0][0]
        rows = {}
        # the static file first and again after the read pages: a change in
        # the machine's load during the run shows as a gap between the two
        for name in ROWS:
            data = "static" if name == "static_after" else name
            rows[name] = measure(h, files, name, args, data=data)
            rows[name]["size"] = sizes[data]
        yard = yardstick(rows)
        if yard["refused"]:
            log("")
            log(textwrap.fill(yard["why"], 78, initial_indent="  !!! ",
                              subsequent_indent="  !!! ", break_on_hyphens=False))
            log("")
        elif yard["drift"]:
            log("  note: " + yard["drift"])
        after = run_sql(h, SUBMIT_AUDIT)[0][0]
        result["audit_delta"] = int(after) - int(before)
        result["submit_acked"] = rows["submit"]["acked_with_warmup"]
        napps = run_sql(h, "SELECT count(*) FROM application;")[0][0]
        result["applications_after"] = int(napps)
        log("  submit: %d POSTs acknowledged (warm-up included), %d audit rows written; "
            "applications now %s" % (result["submit_acked"], result["audit_delta"], napps))
        result["rows"] = rows
        result["load_after"] = loadavg()
        if not args.skip_rss:
            result["rss"] = bench_rss(h, args, lists, workdir)
    finally:
        h.stop()
        problems = h.log_problems()
        result["log_problems"] = problems
        # "slow database step: WHAT took N ms" (db.c): which step stalls
        slow = {}
        for line in h.log_lines():
            m = re.search(r"slow database step: (.*) took (\d+) ms", line)
            if m:
                n, worst = slow.get(m.group(1), (0, 0))
                slow[m.group(1)] = (n + 1, max(worst, int(m.group(2))))
        result["slow"] = slow
        if slow:
            log("  slow database steps (>= 100 ms): " + "; ".join(
                "%s x%d (max %d ms)" % (k, n, w) for k, (n, w) in
                sorted(slow.items(), key=lambda kv: -kv[1][0])))
        if problems:
            log("  error.log problems (%d), first ones:" % len(problems))
            for line in problems[:10]:
                log("    " + line)
        else:
            h.cleanup()
    return result


def children_of(pid):
    out = subprocess.run(["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True,
                         text=True).stdout
    return [int(x) for x in out.split()]


def vmrss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def bench_rss(h, args, lists, workdir):
    """The same server and database, restarted with a single child."""
    log("== %s: RSS of one httpd child over %d requests" % (h.db, args.rss_requests))
    h.stop()
    with open(os.path.join(h.dir, "extra.conf"), "w") as f:
        f.write(extra_conf(args, one_child=True))
    h.start()
    out = {}
    mix = write_lines(os.path.join(workdir, "%s-rss-mix.txt" % h.db), lists["mix"])
    time.sleep(1)
    kids = children_of(h.proc.pid)
    assert len(kids) == 1, "expected one child, found %s" % kids
    child = kids[0]
    out["cold_kb"] = vmrss_kb(child)
    warm = wrk(h, mix, 600, limit=args.rss_warmup)
    out["warm_kb"] = vmrss_kb(child)
    res = wrk(h, mix, 900, limit=args.rss_requests)
    out["after_kb"] = vmrss_kb(child)
    out["requests"] = res["served"]
    out["warm_requests"] = warm["served"]
    out["status"] = res["status"]
    out["rps"] = res["rps"]
    assert children_of(h.proc.pid) == [child], "the child was replaced"
    out["growth_kb"] = out["after_kb"] - out["warm_kb"]
    log("  child %d: VmRSS %d kB cold, %d kB after %d warm-up requests, %d kB after "
        "%d more (growth %+d kB); statuses %s"
        % (child, out["cold_kb"], out["warm_kb"], warm["served"], out["after_kb"],
           res["served"], out["growth_kb"], res["status"]))
    return out


# ---- report ------------------------------------------------------------------

LABELS = {"static": "static file (same SSO)",
          "endevent": "a participant's end-event page (event, their reply)",
          "evaluation": "team's evaluation page (response rates, questions)",
          "reflections": "a participant's reflections (entries, add form)",
          "learning": "the cohort's shared reflections (paged)",
          "eventteam": "team's end-event page (replies, attendance)",
          "learnteam": "team's shared reflections (digest buttons, paged)",
          "digest": "the cohort's learning digest",
          "hr": "HR's page (programmes, export links, past updates)",
          "mydata": "a person's own data (every section, audited)",
          "dpaudit": "DPO's audit page (filtered, paged)",
          "equality": "team's equality figures (suppressed; each view audited)",
          "report": "programme report (charts and tables)",
          "home": "staff home page",
          "app": "applicant's application page",
          "admin": "admin applications list (filtered, paged)",
          "training": "team's training page (sessions, everyone's training)",
          "mytraining": "participant's training page",
          "matching": "matching page (draft of a 55 + 55 cohort)",
          "pair": "a partner's pair page (meetings, pace, notes)",
          "pairs": "team's table of pairs (filtered, sorted, paged)",
          "calendar": "a person's calendar feed page",
          "feed": "a calendar feed (iCalendar, no sign-in)",
          "actions": "team's actions in institutions (counts, filtered, paged)",
          "myactions": "a Senior Mentor's own actions (list and add form)",
          "stories": "staff's page of published stories",
          "mystory": "an author's page of their story (consent, forms)",
          "resources": "the resources hub's first page (audience, topics)",
          "ressearch": "a full-text search of the resources hub",
          "resource": "one resource's page",
          "institution": "a local admin's institution page (counts by programme)",
          "instapps": "a local admin's list of their staff's applications (audited)",
          "instreport": "a local admin's figures for their institution (suppressed)",
          "static_after": "static file again, after the read pages",
          "submit": "application submit POST"}
READ_PAGES = ("home", "app", "training", "mytraining", "matching", "pair", "pairs",
              "actions", "myactions", "calendar", "feed", "endevent", "evaluation",
              "reflections", "learning", "eventteam", "learnteam", "digest", "hr",
              "dpaudit", "stories", "mystory", "resources", "ressearch", "resource", "report",
              "institution", "instreport")
# GET pages that write an audit row on every view (special-category data):
# measured and printed like the read pages, but with no req/s target (each
# view is a write transaction, and moves the result cache on) and run after
# them, so that their writes do not empty the read pages' cache
AUDITED_PAGES = ("admin", "mydata", "equality", "instapps")
# the order in which the rows run, and are printed
ROWS = ("static", "home", "app", "training", "mytraining", "matching", "pair",
        "pairs", "actions", "myactions", "calendar", "feed", "endevent", "evaluation",
        "reflections", "learning", "eventteam", "learnteam", "digest", "hr",
        "dpaudit", "stories", "mystory", "resources", "ressearch", "resource", "report",
        "institution", "instreport", "static_after", "admin", "mydata", "equality", "instapps",
        "submit")
# the audit rows the submit row writes (one per stored POST); the read pages
# write audit rows of their own (/my-data's dp.sar.view, the team's
# applications list's view.applications), which this must not count
SUBMIT_AUDIT = ("SELECT count(*) FROM audit WHERE action IN ('application.submit', "
                "'application.update');")
# the two static rows further apart than this: the load changed during the run
YARD_DRIFT = 0.2


def yardstick(rows):
    """The static file's req/s that the ratios divide by (the mean of its two
    rows), and whether it may be used at all: not when a module page served
    more requests per second, since a page does strictly more work."""
    a = rows["static"]["rps"]
    b = rows["static_after"]["rps"] if "static_after" in rows else a
    y = {"rps": (a + b) / 2, "before": a, "after": b, "refused": False, "why": "",
         "drift": ""}
    if abs(a - b) > YARD_DRIFT * max(a, b):
        y["drift"] = ("the static file served %.0f req/s before the pages and %.0f "
                      "after them (%.0f%% apart): the machine's load changed during "
                      "the run, so its ratios are less sure than usual"
                      % (a, b, 100.0 * abs(a - b) / max(a, b)))
    fastest = max(READ_PAGES, key=lambda n: rows[n]["rps"])
    if rows[fastest]["rps"] > y["rps"]:
        y["refused"] = True
        y["fastest"] = fastest
        y["why"] = (
            "RATIOS WITHHELD: the yardstick is slower than a module page.  The "
            "static file behind the same SSO served %.0f req/s (%.0f before the "
            "pages, %.0f after them); the %s served %.0f.  A module page does "
            "strictly more work than the static file, so something other than the "
            "module held the static file back, and a ratio to it would say nothing "
            "about the module.  %s"
            "Causes seen before: httpd mapping and unmapping the file on every "
            "request (EnableMMAP on: the unmap's TLB flush is costly on some "
            "virtual machines; bench.py turns it off for the yardstick, check that "
            "nothing turned it back on), and other work on the machine during the "
            "static rows (see the load average and busy processes above).  The "
            "req/s and latency columns are still measurements; the instructions "
            "÷ static column, counted by `make bench-instr`, compares the pages."
            % (y["rps"], a, b, LABELS[fastest], rows[fastest]["rps"],
               ("The two static rows are %.0f%% apart: the machine's load changed "
                "during the run.  " % (100.0 * abs(a - b) / max(a, b)))
               if y["drift"] else ""))
    return y


def verdicts(result):
    rows = result["rows"]
    yard = yardstick(rows)
    v = []
    for n in READ_PAGES:
        name = "%s >= %.1f x static" % (n, TARGET_READ_RATIO)
        if yard["refused"]:
            v.append((name, None, "withheld: the static file (%.0f req/s) was slower "
                                  "than the %s (%.0f req/s)"
                      % (yard["rps"], LABELS[yard["fastest"]],
                         rows[yard["fastest"]]["rps"])))
            continue
        ratio = rows[n]["rps"] / yard["rps"]
        v.append((name, ratio >= TARGET_READ_RATIO and rows[n]["bad"] == 0,
                  "%.2f" % ratio))
    sub = rows["submit"]
    if result["backend"] == "sqlite3":
        v.append(("submit >= %d/s (SQLite, synchronous=FULL)" % TARGET_SUBMIT_RPS,
                  sub["rps"] >= TARGET_SUBMIT_RPS and sub["bad"] == 0,
                  "%.0f/s" % sub["rps"]))
        v.append(("submit p99 < %.0f ms (SQLite)" % TARGET_SUBMIT_P99_MS,
                  sub["p99"] < TARGET_SUBMIT_P99_MS, "%.2f ms" % sub["p99"]))
    if "rss" in result:
        g = result["rss"]["growth_kb"]
        v.append(("child RSS growth < 2 MB over %d requests" % result["rss"]["requests"],
                  g < TARGET_RSS_GROWTH_KB, "%+d kB" % g))
    # each acknowledged POST wrote one audit row in its transaction; POSTs
    # still in flight when wrk stopped may have been stored unacknowledged
    a, d = result["submit_acked"], result["audit_delta"]
    v.append(("every acknowledged submit stored (audit rows)",
              a <= d <= a + 2 * CONNECTIONS, "%d acknowledged, %d rows" % (a, d)))
    v.append(("no crash or error in error.log", not result["log_problems"],
              "%d lines" % len(result["log_problems"])))
    return v


def instr_ratio(instr, n):
    """Instructions per request of page n divided by the static file's, as
    text; "-" where `make bench-instr` counts nothing (submit)."""
    if n == "submit":
        return "-"
    if not instr:
        return "n/a"
    counts = instr["instructions"]
    key = "static" if n == "static_after" else n
    if key not in counts or not counts.get("static"):
        return "n/a"
    return "%.2f" % (counts[key] / counts["static"])


def table(result, instr=None):
    """The rows of one backend.  instr: that backend's `make bench-instr`
    figures (read_instr), or None."""
    rows = result["rows"]
    yard = yardstick(rows)
    lines = ["| page | bytes | req/s | ratio to static | instructions ÷ static | p50 ms "
             "| p99 ms | max ms | non-expected statuses |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for n in ROWS:
        if n not in rows:
            continue
        r = rows[n]
        expect = 303 if n == "submit" else 200
        bad = {k: v for k, v in r["status"].items() if k != expect}
        ratio = "withheld" if yard["refused"] else "%.2f" % (r["rps"] / yard["rps"])
        lines.append("| %s | %s | %.0f | %s | %s | %.2f | %.2f | %.1f | %s |" % (
            LABELS[n], r["size"] or "-", r["rps"], ratio, instr_ratio(instr, n),
            r["p50"], r["p99"], r["max"], bad or "none"))
    return "\n".join(lines)


# ---- instruction counts kept by `make bench-instr` ---------------------------

DEFAULT_DOC = os.path.join(ROOT, "docs", "BENCHMARKS.md")
INSTR_HEADING = "## Instructions per request"
INSTR_DATA = re.compile(r"<!-- bench-instr (\{.*?\}) -->", re.S)


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_instr(path):
    """The figures scripts/bench-instr.py left in the document at path:
    {backend: {"date", "module_sha256", "instructions": {page: count}, ...}},
    or {} when there are none."""
    try:
        with open(path) as f:
            m = INSTR_DATA.search(f.read())
    except OSError:
        return {}
    if not m:
        return {}
    try:
        return json.loads(m.group(1))
    except ValueError:
        return {}


def doc_section(text, heading):
    """The section of a Markdown text that starts with the line `heading`, up
    to the next "## " heading; "" when there is none."""
    m = re.search(r"(?m)^%s\n" % re.escape(heading), text)
    if not m:
        return ""
    rest = text[m.end():]
    n = re.search(r"(?m)^## ", rest)
    return text[m.start():m.end() + (n.start() if n else len(rest))]


def doc_put_section(text, heading, section):
    """text with its section `heading` replaced by section, or section put
    before "## Notes" (or at the end) when text has none."""
    old = doc_section(text, heading)
    if old:
        return text.replace(old, section, 1)
    m = re.search(r"(?m)^## Notes\n", text)
    if m:
        return text[:m.start()] + section + text[m.start():]
    return text.rstrip("\n") + "\n\n" + section


def instr_note(instr, module_sha, backend, source):
    """The line under a backend's table that says where the instructions ÷
    static column comes from."""
    if not instr:
        return ("Instructions ÷ static: no `make bench-instr` figures for %s in %s "
                "(run `make bench-instr` to fill the column)."
                % ({"sqlite3": "SQLite", "pgsql": "PostgreSQL"}.get(backend, backend),
                   os.path.relpath(source, ROOT)
                   if os.path.abspath(source).startswith(ROOT + os.sep) else source))
    c = instr["instructions"]
    same = instr.get("module_sha256") == module_sha
    names = (("static", "static"), ("home", "home"), ("app", "application page"),
             ("admin", "admin list"), ("training", "team's training page"),
             ("mytraining", "participant's training page"), ("matching", "matching page"),
             ("pair", "pair page"), ("pairs", "team's table of pairs"),
             ("actions", "team's actions page"), ("myactions", "Senior Mentor's actions"),
             ("calendar", "calendar page"), ("feed", "calendar feed"),
             ("endevent", "end-event page"), ("evaluation", "team's evaluation page"),
             ("reflections", "reflections page"), ("learning", "cohort's learning page"),
             ("eventteam", "team's end-event page"), ("learnteam", "team's learning page"),
             ("digest", "learning digest"), ("hr", "HR's page"),
             ("mydata", "own data page"), ("dpaudit", "DPO's audit page"),
             ("equality", "team's equality page"), ("report", "programme report"),
             ("stories", "stories page"), ("mystory", "author's story page"),
             ("resources", "resources hub"), ("ressearch", "resources search"),
             ("resource", "a resource's page"))
    return ("Instructions ÷ static: callgrind's count of user-space instructions per "
            "warm request (`make bench-instr`, %s, %s), divided by the static file's: "
            "%s."
            % (instr.get("date", "undated"),
               "the same build of the module as this run" if same else
               "ANOTHER BUILD of the module than this run's: run `make bench-instr` "
               "again",
               ", ".join("%s %.0fk" % (label, c[k] / 1000) for k, label in names
                         if k in c)))


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            cpu = m.group(1) if m else cpu
    except OSError:
        pass
    with open("/proc/meminfo") as f:
        mem = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1)) // 1024
    httpd = subprocess.run(["apache2", "-v"], capture_output=True, text=True).stdout
    httpd = re.search(r"Server version: (\S+)", httpd).group(1)
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True,
                            text=True).stdout.split()[0]
    pgv = subprocess.run([rmtest.Postgres.BIN + "/postgres", "--version"],
                         capture_output=True, text=True).stdout.strip()
    wrkv = subprocess.run(["wrk", "--version"], capture_output=True,
                          text=True).stdout.splitlines()[0]
    return ("%s, %d cores, %d MB RAM, Linux %s; %s, SQLite %s, %s, %s"
            % (cpu, os.cpu_count(), mem, platform.release(), httpd, sqlite, pgv, wrkv))


def report(results, args, started, instr_all=None, instr_source=DEFAULT_DOC):
    """The Markdown report.  instr_all: read_instr()'s figures, for the
    instructions ÷ static column."""
    instr_all = instr_all or {}
    module_sha = file_sha256(args.module)
    out = []
    out.append("Machine: %s" % machine())
    out.append("Date: %s (run took %.0f s)" % (
        datetime.datetime.now().strftime("%Y-%m-%d %H:%M %Z").strip(),
        time.time() - started))
    out.append("Load: wrk -t%d -c%d, %d s warm-up then %d s per row, wrk and httpd on "
               "the same cores; authentication %s."
               % (THREADS, CONNECTIONS, args.warmup, args.duration,
                  "HTTP Basic {SHA} htpasswd behind mod_authn_socache"
                  if not args.no_authn_cache else "HTTP Basic {SHA} htpasswd, no cache"))
    for r in results:
        out.append("")
        out.append("### %s" % {"sqlite3": "SQLite (WAL, synchronous=FULL, module write "
                                          "mutex)",
                               "pgsql": "PostgreSQL 15 (fsync=on, loopback)"}[r["backend"]])
        out.append("")
        others = sorted(set().union(*(x.get("foreign", set()) for x in r["rows"].values())))
        out.append("Load average (1, 5, 15 min) before: %s; after: %s.  Other processes "
                   "seen busy (>15%% of a core) at the end of a row: %s."
                   % (r["load_before"], r.get("load_after", "?"),
                      ", ".join(others) if others else "none"))
        out.append("")
        yard = yardstick(r["rows"])
        if yard["refused"]:
            out.append("**" + yard["why"] + "**")
            out.append("")
        elif yard["drift"]:
            out.append("Note: " + yard["drift"] + ".")
            out.append("")
        instr = instr_all.get(r["backend"])
        out.append(table(r, instr))
        out.append("")
        note = instr_note(instr, module_sha, r["backend"], instr_source)
        out.append("Ratio to static: req/s divided by the mean of the two static rows "
                   "(%.0f req/s). %s" % (yard["rps"], note))
        out.append("")
        if "rss" in r:
            x = r["rss"]
            out.append("RSS of the single httpd child: %d kB cold, %d kB after %d warm-up "
                       "requests, %d kB after %d more mixed requests (home, application, "
                       "admin list, submit update): growth %+d kB."
                       % (x["cold_kb"], x["warm_kb"], x["warm_requests"], x["after_kb"],
                          x["requests"], x["growth_kb"]))
            out.append("")
        out.append("Submit POSTs (warm-up included): %d acknowledged with a 303, %d audit "
                   "rows written; %d applications stored at the end."
                   % (r["submit_acked"], r["audit_delta"], r["applications_after"]))
        out.append("")
        slow = r.get("slow") or {}
        out.append("Database steps that took 100 ms or more (logged by db.c): %s."
                   % ("; ".join("%s %d times (longest %d ms)" % (k, n, w) for k, (n, w)
                                in sorted(slow.items(), key=lambda kv: -kv[1][0]))
                      or "none"))
        out.append("")
        out.append("| target | result | measured |")
        out.append("|---|---|---|")
        for name, ok, val in verdicts(r):
            out.append("| %s | %s | %s |" % (
                name, "NO VERDICT" if ok is None else "PASS" if ok else "FAIL", val))
    return "\n".join(out)


DOC_HEAD = """# Benchmarks

Written by `make bench` (scripts/bench.py, scripts/bench-requests.lua): the
latest run on the machine named below.  It is a measurement, not a test.

What is measured: one private httpd on 127.0.0.1 (the test harness's
configuration: event MPM, 2-4 children of 25 threads), seeded through the
module's own forms with 20 programmes, 2,000 applications and 300 decisions,
and 5,000 staff accounts (the 3,000 who have not applied inserted as person
rows directly); and a 21st programme, its applications closed, in its
training and matching phase: 55 Mentors and 55 Senior Mentors accepted
through the forms with varied matching answers, two training sessions per
role (one held, one to come), bookings and attendance by SQL, 10 overrides,
2 pins and 3 forbidden pairs, and a draft of 50 pairs made by the matching's
own POST; then the 20 programmes moved half-way through their year, with 100
pairs each (2,000, their 4,000 accepted applications added by SQL, so each
programme's applications list holds 300 since 2026-12-05), 12,000 meetings of
mixed status and some private notes, all by SQL.  Each row is wrk -t2 -c32
after a warm-up.  The static file has the size of the median of the first
three pages (home, application, admin list) and sits behind the same demo SSO (HTTP Basic, the same rewrite rules placing
the SSO attributes in the environment), so the ratio is the cost of the
module itself; the training and matching pages are larger (their bytes
column), which is part of what they cost.  Requests rotate over the
applicants (home, application page), over the 20 programmes and five
filter/sort/page combinations (admin list, two admins), over the two admins
(training and matching pages), over the 110 accepted people (their training
page), over the 2,000 pairs (the pair page, by one partner or the other),
over the 20 programmes and five filter/sort/page combinations (the team's
table of pairs, two admins), over the participants who replied to their
programme's end event (end-event page), the 20 programmes (the team's
evaluation and end-event pages, two admins; the team's learning page in
three filter/page combinations), the participants (their reflections, the
cohort's learning digest, and its shared entries, pages 1 to 3), and over
distinct (person, programme) pairs
(submit: each POST a real insert, or an update of a seeded application, in
one transaction with its audit row; the paired people's programmes left
out).

The yardstick: the static file is measured first and again after the read
pages, and the ratios divide by the mean of the two (two rows far apart mean
the machine's load changed during the run).  It is served with `EnableMMAP
off`: with httpd's default every request maps the file and unmaps it, and on
some virtual machines the unmap's TLB flush made the static file slower than
every module page (see the notes of 2026-12-04).  A module page does strictly
more work than the static file, so when one serves more requests per second
the run prints no ratio and no verdict on the ratio targets, and says why.
Beside each ratio, "instructions ÷ static" is the page's count of user-space
instructions per warm request divided by the static file's (callgrind, `make
bench-instr`, kept in the section of that name below): unlike req/s it is the
same on any machine, and it does not see the kernel's share of a request
(network, scheduling; most of a static file's cost), which is why the req/s
ratios are much closer to 1.

Authentication: mod_authn_file reads the htpasswd file line by line on each
request; with 5,000 accounts that costs more than the module (a static file
falls to ~3k req/s for accounts at the end of the file), so both the static
file and the pages use mod_authn_socache in front of the same file, as a real
SSO uses its session cache.  Its shmcb store is 64 MB: shmcb files a key in
one of 32 subcaches by the key's first byte, and every mod_authn_socache key
starts alike, so only 2 MB of it serves; at 16 MB (runs before 2026-11-23
22:30) most lookups missed and every request, the static file's included,
scanned the htpasswd file, which made the ratios look better than they are.

The machine has 2 cores shared by wrk, httpd and PostgreSQL; other
engineers' test runs may overlap.  Before each backend the benchmark waits
(up to 5 minutes) for the 1-minute load average to fall below 1.5, and it
prints the load average before and after; the "after" figure is mostly the
benchmark's own load.  Runs differ by about 15% from one to the next.

"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backends", default="sqlite3,pgsql")
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--rss-requests", type=int, default=100000)
    ap.add_argument("--rss-warmup", type=int, default=20000)
    ap.add_argument("--skip-rss", action="store_true")
    ap.add_argument("--no-authn-cache", action="store_true")
    ap.add_argument("--module", default=rmtest.MODULE)
    ap.add_argument("--wait-load", type=float, default=1.5,
                    help="wait for the 1-minute load average to fall below this")
    ap.add_argument("--wait-max", type=int, default=300)
    ap.add_argument("--write", help="write the report (Markdown) to this file")
    ap.add_argument("--instr-from",
                    help="read `make bench-instr`'s instruction counts from this file "
                         "(default: the --write file, else docs/BENCHMARKS.md)")
    args = ap.parse_args()
    instr_source = args.instr_from or args.write or DEFAULT_DOC

    # stop cleanly (servers stopped, run folders removed) on Ctrl-C, kill or
    # hang-up, even when started in the background with SIGINT ignored
    def interrupted(signum, _frame):
        raise KeyboardInterrupt("signal %d" % signum)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupted)

    started = time.time()
    log("mod_rmentor benchmark, module %s" % args.module)
    workdir = rmtest.make_dir("rm-bench-")
    backends = args.backends.split(",")
    pg = rmtest.Postgres().start() if "pgsql" in backends else None
    results = []
    try:
        for b in backends:
            results.append(bench_backend(b, args, pg, workdir))
    finally:
        if pg:
            pg.stop()
        subprocess.run(["rm", "-rf", workdir])
    text = report(results, args, started, read_instr(instr_source), instr_source)
    log("")
    log(text)
    if args.write:
        # kept: the instruction counts `make bench-instr` wrote, and a
        # "## Notes" section written by hand (analysis, findings)
        notes = instr = ""
        try:
            with open(args.write) as f:
                old = f.read()
            instr = doc_section(old, INSTR_HEADING)
            if "\n## Notes" in old:
                notes = old[old.index("\n## Notes") + 1:]
        except FileNotFoundError:
            pass
        with open(args.write, "w") as f:
            f.write(DOC_HEAD + "## Latest run\n\n" + text + "\n"
                    + ("\n" + instr.rstrip("\n") + "\n" if instr else "")
                    + ("\n" + notes if notes else ""))
        log("\nwritten to %s" % args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
