"""A sector programme's institutions read from the federation's signed SAML
2.0 metadata aggregate (RMentorFederationMetadata FILE CERT: web/config.c
fedmeta_load, core/fedmeta.c, rm_xmlsig_verify_root in core/xmlsign.c).

The aggregate is made here, at fixture time: a federation signing key and
self-signed certificate (openssl), an md:EntitiesDescriptor listing

  - A: one IdP, shibmd:Scope a.ac.uk, named by its mdui:DisplayName (the
    English one of two);
  - B: two IdPs for b.ac.uk (the scope once under the IDPSSODescriptor's
    Extensions, once under the EntityDescriptor's), named by the
    md:OrganizationDisplayName;
  - S: an IdP whose entity validUntil has passed (loaded, its sign-ins
    refused as out of date);
  - R: an IdP with only regular-expression scopes (not taken), and an SP
    with a scope (not an IdP: not taken), in a nested EntitiesDescriptor;
  - an IdP claiming the home scope, and one claiming the scope an
    RMentorInstitution line lists (the home institution and explicit lines
    win: neither IdP speaks for them);

signed with the real xmlsec1 (enveloped, exc-c14n, rsa-sha256, Reference to
the root's ID) and checked with xmlsec1 before use.  The sign-ins go through
the demo's kind of SSO as in test_federation.py (HTTP Basic, then mod_rewrite
placing Shibboleth-named attributes, the asserting IdP in
Shib-Identity-Provider) on a /fed mount.  Both backends; the start-up
refusals (tampered, unsigned, signed by another key, DOCTYPE, missing file
and more) on sqlite3 only, each an `apache2 -k start` that must fail with its
reason in the log."""
import os
import shutil
import subprocess

import pytest

import rmtest
from cohort import server_sql, wait_until
from fedkit import (FedMount, add_people, aggregate, get, idp, openssl_pair, record,
                    mount, scope, sign, sign_in_and_write, ui, verifies)

HOME_IDP = "https://idp.demo.ac.uk/idp"
A_IDP = "https://idp.a.ac.uk/idp"
B_IDP = "https://idp.b.ac.uk/idp"
B_IDP2 = "https://login.b.ac.uk/saml"
S_IDP = "https://idp.s.ac.uk/idp"
R_IDP = "https://idp.r.ac.uk/idp"
SP = "https://sp.q.ac.uk/shibboleth"
ROGUE_IDP = "https://idp.rogue.example/idp"          # lists the home scope
E_IDP = "https://idp.e.ac.uk/idp"                    # RMentorInstitution's
E_META_IDP = "https://sso.e.ac.uk/idp"               # the metadata's, for e.ac.uk
ADMIN_ENT = "urn:mace:demo.ac.uk:rmentor:admin"
ROOT_ID = "_fedmeta1"

# account -> the attributes its sign-in carries
PEOPLE = {
    "ma1": dict(eppn="jsmith@a.ac.uk", aff="staff@a.ac.uk", idp=A_IDP, name="Jo Smith of A"),
    "mb1": dict(eppn="jsmith@b.ac.uk", aff="staff@b.ac.uk", idp=B_IDP, name="Jo Smith of B"),
    "mb2": dict(eppn="sam@b.ac.uk", aff="staff@b.ac.uk", idp=B_IDP2, name="Sam of B"),
    "mab": dict(eppn="evil@b.ac.uk", aff="staff@b.ac.uk", idp=A_IDP, name="Claims B"),
    "mc": dict(eppn="x@c.ac.uk", aff="staff@c.ac.uk", idp=A_IDP, name="Of C"),
    "mr": dict(eppn="x@r.ac.uk", aff="staff@r.ac.uk", idp=R_IDP, name="Of R"),
    "mq": dict(eppn="x@q.ac.uk", aff="staff@q.ac.uk", idp=SP, name="Of Q"),
    "ms": dict(eppn="jo@s.ac.uk", aff="staff@s.ac.uk", idp=S_IDP, name="Jo of S"),
    "mrogue": dict(eppn="admin@demo.ac.uk", aff="staff@demo.ac.uk", idp=ROGUE_IDP,
                   name="Claims home", ent=ADMIN_ENT),
    "me": dict(eppn="jo@e.ac.uk", aff="staff@e.ac.uk", idp=E_IDP, name="Jo of E"),
    "me_meta": dict(eppn="ann@e.ac.uk", aff="staff@e.ac.uk", idp=E_META_IDP,
                    name="E through the metadata's IdP"),
    "mhome": dict(eppn="chief@demo.ac.uk", aff="staff@demo.ac.uk", idp=HOME_IDP,
                  name="Chief at home", ent=ADMIN_ENT),
    "mlocal_a": dict(eppn="boss@a.ac.uk", aff="staff@a.ac.uk", idp=A_IDP,
                     name="Local admin of A"),
}


