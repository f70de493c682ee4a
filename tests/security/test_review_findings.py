"""The findings of the security review of issue 11, each with a test that
failed before its fix: roles for people outside the institution, attribute
values split in the wrong places, a response sent twice, the one-role and
capacity races, and the small things (secret file mode, stylesheet caching,
the 401 challenge, query strings in the access log, HR and facilitator home
pages).  The cache across virtual hosts is tests/integration/
test_cache_vhosts.py; tokens bound to their form are in test_security.py."""
import concurrent.futures
import os
import re
import shutil
import socket
import subprocess

import pytest

import rmtest
from hostile import basic, server_sql, wait_until

ADMIN_ENT = "urn:mace:demo.ac.uk:rmentor:admin"


def mount(path, env):
    """A mount signed in with the demo's Basic accounts whose SSO attributes
    are env (as an SP would set them), whoever signs in."""
    lines = ["<Location %s>" % path,
             "    AuthType Basic", '    AuthName "review"',
             "    AuthBasicProvider file", "    AuthUserFile ${RM_RUN}/htpasswd",
             "    Require valid-user", "    SetHandler rmentor",
             "    RMentorBasePath %s" % path]
    lines += ['    SetEnv %s "%s"' % kv for kv in env.items()]
    return "\n".join(lines + ["</Location>", ""])


def staff(eppn, **more):
    env = {"eppn": eppn, "displayName": "Test Person", "affiliation": "staff@demo.ac.uk"}
    env.update(more)
    return env


EXTRA = "".join([
    "LoadModule env_module /usr/lib/apache2/modules/mod_env.so\n",
    # another institution of the federation sends the admin entitlement
    mount("/foreign", {"eppn": "eve@other.ac.uk", "displayName": "Eve",
                       "affiliation": "staff@other.ac.uk", "entitlement": ADMIN_ENT}),
    # a staff affiliation of ours, but a principal of another institution
    mount("/foreign-principal", staff("eve@other.ac.uk", entitlement=ADMIN_ENT)),
    # one value "a\;urn:...:admin" as Shibboleth SP sends "a\" + ";" escaped
    # (SetEnv's quoted value turns "\\\\" into "\\": four here, two in the
    # environment)
    mount("/split", staff("sam@demo.ac.uk", entitlement="a\\\\\\\\;" + ADMIN_ENT)),
    # in scope, with the entitlement: admin (the control)
    mount("/inscope", staff("ada@demo.ac.uk", entitlement=ADMIN_ENT)),
    # HTTP Basic that does not force sign-in: the module answers the 401
    "<Location /lazy>\n    AuthType Basic\n    AuthName \"lazy demo\"\n"
    "    AuthBasicProvider file\n    AuthUserFile ${RM_RUN}/htpasswd\n"
    "    Require all granted\n    SetHandler rmentor\n    RMentorBasePath /lazy\n"
    "</Location>\n",
])


@pytest.fixture(scope="module", params=["sqlite3"])
def review_server(request):
    yield from rmtest.backend_server(request, EXTRA)


def get(server, path, user="staff1"):
    return server.client(user).get(server.origin + path)


# ---- 1. roles never bypass the institution's scope ----------------------------

def test_another_institution_with_the_admin_entitlement_is_not_staff(review_server):
    r = get(review_server, "/foreign/admin/programmes")
    assert r.status_code == 403
    assert "This service is for staff" in rmtest.text_of(r)
    assert get(review_server, "/foreign/").status_code == 403


def test_a_principal_of_another_institution_gets_no_role(review_server):
    r = get(review_server, "/foreign-principal/admin/programmes")
    assert r.status_code == 403
    assert "You cannot use this page" in rmtest.text_of(r)
    # still staff by its affiliation: the home page works, without admin parts
    r = get(review_server, "/foreign-principal/")
    assert r.status_code == 200 and "Programmes you run" not in r.text


def test_in_scope_entitlement_still_grants_the_role(review_server):
    assert get(review_server, "/inscope/admin/programmes").status_code == 200


# ---- 2. attribute values split by the SSO module's rules ----------------------

def test_escaped_backslash_does_not_split_out_the_admin_entitlement(review_server):
    r = get(review_server, "/split/admin/programmes")
    assert r.status_code == 403
    assert "You cannot use this page" in rmtest.text_of(r)


# ---- 3. one response per request ---------------------------------------------

def raw_exchange(server, path, user="staff1"):
    """The whole byte stream the server sends for one GET, to EOF."""
    req = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: %s\r\n"
           "Connection: close\r\n\r\n" % (path, server.port, basic(user)))
    data = b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as s:
        s.sendall(req.encode("latin-1"))
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data


@pytest.mark.parametrize("query", ["done=a&done=b", "done=%zz", "done=" + "d" * 3000,
                                   "q=" + "x" * 3000])
