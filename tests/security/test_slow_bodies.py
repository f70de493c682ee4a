"""Slow, stalled and truncated request bodies.  The demo configuration has
RequestReadTimeout body=10,MinRate=500 and Timeout 20: a POST whose body
stalls or trickles is timed out, a body cut short is refused, and nothing of
any of them is stored, though each carried a complete, valid form with a
valid token in the part it did send.  Meanwhile the server keeps answering
everyone else promptly.

The stalled connections of a test are held together, so each test takes
about one body timeout (~10-15 s)."""
import socket
import threading
import time
import urllib.parse

import pytest

import rmtest
from hostile import alive, basic, read_response, server_sql

BODY_TIMEOUT = 10           # RequestReadTimeout body=10 in conf/demo/httpd.conf
STALLED = 8                 # fewer than one child's database connections (DBDMax)


def form_body(server, programme, user):
    """The Mentor form for programme, with a valid token of user's for it."""
    tok = rmtest.forge_token(server, user, action="/programmes/%d/apply/mentor" % programme)
    return urllib.parse.urlencode(dict(rmtest.MENTOR_FORM, csrf=tok)).encode()


def post_head(server, programme, user, length):
    return ("POST /mentoring/programmes/%d/apply/mentor HTTP/1.1\r\n"
            "Host: 127.0.0.1:%d\r\nAuthorization: %s\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: %d\r\n\r\n" % (programme, server.port, basic(user),
                                            length)).encode()


class Attempt(threading.Thread):
    """One hostile POST on its own socket; records how it ended."""

    def __init__(self, server, programme, user, kind):
        super().__init__(daemon=True)
        self.server, self.programme, self.user, self.kind = server, programme, user, kind
        self.status = None
        self.closed = False
        self.seconds = None
        self.error = None

    def run(self):
        body = form_body(self.server, self.programme, self.user)
        t0 = time.time()
        try:
            s = socket.create_connection(("127.0.0.1", self.server.port), timeout=60)
            if self.kind == "stall-headers":
                # the whole form is in the part that is sent, the declared
                # length is longer: only the timeout ends it
                s.sendall(post_head(self.server, self.programme, self.user, len(body) + 200))
            elif self.kind == "stall-body":
                s.sendall(post_head(self.server, self.programme, self.user, len(body) + 200)
                          + body)
            elif self.kind == "drip":
                s.sendall(post_head(self.server, self.programme, self.user, len(body) + 1))
                # one byte every 0.4 s: far below MinRate=500 bytes/s
                s.settimeout(0.4)
                for b in body:
                    try:
                        s.send(bytes([b]))
                    except OSError:
                        break
                    try:
                        if s.recv(1, socket.MSG_PEEK):
                            break       # the server answered: stop sending
                    except socket.timeout:
                        pass
                    except OSError:
                        break
            elif self.kind == "truncated":
                s.sendall(post_head(self.server, self.programme, self.user, len(body) + 500)
                          + body)
                s.shutdown(socket.SHUT_WR)        # then close our side
            r = read_response(s, timeout=60)
            self.status, self.closed = r.status, r.closed
            s.close()
        except OSError as e:
            self.error = repr(e)
        self.seconds = time.time() - t0


def stored(server, users):
    q = ",".join("'%s'" % u for u in users)
    return server_sql(server, "SELECT p.principal FROM application a JOIN person p ON "
                              "p.id = a.person_id WHERE p.principal IN (%s)" % q)


def test_slow_and_truncated_bodies_time_out_and_store_nothing(server, programme):
    kinds = ["stall-headers", "stall-body", "drip", "truncated"]
    users = server.add_load_users(STALLED, start=70000 if server.db == "sqlite3" else 71000)
    attempts = [Attempt(server, programme, u, kinds[i % len(kinds)])
                for i, u in enumerate(users)]
    for a in attempts:
        a.start()
    for a in attempts:
        a.join(BODY_TIMEOUT + 40)
    outcomes = {}
    for a in attempts:
        assert a.error is None, (a.kind, a.error)
        outcomes.setdefault(a.kind, []).append((a.status, round(a.seconds, 1)))
    # a refusal (400 from the module, 408 from mod_reqtimeout) or a closed
    # connection; never a redirect (stored)
    assert all(a.status in (None, 400, 408) for a in attempts), outcomes
    assert stored(server, users) == [], "a slow or truncated body was stored"
    alive(server)
    for a in attempts:
        if a.kind == "truncated":
            assert a.seconds < 5, ("a truncated body was not refused at once", outcomes)
        else:
            assert a.seconds < BODY_TIMEOUT + 15, (a.kind, outcomes)


def test_a_stalled_body_then_the_same_form_sent_properly_is_stored_once(server, programme):
    """After the timeout, nothing lingers: the same person sending the same
    form normally gets it stored exactly once."""
    user = server.add_load_users(1, start=72000 + (server.db == "pgsql"))[0]
    a = Attempt(server, programme, user, "truncated")
    a.start()
    a.join(30)
    assert a.status in (None, 400, 408)
    c = server.client(user)
    path = "/programmes/%d/apply/mentor" % programme
    r = c.post(path, rmtest.MENTOR_FORM, token=rmtest.forge_token(server, user, action=path))
    assert r.status_code == 303
    assert len(stored(server, [user])) == 1


# One child, so that where the stalled requests land is known: 25 threads and
# (SQLite, conf/demo/dbd-sqlite3.conf) DBDMax 10 database connections.
ONE_CHILD = """
<IfModule mpm_event_module>
    ServerLimit 1
    StartServers 1
    ThreadsPerChild 25
    MaxRequestWorkers 25
    MinSpareThreads 5
    MaxSpareThreads 30
</IfModule>
"""


def test_stalled_bodies_do_not_starve_other_requests():
    """12 POSTs whose bodies stall hold 12 of the child's 25 threads; the other
    13 must go on serving everyone else at once.  A request waits for the
    body only if it needs it: holding a database connection meanwhile (the
    pool has 10) would make every other request wait for a body timeout.
    SQLite only: PostgreSQL's demo pool (DBDMax 25) is as large as the threads."""
    srv = rmtest.Httpd("sqlite3", extra_conf=ONE_CHILD).start()
    try:
        pid = rmtest.create_programme(srv)
        users = srv.add_load_users(12, start=73000)
        attempts = [Attempt(srv, pid, u, ("stall-headers", "stall-body", "drip")[i % 3])
                    for i, u in enumerate(users)]
        for a in attempts:
            a.start()
        time.sleep(1.0)
        waits = []
        for _ in range(5):
            t0 = time.time()
            r = srv.client("staff1").get("/", timeout=60)
            waits.append(round(time.time() - t0, 2))
            assert r.status_code == 200
            time.sleep(0.1)
        for a in attempts:
            a.join(BODY_TIMEOUT + 40)
        assert all(a.status in (None, 400, 408) for a in attempts)
        assert stored(srv, users) == []
        assert max(waits) < 2.0, (
            "with 12 POST bodies stalled on a child of 25 threads, a plain GET waited "
            "%s s: each stalled POST holds one of the child's 10 database connections "
            "while its body trickles in (rm_dispatch calls rm_db_open before "
            "rm_read_form)" % waits)
    finally:
        srv.stop()
    problems = srv.log_problems()
    assert not problems, "\n".join(problems[:20])
    srv.cleanup()
