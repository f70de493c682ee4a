"""Real SAML single sign-on for the tests: mod_auth_mellon (SP) in front of
mod_rmentor, and the pysaml2 IdP of idp.py, both on 127.0.0.1.

SSOSite.start() makes, in a mkdtemp folder reachable by www-data:
  saml/  the SP key, certificate and metadata (mellon_create_metadata) and
         the IdP's key, certificate (openssl) and metadata, all made offline;
  httpd.conf  a small top file that Defines the paths and ports and then
         Includes conf/sso-mellon.conf itself (the file a university uses);
then starts the IdP (a separate python process) and httpd, each on a free
loopback port, and stops both by PID.

SSOClient signs a test user in the way a browser does: sign-in link ->
/mellon/login -> 303 to the IdP with a signed AuthnRequest -> the IdP's
auto-submitting form (parsed with lxml) -> POST /mellon/postResponse -> 303
back to the service.  Every client has its own cookie jar and login (a
SAMLResponse is accepted once).
"""
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse

import lxml.html
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import rmtest  # noqa: E402
import idp as idpmod  # noqa: E402

ROOT = rmtest.ROOT
MOUNT = "/mentoring"
SIGN_IN_HREF = "/mellon/login?ReturnTo=%2Fmentoring%2F"
# Debian's python3-pysaml2 lives under /usr/bin/python3 (python3 on PATH may
# be another build)
IDP_PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
IDP_LIFETIME = 600          # seconds; the IdP exits by itself after this

TOP_CONF = """# written by tests/sso/ssolib.py: the test's own paths and ports, then
# the example configuration itself.
Define RM_RUN "{run}"
Define RM_PORT {port}
Define RM_MOUNT {mount}
Define RM_SAML_DIR "{run}/saml"
# plain HTTP on loopback: the session cookie cannot be Secure here
Define RM_SSO_COOKIE httponly

ServerRoot "{run}"
PidFile "{run}/httpd.pid"
Listen 127.0.0.1:{port}
ServerName 127.0.0.1:{port}
UseCanonicalName On
{user}
ErrorLog "{run}/error.log"
LogLevel warn rmentor:info
LogFormat "%h %u %t \\"%m %U %H\\" %>s %b %D" rmentor
CustomLog "{run}/access.log" rmentor
DefaultRuntimeDir "{run}"
Mutex file:{run} default
Timeout 20
KeepAliveTimeout 5

LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authn_core_module /usr/lib/apache2/modules/mod_authn_core.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule authz_user_module /usr/lib/apache2/modules/mod_authz_user.so
LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so
LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so
LoadModule dbd_module /usr/lib/apache2/modules/mod_dbd.so
LoadModule auth_mellon_module /usr/lib/apache2/modules/mod_auth_mellon.so
LoadModule rmentor_module "{module}"

<IfModule mpm_event_module>
    StartServers 2
    ServerLimit 4
    ThreadsPerChild 25
    MaxRequestWorkers 100
</IfModule>

DocumentRoot "{run}/htdocs"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{run}/htdocs">
    Require all granted
</Directory>

DBDriver sqlite3
DBDParams "{run}/db/rmentor.db"
DBDMin 1
DBDKeep 2
DBDMax 10

RMentorSecretFile "{run}/secret"
RMentorSiteName "Reciprocal mentoring (SSO test)"
# the test institution's policy (conf/rmentor.conf documents these)
RMentorAffiliationScope demo.ac.uk
RMentorRoleEntitlement admin urn:mace:demo.ac.uk:rmentor:admin
RMentorRoleEntitlement hr urn:mace:demo.ac.uk:rmentor:hr

# mod_auth_mellon, server-wide: its own session cache lock per instance
MellonCacheSize 100
MellonLockFile "{run}/mellon.lock"

Include "{conf}/sso-mellon.conf"

RedirectMatch 302 ^/$ {mount}/

# Test only (not part of the example): what mod_auth_mellon left in the
# request environment for a signed-in request, echoed as response headers.
<Location /sso-echo>
    AuthType Mellon
    MellonEnable info
    Require all granted
{echo}
</Location>
# ... and what it would leave without MellonMergeEnvVars
<Location /sso-echo-unmerged>
    AuthType Mellon
    MellonEnable info
    Require all granted
    MellonMergeEnvVars Off
{echo}
</Location>
"""