def test_a_refused_query_gets_one_response_only(server, query):
    data = raw_exchange(server, "/mentoring/?" + query)
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), head[:80]
    m = re.search(rb"\r\nContent-Length: (\d+)", head)
    assert m, head
    # exactly the declared body, and nothing after it (no second page)
    assert len(body) == int(m.group(1)), (len(body), int(m.group(1)), body[-200:])
    assert body.count(b"<!DOCTYPE html>") == 1
    assert b"Address not understood" in body


# ---- 4. one role per programme, under concurrency ------------------------------

def test_two_roles_sent_at_once_store_one_application(server):
    # senior1 may apply in either role: grade 10 and the exco entitlement
    c = server.client("senior1")
    for rnd in range(6):
        pid = rmtest.create_programme(server, name="One role %d" % rnd)
        forms = {role: dict(rmtest.MENTOR_FORM if role == "mentor" else rmtest.SENIOR_FORM,
                            csrf=c.token("/programmes/%d/apply/%s" % (pid, role)))
                 for role in ("mentor", "senior")}

        def send(role):
            return server.client("senior1").post(
                "/programmes/%d/apply/%s" % (pid, role), forms[role], token=False).status_code

        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            codes = sorted(ex.map(send, ["mentor", "senior"]))
        stored = server_sql(server, "SELECT a.role FROM application a JOIN person p "
                                    "ON p.id = a.person_id WHERE p.principal = 'senior1' "
                                    "AND a.programme_id = %d" % pid)
        assert len(stored) == 1, (rnd, codes, stored)
        assert codes.count(303) == 1 and codes[1] in (403, 409), codes


# ---- 5. capacity counted from what holds inside the transaction -----------------

def test_concurrent_decisions_never_exceed_the_places(server):
    users = server.add_load_users(2, start=900)
    for rnd in range(12):
        pid = rmtest.create_programme(server, name="Places %d" % rnd, capacity_mentor="1")
        x = rmtest.app_id(rmtest.apply(server, users[0], pid))
        y = rmtest.app_id(rmtest.apply(server, users[1], pid))
        admin = server.client("admin")

        def decide(aid, dec):
            path = "/admin/applications/%d/decision" % aid
            return admin.post(path, {"decision": dec, "reason": "r"},
                              token_from="/applications/%d" % aid).status_code

        assert decide(x, "accepted") == 303
        # one admin declines X (a place frees), another accepts Y, a third
        # accepts X again: with the status read before the transaction, the
        # third skipped the check (X "was" accepted) after Y took the place
        with concurrent.futures.ThreadPoolExecutor(3) as ex:
            list(ex.map(lambda a: decide(*a),
                        [(x, "declined"), (y, "accepted"), (x, "accepted")]))
        accepted = server_sql(server, "SELECT count(*) FROM application WHERE "
                                      "programme_id = %d AND status = 'accepted'" % pid)
        assert int(accepted[0][0]) <= 1, (rnd, accepted)


# ---- 7. small things -------------------------------------------------------------

def test_stylesheet_is_cacheable(server):
    r = server.client("staff1").get("/static/rmentor.css")
    assert r.status_code == 200
    cc = r.headers.get("Cache-Control", "")
    assert "no-store" not in cc and "max-age=3600" in cc, cc
    assert "Pragma" not in r.headers
    # pages stay no-store
    assert "no-store" in server.client("staff1").get("/").headers["Cache-Control"]


def test_module_401_under_basic_carries_the_challenge(review_server):
    r = rmtest.requests.get(review_server.origin + "/lazy/", timeout=10)
    assert r.status_code == 401
    assert r.headers.get("WWW-Authenticate", "").startswith('Basic realm="lazy demo"')


def test_search_terms_stay_out_of_the_access_log(server, programme):
    secret_name = "Zyxwvut%d" % os.getpid()
    r = server.client("admin").get("/admin/programmes/%d/applications?q=%s"
                                   % (programme, secret_name))
    assert r.status_code == 200
    def logged():
        with open(os.path.join(server.dir, "access.log")) as f:
            return f.read()
    # httpd writes the line after the response has gone
    assert wait_until(lambda: "/admin/programmes/%d/applications" % programme in logged(),
                      timeout=10)
    log = logged()
    assert secret_name not in log


def test_hr_and_facilitator_are_told_what_they_have(server):
    assert "You are recognised as HR" in rmtest.text_of(server.client("hr").get("/"))
    t = rmtest.text_of(server.client("facilitator").get("/"))
    # a facilitator's home lists the programmes they support, or says none
    # has added them yet
    assert "Programmes you support" in t
    assert ("You are recognised as a facilitator" in t) or ("Training" in t and "Matching" in t)
    t = rmtest.text_of(server.client("staff1").get("/"))
    assert "recognised as" not in t and "Programmes you support" not in t


# ---- startup refusals (apache2 -t) ---------------------------------------------------