# ---- the federation's metadata ---------------------------------------------

ENTITIES = [
    # A: mdui:DisplayName, the English one of two
    idp(A_IDP, sso_ext=scope("a.ac.uk") + ui(("cy", "Prifysgol A"), ("en", "University of A")),
        org="A Organisation"),
    # B: two IdPs, named by the organisation; the scope in either Extensions
    idp(B_IDP, sso_ext=scope("b.ac.uk"), org="University of B"),
    idp(B_IDP2, entity_ext=scope("b.ac.uk"), org="University of B"),
    # S: listed, but its entity's validUntil has passed
    idp(S_IDP, sso_ext=scope("s.ac.uk") + ui(("en", "University of S")),
        attrs=' validUntil="2020-01-01T00:00:00Z"'),
    # R's regular-expression scopes and an SP's scope: neither taken
    '  <md:EntitiesDescriptor Name="nested">\n'
    + idp(R_IDP, sso_ext=scope("r.ac.uk", "true") + scope(r"^.+\.r\.ac\.uk$", "true"),
          org="University of R")
    + '  <md:EntityDescriptor entityID="%s">\n'
      '    <md:Extensions>%s</md:Extensions>\n'
      '    <md:SPSSODescriptor protocolSupportEnumeration='
      '"urn:oasis:names:tc:SAML:2.0:protocol">\n'
      '      <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:'
      'HTTP-POST" Location="https://sp.q.ac.uk/Shibboleth.sso/SAML2/POST" index="1"/>\n'
      '    </md:SPSSODescriptor>\n'
      '  </md:EntityDescriptor>\n' % (SP, scope("q.ac.uk"))
    + '  </md:EntitiesDescriptor>\n',
    # the home scope and an explicitly listed one: the metadata's IdPs lose
    idp(ROGUE_IDP, sso_ext=scope("demo.ac.uk") + ui(("en", "Rogue"))),
    idp(E_META_IDP, sso_ext=scope("e.ac.uk") + ui(("en", "E from the metadata"))),
]


def write(d, name, text):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    return path


