"""Crash safety.  Concurrent writers submit and update applications and an
admin decides others; every 303 the server sends is recorded with the id and
the exact content written.  Mid-load, httpd is SIGKILLed (the parent and every
child at once, or a single child while the others keep serving), then
restarted on the same database, and the store is checked:

- every acknowledged write is present, with exactly the acknowledged content
  (or the content of the one later attempt whose answer was lost in the crash);
- nothing half-written is visible: no application without its person or its
  'application.submit' audit row, no audit row without its application, no
  empty required field, no decided application without decided_at/decided_by
  and its audit row, never more accepted than places;
- no row nobody asked for;
- SQLite: PRAGMA integrity_check is ok and foreign_key_check is empty;
- after a child is killed (possibly holding the SQLite write mutex), the other
  children still write: the mutex is not left locked.

PostgreSQL is also crashed itself (SIGKILL of the postmaster and every backend,
httpd left running), restarted on the same data directory, and checked the same
way plus amcheck on every index; and the service must recover by itself.

RM_CRASH_ROUNDS rounds per backend (tests/hooks.d/60-crash.sh runs 5).
"""
import os
import random
import re
import signal
import subprocess
import threading
import time

import pytest
import requests

import rmtest

ROUNDS = int(os.environ.get("RM_CRASH_ROUNDS", "20"))
BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")
PG_CRASH = os.environ.get("RM_CRASH_PG", "1") == "1"
PG_CRASH_ROUNDS = max(2, min(ROUNDS // 4, 5))

WRITERS = 10              # threads submitting and updating applications
KEYS_PER_WRITER = 8       # (person, programme) pairs each writer owns
N_PROGRAMMES = 3          # programmes the writers apply to
DECIDE_APPS = 24          # applications the admin thread decides on
CAPACITY = 8              # places for Mentors in the decisions programme
STATUSES = ("submitted", "accepted", "waitlisted", "declined", "withdrawn")
FIELDS = ("job_title", "department", "gain", "topics", "availability")


# ---- the database, directly ---------------------------------------------------

def sql(h, q):
    """Rows of the server's database (tab-separated text).  SQLite is opened as
    the server user, so that WAL files it may create stay writable by it."""
    if h.db == "sqlite3":
        cmd = ["sqlite3", "-batch", "-separator", "\t",
               os.path.join(h.dir, "db", "rmentor.db"), q]
        if rmtest.IS_ROOT:
            cmd = ["runuser", "-u", "www-data", "--"] + cmd
        out = subprocess.run(cmd, capture_output=True, text=True, check=True,
                             timeout=60).stdout
    else:
        p = dict(kv.split("=", 1) for kv in h.pg_params.split())
        out = subprocess.run(["psql", "-h", p["host"], "-p", p["port"], "-U", p["user"],
                              "-d", p["dbname"], "-v", "ON_ERROR_STOP=1", "-AtqF", "\t",
                              "-c", q], capture_output=True, text=True, check=True,
                             timeout=60,
                             env=dict(os.environ, PGPASSWORD=p["password"])).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def children(h):
    out = subprocess.run(["ps", "--ppid", str(h.proc.pid), "-o", "pid="],
                         capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def log_problems(h, killed_children=()):
    """rmtest's check of error.log, except the 'exit signal Killed' notices of
    the children this test killed itself."""
    bad = []
    for line in h.log_lines():
        m = re.search(r"child pid (\d+) exit signal Killed \(9\)", line)
        if m and int(m.group(1)) in killed_children:
            continue
        if rmtest.FATAL.search(line) or (rmtest.SEVERE.search(line) and
                                         not any(p.search(line) for p in h.expected)):
            bad.append(line)
    return bad


# ---- what the server acknowledged ----------------------------------------------

class Ledger:
    """Per (person, programme): the acknowledged application id and content and
    how many acknowledged updates; plus every attempt whose outcome is unknown
    (the connection died, or a 503 while the database was down).  Per decided
    application: the acknowledged (status, reason) and unknown attempts."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked = {}          # key -> {"id", "content", "updates"}
        self.maybe = {}          # key -> [(content, is_update)]
        self.decision = {}       # app id -> (status, reason)
        self.decisions_acked = {}  # app id -> number of acknowledged decisions
        self.maybe_decision = {}  # app id -> [(status, reason)]
        self.unexpected = []
        self.acks = 0

    def attempt(self, key, content, is_update):
        with self.lock:
            self.maybe.setdefault(key, []).append((content, is_update))

    def ack(self, key, aid, content, is_update):
        with self.lock:
            self.maybe[key].pop()           # this attempt is no longer unknown
            a = self.acked.get(key)
            if a is None:
                self.acked[key] = {"id": aid, "content": content, "updates": 0}
            else:
                if a["id"] != aid:
                    self.unexpected.append("key %s: id %s then %s" % (key, a["id"], aid))
                a["content"] = content
                a["updates"] += 1
            self.acks += 1

    def not_stored(self, key):
        """The server said the attempt was refused before any write."""
        with self.lock:
            self.maybe[key].pop()


def content_for(rnd, w, n):
    m = "r%dw%dn%d" % (rnd, w, n)
    return {"job_title": "Job " + m, "department": "Dept " + m,
            "gain": " ".join(["Gain " + m] * (1 + n % 40)), "topics": "Topics " + m,
            "availability": "Avail " + m}


def writer(h, w, keys, ledger, stop, rnd, tolerant):
    """Submits then updates its own applications until stopped or, unless
    tolerant, until the first request that gets no answer."""
    s = requests.Session()
    tokens = {}
    n = 0
    while not stop.is_set():
        key = keys[n % len(keys)]
        n += 1
        user, pid = key
        path = "/programmes/%d/apply/mentor" % pid
        # tokens are bound to the form's action: one per (user, path)
        tok = tokens.get((user, path))
        if tok is None:
            tok = tokens[(user, path)] = rmtest.forge_token(h, user, action=path)
        content = content_for(rnd, w, n)
        is_update = key in ledger.acked
        form = dict(content, self_identified="yes", csrf=tok)
        ledger.attempt(key, content, is_update)
        try:
            r = s.post(h.base + path, data=form,
                       auth=(user, rmtest.PASSWORD), timeout=10, allow_redirects=False)
        except requests.RequestException:
            if not tolerant:
                return
            time.sleep(0.05)
            continue
        if r.status_code == 303:
            ledger.ack(key, rmtest.app_id(r), content, is_update)
        elif tolerant and r.status_code == 503:
            time.sleep(0.05)                 # database down: outcome unknown
        elif tolerant and r.status_code == 409 and "<title>Already applied" in r.text:
            # an earlier attempt whose answer was lost did store the
            # application: this one is refused as a duplicate and stored nothing
            ledger.not_stored(key)
            time.sleep(0.05)
        else:
            ledger.not_stored(key)
            ledger.unexpected.append("%s %s: %d %s" % (user, pid, r.status_code,
                                                       r.text[:200]))
            return


def decider(h, app_ids, ledger, stop, rnd, tolerant):
    """An admin deciding the same applications over and over; accepting
    beyond the places is refused with 409 (nothing stored)."""
    s = requests.Session()
    tokens = {}                              # one per decision form (bound to it)
    rng = random.Random(rnd)
    n = 0
    while not stop.is_set():
        n += 1
        aid = rng.choice(app_ids)
        dec = rng.choice(("accepted", "accepted", "waitlisted", "declined"))
        reason = "Reason r%dn%d" % (rnd, n)
        with ledger.lock:
            ledger.maybe_decision.setdefault(aid, []).append((dec, reason))
        path = "/admin/applications/%d/decision" % aid
        tok = tokens.get(path)
        if tok is None:
            tok = tokens[path] = rmtest.forge_token(h, "admin", action=path)
        try:
            r = s.post(h.base + path,
                       data={"decision": dec, "reason": reason, "csrf": tok},
                       auth=("admin", rmtest.PASSWORD), timeout=10, allow_redirects=False)
        except requests.RequestException:
            if not tolerant:
                return
            time.sleep(0.05)
            continue
        if r.status_code == 303:
            with ledger.lock:
                ledger.maybe_decision[aid].pop()
                ledger.decision[aid] = (dec, reason)
                ledger.decisions_acked[aid] = ledger.decisions_acked.get(aid, 0) + 1
                ledger.acks += 1
        elif r.status_code == 409 and "places" in r.text:
            with ledger.lock:
                ledger.maybe_decision[aid].pop()   # capacity full: refused
        elif tolerant and r.status_code == 503:
            time.sleep(0.05)
        else:
            with ledger.lock:
                ledger.maybe_decision[aid].pop()
            ledger.unexpected.append("decide %d: %d %s" % (aid, r.status_code,
                                                           r.text[:200]))
            return


# ---- the store after a crash ------------------------------------------------------

APP_SQL = ("SELECT a.id, per.principal, a.programme_id, a.status, a.job_title, "
           "a.department, a.gain, a.topics, a.availability, a.self_identified, "
           "a.grade_source, a.created_at, a.updated_at, a.decision_reason, "
           "coalesce(a.decided_at, -1), coalesce(a.decided_by, -1), a.role "
           "FROM application a LEFT JOIN person per ON per.id = a.person_id "
           "ORDER BY a.id")
AUDIT_SQL = ("SELECT entity_id, action, count(*) FROM audit WHERE entity = 'application' "
             "GROUP BY entity_id, action")


def settle(h, timeout=20):
    """PostgreSQL: wait until no session of the database is still working on a
    statement or holds a transaction open.  A killed child's COMMIT can still
    be under way on the server (waiting for the lock that orders notifying
    commits, sql/pgsql/003): resolving the ledger before it lands would turn
    that unanswered attempt into a false "stale page" or "never asked for"."""
    if h.db != "pgsql":
        return
    end = time.time() + timeout
    while time.time() < end:
        busy = sql(h, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                      "current_database() AND pid <> pg_backend_pid() AND state IN "
                      "('active', 'idle in transaction', 'idle in transaction (aborted)')")
        if busy[0][0] == "0":
            return
        time.sleep(0.05)


def check_store(h, ledger, setup, label):
    """Every check listed in the module docstring; returns the failures.
    Resolves the ledger's unknown attempts from what was found."""
    errors = []
    settle(h)
    rows = sql(h, APP_SQL)
    audits = {}
    for eid, action, n in sql(h, AUDIT_SQL):
        audits.setdefault(int(eid), {})[action] = int(n)
    by_key = {}
    ids = set()
    for r in rows:
        aid = int(r[0])
        ids.add(aid)
        principal, pid, status = r[1], int(r[2]), r[3]
        fields = dict(zip(FIELDS, r[4:9]))
        if principal == "":
            errors.append("application %d has no person row" % aid)
        if status not in STATUSES:
            errors.append("application %d: status %r" % (aid, status))
        if any(not v for v in fields.values()) or r[9] != "1" or r[10] != "sso" \
                or r[16] != "mentor":
            errors.append("application %d half-written: %r" % (aid, r))
        if int(r[11]) > int(r[12]):
            errors.append("application %d: created after updated" % aid)
        a = audits.get(aid, {})
        if a.get("application.submit") != 1:
            errors.append("application %d: %s submit audit rows" %
                          (aid, a.get("application.submit", 0)))
        if status in ("accepted", "waitlisted", "declined"):
            if r[14] == "-1" or r[15] == "-1" or not a.get("application.decide"):
                errors.append("application %d decided (%s) without decided_at/by or "
                              "audit: %r %r" % (aid, status, r, a))
        by_key[(principal, pid)] = (aid, fields, status, r[13], a)
    for eid in audits:
        if eid not in ids:
            errors.append("audit rows for application %d, which does not exist" % eid)

    # the writers' applications against the ledger
    writer_users = setup["writer_users"]
    for key, (aid, fields, status, reason, a) in by_key.items():
        if key[0] in writer_users and key not in ledger.acked and key not in ledger.maybe:
            errors.append("application %d for %s was never asked for" % (aid, key))
    for key in set(ledger.acked) | set(ledger.maybe):
        acked = ledger.acked.get(key)
        maybes = ledger.maybe.get(key, [])
        found = by_key.get(key)
        if found is None:
            if acked:
                errors.append("LOST: acknowledged application %d of %s is missing"
                              % (acked["id"], key))
            continue
        aid, fields, status, reason, a = found
        if acked and aid != acked["id"]:
            errors.append("%s: id %d, acknowledged %d" % (key, aid, acked["id"]))
        updates = a.get("application.update", 0)
        if acked and fields == acked["content"]:
            committed = None
        else:
            committed = next((m for m in reversed(maybes) if m[0] == fields), None)
            if committed is None:
                errors.append("%s (application %d): stored content %r is neither the "
                              "acknowledged one %r nor an unanswered attempt"
                              % (key, aid, fields["job_title"],
                                 acked and acked["content"]["job_title"]))
                continue
        lo = acked["updates"] if acked else 0
        hi = lo + len(maybes)      # any unanswered attempt may have been an update
        if not lo <= updates <= hi:
            errors.append("%s (application %d): %d update audit rows, expected %d..%d"
                          % (key, aid, updates, lo, hi))
        # resolve: what is stored is now the acknowledged state
        if committed is not None:
            if acked:
                acked["content"] = fields
            else:
                ledger.acked[key] = {"id": aid, "content": fields, "updates": 0}
        if ledger.acked.get(key):
            ledger.acked[key]["updates"] = updates
    ledger.maybe = {}

    # decisions
    accepted = 0
    for aid in setup["decide_ids"]:
        found = [v for v in by_key.values() if v[0] == aid]
        if not found:
            errors.append("LOST: application %d to decide is missing" % aid)
            continue
        _aid, _f, status, reason, a = found[0]
        accepted += status == "accepted"
        want = ledger.decision.get(aid)
        maybes = ledger.maybe_decision.get(aid, [])
        if (status, reason) != (want or ("submitted", "")) and (status, reason) not in maybes:
            errors.append("decision on %d: stored %r, acknowledged %r, unanswered %r"
                          % (aid, (status, reason), want, maybes))
        n = a.get("application.decide", 0)
        lo = ledger.decisions_acked.get(aid, 0)
        if not lo <= n <= lo + len(maybes):
            errors.append("decision on %d: %d audit rows, expected %d..%d"
                          % (aid, n, lo, lo + len(maybes)))
        ledger.decision[aid] = (status, reason) if status != "submitted" else None
        ledger.decisions_acked[aid] = n
    ledger.maybe_decision = {}
    if accepted > CAPACITY:
        errors.append("%d accepted, only %d places" % (accepted, CAPACITY))

    if h.db == "sqlite3":
        ic = sql(h, "PRAGMA integrity_check")
        if ic != [["ok"]]:
            errors.append("integrity_check: %r" % ic[:10])
        fk = sql(h, "PRAGMA foreign_key_check")
        if fk:
            errors.append("foreign_key_check: %r" % fk[:10])
    return ["%s: %s" % (label, e) for e in errors]


def check_pages(h, ledger, sample=12):
    """What is stored is what the owner sees, after the restart."""
    errors = []
    keys = random.sample(sorted(ledger.acked), min(sample, len(ledger.acked)))
    for user, pid in keys:
        a = ledger.acked[(user, pid)]
        r = requests.get("%s/applications/%d" % (h.base, a["id"]),
                         auth=(user, rmtest.PASSWORD), timeout=10)
        if r.status_code != 200 or a["content"]["job_title"] not in r.text:
            errors.append("page of application %d (%s): %d" % (a["id"], user,
                                                                r.status_code))
    return errors


# ---- set-up and rounds -----------------------------------------------------------

def setup_server(h):
    """Programmes, writer accounts, applications to decide."""
    n_users = WRITERS * KEYS_PER_WRITER + DECIDE_APPS
    users = h.add_load_users(n_users)
    pids = [rmtest.create_programme(h, name="Crash %d" % i, capacity_mentor="500")
            for i in range(N_PROGRAMMES)]
    dpid = rmtest.create_programme(h, name="Crash decisions",
                                   capacity_mentor=str(CAPACITY))
    keys = {}
    writer_users = set()
    for w in range(WRITERS):
        mine = users[w * KEYS_PER_WRITER:(w + 1) * KEYS_PER_WRITER]
        writer_users.update(mine)
        # each person applies to a programme of their own (one key per person
        # and programme, never shared between writers)
        keys[w] = [(u, pids[(i + w) % N_PROGRAMMES]) for i, u in enumerate(mine)]
    decide_ids = []
    for u in users[WRITERS * KEYS_PER_WRITER:]:
        r = rmtest.apply(h, u, dpid)
        assert r.status_code == 303, r.text[:300]
        decide_ids.append(rmtest.app_id(r))
    return {"keys": keys, "decide_ids": decide_ids, "writer_users": writer_users}


def run_load(h, setup, ledger, rnd, tolerant=False):
    stop = threading.Event()
    ts = [threading.Thread(target=writer, args=(h, w, setup["keys"][w], ledger, stop,
                                                rnd, tolerant), daemon=True)
          for w in range(WRITERS)]
    ts.append(threading.Thread(target=decider, args=(h, setup["decide_ids"], ledger,
                                                     stop, rnd, tolerant), daemon=True))
    for t in ts:
        t.start()
    return stop, ts


def finish(stop, ts):
    stop.set()
    for t in ts:
        t.join(30)
        assert not t.is_alive(), "a writer is stuck"


def write_once(h, user, pid, timeout=10):
    """A fresh write must go through (the write path is not wedged)."""
    end = time.time() + timeout
    while True:
        r = rmtest.apply(h, user, pid)
        if r.status_code == 303 or time.time() > end:
            return r
        time.sleep(0.2)


@pytest.mark.parametrize("backend", BACKENDS)
def test_httpd_sigkill_rounds(backend, request):
    params = request.getfixturevalue("postgres").new_database() if backend == "pgsql" else ""
    # rmentor:debug: SQLite's group commit logs each group's size, so the
    # test can show that writes acknowledged from shared commits survived
    h = rmtest.Httpd(backend, params, extra_conf="LogLevel warn rmentor:debug\n").start()
    rng = random.Random(int(os.environ.get("RM_CRASH_SEED", time.time())))
    ledger = Ledger()
    killed = []
    errors = []
    spare = h.add_load_users(ROUNDS, start=10000)
    try:
        setup = setup_server(h)
        for rnd in range(1, ROUNDS + 1):
            mode = "child" if rnd % 3 == 2 else "all"
            acks_before = ledger.acks
            stop, ts = run_load(h, setup, ledger, rnd)
            time.sleep(rng.uniform(0.4, 1.5))
            if mode == "all":
                h.kill()
                finish(stop, ts)
                h.start()
            else:
                victim = rng.choice(children(h))
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
                time.sleep(0.3)           # the other children keep serving
                finish(stop, ts)
                # the write mutex the victim may have held is usable again
                pid = setup["keys"][0][0][1]
                r = write_once(h, spare[rnd - 1], pid)
                if r.status_code != 303:
                    errors.append("round %d: no write after killing child %d: %d"
                                  % (rnd, victim, r.status_code))
                else:
                    ledger.acked[(spare[rnd - 1], pid)] = {
                        "id": rmtest.app_id(r), "updates": 0,
                        "content": {f: rmtest.MENTOR_FORM[f] for f in FIELDS}}
            if ledger.acks == acks_before:
                errors.append("round %d: no write was acknowledged before the kill" % rnd)
            errors += ["round %d: %s" % (rnd, u) for u in ledger.unexpected]
            ledger.unexpected = []
            errors += check_store(h, ledger, setup, "round %d (%s, killed %s)"
                                  % (rnd, backend, mode))
            errors += check_pages(h, ledger)
            if errors:
                break
        assert not errors, "\n".join(errors[:30])
        assert len(ledger.acked) >= WRITERS
        shared = sum(1 for line in h.log_lines()
                     if re.search(r"committed a group of ([2-9]|\d\d+) writers", line))
        if backend == "sqlite3":
            assert shared, "no two writers shared a commit: group commit went untested"
        print("\n%s: %d rounds, %d writes acknowledged, %d applications checked, "
              "%d children killed alone, %d shared commits" % (
                  backend, ROUNDS, ledger.acks, len(ledger.acked), len(killed), shared))
    finally:
        h.stop()
    problems = log_problems(h, killed)
    assert not problems, "\n".join(problems[:30])
    h.cleanup()


# ---- PostgreSQL itself crashed --------------------------------------------------

@pytest.fixture
def crashable_postgres():
    """A PostgreSQL of this test's own: it is killed and restarted."""
    pg = rmtest.Postgres().start()
    yield pg
    pg.stop()


def crash_postgres(pg):
    """SIGKILL the postmaster and every backend at once (SIGSTOP first, so it
    forks nothing between the listing and the kill)."""
    with open(os.path.join(pg.data, "postmaster.pid")) as f:
        pm = int(f.readline())
    os.kill(pm, signal.SIGSTOP)
    kids = subprocess.run(["ps", "--ppid", str(pm), "-o", "pid="], capture_output=True,
                          text=True).stdout.split()
    os.kill(pm, signal.SIGKILL)
    for k in kids:
        try:
            os.kill(int(k), signal.SIGKILL)
        except ProcessLookupError:
            pass
    if pg.proc.pid != pm:
        # runuser stops itself when its child stops: let it see the death
        try:
            os.kill(pg.proc.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
    pg.proc.wait(30)


def restart_postgres(pg):
    """The same cluster, port and settings as rmtest.Postgres.start()."""
    cmd = [pg.BIN + "/postgres", "-D", pg.data, "-h", "127.0.0.1", "-p", str(pg.port),
           "-k", pg.dir, "-c", "fsync=on", "-c", "max_connections=200",
           "-c", "log_min_messages=warning"]
    if rmtest.IS_ROOT:
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    end = time.time() + 30
    while True:
        pg.proc = subprocess.Popen(cmd, stdout=pg.log, stderr=subprocess.STDOUT)
        try:
            rmtest.wait_port(pg.port, 30, pg.proc)
            break
        except RuntimeError:
            if time.time() > end:
                raise
            time.sleep(0.5)       # the old processes' shared memory still in use
    # accept connections (crash recovery done)
    end = time.time() + 30
    while True:
        try:
            pg.psql("SELECT 1")
            return
        except subprocess.CalledProcessError:
            if time.time() > end:
                raise
            time.sleep(0.2)


def amcheck(pg, params):
    db = dict(kv.split("=", 1) for kv in params.split())["dbname"]
    pg.psql("CREATE EXTENSION IF NOT EXISTS amcheck", db=db)
    out = pg.psql("SELECT count(bt_index_check(c.oid, true)) FROM pg_index i "
                  "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n "
                  "ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = c.relam "
                  "WHERE n.nspname = 'public' AND am.amname = 'btree'", db=db)
    return int(out.strip())


# What a dead database makes the module and mod_dbd log: expected here.
PG_DOWN = [r"server closed the connection unexpectedly", r"terminating connection",
           r"Can't connect to pgsql|AH00629|AH00633|AH00636|AH00632|AH00635|AH02655",
           r"connection to server .* failed|could not connect|Connection refused",
           r"no connection to the server", r"cannot (begin|commit|roll back)",
           r"RMENTOR: (query|statement|reading) \S+ failed",
           r"no database connection", r"the database system is",
           r"cannot set SQLite|cannot prepare statement",
           r"cannot read the schema version"]


@pytest.mark.skipif(not PG_CRASH or "pgsql" not in BACKENDS,
                    reason="RM_CRASH_PG=0 or no pgsql backend")
def test_postgres_sigkill_keeps_acknowledged_writes(crashable_postgres):
    pg = crashable_postgres
    params = pg.new_database()
    h = rmtest.Httpd("pgsql", params).start()
    for p in PG_DOWN:
        h.expect_log(p)
    rng = random.Random()
    ledger = Ledger()
    errors = []
    try:
        setup = setup_server(h)
        for rnd in range(1, PG_CRASH_ROUNDS + 1):
            stop, ts = run_load(h, setup, ledger, 100 + rnd, tolerant=True)
            time.sleep(rng.uniform(0.5, 1.5))
            crash_postgres(pg)
            time.sleep(0.3)
            restart_postgres(pg)
            time.sleep(0.5)
            finish(stop, ts)
            errors += ledger.unexpected
            ledger.unexpected = []
            errors += check_store(h, ledger, setup, "postgres crash %d" % rnd)
            if errors:
                break
        assert not errors, "\n".join(errors[:30])
        assert ledger.acks > 0
        assert amcheck(pg, params) >= 5
    finally:
        h.stop()
    problems = log_problems(h)
    assert not problems, "\n".join(problems[:30])
    h.cleanup()


@pytest.mark.skipif(not PG_CRASH or "pgsql" not in BACKENDS,
                    reason="RM_CRASH_PG=0 or no pgsql backend")
def test_service_recovers_after_postgres_restart(crashable_postgres):
    """After PostgreSQL comes back, every pooled connection is broken (its
    server process is gone).  The module must notice on first use, reconnect,
    prepare its statements again and retry, so that no page load and no
    submission fails once the server is back, and no child crashes."""
    pg = crashable_postgres
    params = pg.new_database()
    h = rmtest.Httpd("pgsql", params).start()
    for p in PG_DOWN:
        h.expect_log(p)
    try:
        pid = rmtest.create_programme(h)
        users = h.add_load_users(40)
        # open a realistic number of pooled connections in every child
        sess = requests.Session()
        stop, ts = threading.Event(), []

        def reader():
            s = requests.Session()
            while not stop.is_set():
                s.get(h.base + "/", auth=("staff1", rmtest.PASSWORD), timeout=10)
        ts = [threading.Thread(target=reader) for _ in range(24)]
        for t in ts:
            t.start()
        time.sleep(1.5)
        stop.set()
        for t in ts:
            t.join()
        crash_postgres(pg)
        restart_postgres(pg)
        statuses = []
        for i in range(300):
            r = sess.get(h.base + "/", auth=(users[i % 40], rmtest.PASSWORD), timeout=10)
            statuses.append(r.status_code)
        failures = sum(1 for s in statuses if s != 200)
        late = sum(1 for s in statuses[200:] if s != 200)
        writes = []
        for u in users[:20]:
            path = "/programmes/%d/apply/mentor" % pid
            r = h.client(u).post(path, rmtest.MENTOR_FORM,
                                 token=rmtest.forge_token(h, u, action=path))
            writes.append(r.status_code)
        if failures:
            print("STATUSES", [(i, s) for i, s in enumerate(statuses) if s != 200])
            print("LOG", "\n".join(h.log_lines()[-60:]))
        assert failures == 0 and writes.count(303) == 20, (
            "after a PostgreSQL restart: %d of 300 page loads failed (%d of the last "
            "100); %d of 20 submissions stored; error.log: %s"
            % (failures, late, writes.count(303),
               sorted(set(re.sub(r".*RMENTOR: ", "", x) for x in h.log_lines()
                          if "RMENTOR:" in x and "error" in x))[:5]))
        assert any("connection re-established" in x for x in h.log_lines())
    finally:
        h.stop()
    problems = log_problems(h)
    assert not problems, "\n".join(problems[:30])
    h.cleanup()
