"""A small SAML 2.0 identity provider for the SSO tests (pysaml2 + xmlsec1).

It stands in for a university IdP on loopback.  There is no password prompt:
the test says who signs in by adding `user=NAME` to the single sign-on URL the
service provider redirected it to (the SP's signed query is left untouched,
so the signature still verifies).  The IdP then
  - checks the AuthnRequest came from the one SP it knows and that its
    redirect-binding signature (RSA-SHA256) verifies with the SP's certificate,
  - answers with the usual auto-submitting HTML form that POSTs a signed
    (RSA-SHA256 / SHA-256 digests, response and assertion) SAMLResponse to
    the SP's AssertionConsumerService,
  - releases the test user's attributes under their urn:oid names
    (NameFormat uri), as UK Access Management Federation IdPs do.

Run as a program (the fixture does this, so the IdP is a separate process
stopped by PID):
    idp.py --port N --dir DIR --sp-metadata FILE --lifetime SECONDS
DIR holds idp-key.pem / idp-cert.pem; the process exits by itself after
--lifetime seconds in case nobody stops it.

pysaml2 logs whole SAML messages at INFO: logging stays at WARNING.
"""
import argparse
import base64
import html
import logging
import os
import secrets
import socketserver
import subprocess
import sys
import threading
import urllib.parse
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

# Attribute names: friendly name -> SAML name (urn:oid, NameFormat uri).
# `grade` has no standard OID; the demo uses one under 1.3.6.1.4.1.32473,
# the enterprise number IANA reserves for documentation (RFC 5612).
# A university would use an OID under its own enterprise number.
OID = {
    "eduPersonPrincipalName": "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",
    "displayName": "urn:oid:2.16.840.1.113730.3.1.241",
    "mail": "urn:oid:0.9.2342.19200300.100.1.3",
    "eduPersonScopedAffiliation": "urn:oid:1.3.6.1.4.1.5923.1.1.1.9",
    "eduPersonEntitlement": "urn:oid:1.3.6.1.4.1.5923.1.1.1.7",
    "ou": "urn:oid:2.5.4.11",
    "title": "urn:oid:2.5.4.12",
    "employeeNumber": "urn:oid:2.16.840.1.113730.3.1.3",
    "rmentorGrade": "urn:oid:1.3.6.1.4.1.32473.1.1",
}

EXCO = "urn:mace:demo.ac.uk:exco"
ADMIN = "urn:mace:demo.ac.uk:rmentor:admin"
LIBRARY = "urn:mace:demo.ac.uk:library"
STAFF = ["staff@demo.ac.uk", "member@demo.ac.uk"]


def _user(uid, name, ou, title, grade=None, entitlements=(), affiliation=STAFF,
          eppn=True):
    a = {
        "displayName": [name],
        "mail": ["%s@demo.ac.uk" % uid],
        "eduPersonScopedAffiliation": list(affiliation),
        "employeeNumber": ["D9%04d" % (sum(map(ord, uid)) % 10000)],
    }
    if ou:
        a["ou"] = [ou]
    if title:
        a["title"] = [title]
    if eppn:
        a["eduPersonPrincipalName"] = ["%s@demo.ac.uk" % uid]
    if grade is not None:
        a["rmentorGrade"] = [grade]
    if entitlements:
        a["eduPersonEntitlement"] = list(entitlements)
    return a


# The test population.  Multi-valued attributes are lists; where the order
# matters to a test the value it needs is NOT the first one (mod_auth_mellon
# without MellonMergeEnvVars passes only the first value under the plain name).
USERS = {
    "admin": _user("admin", "Ada Adeyemi", "EDI Office",
                   "Head of Equality, Diversity and Inclusion", "9",
                   [LIBRARY, ADMIN]),
    "mentor1": _user("mentor1", "Amara Okafor", "Student Services",
                     "Head of Student Services", "8"),
    "mentor2": _user("mentor2", "Priya Shah", "Strategic Planning",
                     "Director of Planning", "9"),
    "mentor3": _user("mentor3", "Kwame Mensah", "Finance", "Finance Manager", "7"),
    "senior1": _user("senior1", "Helen Graham", "Registry",
                     "Registrar and Secretary", "10", [EXCO]),
    # two entitlements; the membership one second
    "senior3": _user("senior3", "Claire Evans", "Human Resources",
                     "Director of People", "10", [LIBRARY, EXCO]),
    "senior4": _user("senior4", "David Moore", "Finance",
                     "Chief Financial Officer", "10", [LIBRARY]),
    "student1": _user("student1", "Jo Student", "", "", None, [],
                      ["student@demo.ac.uk", "member@demo.ac.uk"]),
    # staff@ another institution's scope: not staff here
    "visitor1": _user("visitor1", "Vic Visitor", "Visiting", "Visiting Fellow",
                      "9", [], ["staff@elsewhere.ac.uk"]),
    # no eduPersonPrincipalName released: must not be signed in under the
    # (transient, meaningless) NameID
    "noeppn1": _user("noeppn1", "Nia Noeppn", "Registry", "Administrator", "8",
                     eppn=False),
    # non-ASCII letters and quotes, which must arrive unchanged
    "quote1": _user("quote1", "Zo\u00eb O'Brien-N\u00ed Bh\u00e9ide \"Z\"",
                    "Ymchwil ac Arloesi", "Pennaeth Ymchwil", "8"),
    # characters that are special in XML (see test_sso_attributes.py)
    "amp1": _user("amp1", "Sam <Admin> Smith", "Research & Innovation",
                  "Head of R&D", "8"),
}