@pytest.fixture(scope="module")
def meta():
    """The federation's key pair, another key pair, the signed aggregate and
    the broken files the start-up tests feed the server."""
    d = rmtest.make_dir("rm-fedmeta-")
    key, cert = openssl_pair(d, "federation")
    key2, cert2 = openssl_pair(d, "impostor")
    text = aggregate(ENTITIES, ROOT_ID, 365)
    signed = sign(d, "signed", text, key, cert)
    with open(signed) as f:
        good = f.read()
    # sanity: the real verifier agrees, and not with the wrong certificate
    assert verifies(signed, cert)
    assert not verifies(signed, cert2)
    assert "University of A" in good and "<ds:SignatureValue>" in good
    files = dict(dir=d, cert=cert, cert2=cert2, signed=signed)
    files["tampered"] = write(d, "tampered.xml", good.replace("University of A",
                                                              "University of X"))
    assert not verifies(files["tampered"], cert)
    files["unsigned"] = write(d, "unsigned.xml",
                              aggregate(ENTITIES, ROOT_ID, 365, signed=False))
    files["template"] = write(d, "template.xml", text)          # Signature left empty
    files["other_key"] = sign(d, "other-key", text, key2, cert2)
    assert verifies(files["other_key"], cert2) and not verifies(files["other_key"], cert)
    files["doctype"] = write(d, "doctype.xml", good.replace(
        "?>\n", '?>\n<!DOCTYPE md:EntitiesDescriptor [<!ENTITY e "e.ac.uk">]>\n', 1))
    assert "<!DOCTYPE" in open(files["doctype"]).read()
    files["truncated"] = write(d, "truncated.xml", good[:len(good) // 2])
    files["empty"] = write(d, "empty.xml", "")
    files["missing"] = os.path.join(d, "no-such-file.xml")
    # signed, but listing only the home scope's rogue and e.ac.uk's other IdP
    files["nothing_new"] = sign(d, "nothing-new", aggregate(ENTITIES[-2:], ROOT_ID, 365),
                                key, cert)
    assert verifies(files["nothing_new"], cert)
    # a valid signature, a child of the root, that covers only one entity
    part = [ENTITIES[1].replace('<md:EntityDescriptor ', '<md:EntityDescriptor ID="_e1" ', 1)]
    files["partial"] = sign(d, "partial",
                            aggregate(part + ENTITIES[:1], ROOT_ID, 365, ref="_e1"),
                            key, cert, id_node="EntityDescriptor")
    assert verifies(files["partial"], cert, "EntityDescriptor")
    yield files
    shutil.rmtree(d, ignore_errors=True)


# ---- the server --------------------------------------------------------------

def conf(meta):
    return """
RMentorIdentityProvider %(home)s
RMentorInstitution e.ac.uk "Explicit E" %(e)s
RMentorFederationMetadata %(md)s %(cert)s
RMentorInstitutionAdmin a.ac.uk boss@a.ac.uk
%(mount)s""" % {"home": HOME_IDP, "e": E_IDP, "md": meta["signed"], "cert": meta["cert"],
       "mount": mount(PEOPLE, "Federation metadata test")}


@pytest.fixture(scope="module", params=os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(","))
def fed(request, meta):
    # the refusals below, and the expired IdP at start, are logged as warnings
    yield from rmtest.backend_server(request, conf(meta),
                                     ready=lambda srv: add_people(srv, PEOPLE))


def test_the_metadata_is_loaded_at_start(fed):
    # httpd listens (open_logs) before post_config has read the file and said so
    def lines():
        return [l for l in fed.log_lines() if "RMentorFederationMetadata" in l]
    assert wait_until(lines, timeout=10), "\n".join(fed.log_lines()[-20:])
    lines = lines()
    # a, b and s (e.ac.uk and demo.ac.uk are the configuration's); A, B
    # twice, S, R, the rogue and E's other IdP; S already expired
    assert all("3 institutions from 7 identity providers" in l for l in lines), lines
    assert all("1 identity providers past the metadata's validUntil" in l for l in lines), lines
    assert all("[rmentor:warn]" in l for l in lines), lines


def test_people_of_the_metadatas_institutions_sign_in_as_two_people(fed):
    a, b = record(fed, "ma1"), record(fed, "mb1")
    assert (a["principal"], a["scope"]) == ("jsmith@a.ac.uk", "a.ac.uk")
    assert (b["principal"], b["scope"]) == ("jsmith@b.ac.uk", "b.ac.uk")
    rows = server_sql(fed, "SELECT principal FROM person WHERE principal LIKE 'jsmith@%' "
                           "ORDER BY principal")
    assert [p for (p,) in rows] == ["jsmith@a.ac.uk", "jsmith@b.ac.uk"]
    # B's other IdP, whose scope is under its EntityDescriptor's Extensions
    b2 = record(fed, "mb2")
    assert (b2["principal"], b2["scope"]) == ("sam@b.ac.uk", "b.ac.uk")
    assert get(fed, "ma1", "/").status_code == 200
    assert get(fed, "mb2", "/resources").status_code == 200
    # an RMentorInstitution line beside the metadata still counts
    e = record(fed, "me")
    assert (e["principal"], e["scope"]) == ("jo@e.ac.uk", "e.ac.uk")


@pytest.mark.parametrize("user,said", [
    ("mab", "does not speak for the institution"),      # A's IdP asserting b.ac.uk
    ("mc", "not one of those taking part"),             # c.ac.uk: in no list
    ("mr", "not one of those taking part"),             # R's scopes are regexps only
    ("mq", "not one of those taking part"),             # an SP's scope
    ("mrogue", "does not speak for the institution"),   # the metadata lists the home scope
    ("me_meta", "does not speak for the institution"),  # RMentorInstitution wins
    ("ms", "list of the federation's institutions is out of date"),
])
def test_a_scope_the_metadata_does_not_give_the_idp_is_refused(fed, user, said):
    r = get(fed, user, "/")
    assert r.status_code == 403, (user, r.status_code)
    t = rmtest.text_of(r)
    assert said in t, t
    assert "Sign-in not accepted" in t
    # nothing of them is kept
    assert server_sql(fed, "SELECT count(*) FROM person WHERE principal = '%s'"
                      % PEOPLE[user]["eppn"])[0][0] in (0, "0")


def test_an_expired_institution_is_refused_and_logged(fed):
    r = get(fed, "ms", "/calendar")
    assert r.status_code == 403
    assert "out of date" in rmtest.text_of(r)
    lines = [l for l in fed.log_lines()
             if "the federation metadata listing the institution is out of date" in l]
    # named by the sign-in (REMOTE_USER here), as the other refusals are
    assert lines and all("refused ms: " in l for l in lines), lines
    assert all("Jo of S" not in l and "[rmentor:warn]" in l for l in lines), lines


def test_roles_stay_with_the_home_idp(fed):
    # the admin entitlement through an IdP the metadata lists for the home
    # scope: refused outright; through the home IdP: an admin
    assert get(fed, "mrogue", "/admin/resources").status_code == 403
    assert get(fed, "mhome", "/admin/resources").status_code == 200


def test_institution_names_come_from_the_metadata(fed):
    m = FedMount(fed)
    pid = rmtest.create_programme(m, "mhome", name="Metadata programme")
    for user in ("ma1", "mb1", "me"):
        sign_in_and_write(fed, user)
    server_sql(fed, "INSERT INTO application (programme_id, person_id, role, status, "
                    "created_at, updated_at) SELECT %d, id, 'mentor', 'submitted', 1, 1 "
                    "FROM person WHERE principal IN ('jsmith@a.ac.uk', 'jsmith@b.ac.uk', "
                    "'jo@e.ac.uk')" % pid)
    path = "/admin/programmes/%d/applications" % pid
    c = m.client("mhome")

    def names(q=""):
        r, doc = c.page(path + q)
        rows = doc.xpath("//table[.//th[.='Institution']]/tbody/tr")
        return sorted((" ".join(r.xpath("./td[1]//text()")).strip(),
                       r.xpath("./td[2]/text()")[0]) for r in rows)
    assert wait_until(lambda: len(names()) == 3, timeout=10), names()
    # A by its English mdui:DisplayName, B by its OrganizationDisplayName,
    # E by its RMentorInstitution line (not the metadata's "E from the metadata")
    assert names() == [("Jo Smith of A", "University of A"), ("Jo Smith of B", "University of B"),
                       ("Jo of E", "Explicit E")], names()
    assert names("?institution=a.ac.uk") == [("Jo Smith of A", "University of A")]
    r, doc = c.page(path)
    opts = [(o.get("value"), " ".join(o.text_content().split()))
            for o in doc.xpath("//select[@name='institution']/option")]
    # the metadata's institutions (of hundreds, in a real federation) only
    # with applicants to this programme: not S; those listed by hand always
    assert opts == [("", "Any institution"), ("demo.ac.uk", "Reciprocal mentoring (demo)"),
                    ("e.ac.uk", "Explicit E"), ("a.ac.uk", "University of A"),
                    ("b.ac.uk", "University of B")], opts
    t = rmtest.text_of(r)
    for absent in ("Prifysgol A", "A Organisation", "Rogue", "E from the metadata",
                   "University of R"):
        assert absent not in t, absent
    # the expired institution is still one of the programme's; R and Q are not
    r, doc = c.page(path + "?institution=s.ac.uk")
    assert r.status_code == 200
    # chosen, it stays in the list (selected)
    assert doc.xpath("//select[@name='institution']/option[@value='s.ac.uk']/@selected")
    assert c.get(path + "?institution=r.ac.uk").status_code == 400
    assert c.get(path + "?institution=q.ac.uk").status_code == 400
    # the programme report by institution names them too
    r, doc = c.page("/admin/programmes/%d/report" % pid)
    heads = [" ".join(th.text_content().split())
             for th in doc.xpath("//section[@aria-labelledby='h-institutions']//tbody/tr/*[1]")]
    assert "University of A" in heads and "University of B" in heads, heads
    # E (by hand) has a row though it has no acceptance; S (metadata, no
    # applications) has none
    assert "Explicit E" in heads and "University of S" not in heads, heads


def test_a_local_admin_of_a_metadata_institution(fed):
    # RMentorInstitutionAdmin may name an institution only the metadata lists
    r = get(fed, "mlocal_a", "/institution")
    assert r.status_code == 200, r.status_code
    assert "You are a local admin for University of A" in rmtest.text_of(r)
    assert get(fed, "ma1", "/institution").status_code == 404


# ---- refused at start --------------------------------------------------------

def stop_daemon(srv):
    """Stop an httpd `-k start` may have left running, and wait for it to
    go before its folder is removed."""
    try:
        with open(os.path.join(srv.dir, "httpd.pid")) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return
    subprocess.run(["apache2", "-f", srv.conf, "-k", "graceful-stop"], capture_output=True,
                   timeout=30)
    assert wait_until(lambda: not os.path.exists("/proc/%d" % pid), timeout=20), \
        "httpd %d did not stop" % pid


def start_refused(conf_text):
    """`apache2 -k start` with conf_text; returns (exit code, log + stderr),
    the server stopped (if it started after all) and removed."""
    srv = rmtest.Httpd("sqlite3", extra_conf=conf_text)
    try:
        r = subprocess.run(["apache2", "-f", srv.conf, "-k", "start"], capture_output=True,
                           text=True, timeout=30)
        log = "\n".join(srv.log_lines()) + r.stderr
    finally:
        stop_daemon(srv)
    srv.cleanup()
    return r.returncode, log


def md_conf(path, cert):
    return ("RMentorIdentityProvider %s\nRMentorInstitution e.ac.uk \"Explicit E\" %s\n"
            "RMentorFederationMetadata %s %s\n" % (HOME_IDP, E_IDP, path, cert))


@pytest.mark.parametrize("which,cert,reason", [
    ("tampered", "cert", "the metadata's signature is not valid: "
                         "the signature does not match the document"),
    ("unsigned", "cert", "the metadata's signature is not valid: the document is not signed"),
    # the template as it was before signing: empty DigestValue and SignatureValue
    ("template", "cert", "the metadata's signature is not valid: "
                         "the signature cannot be checked"),
    ("other_key", "cert", "the metadata's signature is not valid: "
                          "the signature does not match the document"),
    # the right document, checked against another federation's certificate
    ("signed", "cert2", "the metadata's signature is not valid: "
                        "the signature does not match the document"),
    ("partial", "cert", "the metadata's signature is not valid: "
                        "the signature does not cover the document's root element"),
    ("doctype", "cert", "the metadata has a DOCTYPE, which is refused"),
    ("truncated", "cert", "the metadata is not well-formed XML"),
])
def test_bad_metadata_stops_the_start(meta, which, cert, reason):
    rc, log = start_refused(md_conf(meta[which], meta[cert]))
    assert rc != 0, log
    assert "RMentorFederationMetadata %s (certificate %s): %s" % (
        meta[which], meta[cert], reason) in log, log
    assert "[rmentor:emerg]" in log


@pytest.mark.parametrize("which,cert,msg", [
    ("missing", "cert", "cannot read RMentorFederationMetadata %(file)s"),
    ("empty", "cert", "RMentorFederationMetadata %(file)s is empty or larger than 512 MiB"),
    ("signed", "missing", "RMentorFederationMetadata %(file)s (certificate %(cert)s): the "
                          "metadata's signature is not valid: cannot read the signer's "
                          "certificate"),
    ("nothing_new", "cert", "RMentorFederationMetadata %(file)s lists no identity provider "
                            "with a scope (shibmd:Scope) beyond the home institution's"),
])
def test_unusable_metadata_stops_the_start(meta, which, cert, msg):
    rc, log = start_refused(md_conf(meta[which], meta[cert]))
    assert rc != 0, log
    assert msg % {"file": meta[which], "cert": meta[cert]} in log, log


def test_the_good_file_starts(meta):
    """The same start-up path as the refusals, with the signed file: the
    refusals above are the files', not the harness's."""
    srv = rmtest.Httpd("sqlite3", extra_conf=md_conf(meta["signed"], meta["cert"]))
    try:
        r = subprocess.run(["apache2", "-f", srv.conf, "-k", "start"], capture_output=True,
                           text=True, timeout=30)
        assert r.returncode == 0, r.stderr + "\n".join(srv.log_lines())
        rmtest.wait_port(srv.port, 15)
    finally:
        stop_daemon(srv)
    log = srv.log_lines()
    assert not [l for l in log if "[rmentor:emerg]" in l], log
    assert any("3 institutions from 7 identity providers" in l for l in log), log
    srv.cleanup()


# ---- rmentorctl federation check ---------------------------------------------

CTL = os.path.join(rmtest.ROOT, "build", "rmentorctl")


def ctl(*args):
    return subprocess.run([CTL, "federation", "check"] + list(args), capture_output=True,
                          text=True, timeout=60)


def test_the_cli_lists_what_the_module_would_take(meta):
    r = ctl(meta["signed"], meta["cert"])
    assert r.returncode == 0, r.stderr
    assert "signature valid" in r.stdout
    rows = {l.split("\t")[0]: l.split("\t")[1:] for l in r.stdout.splitlines() if "\t" in l}
    assert rows["a.ac.uk"][0] == "University of A"
    assert rows["b.ac.uk"][0] == "University of B" and len(rows["b.ac.uk"][1].split()) == 2
    assert rows["s.ac.uk"][-1] == "(expired)"
    assert "r.ac.uk" not in rows


@pytest.mark.parametrize("which,cert,code,said", [
    ("tampered", "cert", 65, "does not match"),
    ("unsigned", "cert", 65, "not signed"),
    ("other_key", "cert", 65, "does not match"),
    ("missing", "cert", 66, "cannot read"),
])
def test_the_cli_refuses_a_bad_file(meta, which, cert, code, said):
    r = ctl(meta[which], meta[cert])
    assert r.returncode == code and said in r.stderr, (r.returncode, r.stderr)
    assert "signature valid" not in r.stdout
