"""Two httpd front-ends on one PostgreSQL database (conf/scale-out.conf).

- what one front-end acknowledges, the other shows: at once where the other
  had nothing cached, otherwise as soon as PostgreSQL's notification has
  reached it (asynchronous; test_cache_delay.py measures the delay), and a
  form made on one is accepted by the other (shared RMentorSecretFile);
- two admins on different front-ends racing to accept applications beyond
  the places: the programme row lock keeps the count within the places;
- a mixed load spread across both front-ends at 64 connections (submissions,
  updates, withdrawals, decisions, reads of every page) for
  RM_SCALEOUT_SECONDS: no 5xx, no lost or duplicated write (every
  acknowledged write present exactly once, with its content and its audit
  rows), capacity never exceeded, and no unexpected line in either error.log;
- both front-ends started at once on an empty database.
"""
import collections
import os
import random
import re
import subprocess
import threading
import time

import pytest
import requests

import rmtest
from rmtest import app_id

SECONDS = int(os.environ.get("RM_SCALEOUT_SECONDS", "15"))
CONNECTIONS = 64


def sql(server, q):
    p = dict(kv.split("=", 1) for kv in server.pg_params.split())
    out = subprocess.run(["psql", "-h", p["host"], "-p", p["port"], "-U", p["user"],
                          "-d", p["dbname"], "-v", "ON_ERROR_STOP=1", "-AtqF", "\t",
                          "-c", q], capture_output=True, text=True, check=True, timeout=60,
                         env=dict(os.environ, PGPASSWORD=p["password"])).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def tok(server, user, path):
    """A valid token of user's for the form that posts to path (tokens are
    bound to the form's action)."""
    return rmtest.forge_token(server, user, action=path)


def mentor_form(marker):
    return {"self_identified": "yes", "job_title": "Job " + marker,
            "department": "Dept " + marker, "gain": "Gain " + marker,
            "topics": "Topics " + marker, "availability": "Avail " + marker}


def add_users(servers, n, start):
    users = []
    for s in servers:
        users = s.add_load_users(n, start=start)
    return users


# ---- consistency ---------------------------------------------------------------

def test_what_one_front_end_acknowledges_the_other_shows(cluster):
    a, b = cluster
    # a programme created on A is listed and open on B at once
    pid = rmtest.create_programme(a, name="Scale-out consistency")
    assert "Scale-out consistency" in b.client("admin").get("/admin/programmes").text
    assert b.client("mentor1").get("/programmes/%d" % pid).status_code == 200
    # a form token made by A is accepted by B (one secret for the site)
    c = a.client("mentor1")
    form = dict(rmtest.MENTOR_FORM, gain="MADE-ON-A")
    token_from_a = c.token("/programmes/%d/apply/mentor" % pid,
                           action="/programmes/%d/apply/mentor" % pid)
    r = b.client("mentor1").post("/programmes/%d/apply/mentor" % pid, form, token=token_from_a)
    assert r.status_code == 303
    first = app_id(r)

    users = add_users((a, b), 40, 200)
    for i, user in enumerate(users):
        w, rd = (a, b) if i % 2 == 0 else (b, a)
        apply_path = "/programmes/%d/apply/mentor" % pid
        r = w.client(user).post(apply_path, mentor_form("s%d" % i),
                                token=tok(w, user, apply_path))
        assert r.status_code == 303
        aid = app_id(r)
        page = rd.client(user).get("/applications/%d" % aid)
        assert page.status_code == 200 and "Job s%d" % i in page.text, (user, aid)
        # an update on the other front-end, read back on the first
        r = rd.client(user).post(apply_path, mentor_form("u%d" % i),
                                 token=tok(rd, user, apply_path))
        assert r.status_code == 303 and app_id(r) == aid
        page = w.client(user).get("/applications/%d" % aid)
        assert "Job u%d" % i in page.text and "Job s%d" % i not in page.text
        # the admin decides on one front-end; the applicant sees it on the other
        if i % 5 == 0:
            decide = "/admin/applications/%d/decision" % aid
            r = w.client("admin").post(decide, {"decision": "waitlisted", "reason": "R%d" % i},
                                       token=tok(w, "admin", decide))
            assert r.status_code == 303
            t = rmtest.text_of(rd.client(user).get("/applications/%d" % aid))
            assert "On the waiting list" in t and "R%d" % i in t
    # the team: admin2 added on A manages the programme on B.  B cached the
    # refusal's team check, and hears of the change from PostgreSQL's
    # notification, which may land after B's next request (conf/scale-out.conf,
    # "Caching across servers"): B refuses until then, never longer than 5 s
    assert b.client("admin2").get("/admin/programmes/%d/applications" % pid).status_code == 403
    team = "/admin/programmes/%d/team" % pid
    r = a.client("admin").post(team, {"principal": "admin2", "team_role": "admin",
                                      "confirm_unknown": "admin2"},
                               token=tok(a, "admin", team))
    assert r.status_code == 303
    end = time.time() + 5
    while True:
        r = b.client("admin2").get("/admin/programmes/%d/applications?q=Tester" % pid)
        if r.status_code != 403 or time.time() > end:
            break
        time.sleep(0.001)
    assert r.status_code == 200 and "40 applications" in rmtest.text_of(r)
    assert b.client("admin2").get("/applications/%d" % first).status_code == 200