# Users whose identifiers keep their own scope whatever the IdP's --scope
# (tests/sso/test_sso_federation.py): an IdP asserting another institution's
# people
FIXED_SCOPE = {
    "rogue1": {"displayName": ["Rory Rogue"], "mail": ["rogue1@b.ac.uk"],
               "eduPersonScopedAffiliation": ["staff@b.ac.uk"],
               "eduPersonPrincipalName": ["rogue1@b.ac.uk"]},
    "homeclaim1": {"displayName": ["Hal Homeclaim"], "mail": ["homeclaim1@demo.ac.uk"],
                   "eduPersonScopedAffiliation": ["staff@demo.ac.uk"],
                   "eduPersonPrincipalName": ["homeclaim1@demo.ac.uk"]},
    "cclaim1": {"displayName": ["Cal Cclaim"], "mail": ["cclaim1@c.ac.uk"],
                "eduPersonScopedAffiliation": ["staff@c.ac.uk"],
                "eduPersonPrincipalName": ["cclaim1@c.ac.uk"]},
}


def attributes_of(user, scope):
    """The user's attributes as an IdP of this scope releases them."""
    if user in FIXED_SCOPE:
        return {k: list(v) for k, v in FIXED_SCOPE[user].items()}
    a = {k: list(v) for k, v in USERS[user].items()}
    if scope != "demo.ac.uk":
        a = {k: [x.replace("@demo.ac.uk", "@" + scope).replace("urn:mace:demo.ac.uk:",
                                                                 "urn:mace:%s:" % scope)
                 if k != "eduPersonEntitlement" or "rmentor:admin" not in x else x
                 for x in v] for k, v in a.items()}
    return a


def write_attribute_map(directory):
    """pysaml2 attribute converter: friendly names <-> urn:oid (uri format)."""
    path = os.path.join(directory, "rmentor_idp_attrmap.py")
    with open(path, "w") as f:
        f.write("MAP = %r\n" % {
            "identifier": "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
            "fro": {v: k for k, v in OID.items()},
            "to": dict(OID),
        })
    return directory


def start_make_keys(directory, cn="127.0.0.1"):
    """Start making an RSA-2048 key and a self-signed SHA-256 certificate for
    the IdP (offline, openssl); returns the process and the two paths."""
    key = os.path.join(directory, "idp-key.pem")
    cert = os.path.join(directory, "idp-cert.pem")
    proc = subprocess.Popen(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                             "-nodes", "-sha256", "-days", "2",
                             "-subj", "/CN=%s test IdP" % cn,
                             "-keyout", key, "-out", cert],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return proc, key, cert


def entity_id(port):
    return "http://127.0.0.1:%d/idp/metadata" % port


def sso_url(port):
    return "http://127.0.0.1:%d/idp/sso" % port


def write_metadata(path, port, cert_file):
    """The IdP's SAML metadata, as the SP (mod_auth_mellon) reads it."""
    with open(cert_file) as f:
        body = "".join(l.strip() for l in f if not l.startswith("-----"))
    xml = """<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{eid}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="true"
      protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{sso}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
""".format(eid=entity_id(port), cert=body, sso=sso_url(port))
    with open(path, "w") as f:
        f.write(xml)
    return path


