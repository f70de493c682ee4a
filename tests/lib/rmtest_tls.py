"""A TLS front for the test httpd (issue 16): a second Listen on a free
loopback port with a mod_ssl virtual host that asks for client certificates,
so tests can reach the module as HR's machine client (certificate only) and
as a person (the demo SSO's HTTP Basic) over TLS.

    import pki, rmtest, rmtest_tls
    p = pki.make_pki(rmtest.make_dir("rm-pki-"))
    front = rmtest_tls.TLSFront(p)                  # verify="optional"
    srv = rmtest.Httpd("sqlite3", extra_conf=front.conf).start()
    front.wait()
    s = front.session("good")                       # requests.Session with the
    s.get(front.base + "/hr/export.xml")            #   client cert, CA pinned
    s = front.session(user="hr")                    # no cert, HTTP Basic

The virtual host (see also conf/hr-exchange.conf, the production version):
  - SSLVerifyClient on the VIRTUAL HOST, not per directory: a per-location
    SSLVerifyClient makes mod_ssl renegotiate, which TLS 1.3 does not have;
    it needs post-handshake authentication, which most clients (curl, Java,
    Go) do not offer, so those requests would fail with 403.
  - verify="optional": a certificate the CA did not issue, or an expired one,
    fails the handshake itself.  verify="optional_no_ca": mod_ssl accepts a
    certificate of an unknown issuer at the TLS level, with SSL_CLIENT_VERIFY
    "FAILED:unable to verify the first certificate" (measured; not SUCCESS),
    so a test can show the MODULE refusing it (use gate="any").  An EXPIRED
    certificate is refused in the handshake under optional_no_ca too: mod_ssl
    only waives issuer errors.
  - the HR machine paths (^/mentoring/hr/export\\.(xml|csv)$ and
    /mentoring/hr/import) let a certificate client through without a Basic
    challenge, while anyone else still authenticates as on every other page:
        <RequireAny>
            Require valid-user
            Require expr %{SSL_CLIENT_VERIFY} == 'SUCCESS'     (gate="verified")
        </RequireAny>
    mod_authz_core evaluates this before authentication: a verified
    certificate grants access with no user (the module then checks the
    certificate's DNs against RMentorHRClient); without one, valid-user needs a
    user, so authentication runs and a request with no credentials gets the
    401 as today.  gate="any" puts `%{SSL_CLIENT_VERIFY} != 'NONE'` in the
    second line instead, so that, with optional_no_ca, an unverified
    certificate also reaches the module (which must refuse it).
  - show_dn=True adds response headers X-RM-Client-Verify, X-RM-Client-S-DN
    and X-RM-Client-I-DN (mod_headers' %{...}s reads the SSL variables): for
    tests that want to see what mod_ssl reports.  Tests only.

mod_ssl logs a refused client certificate at ERROR level ("AH02039:
Certificate Verification: Error (20): unable to get local issuer
certificate" / "Error (10): certificate has expired"), which rmtest's
error.log check fails on: a test that provokes it on purpose calls
expect_handshake_failures(srv) before srv.start()... or any time before
srv.stop() (the log is checked after the stop)."""
import socket
import ssl

import requests

import rmtest

MODDIR = "/usr/lib/apache2/modules"
HR_PATHS = r"^%(mount)s/hr/(export\.(xml|csv)|import)$"

GATES = {
    "verified": "%{SSL_CLIENT_VERIFY} == 'SUCCESS'",
    "any": "%{SSL_CLIENT_VERIFY} != 'NONE'",
}

CONF = """
# ---- TLS front for machine clients (tests/lib/rmtest_tls.py) ----
<IfModule !socache_shmcb_module>
    LoadModule socache_shmcb_module %(moddir)s/mod_socache_shmcb.so
</IfModule>
<IfModule !ssl_module>
    LoadModule ssl_module %(moddir)s/mod_ssl.so
</IfModule>
%(headers_load)s
SSLSessionCache shmcb:%(dir)s/ssl_scache(65536)
Listen 127.0.0.1:%(port)d
<VirtualHost 127.0.0.1:%(port)d>
    ServerName localhost:%(port)d
    SSLEngine on
    SSLProtocol -all +TLSv1.2 +TLSv1.3
    SSLCertificateFile %(server_cert)s
    SSLCertificateKeyFile %(server_key)s
    # only the CA(s) that issue HR clients' certificates
    SSLCACertificateFile %(ca)s
    # on the virtual host: per-directory verification needs renegotiation,
    # which TLS 1.3 replaced with post-handshake auth that clients rarely offer
    SSLVerifyClient %(verify)s
    SSLVerifyDepth 2
%(show_dn)s
    <LocationMatch "%(paths)s">
        RMentorBasePath %(mount)s
        <RequireAny>
            Require valid-user
            Require expr %(gate)s
        </RequireAny>
    </LocationMatch>
</VirtualHost>
"""

