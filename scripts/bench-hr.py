#!/usr/bin/python3
"""`make bench-hr`: the HR progression export (issue 16) pulled page by page.

Seeds a database the module created with 100,000 export records (one per
accepted application per programme, docs: /work/notes/hr-spec.md): by
default 20 programmes x 5,000 accepted applications (2,500 Mentors and 2,500
Senior Mentors each, out of 5,000 load and 5,000 exec accounts), every one of
them paired (a pair in ten ended early, a pair in five completed), 0-6
meetings a pair (about four in five confirmed), training booked and attended
by nine in ten, check-ins from three in five partners, evaluations from two
in five, a career step for one Mentor in ten, HR's staff number and grade for four
in five people and a leaving date for one in fifty.  All by SQL, in one
transaction: SQLite through python's sqlite3 (executemany), PostgreSQL
through psql's COPY (--backends sqlite3,pgsql; rmtest.Postgres).

Then it starts httpd with ONE child (so the child's memory can be read),
signs in once as the demo `hr` account, reads the child's VmRSS, pulls
/mentoring/hr/export.xml page after page, following each document's
<Next href> until a page has none, and reads the child's VmHWM (its peak
RSS).  It reports pages, records, seconds and memory, and exits 1 when over
target: 5 s in all, 32 MiB of growth (VmHWM after - VmRSS before).  --csv
also pulls /mentoring/hr/export.csv (following Link: rel="next" when the
module pages it) and reports it, without a target.

A measurement, not a test: not part of `make test`.  Until the HR routes
exist it stops with "the export route answered 404: not built yet?" (exit 2).
The signing key and certificate (RMentorHRSigningKey/Certificate, made by
tests/lib/pki.py) and --page-size (RMentorHRPageSize) are configured when
this httpd knows those directives; when it does not, the run says so and
goes on without them.

Usage: scripts/bench-hr.py [--module build/bench/mod_rmentor.so]
          [--backends sqlite3[,pgsql]] [--programmes 20] [--per-programme 5000]
          [--page-size N] [--key rsa|ec] [--csv] [--seed-only] [--keep]
          [--max-seconds 5] [--max-growth-mib 32]
Exit: 0 within target, 1 over target, 2 the run could not be made."""
import argparse
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
import rmtest  # noqa: E402

NS = "urn:x-mod-rmentor:hr-progression:1"
EXPORT_PATH = "/hr/export.xml"
CSV_PATH = "/hr/export.csv"

ONE_CHILD = """
<IfModule mpm_event_module>
    StartServers 1
    ServerLimit 1
    ThreadsPerChild 25
    MaxRequestWorkers 25
    MinSpareThreads 5
    MaxSpareThreads 25
</IfModule>
"""


class RunError(Exception):
    """The run could not be made (exit 2)."""


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---- the rows ----------------------------------------------------------------

COLUMNS = {
    "person": ("id", "principal", "display_name", "mail", "department", "job_title",
               "grade", "staff_number", "first_seen", "last_seen", "name_folded",
               "hr_staff_number", "hr_grade", "hr_grade_on", "left_on", "hr_updated_at"),
    "programme": ("id", "name", "institutions", "description", "apply_opens",
                  "apply_closes", "start_date", "length_months", "min_meetings",
                  "meeting_minutes", "checkin_date", "end_event_date", "capacity_mentor",
                  "capacity_senior", "min_grade", "senior_entitlement", "created_at",
                  "updated_at"),
    "application": ("id", "programme_id", "person_id", "role", "status", "self_identified",
                    "grade", "grade_source", "job_title", "department", "senior_role",
                    "decision_reason", "decided_by", "decided_at", "created_at",
                    "updated_at"),
    "training_session": ("id", "programme_id", "role", "title", "day", "starts", "ends",
                         "place", "capacity", "created_at", "updated_at"),
    "training_booking": ("id", "session_id", "application_id", "attendance", "booked_at",
                         "recorded_by", "recorded_at"),
    "pair": ("id", "programme_id", "mentor_app", "senior_app", "mentor_id", "senior_id",
             "status", "score", "created_by", "created_at", "ended_at", "end_reason"),
    "meeting": ("id", "pair_id", "held_on", "minutes", "mode", "status", "logged_by",
                "logged_at", "updated_at", "answered_by", "answered_at"),
    "checkin": ("id", "pair_id", "person_id", "rating", "on_plan", "submitted_at",
                "updated_at"),
    "eval_response": ("id", "programme_id", "person_id", "role", "named", "submitted_at",
                      "updated_at"),
    "career_step": ("id", "programme_id", "person_id", "kind", "title", "taken_on",
                    "created_at", "updated_at"),
}
# insertion order (references first)
TABLES = ("person", "programme", "application", "training_session", "training_booking",
          "pair", "meeting", "checkin", "eval_response", "career_step")

