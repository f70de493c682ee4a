"""A throw-away PKI for the HR exchange's tests (issue 16), made with the
`openssl` command line only (nothing to install): a CA, a server certificate
for 127.0.0.1 / localhost, the HR machine clients' certificates, and the HR
signing keys for the export's XML signature.

    import pki
    p = pki.make_pki(rmtest.make_dir("rm-pki-"))
    p["ca"]["cert"]                       the CA the server trusts (PEM)
    p["clients"]["good"]["cert"], ["key"] a client certificate and its key
    p["clients"]["good"]["subject_dn"]    "CN=hr-sync,O=Demo University,C=GB"
    p["clients"]["good"]["issuer_dn"]     "CN=RM Test HR Client CA,O=Demo University,C=GB"
    p["signing"]["rsa"]["key"], ["cert"]  the export's signing key (RSA 2048)
    p["signing"]["ec"]["key"], ["cert"]   the same with EC P-256

The DN strings are those mod_ssl reports as SSL_CLIENT_S_DN / SSL_CLIENT_I_DN
(RFC 2253: the most specific RDN first, comma-separated without spaces; httpd
2.4's default, i.e. without SSLOptions +LegacyDNStringFormat), checked
against a real mod_ssl by tests/integration/test_tls_front.py.  Subjects are
therefore written here C first (/C=GB/O=.../CN=...).

Clients:
  good       CN=hr-sync, issued by the CA the server trusts
  untrusted  the same subject, issued by a second CA the server does not trust
             (its issuer DN differs: "CN=RM Untrusted CA,...")
  expired    CN=hr-sync, issued by the trusted CA, valid 2020-01-01 to
             2020-12-31 (made with `openssl ca -startdate/-enddate`: the
             OpenSSL 3.0 here has no `x509 -not_before/-not_after`)
  wrong      CN=someone-else, issued by the trusted CA

TLS keys are EC P-256 (fast to make); the signing keys come in both RSA 2048
and EC P-256.  Everything is made in about a second; a module- or
session-scoped fixture makes it once.  Files are world-readable except the
keys (0644 vs 0600, owner = the test's user): httpd's parent reads them
before it drops privileges."""
import os
import subprocess

ORG = "Demo University"
COUNTRY = "GB"

CA_CN = "RM Test HR Client CA"
OTHER_CA_CN = "RM Untrusted CA"
CLIENT_CN = "hr-sync"
WRONG_CN = "someone-else"
SERVER_CN = "localhost"
SIGNING_CN = "RM HR export signing"


def rfc2253(cn, org=ORG, country=COUNTRY):
    """The DN as mod_ssl prints it: "CN=...,O=...,C=..."."""
    return "CN=%s,O=%s,C=%s" % (cn, org, country)


def _subj(cn, org=ORG, country=COUNTRY):
    return "/C=%s/O=%s/CN=%s" % (country, org, cn)


CA_DN = rfc2253(CA_CN)
OTHER_CA_DN = rfc2253(OTHER_CA_CN)
CLIENT_DN = rfc2253(CLIENT_CN)
WRONG_DN = rfc2253(WRONG_CN)


def _run(*args, cwd=None):
    r = subprocess.run(["openssl"] + list(args), cwd=cwd, capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError("openssl %s failed (%d): %s" % (
            " ".join(args), r.returncode, r.stderr.strip()[-800:]))
    return r.stdout


def _key(path, kind="ec"):
    if kind == "ec":
        _run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-out", path)
    elif kind == "rsa":
        _run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
             "-out", path)
    else:
        raise ValueError("key kind %r: ec or rsa" % kind)
    os.chmod(path, 0o600)
    return path


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def _self_signed_ca(d, name, cn, days):
    key = _key(os.path.join(d, name + ".key"))
    cert = os.path.join(d, name + ".pem")
    _run("req", "-x509", "-new", "-key", key, "-out", cert, "-days", str(days),
         "-sha256", "-subj", _subj(cn),
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign",
         "-addext", "subjectKeyIdentifier=hash")
    os.chmod(cert, 0o644)
    return {"cert": cert, "key": key, "dn": rfc2253(cn)}


def _csr(d, name, cn, kind="ec"):
    key = _key(os.path.join(d, name + ".key"), kind)
    csr = os.path.join(d, name + ".csr")
    _run("req", "-new", "-key", key, "-out", csr, "-subj", _subj(cn))
    return key, csr


def _sign(d, name, csr, ca, days, ext):
    """Issue with `openssl x509 -req` and an extensions file."""
    cert = os.path.join(d, name + ".pem")
    extfile = _write(os.path.join(d, name + ".ext"), ext)
    _run("x509", "-req", "-in", csr, "-CA", ca["cert"], "-CAkey", ca["key"],
         "-CAcreateserial", "-out", cert, "-days", str(days), "-sha256",
         "-extfile", extfile, "-extensions", "v3")
    os.chmod(cert, 0o644)
    return cert