SHOW_DN = """    Header always set X-RM-Client-Verify "%{SSL_CLIENT_VERIFY}s"
    Header always set X-RM-Client-S-DN "%{SSL_CLIENT_S_DN}s"
    Header always set X-RM-Client-I-DN "%{SSL_CLIENT_I_DN}s"
"""

# What mod_ssl logs at error level when a client certificate is refused
# during the handshake (AH02039 measured here; the rest are its neighbours).
# Declared by expect_handshake_failures.
HANDSHAKE_FAILURE_LOG = (r"AH02039|AH02261|AH02008|AH02042|SSL Library Error|"
                         r"certificate verify failed|unknown ca|certificate has expired|"
                         r"SSL handshake failed|AH01964")


class TLSFront:
    """The extra_conf text (self.conf) for rmtest.Httpd, its port and https
    base URL.

    TLSFront(pki, verify="optional"|"optional_no_ca"|"require",
             gate="verified"|"any", show_dn=False, mount="/mentoring",
             port=None)
      .conf   the configuration text; append other extra_conf to it if needed
      .port   the TLS port (a free one unless given)
      .base   "https://127.0.0.1:<port>/mentoring"
      .origin "https://127.0.0.1:<port>"
      .ca     path of the CA the client pins (pki["ca"]["cert"])"""

    def __init__(self, pki, verify="optional", gate="verified", show_dn=False,
                 mount="/mentoring", port=None):
        if verify not in ("optional", "optional_no_ca", "require"):
            raise ValueError("verify: optional, optional_no_ca or require, not %r" % verify)
        if gate not in GATES:
            raise ValueError("gate: %s, not %r" % (" or ".join(GATES), gate))
        self.pki = pki
        self.port = port or rmtest.free_port()
        self.origin = "https://127.0.0.1:%d" % self.port
        self.base = self.origin + mount
        self.ca = pki["ca"]["cert"]
        self.conf = CONF % {
            "moddir": MODDIR,
            "headers_load": ("<IfModule !headers_module>\n    LoadModule headers_module "
                             "%s/mod_headers.so\n</IfModule>" % MODDIR) if show_dn else "",
            "dir": pki["dir"],
            "port": self.port,
            "server_cert": pki["server"]["cert"],
            "server_key": pki["server"]["key"],
            "ca": pki["ca"]["cert"],
            "verify": verify,
            "show_dn": SHOW_DN if show_dn else "",
            "paths": HR_PATHS % {"mount": mount},
            "mount": mount,
            "gate": GATES[gate],
        }

    def wait(self, timeout=10.0):
        rmtest.wait_port(self.port, timeout)
        return self

    def session(self, client=None, user=None, password=rmtest.PASSWORD):
        """A requests.Session over TLS that trusts only the test CA; with
        client = "good"|"untrusted"|"expired"|"wrong" it presents that
        certificate, with user it signs in with the demo SSO's HTTP Basic."""
        s = requests.Session()
        # not the environment's REQUESTS_CA_BUNDLE (requests lets it override
        # the session's verify) nor its proxies
        s.trust_env = False
        s.verify = self.ca
        if client:
            c = self.pki["clients"][client]
            s.cert = (c["cert"], c["key"])
        if user:
            s.auth = (user, password)
        return s

    def get(self, path, client=None, user=None, **kw):
        """One GET of base + path (or of a full URL) in a fresh session."""
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 15)
        url = path if path.startswith("https://") else self.base + path
        return self.session(client, user).get(url, **kw)

    def handshake(self, client=None):
        """Do the TLS handshake alone with python's ssl (TLS 1.3 when both
        sides offer it) and read once, so that a client certificate the
        server refuses shows here: in TLS 1.3 the server's refusal arrives
        after the client's side of the handshake is done.  Returns None when
        the server kept the connection, or the exception's text."""
        ctx = ssl.create_default_context(cafile=self.ca)
        if client:
            c = self.pki["clients"][client]
            ctx.load_cert_chain(c["cert"], c["key"])
        try:
            with socket.create_connection(("127.0.0.1", self.port), 5) as raw:
                with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
                    tls.sendall(b"HEAD / HTTP/1.1\r\nHost: localhost\r\n"
                                b"Connection: close\r\n\r\n")
                    data = tls.recv(64)
                    if not data:
                        return "connection closed without an answer"
            return None
        except (ssl.SSLError, ConnectionError, OSError) as e:
            return "%s: %s" % (type(e).__name__, e)


def expect_handshake_failures(srv):
    """Declare on an rmtest.Httpd the error.log lines a refused client
    certificate may produce."""
    srv.expect_log(HANDSHAKE_FAILURE_LOG)
