"""The result cache (mod_rmentor/data/cache.c, pgnotify.c): it is used, pages read
the same data as without it, a change made anywhere (another child, another
program writing to the database) shows on the next page, and it turns itself
off while PostgreSQL's change notifications cannot be heard."""
import os
import re
import subprocess
import time

import pytest

import rmtest
from rmtest import apply, app_id, text_of
from test_applications import server_sql

BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")

# trace1 logs "cache hit LABEL" / "cache miss LABEL" (labels only)
TRACE = "LogLevel warn rmentor:trace1\n"


@pytest.fixture(scope="module", params=BACKENDS)
def traced(request):
    def ready(srv):
        # the first request creates the schema; the listener (PostgreSQL) starts
        assert srv.client("staff1").get("/").status_code == 200
        if srv.db == "pgsql":
            wait_for_caching(srv)
    yield from rmtest.backend_server(request, TRACE, ready)


def count(srv, what, label):
    pat = re.compile(r"RMENTOR: cache %s %s$" % (what, re.escape(label)))
    return sum(1 for line in srv.log_lines() if pat.search(line))


def wait_for_caching(srv, timeout=10):
    """Until a repeated read is served from the cache (PostgreSQL: once the
    child's listener is connected)."""
    end = time.time() + timeout
    c = srv.client("staff1")
    while time.time() < end:
        before = count(srv, "hit", "rm_prog_open")
        for _ in range(4):
            assert c.get("/").status_code == 200
        if count(srv, "hit", "rm_prog_open") > before:
            return
        time.sleep(0.2)
    raise AssertionError("the cache never served a read")


def fresh(srv, user, path):
    """A new connection each time, so requests spread over the children."""
    return srv.client(user).get(path)


def test_repeated_reads_are_served_from_the_cache(traced):
    rmtest.create_programme(traced, name="Cached programme")
    before = count(traced, "hit", "rm_prog_open")
    c = traced.client("staff1")
    for _ in range(20):
        r = c.get("/")
        assert r.status_code == 200 and "Cached programme" in r.text
    # each child misses once after the change above, then hits (a slow
    # sanitiser build spreads the requests over more children)
    assert count(traced, "hit", "rm_prog_open") - before >= 10


def test_a_write_shows_on_the_very_next_page_in_every_child(traced):
    pid = rmtest.create_programme(traced, name="Read your writes")
    user, = traced.add_load_users(1, start=901)
    for _ in range(8):          # every child caches the home page's reads
        assert "You have not applied" in text_of(fresh(traced, user, "/"))
    aid = app_id(apply(traced, user, pid))
    for _ in range(12):
        page = text_of(fresh(traced, user, "/"))
        assert "Read your writes" in page and "You have not applied" not in page
        assert fresh(traced, user, "/applications/%d" % aid).status_code == 200
    # withdrawn: the next page of every child says so
    for _ in range(6):
        fresh(traced, user, "/applications/%d" % aid)
    r = traced.client(user).post("/applications/%d/withdraw" % aid,
                                 token_from="/applications/%d" % aid)
    assert r.status_code == 303
    for _ in range(12):
        assert "Withdrawn" in text_of(fresh(traced, user, "/applications/%d" % aid))


def test_a_change_made_outside_httpd_shows_on_the_next_page(traced):
    """sqlite3's shell or psql writing to the database: SQLite tells every
    connection (PRAGMA data_version); PostgreSQL notifies the listeners."""
    pid = rmtest.create_programme(traced, name="Named in httpd")
    for _ in range(8):
        assert "Named in httpd" in text_of(fresh(traced, "staff1", "/programmes/%d" % pid))
    server_sql(traced, "UPDATE programme SET name = 'Renamed outside' WHERE id = %d" % pid)
    if traced.db == "pgsql":
        # the notification travels from PostgreSQL to each child's listener
        end = time.time() + 2
        while time.time() < end and "Renamed outside" not in text_of(
                fresh(traced, "staff1", "/programmes/%d" % pid)):
            time.sleep(0.01)
    for _ in range(12):
        page = text_of(fresh(traced, "staff1", "/programmes/%d" % pid))
        assert "Renamed outside" in page and "Named in httpd" not in page


def test_one_persons_rows_never_reach_another(traced):
    pid = rmtest.create_programme(traced, name="Private rows")
    owner, other = traced.add_load_users(2, start=911)
    aid = app_id(apply(traced, owner, pid, gain="ONLY THE OWNER MAY READ THIS"))
    for _ in range(6):
        assert "ONLY THE OWNER" in text_of(fresh(traced, owner, "/applications/%d" % aid))
        assert "Private rows" in text_of(fresh(traced, owner, "/"))
    for _ in range(6):
        r = fresh(traced, other, "/applications/%d" % aid)
        assert r.status_code in (403, 404) and "ONLY THE OWNER" not in r.text
        home = fresh(traced, other, "/")
        assert "You have not applied" in text_of(home)
        assert "/applications/%d" % aid not in home.text


