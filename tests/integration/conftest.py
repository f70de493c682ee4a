"""Fixtures: one httpd per database backend for the session, each on a free
loopback port; PostgreSQL started by the tests themselves."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import rmtest  # noqa: E402

BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")


@pytest.fixture(scope="session")
def postgres():
    pg = rmtest.Postgres().start()
    yield pg
    pg.stop()


# An unprotected mount of the module: no authentication at all, so requests
# reach mod_rmentor with r->user unset, whatever headers they carry.
OPEN_MOUNT = """
<Location /open-mentoring>
    SetHandler rmentor
    RMentorBasePath /open-mentoring
    Require all granted
</Location>
"""


@pytest.fixture(scope="session", params=BACKENDS)
def server(request):
    # the 401 and refusals the tests provoke on purpose are logged below error
    yield from rmtest.backend_server(request, OPEN_MOUNT)


@pytest.fixture
def programme(server):
    """A fresh programme open for applications, run by `admin`."""
    return rmtest.create_programme(server)


@pytest.fixture(scope="module")
def certs():
    """A throw-away PKI for the TLS tests (tests/lib/pki.py): a CA, the
    server's certificate and the clients' certificates, one per test
    module, removed afterwards."""
    import shutil
    import pki
    d = rmtest.make_dir("rm-pki-")
    p = pki.make_pki(d)
    yield p
    shutil.rmtree(d, ignore_errors=True)
