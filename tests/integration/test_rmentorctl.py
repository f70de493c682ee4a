"""rmentorctl: the data layer outside httpd, on SQLite and PostgreSQL.

It reads the server's own configuration (Define, Include, DBDriver,
DBDParams), reports and applies the same migrations the module carries, and
lists what the module stored; its exit codes say what happened."""
import os
import subprocess

import pytest

import rmtest

CTL = os.path.join(rmtest.ROOT, "build", "rmentorctl")
BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")


def ctl(*args):
    """Run rmentorctl as the server's user (a SQLite file and its WAL must
    stay the server's)."""
    cmd = [CTL] + list(args)
    if rmtest.IS_ROOT:
        cmd = ["runuser", "-u", "www-data", "--"] + cmd
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


@pytest.fixture(params=BACKENDS)
def fresh(request):
    """A server's configuration on an empty database, not started."""
    params = ""
    if request.param == "pgsql":
        params = request.getfixturevalue("postgres").new_database()
    srv = rmtest.Httpd(request.param, params)
    yield srv
    srv.stop()
    problems = srv.log_problems()
    if not problems:
        srv.cleanup()
    assert not problems, "\n".join(problems)


def test_status_and_migrate_from_the_servers_own_configuration(fresh):
    r = ctl("-f", fresh.conf, "schema", "status")
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "schema at version 0; this build knows 12" in r.stdout
    assert "rmentorctl schema migrate" in r.stdout

    r = ctl("-f", fresh.conf, "schema", "migrate")
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert "schema at version 12: current" in r.stdout
    assert "applied schema migration 004_one_role_per_programme.sql" in r.stderr

    r = ctl("-f", fresh.conf, "schema", "status")
    assert r.returncode == 0 and "current" in r.stdout
    # migrating again changes nothing
    r = ctl("-f", fresh.conf, "schema", "migrate")
    assert r.returncode == 0 and "applied" not in r.stderr

    # the module finds the schema current and applies nothing
    fresh.start()
    assert fresh.client("staff1").get("/").status_code == 200
    pid = rmtest.create_programme(fresh, name="Listed by\trmentorctl")
    fresh.stop()
    assert not any("applied schema migration" in line for line in fresh.log_lines())

    r = ctl("-f", fresh.conf, "programmes", "list")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "id\tname\topens\tcloses\tstarts"
    row = [line.split("\t") for line in lines[1:] if line.startswith("%d\t" % pid)]
    assert row and row[0][1] == "Listed by rmentorctl" and len(row[0]) == 5


def test_a_listing_never_migrates(fresh):
    r = ctl("-f", fresh.conf, "programmes", "list")
    assert r.returncode == 65, (r.stdout, r.stderr)
    assert "not current" in r.stderr
    assert ctl("-f", fresh.conf, "schema", "status").returncode == 1


def test_a_schema_newer_than_the_build_is_refused(fresh):
    assert ctl("-f", fresh.conf, "schema", "migrate").returncode == 0
    sql = "INSERT INTO rm_schema (version, applied_at) VALUES (99, 0)"
    if fresh.db == "sqlite3":
        cmd = ["sqlite3", os.path.join(fresh.dir, "db", "rmentor.db"), sql]
        if rmtest.IS_ROOT:
            cmd = ["runuser", "-u", "www-data", "--"] + cmd
        subprocess.run(cmd, check=True, timeout=60)
    else:
        p = dict(kv.split("=", 1) for kv in fresh.pg_params.split())
        subprocess.run(["psql", "-h", p["host"], "-p", p["port"], "-U", p["user"],
                        "-d", p["dbname"], "-c", sql], check=True, timeout=60,
                       capture_output=True, env=dict(os.environ, PGPASSWORD=p["password"]))
    r = ctl("-f", fresh.conf, "schema", "status")
    assert r.returncode == 65 and "newer than this build" in r.stdout
    r = ctl("-f", fresh.conf, "schema", "migrate")
    assert r.returncode == 65


