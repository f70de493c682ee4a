"""Hostile-input suite: the same fixtures as tests/integration (one httpd per
backend for the session, PostgreSQL started by the tests, a fresh programme
per test), loaded from tests/integration/conftest.py so both suites start
their servers the same way.  Helpers live in hostile.py."""
import importlib.util
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import rmtest  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "rm_integration_conftest", os.path.join(HERE, "..", "integration", "conftest.py"))
_integration = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_integration)

postgres = _integration.postgres
server = _integration.server
programme = _integration.programme
BACKENDS = _integration.BACKENDS


@pytest.fixture
def fresh_user(server):
    """A staff account nobody has used yet (load accounts, grade 8)."""
    n = getattr(server, "_sec_users", 0) + 1
    server._sec_users = n
    return server.add_load_users(1, start=50000 + n)[0]
