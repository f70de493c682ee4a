"""Sign-in through a federation: three SAML IdPs (pysaml2, idp.py) on
loopback in front of one httpd with mod_auth_mellon and mod_rmentor, as a
sector body's installation sees its members' institutions.

  IdP 1  the home institution, scope demo.ac.uk (RMentorAffiliationScope,
         RMentorIdentityProvider)
  IdP 2  the University of B, scope b.ac.uk (RMentorInstitution)
  IdP 3  an institution of the federation that mellon knows (its metadata
         is loaded) but that does not take part (not listed)

The people of both institutions sign in, the same local name at each being
two people; an assertion from one IdP carrying the other's scope is
refused; the unlisted IdP is refused; roles stay with the home
institution.  A person who follows the service's sign-in link without
naming an IdP is sent by mod_auth_mellon (MellonDiscoveryURL) to the
federation's discovery service (a SAML IdP Discovery Protocol service on
loopback, below), picks their institution there, and comes back to sign in
through its IdP.

A second site (MetadataFederationSite, at the end) runs the same three IdPs
with the module reading B's and C's institutions from the federation's
signed metadata aggregate (RMentorFederationMetadata) instead."""
import html
import http.server
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.parse

import lxml.html

import pytest

import fedkit
import rmtest
import ssolib
import idp as idpmod

HERE = os.path.dirname(os.path.abspath(__file__))


