"""Test harness for mod_rmentor: real servers on loopback, stopped by PID.

- Postgres: a throw-away PostgreSQL cluster (initdb as the postgres user) on a
  free 127.0.0.1 port, its socket inside the run folder.
- Httpd: Debian's apache2 with mod_rmentor and the demo SSO (conf/demo/), on a
  free 127.0.0.1 port, configured by scripts/prepare-run.sh like `make run`.
  When stopped it scans error.log and fails on crashes, sanitizer reports and
  error lines that no test declared it expected.
- Client: one signed-in demo account (HTTP Basic stands in for the IdP).
"""
import datetime
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

import lxml.html
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODULE = os.environ.get("RM_MODULE", os.path.join(ROOT, "build", "mod_rmentor.so"))
PASSWORD = "mentoring"
IS_ROOT = os.geteuid() == 0

# Lines in error.log that always fail a run.
FATAL = re.compile(r"exit signal|AH00052|AH00051|runtime error:|Sanitizer|"
                   r"Segmentation fault|double free|malloc\(\)|stack smashing")
# Log levels that need a test to have said it expected them.
SEVERE = re.compile(r"\[[a-z_]*:(error|crit|alert|emerg)\]")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10.0, proc=None):
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("server exited with %s" % proc.returncode)
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nothing listening on 127.0.0.1:%d" % port)


def make_dir(prefix):
    """A directory reachable by the server user (pytest's tmp_path is not)."""
    d = tempfile.mkdtemp(prefix=prefix)
    os.chmod(d, 0o755)
    return d


def _pg_bindir():
    import glob
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"),
                  key=lambda p: int(p.split("/")[4]))
    return os.path.dirname(dirs[-1]) if dirs else "/usr/lib/postgresql/15/bin"