ECHO_VARS = ["REMOTE_USER", "MELLON_eppn", "MELLON_displayName", "MELLON_mail",
             "MELLON_affiliation", "MELLON_entitlement", "MELLON_entitlement_0",
             "MELLON_entitlement_1", "MELLON_ou", "MELLON_title", "MELLON_grade",
             "MELLON_employeeNumber", "MELLON_NAME_ID"]


def _echo_lines():
    out = []
    for v in ECHO_VARS:
        src = "%{REMOTE_USER}" if v == "REMOTE_USER" else "%%{env:%s}" % v
        out.append('    Header always set "X-Echo-%s" "expr=%s"' % (v, src))
    return "\n".join(out)


class MellonHttpd(rmtest.Httpd):
    """rmtest.Httpd with conf/sso-mellon.conf in place of the demo SSO."""

    def __init__(self, run, port, module=rmtest.MODULE):
        self.db = "sqlite3"
        self.dir = run
        self.port = port
        self.origin = "http://127.0.0.1:%d" % port
        self.base = self.origin + MOUNT
        self.expected = []
        self.proc = None
        self.error_log = os.path.join(run, "error.log")
        os.makedirs(os.path.join(run, "db"), exist_ok=True)
        os.makedirs(os.path.join(run, "htdocs"), exist_ok=True)
        for name in ("sso-echo", "sso-echo-unmerged"):
            with open(os.path.join(run, "htdocs", name), "w") as f:
                f.write("echo\n")
        secret = os.path.join(run, "secret")
        with open(os.open(secret, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as f:
            f.write(os.urandom(48))
        user = ""
        if rmtest.IS_ROOT:
            user = "User www-data\nGroup www-data"
            shutil.chown(os.path.join(run, "db"), "www-data", "www-data")
        self.conf = os.path.join(run, "httpd.conf")
        with open(self.conf, "w") as f:
            f.write(TOP_CONF.format(run=run, port=port, mount=MOUNT, user=user,
                                    module=module, conf=os.path.join(ROOT, "conf"),
                                    echo=_echo_lines()))

    def client(self, user=None, password=None):
        """A new browser; signed in as user (through the IdP) when given."""
        c = SSOClient(self)
        if user:
            c.sign_in(user)
        return c

    def db_query(self, sql):
        """Read the module's database as the server user (rows as lists)."""
        cmd = ["sqlite3", "-readonly", "-separator", "\x1f",
               os.path.join(self.dir, "db", "rmentor.db"), sql]
        if rmtest.IS_ROOT:
            cmd = ["runuser", "-u", "www-data", "--"] + cmd
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        assert res.returncode == 0, (sql, res.stderr)
        out = res.stdout
        return [line.split("\x1f") for line in out.splitlines()]


class SSOSite:
    """The IdP and the SP (httpd) for one test session."""

    def __init__(self):
        self.dir = rmtest.make_dir("rm-sso-")
        self.saml = os.path.join(self.dir, "saml")
        os.mkdir(self.saml)
        os.chmod(self.saml, 0o755)
        self.port = rmtest.free_port()
        self.idp_port = rmtest.free_port()
        while self.idp_port == self.port:
            self.idp_port = rmtest.free_port()
        self.idp_origin = "http://127.0.0.1:%d" % self.idp_port
        self.idp_sso = idpmod.sso_url(self.idp_port)
        self.idp_proc = None
        self.sp = None

    # -- keys and metadata, offline -------------------------------------
    def _make_saml_files(self):
        # the IdP's key in parallel with the SP's (both RSA, both offline)
        self.idp_dir = os.path.join(self.dir, "idp")
        os.mkdir(self.idp_dir, 0o700)
        keygen, _, cert = idpmod.start_make_keys(self.idp_dir)
        sp_origin = "http://127.0.0.1:%d" % self.port
        work = os.path.join(self.dir, "mellon-tmp")
        os.mkdir(work)
        subprocess.run(["mellon_create_metadata", sp_origin + "/mellon/metadata",
                        sp_origin + "/mellon"], cwd=work, check=True,
                       capture_output=True, timeout=120)
        stem = re.sub(r"_+", "_", re.sub(r"[^0-9A-Za-z.]", "_",
                                         sp_origin + "/mellon/metadata"))
        for ext, name in ((".key", "sp-key.pem"), (".cert", "sp-cert.pem"),
                          (".xml", "sp-metadata.xml")):
            shutil.move(os.path.join(work, stem + ext), os.path.join(self.saml, name))
        os.rmdir(work)
        # the private key stays 0600 root (read by the parent at start-up);
        # certificate and metadata are public
        os.chmod(os.path.join(self.saml, "sp-cert.pem"), 0o644)
        os.chmod(os.path.join(self.saml, "sp-metadata.xml"), 0o644)
        _, err = keygen.communicate(timeout=120)
        assert keygen.returncode == 0, err
        # re-read by mellon in the workers: readable by www-data
        md = idpmod.write_metadata(os.path.join(self.saml, "idp-metadata.xml"),
                                   self.idp_port, cert)
        os.chmod(md, 0o644)

    def start(self):
        t0 = time.time()
        self._make_saml_files()
        self.idp_log = open(os.path.join(self.dir, "idp.log"), "w")
        self.idp_proc = subprocess.Popen(
            [IDP_PYTHON, os.path.join(HERE, "idp.py"), "--port",
             str(self.idp_port), "--dir", self.idp_dir, "--sp-metadata",
             os.path.join(self.saml, "sp-metadata.xml"), "--lifetime",
             str(IDP_LIFETIME)],
            stdout=self.idp_log, stderr=subprocess.STDOUT,
            env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        self.sp = MellonHttpd(self.dir, self.port)
        check = subprocess.run(["apache2", "-t", "-f", self.sp.conf],
                               capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, check.stderr
        self.sp.start()
        try:
            rmtest.wait_port(self.idp_port, 30, self.idp_proc)
        except RuntimeError as e:
            raise RuntimeError("the test IdP did not start (%s):\n%s" % (
                e, "\n".join(self.idp_log_lines()[-30:])))
        self.startup_seconds = time.time() - t0
        return self

    def stop(self):
        if self.sp:
            self.sp.stop()
        if self.idp_proc and self.idp_proc.poll() is None:
            self.idp_proc.send_signal(signal.SIGTERM)
            try:
                self.idp_proc.wait(10)
            except subprocess.TimeoutExpired:
                self.idp_proc.kill()
                self.idp_proc.wait()
        if self.idp_proc:
            self.idp_log.close()

    def idp_log_lines(self):
        with open(os.path.join(self.dir, "idp.log"), errors="replace") as f:
            return f.read().splitlines()

    def problems(self):
        bad = self.sp.log_problems() if self.sp else []
        for line in self.idp_log_lines():
            if "Traceback" in line or " ERROR " in line or " CRITICAL " in line:
                bad.append("idp: " + line)
        return bad

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def run(self):
        """A fixture's life of the site: started (stopped again if the start
        fails), yielded, stopped; then nothing but the expected warnings may
        be in its logs (its directory is kept for reading when there is)."""
        if not os.path.exists("/usr/lib/apache2/modules/mod_auth_mellon.so"):
            import pytest
            pytest.skip("libapache2-mod-auth-mellon is not installed")
        try:
            self.start()
        except Exception:
            self.stop()
            raise
        yield self
        self.stop()
        problems = self.problems()
        if not problems:
            self.cleanup()
        assert not problems, "error.log / idp.log of the SSO site (%s):\n%s" % (
            self.dir, "\n".join(problems[:40]))


# -- URL safety -----------------------------------------------------------

def browser_target(base, location):
    """Where a browser would go for this Location (the WHATWG URL parser
    strips tabs and newlines and treats \\ as / in http(s) URLs)."""
    loc = re.sub(r"[\t\n\r]", "", location).strip(" \x00-\x1f")
    loc = loc.replace("\\", "/")
    return urllib.parse.urljoin(base, loc)


def on_site(base, location, origins):
    t = urllib.parse.urlsplit(browser_target(base, location))
    return t.scheme in ("http", "https") and "%s://%s" % (t.scheme, t.netloc) in origins


class SSOClient(rmtest.Client):
    """A browser with its own cookie jar, signed in through the real IdP."""

    def __init__(self, sp):
        self.server = sp
        self.user = None
        self.s = requests.Session()
        self.s.headers["User-Agent"] = "rmentor-sso-tests"
        self.trace = []             # (method, url, status, location)

    def _go(self, method, url, **kw):
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 15)
        r = self.s.request(method, url, **kw)
        self.trace.append((method, url, r.status_code, r.headers.get("Location")))
        return r

    def sign_in(self, user, via=None):
        """Sign in as user; via is the URL of the sign-in link to follow
        (default: the module's own link on its 401 page).  Returns the last
        response (the 303 back from /mellon/postResponse)."""
        if via is None:
            r = self._go("GET", self.server.base + "/")
            assert r.status_code == 401, (r.status_code, r.text[:300])
            via = urllib.parse.urljoin(r.url, sign_in_link(r))
        r = self.finish_login(self._go("GET", via), user)
        self.user = user
        return r

    def finish_login(self, r, user):
        """From the SP's 303 to the IdP to the SP's 303 after postResponse."""
        assert r.status_code in (302, 303), (r.status_code, r.text[:300])
        to_idp = r.headers["Location"]
        assert to_idp.startswith(idpmod.sso_url(_idp_port_of(to_idp)) + "?"), to_idp
        assert "SAMLRequest=" in to_idp and "Signature=" in to_idp
        r = self._go("GET", to_idp + "&user=" + urllib.parse.quote(user))
        action, fields = idp_form(r)
        self.last_saml = dict(fields)
        r = self._go("POST", action, data=fields)
        assert r.status_code in (302, 303), (r.status_code, r.text[:500])
        return r


def echo(client, where="/sso-echo"):
    """What mod_auth_mellon put in the request environment for this browser
    (the test-only /sso-echo location); "" for an unset variable."""
    r = client.s.get(client.server.origin + where, allow_redirects=False,
                     timeout=15)
    assert r.status_code == 200, r.status_code
    return {v: r.headers.get("X-Echo-" + v, "") for v in ECHO_VARS}


def raw_request(sp, method, target, headers=None, body=None):
    """Send the request target exactly as given (requests would normalise
    it); returns (status, headers as a dict, body bytes)."""
    h = http.client.HTTPConnection("127.0.0.1", sp.port, timeout=15)
    try:
        h.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        hdrs = {"Host": "127.0.0.1:%d" % sp.port}
        hdrs.update(headers or {})
        if body is not None:
            hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded")
            hdrs["Content-Length"] = str(len(body))
        for k, v in hdrs.items():
            h.putheader(k, v)
        h.endheaders(body.encode() if isinstance(body, str) else body)
        r = h.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        h.close()


def idp_form(resp):
    """The IdP's auto-submitting form: (action URL, fields)."""
    assert resp.status_code == 200, (resp.status_code, resp.text[:500])
    form = lxml.html.fromstring(resp.content).forms[0]
    assert form.method.upper() == "POST"
    fields = dict(form.form_values())
    assert "SAMLResponse" in fields, fields.keys()
    return form.action, fields


def _idp_port_of(url):
    return urllib.parse.urlsplit(url).port or 80


def sign_in_link(resp):
    links = lxml.html.fromstring(resp.content).xpath('//a[@id="sign-in"]/@href')
    assert len(links) == 1, resp.text[:800]
    return links[0]
