"""Concurrent writers: each gets its own outcome, and an acknowledged write is
stored.  On SQLite the writers of a child share one COMMIT (db.c, "group
commit"), each in its own SAVEPOINT; these tests fire many writes at once so
that groups form, and check that one writer's failure costs only that writer,
and that a failure which ends the shared transaction fails every writer in it
(503) rather than acknowledging a write that is not stored."""
import os
import re
import threading

import pytest

import rmtest
from rmtest import MENTOR_FORM

BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")
N_WRITERS = 48
GROUP_LINE = re.compile(r"(committed|rolled back) a group of (\d+) writers?")


@pytest.fixture(scope="module", params=BACKENDS)
def gserver(request):
    # rmentor:debug: the group commit logs the size of every group
    yield from rmtest.backend_server(request, "LogLevel warn rmentor:debug\n")


def sql(srv, statement):
    from test_applications import server_sql
    return server_sql(srv, statement)


def burst(srv, pid, users):
    """Every user submits a Mentor application at the same moment (valid form
    tokens made beforehand, then one barrier); returns {user: status}."""
    path = "/programmes/%d/apply/mentor" % pid
    tokens = {u: rmtest.forge_token(srv, u, action=path) for u in users}
    go = threading.Barrier(len(users))
    out = {}

    def post(u):
        go.wait()
        r = srv.client(u).post(path, MENTOR_FORM, token=tokens[u], timeout=60,
                               headers={"Connection": "close"})
        out[u] = r.status_code
    ts = [threading.Thread(target=post, args=(u,)) for u in users]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


def stored(srv, pid):
    """Principals with an application to pid, and with its audit row."""
    apps = {r[0] for r in sql(srv, "SELECT p.principal FROM application a JOIN person p "
                                   "ON p.id = a.person_id WHERE a.programme_id = %d" % pid)}
    audited = {r[0] for r in sql(srv, "SELECT a.actor FROM audit a JOIN application x "
                                      "ON x.id = a.entity_id WHERE a.entity = 'application' "
                                      "AND a.action = 'application.submit' "
                                      "AND x.programme_id = %d" % pid)}
    return apps, audited


def group_sizes(srv, since):
    return [(m.group(1), int(m.group(2))) for m in
            (GROUP_LINE.search(x) for x in srv.log_lines()[since:]) if m]


def test_one_writers_failure_costs_only_that_writer(gserver):
    """Half the writers fail (their audit insert is refused inside the
    transaction): they get 503 and nothing of theirs is stored; the other half
    get 303 and are stored, audit row included, whoever shared their commit."""
    srv = gserver
    grouped = False
    for rnd in range(5):
        pid = rmtest.create_programme(srv)
        bad = srv.add_load_users(N_WRITERS // 2, start=9000 + 100 * rnd)
        good = srv.add_load_users(N_WRITERS // 2, start=20000 + 100 * rnd)
        where = "NEW.actor LIKE 'load9%'"
        trig = {
            "sqlite3": ["CREATE TRIGGER rm_test_fail BEFORE INSERT ON audit WHEN %s "
                        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END" % where],
            "pgsql": ["CREATE OR REPLACE FUNCTION rm_test_fail() RETURNS trigger AS "
                      "$$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ "
                      "LANGUAGE plpgsql",
                      "CREATE TRIGGER rm_test_fail BEFORE INSERT ON audit FOR EACH ROW "
                      "WHEN (%s) EXECUTE FUNCTION rm_test_fail()" % where],
        }[srv.db]
        for s in trig:
            sql(srv, s)
        srv.expect_log(r"statement rm_audit failed: .*injected failure")
        since = len(srv.log_lines())
        try:
            got = burst(srv, pid, bad + good)
        finally:
            sql(srv, "DROP TRIGGER rm_test_fail" + (" ON audit" if srv.db == "pgsql" else ""))
        assert {u: s for u, s in got.items() if s != (503 if u in bad else 303)} == {}
        apps, audited = stored(srv, pid)
        assert apps == set(good) and audited == set(good)
        if srv.db != "sqlite3":
            return
        sizes = group_sizes(srv, since)
        # every writer was in exactly one group, and every group committed:
        # the failures were each rolled back to their own savepoint
        assert sum(n for _, n in sizes) == N_WRITERS, sizes
        assert all(what == "committed" for what, _ in sizes), sizes
        grouped = grouped or max(n for _, n in sizes) > 1
    assert grouped, "no two writers ever shared a commit in 5 bursts of %d" % N_WRITERS


def test_a_failure_that_ends_the_transaction_fails_its_whole_group(gserver):
    """A writer whose statement ends the shared transaction (SQLite's
    RAISE(ROLLBACK), as an I/O error or a full disk would) takes the writes of
    its group with it: every one of them must be told 503, and every write
    acknowledged with a 303 must be stored."""
    srv = gserver
    if srv.db != "sqlite3":
        pytest.skip("group commit is SQLite's: PostgreSQL commits each writer")
    srv.expect_log(r"statement rm_audit failed: .*transaction poisoned|"
                   r"cannot roll back a savepoint|rolling back its group")
    victims_seen = False
    for rnd in range(5):
        pid = rmtest.create_programme(srv)
        users = srv.add_load_users(N_WRITERS, start=40000 + 100 * rnd)
        poisoner = users[N_WRITERS // 2]
        sql(srv, "CREATE TRIGGER rm_test_poison BEFORE INSERT ON audit WHEN NEW.actor = "
                 "'%s' BEGIN SELECT RAISE(ROLLBACK, 'transaction poisoned'); END" % poisoner)
        since = len(srv.log_lines())
        try:
            got = burst(srv, pid, users)
        finally:
            sql(srv, "DROP TRIGGER rm_test_poison")
        apps, audited = stored(srv, pid)
        acked = {u for u, s in got.items() if s == 303}
        assert set(got.values()) <= {303, 503}, got
        assert got[poisoner] == 503
        assert apps == acked and audited == acked
        sizes = group_sizes(srv, since)
        assert sum(n for _, n in sizes) == N_WRITERS, sizes
        failed = [n for what, n in sizes if what == "rolled back"]
        assert len(failed) == 1 and N_WRITERS - len(acked) == failed[0], (sizes, got)
        victims_seen = victims_seen or failed[0] > 1
    assert victims_seen, "the poisoning writer never shared a group in 5 bursts"
    # and the next writes go through
    pid = rmtest.create_programme(srv)
    assert rmtest.apply(srv, "mentor1", pid).status_code == 303