def test_cache_off_reads_the_database_every_time():
    srv = rmtest.Httpd("sqlite3", extra_conf=TRACE + "RMentorCache Off\n").start()
    try:
        pid = rmtest.create_programme(srv, name="Uncached")
        for _ in range(5):
            assert "Uncached" in text_of(srv.client("staff1").get("/programmes/%d" % pid))
        server_sql(srv, "UPDATE programme SET name = 'Still uncached' WHERE id = %d" % pid)
        assert "Still uncached" in text_of(srv.client("staff1").get("/programmes/%d" % pid))
    finally:
        srv.stop()
    assert not any("RMENTOR: cache hit" in line for line in srv.log_lines())
    assert not srv.log_problems()
    srv.cleanup()


@pytest.mark.parametrize("conf,message", [
    ("RMentorCacheSize 10\n", "RMentorCacheSize must be a number of kilobytes from 64"),
    ("RMentorCacheSize lots\n", "RMentorCacheSize must be a number of kilobytes"),
    ("RMentorCache maybe\n", "RMentorCache must be On or Off"),
    ("<VirtualHost 127.0.0.1:1>\nRMentorCache Off\n</VirtualHost>\n",
     "cannot occur within <VirtualHost> section"),
])
def test_cache_directives_are_checked(conf, message):
    srv = rmtest.Httpd("sqlite3", extra_conf=conf)
    try:
        r = subprocess.run(["apache2", "-t", "-f", srv.conf], capture_output=True, text=True)
        assert r.returncode != 0 and message in r.stderr, r.stderr
    finally:
        srv.cleanup()


def test_lost_listener_stops_the_cache_until_it_is_back(traced):
    """PostgreSQL: while a child's listening connection is down, a change goes
    unannounced; nothing cached before may be served, and caching resumes
    once the listener is back."""
    if traced.db != "pgsql":
        pytest.skip("SQLite asks the database on every request; no listener")
    pid = rmtest.create_programme(traced, name="Before the outage")
    for _ in range(8):
        assert "Before the outage" in text_of(fresh(traced, "staff1", "/programmes/%d" % pid))
    traced.expect_log(r"lost the PostgreSQL connection that listens")
    killed = server_sql(traced, "SELECT count(pg_terminate_backend(pid)) FROM "
                        "pg_stat_activity WHERE application_name = "
                        "'mod_rmentor cache listener' AND datname = current_database() "
                        "AND usename = current_user")
    assert int(killed[0][0]) >= 1
    server_sql(traced, "UPDATE programme SET name = 'During the outage' WHERE id = %d" % pid)
    # the notification for that change reached nobody: the page must still be
    # right, whether the listener is back yet or not
    for _ in range(12):
        page = text_of(fresh(traced, "staff1", "/programmes/%d" % pid))
        assert "During the outage" in page and "Before the outage" not in page
    end = time.time() + 10
    while time.time() < end and not any("listening for changes again" in line
                                        for line in traced.log_lines()):
        time.sleep(0.2)
    assert any("listening for changes again" in line for line in traced.log_lines())
    wait_for_caching(traced)


def test_every_table_notifies_its_changes(traced):
    """PostgreSQL: a table without the rm_notify_change trigger would change
    unannounced and other servers would keep serving what it held before.
    The audit trail alone is silent: no cached statement reads it (test_data's
    test_no_cached_statement_reads_the_audit), and audited views write it."""
    if traced.db != "pgsql":
        pytest.skip("SQLite needs no triggers: every request asks its connection")
    silent = server_sql(traced, "SELECT c.relname FROM pg_class c WHERE c.relkind = 'r' "
                        "AND c.relnamespace = current_schema()::regnamespace "
                        "AND c.relname NOT IN ('rm_schema', 'audit') AND NOT EXISTS (SELECT 1 FROM "
                        "pg_trigger t WHERE t.tgrelid = c.oid AND t.tgfoid = "
                        "'rm_notify_change'::regproc) ORDER BY 1")
    tables = server_sql(traced, "SELECT count(*) FROM pg_class c WHERE c.relkind = 'r' "
                        "AND c.relnamespace = current_schema()::regnamespace")
    assert int(tables[0][0]) >= 6 and silent == []
