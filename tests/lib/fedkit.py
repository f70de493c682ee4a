"""Helpers for the tests of a sector programme's federation (several
institutions, each with its own IdP and scope), shared by
tests/integration/test_federation.py, tests/integration/test_fedmeta.py and
tests/sso/test_sso_federation.py.

The first part is the demo's kind of SSO on a mount of its own: HTTP Basic,
then mod_rewrite placing Shibboleth-named attributes (the asserting IdP in
Shib-Identity-Provider) for each account of a PEOPLE dict,

    PEOPLE = {"fa1": dict(eppn="jsmith@a.ac.uk", aff="staff@a.ac.uk",
                          idp="https://idp.a.ac.uk/idp", name="Jo Smith of A",
                          ent=None)}           # ent: an entitlement, optional
    CONF = "<Location /fed> ... RewriteEngine On\\n%s</Location>" % rules(PEOPLE)
    rmtest.backend_server(request, CONF, ready=lambda srv: add_people(srv, PEOPLE))

and the requests through it (get, sign_in_and_write, record, FedMount).

The second part makes a federation's signed SAML 2.0 metadata aggregate: an
md:EntitiesDescriptor of IdPs (idp, scope, ui) with an enveloped ds:Signature
template (aggregate), signed and checked with the real xmlsec1 (sign,
verify, verifies) under a key pair made by openssl (openssl_pair)."""
import base64
import datetime
import hashlib
import html
import os
import subprocess
import urllib.parse

import rmtest

MOUNT = "/fed"


# ---- the demo's kind of SSO on a mount of its own ----------------------------

def rules(people):
    """mod_rewrite lines giving each account of people (account -> dict of
    eppn, aff, idp, name and optionally ent) the attributes its sign-in
    carries; an eppn or idp of None is left out."""
    out = []
    for user, p in people.items():
        env = ["displayName:%s" % p["name"], "affiliation:%s" % p["aff"]]
        if p["eppn"]:
            env.append("eppn:%s" % p["eppn"])
        if p["idp"]:
            env.append("Shib-Identity-Provider:%s" % p["idp"])
        if p.get("ent"):
            env.append("entitlement:%s" % p["ent"])
        out.append("    RewriteCond %%{REMOTE_USER} =%s\n    RewriteRule ^ - \"[%s]\"\n"
                   % (user, ",".join("E=" + e for e in env)))
    return "".join(out)


def mount(people, realm, path=MOUNT):
    """The <Location> of the mount: HTTP Basic against the run directory's
    htpasswd (add_people), then rules(people) placing the attributes."""
    return ("<Location %s>\n"
            "    AuthType Basic\n"
            "    AuthName \"%s\"\n"
            "    AuthBasicProvider file\n"
            "    AuthUserFile ${RM_RUN}/htpasswd\n"
            "    Require valid-user\n"
            "    SetHandler rmentor\n"
            "    RMentorBasePath %s\n"
            "    RewriteEngine On\n"
            "%s</Location>\n" % (path, realm, path, rules(people)))


def add_people(srv, people):
    """Every account of people in the server's htpasswd, with rmtest's
    password (for rmtest.backend_server's ready)."""
    digest = base64.b64encode(hashlib.sha1(rmtest.PASSWORD.encode()).digest()).decode()
    with open(os.path.join(srv.dir, "htpasswd"), "a") as f:
        for user in people:
            f.write("%s:{SHA}%s\n" % (user, digest))


def get(srv, user, path, mount=MOUNT):
    c = rmtest.Client(srv, user)
    return c.get(srv.origin + mount + path)


def sign_in_and_write(srv, user, mount=MOUNT):
    """A first write (turning the calendar feed on) makes the person's row."""
    c = rmtest.Client(srv, user)
    doc = rmtest.html(c.get(srv.origin + mount + "/calendar"))
    form = [f for f in doc.xpath("//form") if (f.get("action") or "").endswith("/calendar/renew")]
    assert form, "no calendar form for %s" % user
    tok = form[0].xpath(".//input[@name='csrf']/@value")[0]
    r = c.s.post(srv.origin + mount + "/calendar/renew", data={"csrf": tok},
                 headers={"Origin": srv.origin}, allow_redirects=False, timeout=15)
    assert r.status_code == 303, (user, r.status_code, r.text[:300])


def record(srv, user, mount=MOUNT):
    """The person's own record (from /my-data.json), made by a first write."""
    sign_in_and_write(srv, user, mount)
    r = get(srv, user, "/my-data.json", mount)
    assert r.status_code == 200, (user, r.status_code, r.text[:300])
    sec = {s["name"]: s for s in r.json()["sections"]}
    return sec["person"]["records"][0]


class FedMount:
    """The server as seen through the mount (/fed), for rmtest's helpers."""

    def __init__(self, srv, mount=MOUNT):
        self.__dict__.update(srv.__dict__)
        self.srv = srv
        self.base = srv.origin + mount

    def client(self, user=None, password=rmtest.PASSWORD):
        return rmtest.Client(self, user, password)

    def secret(self):
        return self.srv.secret()


# ---- a federation's signed metadata aggregate --------------------------------

MD_NS = "urn:oasis:names:tc:SAML:2.0:metadata"

SIGNATURE = """  <ds:Signature>
    <ds:SignedInfo>
      <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
      <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
      <ds:Reference URI="#%s">
        <ds:Transforms>
          <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
          <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
        </ds:Transforms>
        <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
        <ds:DigestValue/>
      </ds:Reference>
    </ds:SignedInfo>
    <ds:SignatureValue/>
    <ds:KeyInfo><ds:X509Data/></ds:KeyInfo>
  </ds:Signature>
"""


