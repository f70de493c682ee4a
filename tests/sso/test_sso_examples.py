"""The SSO examples in conf/: each loads in a real httpd with its SSO module,
and all of them keep identity in the environment, never in headers.
(conf/sso-mellon.conf is the file the rest of tests/sso runs, so it is
loaded - and used - there.)"""
import os
import re
import shutil
import subprocess

import pytest

import rmtest

CONF = os.path.join(rmtest.ROOT, "conf")
MODS = "/usr/lib/apache2/modules"
SSO_MODULES = {
    "shibboleth": ("mod_shib", "mod_shib.so", "libapache2-mod-shib"),
    "openidc": ("auth_openidc_module", "mod_auth_openidc.so",
                "libapache2-mod-auth-openidc"),
}

TOP = """# written by tests/sso/test_sso_examples.py
Define RM_OIDC_DIR "{run}/oidc"
ServerRoot "{run}"
PidFile "{run}/httpd.pid"
Listen 127.0.0.1:{port}
ServerName 127.0.0.1:{port}
ErrorLog "{run}/error.log"
DefaultRuntimeDir "{run}"
LoadModule mpm_event_module {mods}/mod_mpm_event.so
LoadModule authn_core_module {mods}/mod_authn_core.so
LoadModule authz_core_module {mods}/mod_authz_core.so
LoadModule authz_user_module {mods}/mod_authz_user.so
LoadModule dbd_module {mods}/mod_dbd.so
{load_sso}
LoadModule rmentor_module "{module}"
DBDriver sqlite3
DBDParams "{run}/rmentor.db"
RMentorSecretFile "{run}/secret"
Include "{conf}/sso-{kind}.conf"
"""


def active_lines(kind):
    """The directives of an example, without comments and blank lines."""
    with open(os.path.join(CONF, "sso-%s.conf" % kind)) as f:
        return [l.strip() for l in f if l.strip() and not l.strip().startswith("#")]


def render(kind, load_module=True):
    """A real httpd config that loads the SSO module and Includes the example."""
    run = rmtest.make_dir("rm-conf-%s-" % kind)
    with open(os.open(os.path.join(run, "secret"), os.O_WRONLY | os.O_CREAT, 0o600),
              "wb") as f:
        f.write(os.urandom(48))
    os.mkdir(os.path.join(run, "oidc"), 0o700)
    with open(os.path.join(run, "oidc", "client-secret.conf"), "w") as f:
        f.write('OIDCClientSecret "test-only-%s"\n' % os.urandom(8).hex())
    with open(os.path.join(run, "oidc", "crypto-passphrase"), "w") as f:
        f.write(os.urandom(24).hex() + "\n")
    name, so, _ = SSO_MODULES[kind]
    load = "LoadModule %s %s/%s" % (name, MODS, so) if load_module else ""
    path = os.path.join(run, "httpd.conf")
    with open(path, "w") as f:
        f.write(TOP.format(run=run, port=rmtest.free_port(), mods=MODS,
                           load_sso=load, module=rmtest.MODULE, conf=CONF, kind=kind))
    return run, path


def apache_t(path):
    return subprocess.run(["apache2", "-t", "-f", path], capture_output=True,
                          text=True, timeout=30)


@pytest.mark.parametrize("kind", ["shibboleth", "openidc"])
def test_example_loads_in_a_real_httpd(kind):
    name, so, package = SSO_MODULES[kind]
    if not os.path.exists(os.path.join(MODS, so)):
        pytest.skip("%s/%s is missing: install %s" % (MODS, so, package))
    run, path = render(kind)
    try:
        res = apache_t(path)
        assert res.returncode == 0 and "Syntax OK" in res.stderr, res.stderr
        # the check has teeth: without the SSO module the example is refused
        _, bare = render(kind, load_module=False)
        try:
            res = apache_t(bare)
            assert res.returncode != 0 and "Invalid command" in res.stderr, res.stderr
        finally:
            shutil.rmtree(os.path.dirname(bare), ignore_errors=True)
    finally:
        shutil.rmtree(run, ignore_errors=True)


@pytest.mark.parametrize("kind", ["shibboleth", "openidc", "mellon"])
def test_example_keeps_identity_out_of_request_headers(kind):
    lines = active_lines(kind)
    text = "\n".join(lines)
    # nothing copies identity into request headers
    assert not re.search(r"^\s*RequestHeader\b", text, re.M | re.I)
    assert not re.search(r"^\s*OIDCAuthNHeader\b", text, re.M | re.I)
    # the module is told to read environment variables, never HTTP_* ones
    for l in lines:
        if l.startswith("RMentorAttribute "):
            assert not l.split()[2].upper().startswith("HTTP_"), l
    # the module's mount is protected by the SSO module, with the handler set
    assert "SetHandler rmentor" in lines
    assert "RMentorBasePath ${RM_MOUNT}" in lines
    if kind == "shibboleth":
        assert "AuthType shibboleth" in lines
        assert "ShibRequestSetting requireSession 1" in lines
        assert "ShibUseHeaders Off" in lines
        assert "Require shib-session" in lines
        assert not any(l.startswith("RMentorAttribute ") for l in lines)  # defaults
    elif kind == "openidc":
        assert "AuthType openid-connect" in lines
        assert "OIDCPassClaimsAs environment" in lines
        assert not re.search(r"OIDCPassClaimsAs\s+(headers|both)", text)
        assert "OIDCClaimPrefix OIDC_CLAIM_" in lines
        assert "OIDCClaimDelimiter ;" in lines
        assert re.search(r"^OIDCRemoteUserClaim (eduperson_principal_name|email)$",
                         text, re.M)
        assert re.search(r"^OIDCProviderMetadataURL \S+", text, re.M)
        assert re.search(r"^OIDCRedirectURI /\S+", text, re.M)
        attrs = {l.split()[1]: l.split()[2] for l in lines
                 if l.startswith("RMentorAttribute ")}
        assert len(attrs) == 8 and all(v.startswith("OIDC_CLAIM_") for v in attrs.values())
    else:
        assert "AuthType Mellon" in lines and "MellonEnable info" in lines


def test_mellon_example_maps_every_attribute_it_sets():
    lines = active_lines("mellon")
    setenv = {}
    for l in lines:
        m = re.match(r"MellonSetEnv\s+(\S+)\s+(urn:oid:[0-9.]+)$", l)
        if m:
            setenv[m.group(1)] = m.group(2)
    attrs = {l.split()[1]: l.split()[2] for l in lines if l.startswith("RMentorAttribute ")}
    assert set(attrs) == {"display_name", "mail", "affiliation", "entitlement",
                          "department", "job_title", "grade", "staff_number"}
    for name, var in attrs.items():
        assert var.startswith("MELLON_") and var[len("MELLON_"):] in setenv, (name, var)
    # principal: eduPersonPrincipalName; multi-valued attributes joined by ";"
    user = [l.split()[1] for l in lines if l.startswith("MellonUser")]
    assert user == ["eppn"] and setenv["eppn"] == "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"
    assert 'MellonMergeEnvVars On ";"' in lines
    assert "RMentorSignInURL /mellon/login ReturnTo" in lines
    assert "MellonRedirectDomains [self]" in lines


def test_the_sso_tests_run_the_example_itself(sp):
    with open(sp.conf) as f:
        top = f.read()
    assert 'Include "%s"' % os.path.join(CONF, "sso-mellon.conf") in top
    assert "MellonSetEnv" not in top and "RMentorAttribute" not in top
