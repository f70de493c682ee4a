"""Two admins publishing one programme's draft at once through two web
servers on one PostgreSQL database: the programme row's lock makes one
publication, the other finds no draft (409)."""
import threading

import rmtest
from cohort import Cohort, fresh_users, server_sql, wait_until

ROUNDS = 5


def cohort_with_draft(a):
    c = Cohort(a)
    c.team("admin2", "admin")
    m1, m2 = fresh_users(a, 2)
    c.apply(m1, "mentor", topics=["data"])
    c.apply(m2, "mentor", topics=["culture"])
    c.apply("senior1", "senior", topics=["data"])
    c.apply("senior2", "senior", topics=["culture"])
    c.accept_all()
    c.override_all()
    c.run()
    return c


def test_two_servers_publish_once(cluster):
    a, b = cluster
    for _ in range(ROUNDS):
        c = cohort_with_draft(a)
        assert len(c.draft()) == 2
        path = c.matching + "/publish"
        barrier = threading.Barrier(2)
        out = {}

        def go(srv, user):
            tok = rmtest.forge_token(srv, user, action=path)
            cl = srv.client(user)
            barrier.wait()
            out[user] = cl.post(path, {}, token=tok).status_code

        ts = [threading.Thread(target=go, args=(a, "admin")),
              threading.Thread(target=go, args=(b, "admin2"))]
        for t in ts:
            t.start()
        for t in ts:
            t.join(60)
        assert sorted(out.values()) == [303, 409], out
        assert server_sql(a, "SELECT count(*) FROM pair WHERE programme_id = %d"
                          % c.pid) == [("2",)]
        assert server_sql(a, "SELECT count(*) FROM match_draft WHERE programme_id = %d"
                          % c.pid) == [("0",)]
        # each server shows the pairs (b through its listener, a moment late)
        for srv, user in ((a, "admin"), (b, "admin2")):
            assert wait_until(lambda: "No pairs have been published." not in
                              srv.client(user).get(c.matching).text, timeout=10), srv.base
