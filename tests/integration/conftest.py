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


def backend_server(request, extra_conf, ready=None):
    """For a fixture parametrised by backend to `yield from`: an httpd on
    request.param's database, `ready(srv)` run once it is up, stopped
    afterwards (also when `ready` fails), and its error.log checked."""
    params = ""
    if request.param == "pgsql":
        params = request.getfixturevalue("postgres").new_database()
    srv = rmtest.Httpd(request.param, params, extra_conf=extra_conf).start()
    try:
        if ready:
            ready(srv)
        yield srv
    finally:
        srv.stop()
    problems = srv.log_problems()
    if not problems:
        srv.cleanup()
    assert not problems, "error.log of the %s server:\n%s" % (
        request.param, "\n".join(problems[:40]))


@pytest.fixture(scope="session", params=BACKENDS)
def server(request):
    # the 401 and refusals the tests provoke on purpose are logged below error
    yield from backend_server(request, OPEN_MOUNT)


@pytest.fixture
def programme(server):
    """A fresh programme open for applications, run by `admin`."""
    return rmtest.create_programme(server)