CAREER_KINDS = ("promotion", "new_role", "acting_up", "secondment", "development", "award")
MODES = ("in_person", "online", "phone")


def day(t):
    return time.strftime("%Y-%m-%d", time.gmtime(t))


def make_rows(programmes=20, per_programme=5000, now=None, id_base=None):
    """The seed as {table: list of tuples in COLUMNS[table] order}.  Ids start
    above id_base[table] (the rows the module or a sign-in made already).
    Half of each programme's accepted applications are Mentors (load
    accounts), half Senior Mentors (exec accounts); the nth Mentor of a
    programme is paired with its nth Senior Mentor."""
    if per_programme % 2:
        raise ValueError("--per-programme must be even (Mentors and Senior Mentors)")
    now = int(now or time.time())
    base = dict.fromkeys(TABLES, 0)
    base.update(id_base or {})
    half = per_programme // 2
    pool = max(half, 5000)          # load1..loadN and exec1..execN
    rows = {t: [] for t in TABLES}
    admin = base["person"] + 1      # the team member who decided and paired
    rows["person"].append((admin, "bench-admin@demo.ac.uk", "Bench Admin",
                           "bench-admin@demo.ac.uk", "EDI Office", "Administrator", "9", "",
                           now, now, "bench admin", "", "", "", "", 0))
    people = {}                     # ("load"|"exec", n) -> person id
    pid_next = admin + 1
    for prefix, grade, dept in (("load", "8", "Load Testing"), ("exec", "10", None)):
        for n in range(1, pool + 1):
            k = len(people)
            hr = k % 5 != 0         # HR knows four in five
            rows["person"].append((
                pid_next, "%s%d@demo.ac.uk" % (prefix, n),
                "%s %d" % ("Load Tester" if prefix == "load" else "Executive", n),
                "%s%d@demo.ac.uk" % (prefix, n), dept or "Executive Office %d" % n,
                "Service Manager" if prefix == "load" else "Director", grade,
                "%s%d" % ("L" if prefix == "load" else "X", n), now - 400 * 86400, now,
                "%s %d" % ("load tester" if prefix == "load" else "executive", n),
                "%06d" % (100000 + k) if hr else "",
                (str(int(grade) + (1 if k % 7 == 0 else 0)) if hr else ""),
                day(now - (k % 300) * 86400) if hr else "",
                day(now + (k % 90) * 86400) if k % 50 == 0 else "",
                now - (k % 300) * 86400 if hr else 0))
            people[(prefix, n)] = pid_next
            pid_next += 1

    ids = {t: base[t] for t in TABLES}

    def nid(t):
        ids[t] += 1
        return ids[t]

    start_t = now - 200 * 86400
    for p in range(programmes):
        prog = nid("programme")
        rows["programme"].append((
            prog, "Benchmark programme %d" % (p + 1), "Demo University",
            "Seeded by scripts/bench-hr.py.", day(start_t - 90 * 86400),
            day(start_t - 60 * 86400), day(start_t), 12, 6, 60,
            day(start_t + 180 * 86400), day(start_t + 360 * 86400), half, half, "8",
            "urn:mace:demo.ac.uk:exco", now - 300 * 86400, now - 300 * 86400))
        sessions = {}
        for role in ("mentor", "senior"):
            sessions[role] = [nid("training_session") for _ in range(2)]
            for j, sid in enumerate(sessions[role]):
                rows["training_session"].append((
                    sid, prog, role, "%s training %d" % (role.title(), j + 1),
                    day(start_t - (20 - j) * 86400), "10:00", "13:00", "Room %d" % (j + 1),
                    1000, now - 250 * 86400, now - 250 * 86400))
        for i in range(half):
            k = p * half + i
            m_person = people[("load", (k % pool) + 1)]
            s_person = people[("exec", ((k + p * 7) % pool) + 1)]
            apps = {}
            for role, person in (("mentor", m_person), ("senior", s_person)):
                aid = nid("application")
                apps[role] = aid
                rows["application"].append((
                    aid, prog, person, role, "accepted", 1 if (role == "mentor" and k % 3 == 0) else 0,
                    "8" if role == "mentor" else "10", "sso",
                    "Service Manager" if role == "mentor" else "",
                    "Load Testing" if role == "mentor" else "Executive Office",
                    "" if role == "mentor" else "Director", "Benchmark.", admin,
                    start_t - 40 * 86400, start_t - 70 * 86400, start_t - 40 * 86400))
                if (k + (role == "senior")) % 10:         # nine in ten trained
                    rows["training_booking"].append((
                        nid("training_booking"), sessions[role][k % 2], aid, "attended",
                        start_t - 30 * 86400, admin, start_t - 19 * 86400))
            status = "ended" if k % 10 == 3 else ("completed" if k % 5 == 1 else "active")
            pair = nid("pair")
            rows["pair"].append((
                pair, prog, apps["mentor"], apps["senior"], m_person, s_person, status,
                50 + k % 50, admin, start_t - 5 * 86400,
                start_t + 120 * 86400 if status == "ended" else None,
                "left" if status == "ended" else ""))
            for j in range(k % 7):                          # 0..6 meetings
                held = start_t + (j + 1) * 25 * 86400
                st = "confirmed" if (k + j) % 5 else ("logged" if j % 2 else "disputed")
                rows["meeting"].append((
                    nid("meeting"), pair, day(held), 45 + 15 * (j % 3), MODES[j % 3], st,
                    m_person, held + 3600, held + 7200,
                    s_person if st != "logged" else None,
                    held + 7200 if st != "logged" else None))
            for who, person in ((0, m_person), (1, s_person)):
                if (k + who) % 5 < 3:                       # three in five
                    rows["checkin"].append((
                        nid("checkin"), pair, person, 1 + (k + who) % 5,
                        ("yes", "partly", "no")[(k + who) % 3],
                        start_t + 180 * 86400, start_t + 180 * 86400))
                if (k + who) % 5 < 2:                       # two in five
                    rows["eval_response"].append((
                        nid("eval_response"), prog, person, ("mentor", "senior")[who],
                        (k + who) % 2, start_t + 350 * 86400, start_t + 350 * 86400))
            if k % 10 == 0:                                 # one in ten
                rows["career_step"].append((
                    nid("career_step"), prog, m_person, CAREER_KINDS[k % 6],
                    "Step %d" % k, day(start_t + (k % 150) * 86400),
                    start_t + (k % 150) * 86400, start_t + (k % 150) * 86400))
    return rows