class Postgres:
    BIN = _pg_bindir()

    def __init__(self):
        self.dir = make_dir("rm-pg-")
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        self.password = "rm-" + os.urandom(9).hex()
        self.proc = None
        self._dbs = 0

    def _as_pg(self, *cmd, **kw):
        if IS_ROOT:
            cmd = ("runuser", "-u", "postgres", "--") + cmd
        return subprocess.run(cmd, check=True, capture_output=True, text=True,
                              timeout=60, **kw)

    def start(self):
        pwfile = os.path.join(self.dir, "pw")
        with open(pwfile, "w") as f:
            f.write(self.password + "\n")
        if IS_ROOT:
            shutil.chown(self.dir, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        os.chmod(pwfile, 0o600)
        self._as_pg(self.BIN + "/initdb", "-D", self.data, "-A", "scram-sha-256",
                    "-U", "postgres", "--pwfile=" + pwfile, "-E", "UTF8",
                    "--locale=C.UTF-8")
        os.unlink(pwfile)
        cmd = [self.BIN + "/postgres", "-D", self.data, "-h", "127.0.0.1",
               "-p", str(self.port), "-k", self.dir, "-c", "fsync=on",
               # two front-ends of 4 children x (DBDMax + a listener) each,
               # started at once, plus the previous test's backends still
               # exiting: 200 slots ran out on a 2-core machine
               "-c", "max_connections=400", "-c", "log_min_messages=warning"]
        if IS_ROOT:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        self.log = open(os.path.join(self.dir, "postgres.log"), "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        wait_port(self.port, 30, self.proc)
        return self

    def psql(self, sql, db="postgres"):
        env = dict(os.environ, PGPASSWORD=self.password)
        cmd = ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
               "-d", db, "-v", "ON_ERROR_STOP=1", "-Atqc", sql]
        # a restarted server listens before it accepts ("starting up")
        for _ in range(100):
            r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
            if r.returncode == 0 or "starting up" not in r.stderr:
                break
            time.sleep(0.1)
        r.check_returncode()
        return r.stdout

    def new_database(self):
        """A fresh database and role for one server; returns libpq params."""
        self._dbs += 1
        name = "rmentor%d" % self._dbs
        pw = os.urandom(9).hex()
        self.psql("CREATE ROLE %s LOGIN PASSWORD '%s'" % (name, pw))
        self.psql("CREATE DATABASE %s OWNER %s" % (name, name))
        return ("host=127.0.0.1 port=%d dbname=%s user=%s password=%s"
                % (self.port, name, name, pw))

    def stop(self):
        if self.proc and self.proc.poll() is None:
            # SIGINT to the postmaster itself (runuser does not pass it on):
            # "fast" shutdown
            try:
                with open(os.path.join(self.data, "postmaster.pid")) as f:
                    os.kill(int(f.readline()), signal.SIGINT)
            except (OSError, ValueError):
                self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class Httpd:
    def __init__(self, db="sqlite3", pg_params="", module=MODULE, extra_conf=""):
        self.db = db
        self.pg_params = pg_params
        self.dir = make_dir("rm-httpd-")
        self.port = free_port()
        self.base = "http://127.0.0.1:%d/mentoring" % self.port
        self.origin = "http://127.0.0.1:%d" % self.port
        self.expected = []          # regexes for error lines a test provoked
        # further mounts of the module the extra configuration adds
        self.extra_mounts = re.findall(r"^\s*RMentorBasePath\s+(\S+)", extra_conf, re.M)
        self.proc = None
        if extra_conf:
            with open(os.path.join(self.dir, "extra.conf"), "w") as f:
                f.write(extra_conf)
        self.conf = subprocess.run(
            [os.path.join(ROOT, "scripts", "prepare-run.sh"), self.dir,
             str(self.port), db, pg_params, module],
            check=True, capture_output=True, text=True).stdout.strip()
        self.error_log = os.path.join(self.dir, "error.log")

    def start(self, timeout=15):
        self.log_offset = 0
        self.proc = subprocess.Popen(["apache2", "-f", self.conf, "-DFOREGROUND"],
                                     stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(self.dir, "stderr.log"), "a"))
        wait_port(self.port, timeout, self.proc)
        return self

    def stop(self):
        """Stop as an administrator would, with graceful-stop (SIGWINCH): the
        children finish what they are doing and exit; GracefulShutdownTimeout
        in conf/demo/httpd.conf bounds the wait.  Not SIGTERM: httpd 2.4's
        event MPM sometimes crashes a child in its ungraceful-stop path
        (close_worker_sockets -> apr_os_sock_get, 1 run in 40 here), which the
        harness would report as a crash of the module.  SIGTERM, then SIGKILL,
        only if the graceful stop hangs."""
        if self.proc and self.proc.poll() is None:
            for sig, wait in ((signal.SIGWINCH, 15), (signal.SIGTERM, 20)):
                self.proc.send_signal(sig)
                try:
                    self.proc.wait(wait)
                    return
                except subprocess.TimeoutExpired:
                    pass
            self.proc.kill()
            self.proc.wait()

    def kill(self):
        """SIGKILL the parent and every child (crash tests)."""
        if self.proc and self.proc.poll() is None:
            subprocess.run(["pkill", "-KILL", "-f", self.conf], check=False)
            self.proc.wait(10)

    def expect_log(self, pattern):
        """Declare that a test provokes error lines matching pattern."""
        self.expected.append(re.compile(pattern))

    def log_lines(self):
        try:
            with open(self.error_log, errors="replace") as f:
                return f.read().splitlines()
        except FileNotFoundError:
            return []

    def log_problems(self):
        bad = []
        for line in self.log_lines():
            if FATAL.search(line):
                bad.append(line)
            elif SEVERE.search(line) and not any(p.search(line) for p in self.expected):
                bad.append(line)
        return bad

    def add_load_users(self, n, start=1, prefix="load"):
        """Add demo accounts <prefix><start>..<prefix><start+n-1>: "load"
        (staff, grade 8) or "exec" (executives with the exco entitlement,
        grade 10, each in a department of their own); see
        conf/demo/demo-sso.conf."""
        import base64
        import hashlib
        if prefix not in ("load", "exec"):
            raise ValueError("the demo SSO knows load and exec accounts, not %r" % prefix)
        digest = base64.b64encode(hashlib.sha1(PASSWORD.encode()).digest()).decode()
        with open(os.path.join(self.dir, "htpasswd"), "a") as f:
            for i in range(start, start + n):
                f.write("%s%d:{SHA}%s\n" % (prefix, i, digest))
        return ["%s%d" % (prefix, i) for i in range(start, start + n)]

    def secret(self):
        with open(os.path.join(self.dir, "secret"), "rb") as f:
            return f.read()

    def client(self, user=None, password=PASSWORD):
        return Client(self, user, password)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def backend_server(request, extra_conf, ready=None):
    """For a fixture parametrised by backend to `yield from`: an httpd on
    request.param's database, `ready(srv)` run once it is up, stopped
    afterwards (also when `ready` fails), and its error.log checked."""
    params = ""
    if request.param == "pgsql":
        params = request.getfixturevalue("postgres").new_database()
    srv = Httpd(request.param, params, extra_conf=extra_conf).start()
    try:
        if ready:
            ready(srv)
        yield srv
    finally:
        srv.stop()
    problems = srv.log_problems()
    if not problems:
        srv.cleanup()
    assert not problems, "error.log of the %s server:\n%s" % (
        request.param, "\n".join(problems[:40]))