# ---- two admins racing beyond capacity --------------------------------------------

@pytest.mark.parametrize("places", [1, 3, 7])
def test_two_admins_on_two_front_ends_never_exceed_the_places(cluster, places):
    a, b = cluster
    pid = rmtest.create_programme(a, name="Race %d" % places, capacity_mentor=str(places))
    team = "/admin/programmes/%d/team" % pid
    r = a.client("admin").post(team, {"principal": "admin2", "team_role": "admin",
                                      "confirm_unknown": "admin2"},
                               token=tok(a, "admin", team))
    assert r.status_code == 303
    users = add_users((a, b), places * 4, 1000 + places * 100)
    apps = []
    for u in users:
        apply_path = "/programmes/%d/apply/mentor" % pid
        r = a.client(u).post(apply_path, mentor_form(u), token=tok(a, u, apply_path))
        assert r.status_code == 303
        apps.append(app_id(r))
    # every application accepted by both admins, each on their own front-end,
    # from 16 threads at once
    jobs = [(a, "admin", x) for x in apps] + [(b, "admin2", x) for x in apps]
    random.shuffle(jobs)
    results = collections.defaultdict(list)
    lock = threading.Lock()
    barrier = threading.Barrier(16)

    def work(part):
        sessions = {}
        barrier.wait()
        for srv, admin, aid in part:
            s = sessions.setdefault(admin, requests.Session())
            decide = "/admin/applications/%d/decision" % aid
            r = s.post(srv.base + decide,
                       data={"decision": "accepted", "reason": "",
                             "csrf": tok(srv, admin, decide)},
                       auth=(admin, rmtest.PASSWORD), timeout=30, allow_redirects=False)
            with lock:
                results[aid].append(r.status_code)

    ts = [threading.Thread(target=work, args=(jobs[i::16],)) for i in range(16)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(120)
    statuses = collections.Counter(s for v in results.values() for s in v)
    assert set(statuses) <= {303, 409}, statuses
    accepted = {int(r[0]) for r in sql(a, "SELECT id FROM application WHERE programme_id = %d "
                                          "AND status = 'accepted'" % pid)}
    acked = {aid for aid, v in results.items() if 303 in v}
    assert len(accepted) == places, (places, sorted(accepted))
    assert accepted == acked
    audits = int(sql(a, "SELECT count(*) FROM audit WHERE action = 'application.decide' "
                        "AND entity_id IN (%s)" % ",".join(map(str, apps)))[0][0])
    assert audits == statuses[303]
    # both front-ends show the same counts: places, accepted, waiting list,
    # waiting for a decision, declined, withdrawn
    for srv, admin in ((a, "admin"), (b, "admin2")):
        page = rmtest.html(srv.client(admin).get("/admin/programmes/%d/applications" % pid))
        row = page.xpath("//table[caption[contains(., 'Places')]]//tr[th='Mentor']")[0]
        cells = [td.text_content().strip() for td in row.xpath("td")]
        assert cells == [str(places), str(places), "0", str(len(apps) - places), "0", "0"], \
            (srv.base, cells)


# ---- mixed load -------------------------------------------------------------------------

class Load:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.kinds = collections.Counter()
        self.failures = []
        self.acked = {}            # (user, pid) -> {"id", "marker", "updates"}
        self.status = {}           # (user, pid) -> expected status (withdraw keys)
        self.withdrawals = collections.Counter()
        self.decisions = collections.Counter()   # app id -> acknowledged decisions

    def note(self, kind, r, ok=(200,)):
        with self.lock:
            self.kinds[kind] += 1
            self.statuses[r.status_code] += 1
            if r.status_code not in ok:
                self.failures.append("%s %s: %d %s" % (kind, r.url, r.status_code,
                                                       rmtest.text_of(r)[:200]
                                                       if r.content else ""))
                return False
        return True


def test_mixed_load_on_two_front_ends(cluster):
    a, b = cluster
    fronts = (a, b)
    pids = [rmtest.create_programme(a, name="Mixed %d" % i, capacity_mentor="2000")
            for i in range(4)]
    cap_pid = rmtest.create_programme(b, admin="admin", name="Mixed capacity",
                                      capacity_mentor="10")
    team = "/admin/programmes/%d/team" % cap_pid
    r = b.client("admin").post(team, {"principal": "admin2", "team_role": "admin",
                                      "confirm_unknown": "admin2"},
                               token=tok(b, "admin", team))
    assert r.status_code == 303
    n_writers, n_withdrawers, n_deciders = 24, 4, 2
    n_readers = CONNECTIONS - n_writers - n_withdrawers - n_deciders
    users = add_users(fronts, n_writers * 4 + n_withdrawers * 2 + 40 + n_readers, 3000)
    writer_keys = [[(users[w * 4 + k], pids[k]) for k in range(4)] for w in range(n_writers)]
    base = n_writers * 4
    withdraw_keys = [[(users[base + w * 2 + k], pids[(w + k) % 4]) for k in range(2)]
                     for w in range(n_withdrawers)]
    base += n_withdrawers * 2
    cap_apps = []
    for u in users[base:base + 40]:
        apply_path = "/programmes/%d/apply/mentor" % cap_pid
        r = a.client(u).post(apply_path, mentor_form(u), token=tok(a, u, apply_path))
        assert r.status_code == 303
        cap_apps.append(app_id(r))
    readers_users = users[base + 40:]
    load = Load()
    stop = threading.Event()

    def post(s, srv, path, data, user):
        # a fresh connection for every write: a keep-alive connection the
        # server closes just as a request goes out would leave its outcome
        # unknown, and every write here must have a known outcome
        s.close()
        return s.post(srv.base + path, data=dict(data, csrf=tok(srv, user, path)),
                      auth=(user, rmtest.PASSWORD), timeout=30, allow_redirects=False)

    def get(s, srv, path, user):
        try:
            return s.get(srv.base + path, auth=(user, rmtest.PASSWORD), timeout=30,
                         allow_redirects=False)
        except requests.ConnectionError:
            # an idle keep-alive connection closed by the server as the
            # request went out: retried once on a new one, as browsers do
            with load.lock:
                load.kinds["keepalive-retry"] += 1
            s.close()
            return s.get(srv.base + path, auth=(user, rmtest.PASSWORD), timeout=30,
                         allow_redirects=False)

    def guarded(fn):
        def run(*args):
            try:
                fn(*args)
            except Exception as e:      # noqa: BLE001 - recorded, fails the test
                with load.lock:
                    load.failures.append("%s%r died: %r" % (fn.__name__, args, e))
        return run

    def writer(w):
        s = requests.Session()
        rng = random.Random(w)
        n = 0
        while not stop.is_set():
            user, pid = key = writer_keys[w][n % 4]
            n += 1
            srv = rng.choice(fronts)
            other = b if srv is a else a
            marker = "w%dn%d" % (w, n)
            r = post(s, srv, "/programmes/%d/apply/mentor" % pid, mentor_form(marker), user)
            if not load.note("submit", r, (303,)):
                continue
            aid = app_id(r)
            with load.lock:
                k = load.acked.get(key)
                if k is None:
                    load.acked[key] = {"id": aid, "marker": marker, "updates": 0}
                else:
                    if k["id"] != aid:
                        load.failures.append("%s: id %d then %d" % (key, k["id"], aid))
                    k["marker"] = marker
                    k["updates"] += 1
            # read-your-write on the other front-end
            r = get(s, other, "/applications/%d" % aid, user)
            if load.note("read-back", r) and ("Job " + marker) not in r.text:
                with load.lock:
                    load.failures.append("stale read of %d on %s" % (aid, other.base))

    def withdrawer(w):
        s = requests.Session()
        rng = random.Random(100 + w)
        n = 0
        while not stop.is_set():
            user, pid = key = withdraw_keys[w][n % 2]
            n += 1
            srv = rng.choice(fronts)
            with load.lock:
                state = load.status.get(key)
                aid = load.acked.get(key, {}).get("id")
            if state == "submitted" and rng.random() < 0.5:
                r = post(s, srv, "/applications/%d/withdraw" % aid, {}, user)
                if load.note("withdraw", r, (303,)):
                    with load.lock:
                        load.status[key] = "withdrawn"
                        load.withdrawals[key] += 1
                continue
            marker = "x%dn%d" % (w, n)
            r = post(s, srv, "/programmes/%d/apply/mentor" % pid, mentor_form(marker), user)
            if load.note("resubmit", r, (303,)):
                with load.lock:
                    k = load.acked.get(key)
                    if k is None:
                        load.acked[key] = {"id": app_id(r), "marker": marker, "updates": 0}
                    else:
                        k["marker"] = marker
                        k["updates"] += 1
                    load.status[key] = "submitted"

    def decider(d):
        srv, admin = (a, "admin") if d == 0 else (b, "admin2")
        s = requests.Session()
        rng = random.Random(200 + d)
        while not stop.is_set():
            aid = rng.choice(cap_apps)
            dec = rng.choice(("accepted", "accepted", "waitlisted", "declined"))
            r = post(s, srv, "/admin/applications/%d/decision" % aid,
                     {"decision": dec, "reason": "" if dec == "accepted" else "Because"},
                     admin)
            if r.status_code == 409 and "places" in r.text:
                load.note("decide-full", r, (409,))
            elif load.note("decide", r, (303,)):
                with load.lock:
                    load.decisions[aid] += 1

    def reader(i):
        s = requests.Session()
        rng = random.Random(300 + i)
        me = readers_users[i]
        while not stop.is_set():
            srv = rng.choice(fronts)
            x = rng.random()
            if x < 0.3:
                load.note("home", get(s, srv, "/", me))
            elif x < 0.5:
                load.note("programme", get(s, srv, "/programmes/%d" % rng.choice(pids), me))
            elif x < 0.6:
                load.note("form", get(s, srv, "/programmes/%d/apply/mentor"
                                      % rng.choice(pids), me))
            elif x < 0.9:
                admin = rng.choice(("admin", "admin2"))
                pid = cap_pid if admin == "admin2" else rng.choice(pids + [cap_pid])
                q = rng.choice(("", "?status=submitted&sort=newest", "?q=tester&sort=name",
                                "?role=mentor&page=2", "?status=accepted"))
                load.note("admin-list", get(s, srv, "/admin/programmes/%d/applications%s"
                                            % (pid, q), admin))
            else:
                load.note("admin-home", get(s, srv, "/admin/programmes", "admin"))

    threads = ([threading.Thread(target=guarded(writer), args=(w,))
                for w in range(n_writers)]
               + [threading.Thread(target=guarded(withdrawer), args=(w,))
                  for w in range(n_withdrawers)]
               + [threading.Thread(target=guarded(decider), args=(d,))
                  for d in range(n_deciders)]
               + [threading.Thread(target=guarded(reader), args=(i,))
                  for i in range(n_readers)])
    assert len(threads) == CONNECTIONS
    t0 = time.time()
    for t in threads:
        t.start()
    time.sleep(SECONDS)
    stop.set()
    for t in threads:
        t.join(60)
    elapsed = time.time() - t0
    total = sum(v for k, v in load.kinds.items() if k != "keepalive-retry")
    print("\nmixed load: %d requests in %.0f s (%.0f/s) over two front-ends; %s; statuses %s"
          % (total, elapsed, total / elapsed, dict(load.kinds), dict(load.statuses)))
    assert not [t for t in threads if t.is_alive()], "a load thread is stuck"
    assert not [s for s in load.statuses if s >= 500], dict(load.statuses)
    assert not load.failures, "\n".join(load.failures[:20])

    # every acknowledged write is there exactly once, with its content and audit rows
    rows = sql(a, "SELECT a.id, per.principal, a.programme_id, a.job_title, a.status, "
                  "(SELECT count(*) FROM audit u WHERE u.entity = 'application' AND "
                  "u.entity_id = a.id AND u.action = 'application.submit'), "
                  "(SELECT count(*) FROM audit u WHERE u.entity = 'application' AND "
                  "u.entity_id = a.id AND u.action = 'application.update'), "
                  "(SELECT count(*) FROM audit u WHERE u.entity = 'application' AND "
                  "u.entity_id = a.id AND u.action = 'application.withdraw') "
                  "FROM application a JOIN person per ON per.id = a.person_id")
    by_key = collections.defaultdict(list)
    for r in rows:
        by_key[(r[1], int(r[2]))].append(r)
    errors = []
    for key, k in load.acked.items():
        found = by_key.get(key, [])
        if len(found) != 1:
            errors.append("%s: %d rows" % (key, len(found)))
            continue
        r = found[0]
        if int(r[0]) != k["id"] or r[3] != "Job " + k["marker"]:
            errors.append("%s: stored %s %r, acknowledged %s %r"
                          % (key, r[0], r[3], k["id"], "Job " + k["marker"]))
        if (r[5], int(r[6])) != ("1", k["updates"]):
            errors.append("%s: audit submit %s update %s, acknowledged updates %d"
                          % (key, r[5], r[6], k["updates"]))
        if key in load.status:
            if r[4] != load.status[key] or int(r[7]) != load.withdrawals[key]:
                errors.append("%s: status %s (%s withdrawals), expected %s (%d)"
                              % (key, r[4], r[7], load.status[key], load.withdrawals[key]))
    writer_users = {k[0] for keys in writer_keys + withdraw_keys for k in keys}
    for key, found in by_key.items():
        if key[0] in writer_users and key not in load.acked:
            errors.append("%s: stored, never acknowledged" % (key,))
    # decisions: none lost or doubled; the stored status is the last one made
    dec = sql(a, "SELECT a.id, a.status, count(u.id), (SELECT u2.detail FROM audit u2 WHERE "
                 "u2.entity = 'application' AND u2.entity_id = a.id AND u2.action = "
                 "'application.decide' ORDER BY u2.id DESC LIMIT 1) FROM application a "
                 "LEFT JOIN audit u ON u.entity = 'application' AND u.entity_id = a.id AND "
                 "u.action = 'application.decide' WHERE a.programme_id = %d "
                 "GROUP BY a.id, a.status" % cap_pid)
    accepted = 0
    for aid, status, n, last in dec:
        accepted += status == "accepted"
        if int(n) != load.decisions[int(aid)]:
            errors.append("application %s: %s decide audit rows, %d acknowledged"
                          % (aid, n, load.decisions[int(aid)]))
        if int(n) and status != last:
            errors.append("application %s: status %s, last decision %s" % (aid, status, last))
    if accepted > 10:
        errors.append("%d accepted, 10 places" % accepted)
    assert not errors, "\n".join(errors[:30])
    assert load.kinds["submit"] > 50 and load.kinds["decide"] > 5, dict(load.kinds)


# ---- both front-ends started at once on an empty database ------------------------------

def test_both_front_ends_started_at_once_on_an_empty_database(postgres, make_front_ends):
    """A site restarts its web servers together after installing the module
    on a new database: the first requests race to create the schema."""
    servers = make_front_ends(postgres.new_database(), warm=False)
    for s in servers:
        s.start()
    statuses = collections.Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(32)

    def hit(i):
        s = servers[i % 2]
        barrier.wait()
        r = s.client("staff1").get("/")
        with lock:
            statuses[r.status_code] += 1

    ts = [threading.Thread(target=hit, args=(i,)) for i in range(32)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    after = [s.client("staff1").get("/").status_code for s in servers]
    problems = []
    for s in servers:
        s.stop()
        problems += [line for line in s.log_problems()]
    assert after == [200, 200]
    assert statuses == {200: 32} and not problems, (
        "first requests on an empty database from two front-ends at once: statuses %s; "
        "error.log:\n%s" % (dict(statuses), "\n".join(problems[:10])))
    for s in servers:
        s.cleanup()


# ---- behind a balancer that terminates TLS --------------------------------------------

PUBLIC = "ServerName https://mentoring.example.ac.uk:443\nUseCanonicalName On\n"


def test_behind_a_tls_balancer_forms_carry_the_public_origin(postgres, make_front_ends):
    """conf/scale-out.conf: each front-end serves plain HTTP to the balancer,
    browsers send Origin: https://mentoring.example.ac.uk.  With the public
    ServerName and UseCanonicalName On, both front-ends accept it (and still
    refuse any other origin)."""
    servers = make_front_ends(postgres.new_database(), extra_conf=PUBLIC)
    try:
        pid = rmtest.create_programme(servers[0])
        users = add_users(servers, 2, 9000)
        for srv, user in zip(servers, users):
            c = srv.client(user)
            path = "/programmes/%d/apply/mentor" % pid
            r = c.post(path, rmtest.MENTOR_FORM, token=tok(srv, user, path),
                       headers={"Origin": srv.origin, "Sec-Fetch-Site": "same-origin"})
            assert r.status_code == 403           # the back-end's own address
            r = c.post(path, rmtest.MENTOR_FORM, token=tok(srv, user, path),
                       headers={"Origin": "https://mentoring.example.ac.uk",
                                "Sec-Fetch-Site": "same-origin"})
            assert r.status_code == 303, r.status_code
            assert r.headers["Location"].startswith("/mentoring/applications/")
    finally:
        for s in servers:
            s.stop()
    for s in servers:
        assert not s.log_problems()
        s.cleanup()