class IdP:
    def __init__(self, port, directory, sp_metadata, scope="demo.ac.uk"):
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.config import IdPConfig
        from saml2.saml import NAME_FORMAT_URI
        from saml2.server import Server
        self.port = port
        self.scope = scope
        conf = IdPConfig()
        conf.load({
            "entityid": entity_id(port),
            "service": {"idp": {
                "name": "mod_rmentor test IdP",
                "endpoints": {"single_sign_on_service": [
                    (sso_url(port), BINDING_HTTP_REDIRECT)]},
                "policy": {"default": {
                    "lifetime": {"minutes": 5},
                    "attribute_restrictions": None,
                    "name_form": NAME_FORMAT_URI,
                }},
                "name_id_format": [
                    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"],
            }},
            "key_file": os.path.join(directory, "idp-key.pem"),
            "cert_file": os.path.join(directory, "idp-cert.pem"),
            "metadata": {"local": [sp_metadata]},
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "crypto_backend": "xmlsec1",
            "attribute_map_dir": write_attribute_map(directory),
            "accepted_time_diff": 60,
        })
        self.server = Server(config=conf)
        self.sp_cert = self._sp_signing_cert(sp_metadata)
        self.lock = threading.Lock()

    @staticmethod
    def _sp_signing_cert(path):
        import lxml.etree as ET
        from cryptography import x509
        ns = {"md": "urn:oasis:names:tc:SAML:2.0:metadata",
              "ds": "http://www.w3.org/2000/09/xmldsig#"}
        doc = ET.parse(path, ET.XMLParser(resolve_entities=False, no_network=True))
        b64 = doc.xpath('//md:SPSSODescriptor/md:KeyDescriptor[not(@use) or '
                        '@use="signing"]//ds:X509Certificate/text()', namespaces=ns)[0]
        return x509.load_der_x509_certificate(base64.b64decode("".join(b64.split())))

    def verify_redirect_signature(self, raw_query):
        """SAML bindings 3.4.4.1: the signature covers the query parameters
        SAMLRequest, RelayState, SigAlg exactly as they were encoded."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding
        raw = {}
        for part in raw_query.split("&"):
            k, _, v = part.partition("=")
            raw.setdefault(k, v)
        alg = urllib.parse.unquote_plus(raw.get("SigAlg", ""))
        if alg != "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256":
            raise ValueError("AuthnRequest not signed with RSA-SHA256: %r" % alg)
        signed = "&".join("%s=%s" % (k, raw[k]) for k in
                          ("SAMLRequest", "RelayState", "SigAlg") if k in raw)
        sig = base64.b64decode(urllib.parse.unquote_plus(raw["Signature"]))
        self.sp_cert.public_key().verify(sig, signed.encode("ascii"),
                                         padding.PKCS1v15(), hashes.SHA256())

    def sso(self, environ):
        from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
        from saml2.saml import (AUTHN_PASSWORD_PROTECTED, NAMEID_FORMAT_TRANSIENT,
                                NameID)
        from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256
        raw_query = environ.get("QUERY_STRING", "")
        q = urllib.parse.parse_qs(raw_query)
        user = q.get("user", [""])[0]
        if user not in USERS and user not in FIXED_SCOPE:
            return "400 Bad Request", "no such test user: " + html.escape(repr(user))
        if "SAMLRequest" not in q or "Signature" not in q:
            return "400 Bad Request", "unsigned or missing AuthnRequest"
        self.verify_redirect_signature(raw_query)
        req = self.server.parse_authn_request(q["SAMLRequest"][0],
                                              BINDING_HTTP_REDIRECT)
        if req is None:
            return "400 Bad Request", "AuthnRequest not accepted"
        args = self.server.response_args(req.message, [BINDING_HTTP_POST])
        name_id = NameID(format=NAMEID_FORMAT_TRANSIENT,
                         sp_name_qualifier=args["sp_entity_id"],
                         name_qualifier=self.server.config.entityid,
                         text="_" + secrets.token_hex(16))
        resp = self.server.create_authn_response(
            attributes_of(user, self.scope), name_id=name_id,
            authn={"class_ref": AUTHN_PASSWORD_PROTECTED,
                   "authn_auth": self.server.config.entityid},
            sign_response=True, sign_assertion=True,
            sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256, **args)
        relay = q.get("RelayState", [""])[0]
        http = self.server.apply_binding(BINDING_HTTP_POST, str(resp),
                                         args["destination"], relay, response=True)
        return "200 OK", http["data"]

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        try:
            if path == "/idp/sso":
                with self.lock:         # pysaml2's Server is not thread-safe
                    status, body = self.sso(environ)
            else:
                status, body = "404 Not Found", "not found"
        except Exception as e:     # a failed check is the SP's problem: say so
            logging.getLogger("idp").warning("refused: %r", e)
            status, body = "400 Bad Request", "refused: " + html.escape(repr(e))
        data = body.encode("utf-8")
        start_response(status, [("Content-Type", "text/html; charset=utf-8"),
                                ("Content-Length", str(len(data))),
                                ("Cache-Control", "no-store")])
        return [data]


class _Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("%s\n" % (fmt % args))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--sp-metadata", required=True)
    ap.add_argument("--lifetime", type=float, default=600)
    ap.add_argument("--scope", default="demo.ac.uk",
                    help="the scope of the identifiers this IdP asserts")
    a = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("saml2").setLevel(logging.WARNING)
    app = IdP(a.port, a.dir, a.sp_metadata, a.scope)
    httpd = make_server("127.0.0.1", a.port, app, server_class=_Server,
                        handler_class=_Quiet)
    # bounded in time: gone even if the test session never stops it
    threading.Timer(a.lifetime, os._exit, args=(3,)).start()
    httpd.serve_forever()


if __name__ == "__main__":
    main()