class DiscoveryService:
    """A federation's discovery service (SAML Identity Provider Discovery
    Service Protocol, as the UK federation's WAYF speaks it): GET
    /ds?entityID=SP&return=URL&returnIDParam=NAME shows the institutions
    (the IdPs' entityIDs) as links; each link goes to URL with NAME=the
    chosen IdP's entityID.  A request without the three parameters, or a
    return URL not on the SP's origin, is refused (400), as a real service
    checks the return URL against the SP's metadata."""

    def __init__(self, sp_origin, idps):
        self.sp_origin = sp_origin
        self.idps = idps                        # [(entityID, name)]
        self.requests = []
        ds = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                u = urllib.parse.urlsplit(self.path)
                q = urllib.parse.parse_qs(u.query)
                ds.requests.append(q)
                want = ("entityID", "return", "returnIDParam")
                if u.path != "/ds" or any(len(q.get(k, ())) != 1 for k in want) \
                        or not q["return"][0].startswith(ds.sp_origin + "/"):
                    self.send_error(400)
                    return
                ret, name = q["return"][0], q["returnIDParam"][0]
                sep = "&" if "?" in ret else "?"
                items = "".join(
                    '<li><a href="%s">%s</a></li>' % (
                        html.escape(ret + sep + urllib.parse.urlencode({name: eid})),
                        html.escape(label)) for eid, label in ds.idps)
                body = ("<!DOCTYPE html><title>Choose your institution</title>"
                        "<h1>Choose your institution</h1><ul>%s</ul>" % items).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/ds" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class FederationSite(ssolib.SSOSite):
    """SSOSite with three IdPs, each with its own key, metadata and scope."""

    SCOPES = ("demo.ac.uk", "b.ac.uk", "c.ac.uk")

    def __init__(self):
        super().__init__()
        self.idp_ports = [self.idp_port]
        while len(self.idp_ports) < 3:
            p = rmtest.free_port()
            if p not in self.idp_ports and p != self.port:
                self.idp_ports.append(p)
        self.idp_procs = []
        self.ds = None

    def entity(self, i):
        return idpmod.entity_id(self.idp_ports[i])

    def _make_saml_files(self):
        super()._make_saml_files()          # the SP's files and IdP 1's
        self.idp_dirs = [self.idp_dir]
        for i in (1, 2):
            d = os.path.join(self.dir, "idp%d" % (i + 1))
            os.mkdir(d, 0o700)
            keygen, _, cert = idpmod.start_make_keys(d)
            _, err = keygen.communicate(timeout=120)
            assert keygen.returncode == 0, err
            md = idpmod.write_metadata(os.path.join(self.saml, "idp%d-metadata.xml" % (i + 1)),
                                       self.idp_ports[i], cert)
            os.chmod(md, 0o644)
            self.idp_dirs.append(d)

    def module_conf(self):
        """The module's lines for the federation: the home IdP, and B's
        institution listed by hand (C's is not listed)."""
        return ('RMentorIdentityProvider {home}\n'
                'RMentorInstitution b.ac.uk "University of B" {b}\n'
                .format(home=self.entity(0), b=self.entity(1)))

    def start(self):
        self._make_saml_files()
        self.idp_log = open(os.path.join(self.dir, "idp.log"), "w")
        for i in range(3):
            self.idp_procs.append(subprocess.Popen(
                [ssolib.IDP_PYTHON, os.path.join(HERE, "idp.py"), "--port",
                 str(self.idp_ports[i]), "--dir", self.idp_dirs[i], "--sp-metadata",
                 os.path.join(self.saml, "sp-metadata.xml"), "--lifetime",
                 str(ssolib.IDP_LIFETIME), "--scope", self.SCOPES[i]],
                stdout=self.idp_log, stderr=subprocess.STDOUT,
                env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1")))
        self.idp_proc = self.idp_procs[0]
        self.ds = DiscoveryService("http://127.0.0.1:%d" % self.port,
                                   [(self.entity(0), "Reciprocal mentoring (demo)"),
                                    (self.entity(1), "University of B"),
                                    (self.entity(2), "University of C")])
        self.sp = ssolib.MellonHttpd(self.dir, self.port)
        with open(self.sp.conf, "a") as f:
            f.write("""
# the federation: every IdP's metadata for mellon (the list replaces the one
# conf/sso-mellon.conf gives), and the module's institutions
<Location />
    MellonIdPMetadataFile "{saml}/idp-metadata.xml"
    MellonIdPMetadataFile "{saml}/idp2-metadata.xml"
    MellonIdPMetadataFile "{saml}/idp3-metadata.xml"
    MellonDiscoveryURL "{ds}"
</Location>
{module}""".format(saml=self.saml, ds=self.ds.url, module=self.module_conf()))
        check = subprocess.run(["apache2", "-t", "-f", self.sp.conf],
                               capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, check.stderr
        self.sp.start()
        for i, p in enumerate(self.idp_procs):
            rmtest.wait_port(self.idp_ports[i], 30, p)
        return self

    def stop(self):
        if self.sp:
            self.sp.stop()
        for p in self.idp_procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        if self.idp_procs:
            self.idp_log.close()
        if self.ds:
            self.ds.stop()


@pytest.fixture(scope="module")
def fed():
    # the refusals are warnings; nothing else may be in the logs
    yield from FederationSite().run()


def sign_in(fed, user, idp):
    """A fresh browser signed in as user through IdP number idp (0..2),
    chosen on the SP's login URL as a discovery service would; then the
    service's home page."""
    c = ssolib.SSOClient(fed.sp)
    via = "%s/mellon/login?ReturnTo=%s&IdP=%s" % (
        fed.sp.origin, urllib.parse.quote("/mentoring/", safe=""),
        urllib.parse.quote(fed.entity(idp), safe=""))
    c.sign_in(user, via=via)
    return c, c.get(fed.sp.base + "/")


def test_people_of_both_institutions_sign_in_as_two_people(fed):
    home, r = sign_in(fed, "mentor1", 0)
    assert r.status_code == 200, rmtest.text_of(r)[-400:]
    b, r = sign_in(fed, "mentor1", 1)
    assert r.status_code == 200, rmtest.text_of(r)[-400:]
    # each writes (the calendar feed turned on): two people, by scoped name
    for c in (home, b):
        r = c.post(fed.sp.base + "/calendar/renew", {}, token_from=fed.sp.base + "/calendar")
        assert r.status_code == 303, (r.status_code, r.text[:300])
    rows = fed.sp.db_query("SELECT principal, scope FROM person WHERE principal LIKE "
                           "'mentor1@%' ORDER BY principal")
    assert rows == [["mentor1@b.ac.uk", "b.ac.uk"], ["mentor1@demo.ac.uk", "demo.ac.uk"]]


@pytest.mark.parametrize("user,idp,said", [
    ("rogue1", 0, "does not speak for the institution"),      # home IdP, @b.ac.uk
    ("homeclaim1", 1, "does not speak for the institution"),  # B's IdP, @demo.ac.uk
    ("mentor1", 2, "not one of those taking part"),           # an unlisted IdP
])
def test_a_scope_its_idp_does_not_speak_for_is_refused(fed, user, idp, said):
    _, r = sign_in(fed, user, idp)
    assert r.status_code == 403, (user, idp, r.status_code)
    assert said in rmtest.text_of(r)


def test_roles_stay_with_the_home_institution(fed):
    c, r = sign_in(fed, "admin", 0)
    assert c.get(fed.sp.base + "/admin/programmes").status_code == 200
    assert c.get(fed.sp.base + "/admin/resources").status_code == 200
    # the same admin entitlement value asserted by B's IdP gives nothing
    c, r = sign_in(fed, "admin", 1)
    assert r.status_code == 200
    assert c.get(fed.sp.base + "/admin/programmes").status_code in (403, 404)
    assert c.get(fed.sp.base + "/admin/resources").status_code == 404


def test_the_discovery_service_sends_each_person_to_their_own_idp(fed):
    """The service's own sign-in link names no IdP: mellon sends the person
    to the discovery service, which lists the institutions; choosing
    University of B leads to B's IdP, and back to the service as B's
    person."""
    c = ssolib.SSOClient(fed.sp)
    r = c._go("GET", fed.sp.base + "/")
    assert r.status_code == 401
    link = urllib.parse.urljoin(r.url, ssolib.sign_in_link(r))
    r = c._go("GET", link)
    assert r.status_code in (302, 303), (r.status_code, r.text[:300])
    to_ds = r.headers["Location"]
    assert to_ds.startswith(fed.ds.url + "?"), to_ds
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(to_ds).query)
    assert q["entityID"] == ["http://127.0.0.1:%d/mellon/metadata" % fed.sp.port], q
    r = c._go("GET", to_ds)
    assert r.status_code == 200 and "Choose your institution" in r.text
    doc = lxml.html.fromstring(r.content)
    choice = doc.xpath("//a[.='University of B']/@href")
    assert len(choice) == 1, r.text
    # back at the SP's login handler with B's IdP named: on to B's IdP
    assert choice[0].startswith("http://127.0.0.1:%d/" % fed.sp.port), choice[0]
    c.finish_login(c._go("GET", choice[0]), "mentor2")
    r = c.get(fed.sp.base + "/")
    assert r.status_code == 200, rmtest.text_of(r)[-400:]
    r = c.post(fed.sp.base + "/calendar/renew", {}, token_from=fed.sp.base + "/calendar")
    assert r.status_code == 303, (r.status_code, r.text[:300])
    assert fed.sp.db_query("SELECT principal, scope FROM person WHERE principal = "
                           "'mentor2@b.ac.uk'") == [["mentor2@b.ac.uk", "b.ac.uk"]]
    # choosing the institution that does not take part gets the clear 403
    c = ssolib.SSOClient(fed.sp)
    r = c._go("GET", c._go("GET", link).headers["Location"])
    choice = lxml.html.fromstring(r.content).xpath("//a[.='University of C']/@href")[0]
    c.finish_login(c._go("GET", choice), "mentor2")
    r = c.get(fed.sp.base + "/")
    assert r.status_code == 403 and "not one of those taking part" in rmtest.text_of(r)


# ---- every institution of the federation, from its signed metadata ----------
#
# The same three IdPs, but the module learns the institutions from the
# federation's signed SAML metadata aggregate (RMentorFederationMetadata FILE
# CERT) instead of an RMentorInstitution line: IdP 2 with shibmd:Scope b.ac.uk
# named by its mdui:DisplayName, IdP 3 with shibmd:Scope c.ac.uk named by its
# OrganizationDisplayName, so here C's institution takes part.  The home IdP
# keeps RMentorIdentityProvider.  mod_auth_mellon still loads each IdP's own
# metadata file, as above.  (tests/integration/test_fedmeta.py covers the
# aggregate's parsing and refusals in depth, without SAML; tests/lib/fedkit.py
# makes the aggregate for both.)

AGGREGATE_ID = "_ssofed1"

class MetadataFederationSite(FederationSite):
    """FederationSite whose module reads B's and C's institutions from the
    federation's signed metadata aggregate."""

    def _make_saml_files(self):
        # the federation's signing key, made while the IdPs' keys are
        keydir = os.path.join(self.dir, "federation-key")
        os.mkdir(keydir, 0o700)
        key = os.path.join(keydir, "federation.key")
        self.fed_cert = os.path.join(self.saml, "federation.pem")
        keygen = fedkit.start_openssl_pair(key, self.fed_cert,
                                           "test federation metadata signer", days=2)
        super()._make_saml_files()
        fedkit.wait_openssl_pair(keygen)
        os.chmod(self.fed_cert, 0o644)
        text = fedkit.aggregate([
            self.md_idp(1, "b.ac.uk", display_name="University of B", org="B Organisation"),
            self.md_idp(2, "c.ac.uk", org="University of C"),
        ], AGGREGATE_ID, 30)
        self.aggregate = fedkit.sign(keydir, "aggregate", text, key, self.fed_cert,
                                     out=os.path.join(self.saml, "federation-metadata.xml"))
        os.chmod(self.aggregate, 0o644)
        # the real verifier agrees before the module is given it
        r = fedkit.verify(self.aggregate, self.fed_cert)
        assert r.returncode == 0, r.stderr

    def md_idp(self, i, scope, display_name=None, org=None):
        """IdP number i's EntityDescriptor as the federation's aggregate
        lists it."""
        ext = fedkit.scope(scope)
        if display_name:
            ext += fedkit.ui(("en", display_name))
        return fedkit.idp(self.entity(i), sso_ext=ext, org=org,
                          location=idpmod.sso_url(self.idp_ports[i]))

    def module_conf(self):
        return ("RMentorIdentityProvider {home}\n"
                "RMentorFederationMetadata {md} {cert}\n"
                .format(home=self.entity(0), md=self.aggregate, cert=self.fed_cert))


@pytest.fixture(scope="module")
def mdfed():
    if not shutil.which("xmlsec1"):
        pytest.skip("xmlsec1 is not installed")
    yield from MetadataFederationSite().run()


def test_the_metadata_gives_the_module_its_institutions(mdfed):
    # httpd listens (open_logs) before post_config has read the file and said so
    deadline = time.monotonic() + 10
    while True:
        lines = [l for l in mdfed.sp.log_lines() if "RMentorFederationMetadata" in l]
        if lines or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert lines, "\n".join(mdfed.sp.log_lines()[-20:])
    assert all("RMentorFederationMetadata %s: 2 institutions from 2 identity providers"
               % mdfed.aggregate in l and "[rmentor:info]" in l for l in lines), lines


def test_people_of_the_metadatas_institutions_sign_in(mdfed):
    clients = []
    for idp in (1, 2):
        c, r = sign_in(mdfed, "mentor1", idp)
        assert r.status_code == 200, (idp, rmtest.text_of(r)[-400:])
        clients.append(c)
    for c in clients:
        r = c.post(mdfed.sp.base + "/calendar/renew", {},
                   token_from=mdfed.sp.base + "/calendar")
        assert r.status_code == 303, (r.status_code, r.text[:300])
    rows = mdfed.sp.db_query("SELECT principal, scope FROM person WHERE principal LIKE "
                             "'mentor1@%' ORDER BY principal")
    assert rows == [["mentor1@b.ac.uk", "b.ac.uk"], ["mentor1@c.ac.uk", "c.ac.uk"]]


@pytest.mark.parametrize("user,idp", [
    ("cclaim1", 0),         # the home IdP, @c.ac.uk
    ("cclaim1", 1),         # B's IdP, @c.ac.uk
    ("rogue1", 2),          # C's IdP, @b.ac.uk
    ("homeclaim1", 2),      # C's IdP, @demo.ac.uk
])
def test_a_scope_the_metadata_does_not_give_the_idp_is_refused(mdfed, user, idp):
    _, r = sign_in(mdfed, user, idp)
    assert r.status_code == 403, (user, idp, r.status_code)
    assert "does not speak for the institution" in rmtest.text_of(r)
    assert mdfed.sp.db_query("SELECT count(*) FROM person WHERE principal LIKE '%s@%%'"
                             % user) == [["0"]]


def test_institution_names_come_from_the_metadata(mdfed):
    """B by its mdui:DisplayName (not its organisation's name), C by its
    OrganizationDisplayName, on the programme's applications as the home
    institution's admin sees them."""
    admin, r = sign_in(mdfed, "admin", 0)
    assert r.status_code == 200, rmtest.text_of(r)[-400:]
    r = admin.post("/admin/programmes/new",
                   rmtest.programme_form(name="Federation metadata programme"))
    assert r.status_code == 303, (r.status_code, r.text[:500])
    r = admin.get("/admin/programmes")
    pid = max(int(x) for x in re.findall(r"/admin/programmes/(\d+)/edit", r.text))
    for idp in (1, 2):
        c, r = sign_in(mdfed, "mentor2", idp)
        assert r.status_code == 200, (idp, rmtest.text_of(r)[-400:])
        r = c.post("/programmes/%d/apply/mentor" % pid, rmtest.MENTOR_FORM)
        assert r.status_code == 303, (idp, r.status_code, rmtest.text_of(r)[-400:])
    r, doc = admin.page("/admin/programmes/%d/applications" % pid)
    rows = sorted(" ".join(" ".join(tr.xpath("./td[2]//text()")).split())
                  for tr in doc.xpath("//table[.//th[.='Institution']]/tbody/tr"))
    assert rows == ["University of B", "University of C"], rows
    assert "B Organisation" not in rmtest.text_of(r)