class Client:
    def __init__(self, server, user, password=PASSWORD):
        self.server = server
        self.user = user
        self.s = requests.Session()
        if user:
            self.s.auth = (user, password)

    def url(self, path):
        return path if path.startswith("http") else self.server.base + path

    def get(self, path, **kw):
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 15)
        return self.s.get(self.url(path), **kw)

    def post(self, path, data=None, token=True, token_from=None, **kw):
        """POST a form. token=True fetches a CSRF token as a browser would: from
        the page token_from (default: the same path), the token of the form on
        it that posts to `path` (tokens are bound to the form's action); a
        string is sent as the token."""
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 15)
        fields = dict(data or {})
        if token is True:
            fields["csrf"] = self.token(token_from or path, action=path)
        elif isinstance(token, str):
            fields["csrf"] = token
        return self.s.post(self.url(path), data=fields, **kw)

    def token(self, path, action=None):
        """The form token of the page at `path`: of its form whose action is
        `action` (a path as tests post it, resolved by action_path), or, with
        no action given, of the page's only form.  A page whose forms all post
        elsewhere fails here rather than handing back a token the server would
        refuse for another reason than the one a test means to provoke."""
        r = self.get(path)
        doc = lxml.html.fromstring(r.content) if r.content.strip() else None
        forms = []                              # (action path, token)
        for f in (doc.xpath("//form") if doc is not None else []):
            toks = f.xpath(".//input[@name='csrf']/@value")
            if toks:
                forms.append((action_path(self.server, f.get("action") or path),
                              toks[0]))
        assert forms, "no form token on %s (status %s)" % (path, r.status_code)
        if action is None:
            assert len(forms) == 1, ("%d forms on %s, say which one: %s"
                                     % (len(forms), path, [a for a, _ in forms]))
            return forms[0][1]
        want = action_path(self.server, action)
        for act, tok in forms:
            if act == want:
                return tok
        raise AssertionError("no form on %s posts to %s (its forms post to %s)"
                             % (path, want, [a for a, _ in forms]))

    def page(self, path, status=200):
        r = self.get(path)
        assert r.status_code == status, (path, r.status_code, r.text[:500])
        return r, lxml.html.fromstring(r.content)


def mounts_of(server):
    """The paths the module is mounted at: the path of server.base first, then
    any RMentorBasePath of the server's extra configuration."""
    base = urllib.parse.urlsplit(server.base).path.rstrip("/")
    return (base,) + tuple(m for m in getattr(server, "extra_mounts", ()) if m != base)


def _normalise(path):
    """What httpd makes of a request path before the module sees it as
    r->uri: unreserved characters decoded, slashes merged (MergeSlashes On),
    dot segments removed, then everything else decoded."""
    path = re.sub(r"%(2[dDeE]|5[fF]|7[eE]|[46][1-9a-fA-F]|[57][0-9aA]|3[0-9])",
                  lambda m: chr(int(m.group(1), 16)), path)
    path = re.sub(r"/{2,}", "/", path)
    out = []
    for seg in path.split("/")[1:]:
        if seg == "..":
            if out:
                out.pop()
        elif seg != ".":
            out.append(seg)
    if path.split("/")[-1] in (".", ".."):
        out.append("")                  # "/a/b/.." is "/a/"
    return urllib.parse.unquote("/" + "/".join(out), errors="surrogateescape")