def stamp(days):
    """An xsd:dateTime (UTC) days from now."""
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def idp(entity_id, sso_ext="", entity_ext="", org=None, attrs="", location=None):
    """An EntityDescriptor with an IDPSSODescriptor.  sso_ext and entity_ext
    are XML for the IDPSSODescriptor's and the EntityDescriptor's
    md:Extensions, attrs more attributes of the EntityDescriptor (as
    ' validUntil="..."'), org the md:Organization's names; location the
    SingleSignOnService's (by default a Shibboleth IdP's on the entity's
    host)."""
    u = urllib.parse.urlsplit(entity_id)
    if location is None:
        location = "https://%s/idp/profile/SAML2/Redirect/SSO" % u.netloc
    out = ['  <md:EntityDescriptor entityID="%s"%s>\n' % (html.escape(entity_id), attrs)]
    if entity_ext:
        out.append("    <md:Extensions>%s</md:Extensions>\n" % entity_ext)
    out.append('    <md:IDPSSODescriptor protocolSupportEnumeration='
               '"urn:oasis:names:tc:SAML:2.0:protocol">\n')
    if sso_ext:
        out.append("      <md:Extensions>%s</md:Extensions>\n" % sso_ext)
    out.append('      <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:'
               'HTTP-Redirect" Location="%s"/>\n'
               '    </md:IDPSSODescriptor>\n' % html.escape(location))
    if org:
        out.append('    <md:Organization>\n'
                   '      <md:OrganizationName xml:lang="en">%s</md:OrganizationName>\n'
                   '      <md:OrganizationDisplayName xml:lang="en">%s'
                   '</md:OrganizationDisplayName>\n'
                   '      <md:OrganizationURL xml:lang="en">%s://%s/</md:OrganizationURL>\n'
                   '    </md:Organization>\n'
                   % (html.escape(org), html.escape(org), u.scheme, html.escape(u.netloc)))
    out.append("  </md:EntityDescriptor>\n")
    return "".join(out)


def scope(value, regexp="false"):
    """A shibmd:Scope, for an md:Extensions."""
    return '<shibmd:Scope regexp="%s">%s</shibmd:Scope>' % (regexp, html.escape(value))


def ui(*names):
    """An mdui:UIInfo with a DisplayName for each (language, name)."""
    return "<mdui:UIInfo>%s</mdui:UIInfo>" % "".join(
        '<mdui:DisplayName xml:lang="%s">%s</mdui:DisplayName>'
        % (html.escape(lang), html.escape(name)) for lang, name in names)


def aggregate(entities, root_id, valid_days, signed=True, ref=None):
    """The md:EntitiesDescriptor (ID root_id, validUntil valid_days from
    now) of entities, with an empty enveloped ds:Signature for sign() whose
    Reference is to ref (by default the root), or none if not signed."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<md:EntitiesDescriptor xmlns:md="%s"\n'
            '    xmlns:ds="http://www.w3.org/2000/09/xmldsig#"\n'
            '    xmlns:shibmd="urn:mace:shibboleth:metadata:1.0"\n'
            '    xmlns:mdui="urn:oasis:names:tc:SAML:metadata:ui"\n'
            '    ID="%s" Name="http://federation.test/" validUntil="%s">\n'
            '%s%s</md:EntitiesDescriptor>\n'
            % (MD_NS, root_id, stamp(valid_days),
               SIGNATURE % (ref or root_id) if signed else "", "".join(entities)))


def start_openssl_pair(key, cert, cn, days=30):
    """Start openssl making an RSA key (file key) and a self-signed
    certificate for it (file cert, CN=cn); wait_openssl_pair finishes."""
    return subprocess.Popen(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256",
         "-days", str(days), "-subj", "/CN=%s" % cn, "-keyout", key, "-out", cert],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_openssl_pair(keygen, timeout=120):
    try:
        _, err = keygen.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        keygen.kill()
        keygen.wait()
        raise
    assert keygen.returncode == 0, err


def openssl_pair(d, name, days=30):
    """A key pair made in folder d: (d/name.key, d/name.pem), CN=name, the
    key readable by all."""
    key, cert = os.path.join(d, name + ".key"), os.path.join(d, name + ".pem")
    wait_openssl_pair(start_openssl_pair(key, cert, name, days), timeout=60)
    os.chmod(key, 0o644)
    return key, cert


def xmlsec(*args):
    return subprocess.run(["xmlsec1"] + list(args), capture_output=True, text=True, timeout=60)


def sign(d, name, text, key, cert, id_node="EntitiesDescriptor", out=None):
    """text (with the empty ds:Signature of aggregate()) written to
    d/name.tpl.xml and signed by xmlsec1 with key into out (by default
    d/name.xml), the ID attributes those of the md:id_node elements;
    returns out."""
    tpl = os.path.join(d, name + ".tpl.xml")
    out = out or os.path.join(d, name + ".xml")
    with open(tpl, "w") as f:
        f.write(text)
    r = xmlsec("--sign", "--privkey-pem", "%s,%s" % (key, cert),
               "--id-attr:ID", "%s:%s" % (MD_NS, id_node), "--output", out, tpl)
    assert r.returncode == 0, r.stderr
    return out


def verify(path, cert, id_node="EntitiesDescriptor"):
    """xmlsec1's check of the signed file against cert (its CompletedProcess)."""
    return xmlsec("--verify", "--pubkey-cert-pem", cert,
                  "--id-attr:ID", "%s:%s" % (MD_NS, id_node), path)


def verifies(path, cert, id_node="EntitiesDescriptor"):
    return verify(path, cert, id_node).returncode == 0