def test_relative_includes_resolve_against_server_root(tmp_path):
    """As Debian's apache2.conf: no ServerRoot line in the file (httpd's
    default), or one; Include with a glob, IncludeOptional of nothing, a
    Define used in DBDParams."""
    root = tmp_path / "etc"
    (root / "mods-enabled").mkdir(parents=True)
    db = tmp_path / "db.sqlite"
    (root / "mods-enabled" / "rmentor.conf").write_text(
        "# the module's configuration\nDBDriver sqlite3\nDBDParams ${DBFILE}\n")
    (root / "apache2.conf").write_text(
        "ServerRoot \"%s\"\nDefine DBFILE %s\nInclude mods-enabled/*.conf\n"
        "IncludeOptional conf-enabled/*.conf\n" % (root, db))
    os.chmod(tmp_path, 0o755)
    r = subprocess.run([CTL, "-f", str(root / "apache2.conf"), "schema", "status"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "schema at version 0" in r.stdout, (r.stdout, r.stderr)


def test_exit_codes_for_bad_use():
    assert ctl().returncode == 64
    assert ctl("schema").returncode == 64
    assert ctl("schema", "drop").returncode == 64
    assert ctl("-d", "sqlite3", "schema", "status").returncode == 64
    r = ctl("-f", "/nonexistent/httpd.conf", "schema", "status")
    assert r.returncode == 78 and "cannot read /nonexistent/httpd.conf" in r.stderr
    r = ctl("-d", "mysql", "-p", "x", "schema", "status")
    assert r.returncode == 78
    r = ctl("-d", "pgsql", "-p", "host=127.0.0.1 port=1 dbname=x user=x password=secret "
            "connect_timeout=2", "schema", "status")
    assert r.returncode == 69 and "secret" not in r.stderr
    assert ctl("--help").returncode == 0


def test_matching_suggest_prints_the_modules_suggestion(fresh):
    """`matching suggest` reads the cohort through the module's statements and
    prints the same optimal pairs the matching page would draft, writing
    nothing."""
    fresh.start()
    pid = rmtest.create_programme(fresh)
    answers = {
        "mentor1": ("mentor", {"topic-barriers": "1", "slot-mon-am": "1"}),
        "mentor2": ("mentor", {"topic-culture": "1", "department": "Finance",
                               "line_manager": "senior2"}),
        "senior1": ("senior", {"topic-barriers": "1", "slot-mon-am": "1"}),
        "senior2": ("senior", {"topic-culture": "1"}),
    }
    admin = fresh.client("admin")
    for user, (role, extra) in answers.items():
        aid = rmtest.app_id(rmtest.apply(fresh, user, pid, role, **extra))
        r = admin.post("/admin/applications/%d/decision" % aid,
                       {"decision": "accepted", "reason": ""},
                       token_from="/applications/%d" % aid)
        assert r.status_code == 303
        # trained by an admin's override
        r = admin.post("/admin/programmes/%d/training/override" % pid,
                       {"action": "record", "application": str(aid),
                        "reason": "Trained on the previous programme."},
                       token_from="/admin/programmes/%d/training" % pid)
        assert r.status_code == 303, r.text[:500]
    r = ctl("-f", fresh.conf, "matching", "suggest", str(pid))
    assert r.returncode == 0, (r.stdout, r.stderr)
    rows = [l.split("\t") for l in r.stdout.splitlines() if not l.startswith("#")][1:]
    # mentor2 may not have senior2 (line manager): the only full assignment
    # pairs mentor1 with senior2 and mentor2 with senior1, though mentor1 and
    # senior1 share more
    assert sorted((m, s) for m, s, *_ in rows) == [("Amara Okafor", "Robert Kerr"),
                                                  ("Priya Shah", "Helen Graham")]
    assert "2 pairs" in r.stdout.splitlines()[0]
    # nothing written: the module shows no draft
    assert "has not been run" in rmtest.text_of(admin.get("/admin/programmes/%d/matching" % pid))
    assert ctl("-f", fresh.conf, "matching", "suggest", "999999").returncode == 65
    assert ctl("-f", fresh.conf, "matching", "suggest", "x").returncode == 64
    assert ctl("-f", fresh.conf, "programmes", "list", "3").returncode == 64