CLIENT_EXT = """[v3]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""

SERVER_EXT = """[v3]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""

# `openssl ca` for the expired certificate: only `ca` takes explicit dates in
# OpenSSL 3.0 (x509 -not_before/-not_after came with 3.4).
CA_CONF = """[ca]
default_ca = testca
[testca]
dir              = %(dir)s
database         = $dir/index.txt
serial           = $dir/serial
new_certs_dir    = $dir/newcerts
certificate      = %(cert)s
private_key      = %(key)s
default_md       = sha256
policy           = anything
unique_subject   = no
copy_extensions  = none
x509_extensions  = v3
[anything]
countryName             = optional
organizationName        = optional
commonName              = supplied
[v3]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def _sign_dated(d, name, csr, ca, start, end):
    cadir = os.path.join(d, "ca-db")
    os.makedirs(os.path.join(cadir, "newcerts"), exist_ok=True)
    _write(os.path.join(cadir, "index.txt"), "")
    _write(os.path.join(cadir, "serial"), "1000\n")
    conf = _write(os.path.join(cadir, "ca.cnf"),
                  CA_CONF % {"dir": cadir, "cert": ca["cert"], "key": ca["key"]})
    cert = os.path.join(d, name + ".pem")
    _run("ca", "-batch", "-config", conf, "-in", csr, "-out", cert, "-notext",
         "-startdate", start, "-enddate", end, "-preserveDN")
    os.chmod(cert, 0o644)
    return cert


def _client(d, name, cn, ca, days, dated=None):
    key, csr = _csr(d, name, cn)
    if dated:
        cert = _sign_dated(d, name, csr, ca, *dated)
    else:
        cert = _sign(d, name, csr, ca, days, CLIENT_EXT)
    return {"cert": cert, "key": key, "subject_dn": rfc2253(cn),
            "issuer_dn": ca["dn"]}


def make_pki(directory, days=30):
    """Make the whole PKI in `directory` (created if missing; it must be
    reachable by the server's user, e.g. rmtest.make_dir).  Returns:

      {"dir": directory,
       "ca":       {"cert", "key", "dn"}     trusted by the server
       "other_ca": {"cert", "key", "dn"}     NOT trusted by the server
       "server":   {"cert", "key"}           CN=localhost, SAN IP:127.0.0.1, DNS:localhost
       "clients":  {"good"|"untrusted"|"expired"|"wrong":
                        {"cert", "key", "subject_dn", "issuer_dn"}}
       "signing":  {"rsa"|"ec": {"cert", "key", "subject_dn"}}}   self-signed

    Paths are absolute."""
    d = os.path.abspath(directory)
    os.makedirs(d, exist_ok=True)
    ca = _self_signed_ca(d, "ca", CA_CN, days + 1)
    other = _self_signed_ca(d, "other-ca", OTHER_CA_CN, days + 1)

    skey, scsr = _csr(d, "server", SERVER_CN)
    server = {"cert": _sign(d, "server", scsr, ca, days, SERVER_EXT), "key": skey}

    clients = {
        "good": _client(d, "good", CLIENT_CN, ca, days),
        "untrusted": _client(d, "untrusted", CLIENT_CN, other, days),
        "expired": _client(d, "expired", CLIENT_CN, ca, days,
                           dated=("20200101000000Z", "20201231235959Z")),
        "wrong": _client(d, "wrong", WRONG_CN, ca, days),
    }

    signing = {}
    for kind in ("rsa", "ec"):
        key = _key(os.path.join(d, "hr-signing-%s.key" % kind), kind)
        cert = os.path.join(d, "hr-signing-%s.pem" % kind)
        _run("req", "-x509", "-new", "-key", key, "-out", cert, "-days", str(days),
             "-sha256", "-subj", _subj("%s (%s)" % (SIGNING_CN, kind.upper())),
             "-addext", "basicConstraints=critical,CA:FALSE",
             "-addext", "keyUsage=critical,digitalSignature,nonRepudiation")
        os.chmod(cert, 0o644)
        signing[kind] = {"cert": cert, "key": key,
                         "subject_dn": rfc2253("%s (%s)" % (SIGNING_CN, kind.upper()))}

    return {"dir": d, "ca": ca, "other_ca": other, "server": server,
            "clients": clients, "signing": signing}


def dates_of(cert):
    """(notBefore, notAfter) as openssl prints them."""
    out = _run("x509", "-in", cert, "-noout", "-startdate", "-enddate")
    vals = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return vals["notBefore"], vals["notAfter"]


def verify(cert, ca):
    """True if `openssl verify` accepts cert against ca (the chain check the
    server makes, dates included)."""
    r = subprocess.run(["openssl", "verify", "-CAfile", ca, cert],
                       capture_output=True, text=True, timeout=30)
    return r.returncode == 0
