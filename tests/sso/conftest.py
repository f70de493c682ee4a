"""Fixtures for the real-SSO tests: one SAML IdP (pysaml2) and one httpd with
mod_auth_mellon + mod_rmentor (conf/sso-mellon.conf) per test session, both
on free 127.0.0.1 ports, stopped by PID at the end.  See ssolib.py."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import rmtest  # noqa: E402
import ssolib  # noqa: E402


@pytest.fixture(scope="session")
def site():
    yield from ssolib.SSOSite().run()


@pytest.fixture(scope="session")
def sp(site):
    """The service provider: httpd with mod_auth_mellon and mod_rmentor."""
    return site.sp


@pytest.fixture
def browser(sp):
    """A fresh, anonymous browser (its own cookie jar)."""
    return sp.client()


@pytest.fixture
def programme(sp):
    """A fresh programme open for applications, made by `admin` through SSO."""
    return rmtest.create_programme(sp, "admin")
