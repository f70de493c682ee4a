"""The result cache with two virtual hosts in one child process, one on SQLite
and one on PostgreSQL (security review, issue 11, finding 6).

Each database decides on its own whether the child may serve its reads from
the cache: SQLite because every request asks its connection (PRAGMA
data_version), PostgreSQL only while the child's listener hears its
notifications.  A SQLite request must not switch caching on for PostgreSQL
while the listener is down, and the PostgreSQL listener going down must not
switch it off for SQLite.

The listener is kept from connecting with the role's CONNECTION LIMIT 1 and
DBDMin/DBDKeep/DBDMax 1: mod_dbd's pooled connection, opened when the child
starts, takes the only slot, so the pages work while nothing listens."""
import os
import re
import subprocess
import time

import pytest

import rmtest
from rmtest import text_of

BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")
pytestmark = pytest.mark.skipif(not {"sqlite3", "pgsql"} <= set(BACKENDS),
                                reason="needs both backends")

LISTEN_DOWN = r"cannot connect to PostgreSQL to listen|lost the PostgreSQL connection"

# One child, so that both virtual hosts share one cache; trace1 logs
# "cache hit LABEL" / "cache miss LABEL".  MinSpareThreads below the one
# child's threads: equal to them, httpd logs AH10159 (at error level)
# whenever a request is in flight during its maintenance (seen under ASan).
CONF = """
LogLevel warn rmentor:trace1
<IfModule mpm_event_module>
    StartServers 1
    ServerLimit 1
    ThreadsPerChild 25
    MaxRequestWorkers 25
    MinSpareThreads 5
    MaxSpareThreads 25
</IfModule>
Listen 127.0.0.1:%(port)d
<VirtualHost 127.0.0.1:%(port)d>
    ServerName 127.0.0.1:%(port)d
    DBDriver pgsql
    DBDParams "%(params)s"
    DBDMin 1
    DBDKeep 1
    DBDMax 1
</VirtualHost>
"""


class View:
    """The same httpd seen through the PostgreSQL virtual host's port, for
    rmtest's helpers (create_programme, Client)."""

    def __init__(self, srv, port):
        self.srv = srv
        self.base = "http://127.0.0.1:%d/mentoring" % port
        self.origin = "http://127.0.0.1:%d" % port

    def client(self, user=None, password=rmtest.PASSWORD):
        return rmtest.Client(self, user, password)


def role_of(params):
    return dict(kv.split("=", 1) for kv in params.split())["user"]


def dbname_of(params):
    return dict(kv.split("=", 1) for kv in params.split())["dbname"]


@pytest.fixture
def two_hosts(postgres):
    """(httpd, PostgreSQL view, libpq params): the main server on SQLite, a
    virtual host on its own port on PostgreSQL, one child process."""
    params = postgres.new_database()
    # the module makes a schema once per child, for the first database it
    # sees (SQLite's here): PostgreSQL's is applied beforehand, as a DBA would
    subprocess.run([os.path.join(rmtest.ROOT, "scripts", "rm-migrate-pgsql"), params],
                   check=True, capture_output=True, text=True, timeout=60)
    port = rmtest.free_port()
    srv = rmtest.Httpd("sqlite3", extra_conf=CONF % {"port": port, "params": params})
    srv.expect_log(LISTEN_DOWN)
    srv.start()
    try:
        yield srv, View(srv, port), params
    finally:
        srv.stop()
    problems = srv.log_problems()
    pids = {m.group(1) for line in srv.log_lines()
            for m in [re.search(r"\[pid (\d+)", line)] if m}
    if not problems:
        srv.cleanup()
    assert not problems, "\n".join(problems[:40])
    # the premise: one child served both hosts (the parent logs no request)
    assert len(pids) <= 2, pids


def hits(srv, label):
    pat = re.compile(r"RMENTOR: cache hit %s$" % re.escape(label))
    return sum(1 for line in srv.log_lines() if pat.search(line))


def listeners(postgres, params):
    return int(postgres.psql("SELECT count(*) FROM pg_stat_activity WHERE "
                             "application_name = 'mod_rmentor cache listener' "
                             "AND datname = '%s'" % dbname_of(params)).strip())


def wait_log(srv, pattern, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if any(re.search(pattern, line) for line in srv.log_lines()):
            return
        time.sleep(0.1)
    raise AssertionError("no %r in error.log" % pattern)


def test_a_sqlite_request_never_turns_on_caching_for_postgresql(postgres, two_hosts):
    srv, pg, params = two_hosts
    postgres.psql("ALTER ROLE %s CONNECTION LIMIT 1" % role_of(params))
    # SQLite first: it creates the SQLite schema, and may use its cache
    assert srv.client("staff1").get("/").status_code == 200
    pid = rmtest.create_programme(pg, name="Named through httpd")
    # the first PostgreSQL request starts the listener, which is refused
    wait_log(srv, r"cannot connect to PostgreSQL to listen")
    assert listeners(postgres, params) == 0
    for _ in range(4):
        assert srv.client("staff1").get("/").status_code == 200
        assert "Named through httpd" in text_of(
            pg.client("staff1").get("/programmes/%d" % pid))
    # changed behind the module's back: nobody hears the notification
    postgres.psql("UPDATE programme SET name = 'Renamed by psql' WHERE id = %d" % pid,
                  db=dbname_of(params))
    for _ in range(4):
        page = text_of(pg.client("staff1").get("/programmes/%d" % pid))
        assert "Renamed by psql" in page and "Named through httpd" not in page, (
            "a stale row from the cache while the PostgreSQL listener is down")
    # and SQLite still used its cache all along
    assert hits(srv, "rm_prog_open") > 0


def test_losing_the_postgresql_listener_leaves_sqlite_caching_on(postgres, two_hosts):
    srv, pg, params = two_hosts
    assert srv.client("staff1").get("/").status_code == 200
    pid = rmtest.create_programme(pg, name="Listened to")
    end = time.time() + 10
    while time.time() < end and listeners(postgres, params) == 0:
        time.sleep(0.1)
    assert listeners(postgres, params) == 1
    # the listener goes and cannot come back (the pool holds the one slot)
    postgres.psql("ALTER ROLE %s CONNECTION LIMIT 1" % role_of(params))
    postgres.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                  "application_name = 'mod_rmentor cache listener' "
                  "AND datname = '%s'" % dbname_of(params))
    wait_log(srv, r"lost the PostgreSQL connection that listens")
    # SQLite: repeated reads are still served from the cache
    before = hits(srv, "rm_prog_open")
    c = srv.client("staff1")
    for _ in range(6):
        assert c.get("/").status_code == 200
    assert hits(srv, "rm_prog_open") - before >= 4
    # PostgreSQL: read from the database, so a change by psql shows at once
    postgres.psql("UPDATE programme SET name = 'Renamed unheard' WHERE id = %d" % pid,
                  db=dbname_of(params))
    assert "Renamed unheard" in text_of(pg.client("staff1").get("/programmes/%d" % pid))