def records_expected(rows):
    """Export records the seed makes: one per accepted application."""
    return sum(1 for a in rows["application"] if a[4] == "accepted")


# ---- writing them ------------------------------------------------------------

def sqlite_path(srv):
    return os.path.join(srv.dir, "db", "rmentor.db")


def id_base_sqlite(path):
    con = sqlite3.connect(path)
    try:
        return {t: con.execute("SELECT COALESCE(MAX(id), 0) FROM %s" % t).fetchone()[0]
                for t in TABLES}
    finally:
        con.close()


def seed_sqlite(path, rows):
    con = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        con.execute("BEGIN IMMEDIATE")
        for t in TABLES:
            cols = COLUMNS[t]
            con.executemany("INSERT INTO %s (%s) VALUES (%s)" % (
                t, ", ".join(cols), ", ".join("?" * len(cols))), rows[t])
        con.execute("COMMIT")
    finally:
        con.close()
    if rmtest.IS_ROOT:              # the children (www-data) write it and its WAL
        for f in os.listdir(os.path.dirname(path)):
            shutil.chown(os.path.join(os.path.dirname(path), f), "www-data", "www-data")


def count_sqlite(path):
    con = sqlite3.connect(path)
    try:
        return {t: con.execute("SELECT COUNT(*) FROM %s" % t).fetchone()[0] for t in TABLES}
    finally:
        con.close()


