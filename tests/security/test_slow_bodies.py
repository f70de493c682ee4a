"""Slow, stalled and truncated request bodies.  The demo configuration has
RequestReadTimeout body=10,MinRate=500 and Timeout 20: a POST whose body
stalls or trickles is timed out, a body cut short is refused, and nothing of
any of them is stored, though each carried a complete, valid form with a
valid token in the part it did send.  Meanwhile the server keeps answering
everyone else promptly.

One test per backend: the stalled connections are held together, so the
whole test takes about one body timeout (~10-15 s)."""
import socket
import threading
import time
import urllib.parse

import pytest

import rmtest
from hostile import alive, basic, read_response, server_sql

BODY_TIMEOUT = 10           # RequestReadTimeout body=10 in conf/demo/httpd.conf
# SQLite: more stalled POSTs than the 2 children the demo starts with have
# database connections (DBDMax 10 each, conf/demo/dbd-sqlite3.conf; 25 threads
# per child).  PostgreSQL has DBDMax 25 = ThreadsPerChild, so its pool cannot
# run dry before the threads do: a smaller number, well below MaxRequestWorkers.
STALLED = {"sqlite3": 24, "pgsql": 12}


def form_body(server, user):
    return urllib.parse.urlencode(dict(rmtest.MENTOR_FORM,
                                       csrf=rmtest.forge_token(server, user))).encode()


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
        body = form_body(self.server, self.user)
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
    n = STALLED[server.db]
    users = server.add_load_users(n, start=70000 if server.db == "sqlite3" else 71000)
    attempts = [Attempt(server, programme, u, kinds[i % len(kinds)])
                for i, u in enumerate(users)]
    for a in attempts:
        a.start()
    time.sleep(1.0)

    # everyone else is served promptly while the bodies stall
    waits = []
    for _ in range(6):
        t0 = time.time()
        r = server.client("staff1").get("/", timeout=60)
        waits.append(round(time.time() - t0, 2))
        assert r.status_code == 200
        time.sleep(0.2)

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
    assert max(waits) < 2.0, (
        "with %d POST bodies stalled, a plain GET waited %s s: each stalled POST "
        "holds a database connection while its body trickles in (rm_dispatch opens "
        "the database before reading the body); outcomes (status, seconds): %s"
        % (n, waits, outcomes))
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
    r = c.post("/programmes/%d/apply/mentor" % programme, rmtest.MENTOR_FORM,
               token=rmtest.forge_token(server, user))
    assert r.status_code == 303
    assert len(stored(server, [user])) == 1