def config_test(tmpdir_factory, edit, start=True):
    """Start httpd on the demo configuration changed by edit(run_dir,
    conf_text), expecting it to refuse (post_config runs only on a real
    start, not under apache2 -t); start=False: apache2 -t only.  Returns
    (exit code, error.log + stderr)."""
    srv = rmtest.Httpd("sqlite3")
    try:
        demo = os.path.join(rmtest.ROOT, "conf", "demo", "httpd.conf")
        with open(demo) as f:
            text = f.read()
        text = edit(srv.dir, text)
        mine = os.path.join(srv.dir, "demo-httpd.conf")
        with open(mine, "w") as f:
            f.write(text)
        with open(srv.conf) as f:
            top = f.read().replace('Include "%s"' % demo, 'Include "%s"' % mine)
        with open(srv.conf, "w") as f:
            f.write(top)
        if not start:
            r = subprocess.run(["apache2", "-t", "-f", srv.conf], capture_output=True,
                               text=True, timeout=60)
            return r.returncode, r.stderr
        try:
            r = subprocess.run(["apache2", "-f", srv.conf, "-DFOREGROUND"],
                               capture_output=True, text=True, timeout=20)
        except subprocess.TimeoutExpired:
            subprocess.run(["pkill", "-KILL", "-f", srv.conf], check=False)
            return 0, "still running after 20 s"
        return r.returncode, r.stderr + "\n".join(srv.log_lines())
    finally:
        shutil.rmtree(srv.dir, ignore_errors=True)


def test_missing_scope_is_a_startup_error(tmpdir_factory):
    code, log = config_test(tmpdir_factory, lambda d, t: t.replace(
        "RMentorAffiliationScope demo.ac.uk", ""))
    assert code != 0
    assert "RMentorAffiliationScope is not set" in log


def test_secret_readable_by_others_is_a_startup_error(tmpdir_factory):
    def edit(d, t):
        os.chmod(os.path.join(d, "secret"), 0o640)
        return t
    code, log = config_test(tmpdir_factory, edit)
    assert code != 0
    assert "can be read or written by group or others" in log


def test_demo_configuration_passes(tmpdir_factory):
    code, log = config_test(tmpdir_factory, lambda d, t: t, start=False)
    assert code == 0, log


def test_a_decision_counts_places_from_what_holds_under_the_lock(server):
    """Deterministic on PostgreSQL: a session holds the programme row's lock
    while three decisions arrive in order and read the application before
    their transactions; on release they run in that order.  Before the fix
    the third (accept X, read as accepted) skipped the capacity check after
    the second had taken the place X's decline freed."""
    if server.db != "pgsql":
        pytest.skip("an outside session holding a row lock needs PostgreSQL")
    import time
    users = server.add_load_users(2, start=950)
    pid = rmtest.create_programme(server, name="Locked places", capacity_mentor="1")
    x = rmtest.app_id(rmtest.apply(server, users[0], pid))
    y = rmtest.app_id(rmtest.apply(server, users[1], pid))
    admin = server.client("admin")
    forms = {}
    for aid, dec in [(x, "accepted"), (x, "declined"), (y, "accepted"), (x, "accepted2")]:
        forms[(aid, dec)] = admin.token("/applications/%d" % aid,
                                        action="/admin/applications/%d/decision" % aid)

    def decide(aid, dec, key=None):
        return server.client("admin").post(
            "/admin/applications/%d/decision" % aid,
            {"decision": dec, "reason": "r", "csrf": forms[(aid, key or dec)]},
            token=False).status_code

    assert decide(x, "accepted") == 303
    p = dict(kv.split("=", 1) for kv in server.pg_params.split())
    holder = subprocess.Popen(
        ["psql", "-h", p["host"], "-p", p["port"], "-U", p["user"], "-d", p["dbname"],
         "-qAt", "-v", "ON_ERROR_STOP=1"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, PGPASSWORD=p["password"]))
    try:
        holder.stdin.write("BEGIN; SELECT 'locked' FROM programme WHERE id = %d FOR UPDATE;\n"
                           % pid)
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "locked"
        with concurrent.futures.ThreadPoolExecutor(3) as ex:
            futs = []
            for args in [(x, "declined"), (y, "accepted"), (x, "accepted", "accepted2")]:
                futs.append(ex.submit(decide, *args))
                time.sleep(0.5)         # each has read X and waits for the lock
            holder.stdin.write("COMMIT;\n")
            holder.stdin.flush()
            codes = [f.result(timeout=30) for f in futs]
    finally:
        holder.stdin.close()
        holder.wait(10)
    accepted = server_sql(server, "SELECT id FROM application WHERE programme_id = %d "
                                  "AND status = 'accepted'" % pid)
    assert len(accepted) == 1, (codes, accepted)
    assert codes[:2] == [303, 303] and codes[2] == 409, codes