def action_path(server, path):
    """The path a form is bound to, as the server sees it (r->uri: mount
    included, no query string or fragment).  `path` is as tests post it:
    relative to the mount ("/programmes/3/apply/mentor"), or already under one
    of the server's mounts ("/mentoring/...", "/open-mentoring/..."), or a
    full URL (taken as is, whatever its path)."""
    if re.match(r"https?://", path):
        path = urllib.parse.urlsplit(path).path or "/"
    else:
        path = re.split(r"[?#]", path, maxsplit=1)[0]
        mounts = mounts_of(server)
        if not any(path == m or path.startswith(m + "/") for m in mounts):
            path = mounts[0] + path
    return _normalise(path)


def forge_token(server, user, ts=None, *, action):
    """A form token made as the module makes it, with the server's secret
    (tests use it to send POSTs with a valid, expired or future token).
    Tokens are bound to the form's action: `action` is the path the token is
    for, as tests post it (see action_path), and a token forged for one path
    is refused at any other."""
    import hashlib
    import hmac
    if not isinstance(action, str) or not action:
        raise TypeError("forge_token needs the path the form posts to, got %r" % (action,))
    ts = int(time.time()) if ts is None else ts
    msg = b"\0".join((user.encode(), action_path(server, action).encode(
        "utf-8", "surrogateescape"), str(ts).encode()))
    mac = hmac.new(server.secret(), msg, hashlib.sha256).hexdigest()
    return "%d.%s" % (ts, mac)


def html(resp):
    return lxml.html.fromstring(resp.content)


def text_of(resp):
    return " ".join(html(resp).text_content().split())


def days(n):
    return (datetime.date.today() + datetime.timedelta(days=n)).isoformat()


def programme_form(**over):
    f = {
        "name": "Test programme", "institutions": "Demo University",
        "description": "A test programme.", "apply_opens": days(-1),
        "apply_closes": days(30), "start_date": days(60), "length_months": "12",
        "min_meetings": "6", "meeting_minutes": "60", "mentor_training": days(40),
        "senior_training": days(41), "meet_month": days(62)[:7], "checkin_date": "",
        "end_event_date": "", "capacity_mentor": "10", "capacity_senior": "10",
        "min_grade": "8", "senior_entitlement": "urn:mace:demo.ac.uk:exco",
        "senior_label": "Senior Mentor", "checkin_weeks": "4",
    }
    f.update(over)
    return f


def create_programme(server, admin="admin", **over):
    """Create a programme through the admin form; returns its id."""
    c = server.client(admin)
    r = c.post("/admin/programmes/new", programme_form(**over))
    assert r.status_code == 303, (r.status_code, r.text[:800])
    r = c.get("/admin/programmes")
    ids = [int(x) for x in re.findall(r'/admin/programmes/(\d+)/edit', r.text)]
    return max(ids)


def add_to_team(server, pid, principal, role="admin", admin="admin", confirm=True):
    """Put principal on programme pid's team through its edit page, as admin;
    returns the response (303 on success).  confirm: tick the box the form
    shows for a name no one has signed in with (sent whether or not it asks)."""
    data = {"principal": principal, "team_role": role}
    if confirm:
        data["confirm_unknown"] = principal
    return server.client(admin).post("/admin/programmes/%d/team" % pid, data,
                                     token_from="/admin/programmes/%d/edit" % pid)


MENTOR_FORM = {"self_identified": "yes", "job_title": "Head of Student Services",
               "department": "Student Services", "gain": "Sponsorship.",
               "topics": "Progression.", "availability": "Tuesdays."}
SENIOR_FORM = {"senior_role": "Registrar", "department": "Registry",
               "motivation": "To learn.", "topics": "Race equality.",
               "availability": "Mondays."}


def apply(server, user, pid, role="mentor", **over):
    """Submit an application; returns the response (303 on success)."""
    form = dict(MENTOR_FORM if role == "mentor" else SENIOR_FORM)
    form.update(over)
    return server.client(user).post("/programmes/%d/apply/%s" % (pid, role), form)


def app_id(resp):
    m = re.search(r"/applications/(\d+)", resp.headers.get("Location", ""))
    assert m, resp.headers
    return int(m.group(1))