def _pg_cmd(pg, dbname):
    return (["psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-d", dbname,
             "-v", "ON_ERROR_STOP=1", "-Atq"], dict(os.environ, PGPASSWORD=pg.password))


def _copy_value(v):
    if v is None:
        return r"\N"
    return (str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def seed_pgsql(pg, dbname, rows):
    buf = io.StringIO()
    buf.write("BEGIN;\n")
    for t in TABLES:
        buf.write("COPY %s (%s) FROM STDIN;\n" % (t, ", ".join(COLUMNS[t])))
        for r in rows[t]:
            buf.write("\t".join(_copy_value(v) for v in r))
            buf.write("\n")
        buf.write("\\.\n")
    for t in TABLES:
        buf.write("SELECT setval(pg_get_serial_sequence('%s', 'id'), "
                  "(SELECT GREATEST(MAX(id), 1) FROM %s));\n" % (t, t))
    buf.write("COMMIT;\nANALYZE;\n")
    cmd, env = _pg_cmd(pg, dbname)
    r = subprocess.run(cmd + ["-f", "-"], input=buf.getvalue(), capture_output=True,
                       text=True, env=env, timeout=600)
    if r.returncode:
        raise RunError("seeding PostgreSQL failed: " + r.stderr.strip()[-800:])


def pg_query(pg, dbname, sql):
    cmd, env = _pg_cmd(pg, dbname)
    r = subprocess.run(cmd + ["-c", sql], capture_output=True, text=True, env=env,
                       timeout=120)
    if r.returncode:
        raise RunError("psql: " + r.stderr.strip()[-800:])
    return r.stdout


def id_base_pgsql(pg, dbname):
    out = pg_query(pg, dbname, " UNION ALL ".join(
        "SELECT '%s', COALESCE(MAX(id), 0) FROM %s" % (t, t) for t in TABLES))
    return {t: int(n) for t, n in (line.split("|") for line in out.split())}


def count_pgsql(pg, dbname):
    out = pg_query(pg, dbname, " UNION ALL ".join(
        "SELECT '%s', COUNT(*) FROM %s" % (t, t) for t in TABLES))
    return {t: int(n) for t, n in (line.split("|") for line in out.split())}


# ---- the server ---------------------------------------------------------------

def hr_directives(args, signing):
    lines = []
    if signing:
        lines += ["RMentorHRSigningKey %s" % signing["key"],
                  "RMentorHRSigningCertificate %s" % signing["cert"]]
    if args.page_size:
        lines.append("RMentorHRPageSize %d" % args.page_size)
    return "\n".join(lines) + ("\n" if lines else "")


def config_ok(srv):
    r = subprocess.run(["apache2", "-t", "-f", srv.conf], capture_output=True, text=True)
    return r.returncode == 0, (r.stdout + r.stderr).strip()


def make_server(backend, pg_params, args, signing):
    """An rmtest.Httpd with one child, with the HR directives if this httpd
    knows them.  Returns (srv, note)."""
    hr = hr_directives(args, signing)
    srv = rmtest.Httpd(backend, pg_params, module=args.module, extra_conf=ONE_CHILD + hr)
    ok, out = config_ok(srv)
    if ok or not hr:
        if not ok:
            raise RunError("apache2 -t: " + out)
        return srv, "HR directives configured" if hr else ""
    if "Invalid command 'RMentorHR" not in out:
        raise RunError("apache2 -t: " + out)
    srv.cleanup()
    srv = rmtest.Httpd(backend, pg_params, module=args.module, extra_conf=ONE_CHILD)
    ok, out = config_ok(srv)
    if not ok:
        raise RunError("apache2 -t: " + out)
    return srv, ("this module does not know the HR directives yet "
                 "(RMentorHRSigningKey ...): run without them")


def children_of(pid):
    out = subprocess.run(["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True,
                         text=True).stdout
    return [int(x) for x in out.split()]


def the_child(srv, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        kids = children_of(srv.proc.pid)
        if len(kids) == 1:
            return kids[0]
        time.sleep(0.1)
    raise RunError("expected exactly one httpd child of %d, found %s"
                   % (srv.proc.pid, children_of(srv.proc.pid)))


def status_kb(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RunError("no %s in /proc/%d/status" % (field, pid))


# ---- pulling the export -------------------------------------------------------

def local_url(srv, href):
    """The Next link's path and query on this server (the module may build
    it with its canonical name)."""
    u = urllib.parse.urlsplit(href)
    return srv.origin + u.path + ("?" + u.query if u.query else "")


def check_status(r, what):
    if r.status_code == 404:
        raise RunError("the export route answered 404: not built yet? (%s %s)"
                       % (what, r.url))
    if r.status_code != 200:
        raise RunError("%s answered %d: %s" % (r.url, r.status_code,
                                               re.sub(r"\s+", " ", r.text)[:300]))


def pull_xml(srv, client, path=EXPORT_PATH, max_pages=100000):
    from lxml import etree
    url = srv.base + path
    pages = records = nbytes = 0
    largest = 0
    t0 = time.monotonic()
    while url:
        r = client.get(url, timeout=120)
        check_status(r, "GET")
        pages += 1
        nbytes += len(r.content)
        largest = max(largest, len(r.content))
        root = etree.fromstring(r.content)
        if root.tag != "{%s}ProgressionExport" % NS:
            raise RunError("page %d is not a ProgressionExport: %s" % (pages, root.tag))
        records += len(root.findall("{%s}Record" % NS))
        nxt = root.find("{%s}Next" % NS)
        url = local_url(srv, nxt.get("href")) if nxt is not None else None
        if pages >= max_pages:
            raise RunError("still a Next link after %d pages" % pages)
    return {"pages": pages, "records": records, "seconds": time.monotonic() - t0,
            "bytes": nbytes, "largest": largest}


def pull_csv(srv, client, path=CSV_PATH):
    url = srv.base + path
    pages = rows = nbytes = 0
    t0 = time.monotonic()
    while url:
        r = client.get(url, timeout=120)
        check_status(r, "GET")
        pages += 1
        nbytes += len(r.content)
        # the header line, then one record a line (quoted fields may hold
        # line breaks: count with the csv module)
        import csv
        rows += max(0, sum(1 for _ in csv.reader(io.StringIO(r.content.decode("utf-8-sig")))) - 1)
        nxt = r.links.get("next", {}).get("url")
        url = local_url(srv, nxt) if nxt else None
    return {"pages": pages, "records": rows, "seconds": time.monotonic() - t0,
            "bytes": nbytes}


# ---- one backend ----------------------------------------------------------------

def bench_backend(backend, args, pg, signing):
    params = pg.new_database() if backend == "pgsql" else ""
    dbname = re.search(r"dbname=(\S+)", params).group(1) if params else None
    srv, note = make_server(backend, params, args, signing)
    result = {"backend": backend, "note": note}
    try:
        # the module creates its schema at the first request
        srv.start()
        c = srv.client("hr")
        r = c.get("/")
        c.s.close()
        if r.status_code != 200:
            raise RunError("the hr home page answered %d" % r.status_code)
        srv.stop()
        t0 = time.monotonic()
        if backend == "sqlite3":
            base = id_base_sqlite(sqlite_path(srv))
        else:
            base = id_base_pgsql(pg, dbname)
        rows = make_rows(args.programmes, args.per_programme, id_base=base)
        if backend == "sqlite3":
            seed_sqlite(sqlite_path(srv), rows)
            counts = count_sqlite(sqlite_path(srv))
        else:
            seed_pgsql(pg, dbname, rows)
            counts = count_pgsql(pg, dbname)
        result["seed_seconds"] = time.monotonic() - t0
        result["expected"] = records_expected(rows)
        result["counts"] = counts
        log("  %s: seeded %d export records (%s) in %.1f s" % (
            backend, result["expected"],
            ", ".join("%s %d" % (t, counts[t]) for t in TABLES), result["seed_seconds"]))
        if args.seed_only:
            return result
        srv.start()
        child = the_child(srv)
        client = srv.client("hr")
        r = client.get("/")                 # warm: connections, the sign-in
        if r.status_code != 200:
            raise RunError("the hr home page answered %d" % r.status_code)
        result["child"] = child
        result["rss_before"] = status_kb(child, "VmRSS")
        result["xml"] = pull_xml(srv, client, args.export_path)
        result["hwm_after"] = status_kb(child, "VmHWM")
        result["growth"] = result["hwm_after"] - result["rss_before"]
        if the_child(srv) != child:
            raise RunError("the httpd child changed during the run")
        if args.csv:
            result["csv"] = pull_csv(srv, client)
            result["hwm_after_csv"] = status_kb(child, "VmHWM")
        client.s.close()
        return result
    finally:
        srv.stop()
        problems = srv.log_problems()
        if problems:
            log("error.log of the %s server (%s):\n  %s" % (backend, srv.dir,
                                                            "\n  ".join(problems[:20])))
        elif not args.keep:
            srv.cleanup()


def mib(kb):
    return kb / 1024.0


def report(results, args):
    over = False
    print("HR export, page by page (target: %.1f s in all, child RSS growth < %d MiB)"
          % (args.max_seconds, args.max_growth_mib))
    print("%-8s %6s %8s %8s %9s %10s %11s %9s  %s" % (
        "backend", "pages", "records", "seconds", "MiB sent", "RSS before", "VmHWM after",
        "growth", "verdict"))
    for res in results:
        x = res["xml"]
        bad = []
        if x["seconds"] > args.max_seconds:
            bad.append("time")
        if mib(res["growth"]) >= args.max_growth_mib:
            bad.append("memory")
        if x["records"] != res["expected"]:
            bad.append("records %d != %d seeded" % (x["records"], res["expected"]))
        over = over or bool(bad)
        print("%-8s %6d %8d %8.2f %9.1f %8.1f M %9.1f M %7.1f M  %s" % (
            res["backend"], x["pages"], x["records"], x["seconds"], x["bytes"] / 1048576.0,
            mib(res["rss_before"]), mib(res["hwm_after"]), mib(res["growth"]),
            "FAIL (%s)" % ", ".join(bad) if bad else "PASS"))
        if res.get("note"):
            print("         note: %s" % res["note"])
        if "csv" in res:
            c = res["csv"]
            print("         csv: %d page(s), %d records, %.2f s, %.1f MiB, VmHWM %.1f M"
                  % (c["pages"], c["records"], c["seconds"], c["bytes"] / 1048576.0,
                     mib(res["hwm_after_csv"])))
    return over


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--module", default=rmtest.MODULE)
    ap.add_argument("--backends", default="sqlite3")
    ap.add_argument("--programmes", type=int, default=20)
    ap.add_argument("--per-programme", type=int, default=5000)
    ap.add_argument("--page-size", type=int, default=0,
                    help="RMentorHRPageSize (default: the module's, 5000)")
    ap.add_argument("--key", choices=("rsa", "ec"), default="rsa")
    ap.add_argument("--csv", action="store_true")
    ap.add_argument("--seed-only", action="store_true",
                    help="seed, count and stop (no export)")
    ap.add_argument("--keep", action="store_true", help="keep the run directories")
    ap.add_argument("--max-seconds", type=float, default=5.0)
    ap.add_argument("--max-growth-mib", type=float, default=32.0)
    ap.add_argument("--export-path", default=EXPORT_PATH, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.backend_list = [b for b in args.backends.split(",") if b]
    for b in args.backend_list:
        if b not in ("sqlite3", "pgsql"):
            ap.error("unknown backend %r" % b)
    if not os.path.exists(args.module):
        ap.error("no module at %s (make it first)" % args.module)
    return args


def main(argv=None):
    args = parse_args(argv)
    backends = args.backend_list

    import pki
    pki_dir = rmtest.make_dir("rm-bench-hr-pki-")
    pg = None
    results = []
    try:
        signing = pki.make_pki(pki_dir)["signing"][args.key]
        if "pgsql" in backends:
            pg = rmtest.Postgres().start()
        for b in backends:
            log("%s: seeding %d x %d ..." % (b, args.programmes, args.per_programme))
            results.append(bench_backend(b, args, pg, signing))
    except RunError as e:
        print("bench-hr: %s" % e, file=sys.stderr)
        return 2
    finally:
        if pg:
            pg.stop()
        shutil.rmtree(pki_dir, ignore_errors=True)
    if args.seed_only:
        for res in results:
            print("%s: %d export records seeded in %.1f s" % (
                res["backend"], res["expected"], res["seed_seconds"]))
        return 0
    return 1 if report(results, args) else 0


if __name__ == "__main__":
    sys.exit(main())
