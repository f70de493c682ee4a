"""Crash-safety suite: the harness on sys.path, one PostgreSQL for the
session (the httpd-crash rounds), options from the environment:

  RM_CRASH_ROUNDS   rounds per backend (default 20; the make-test hook runs 5)
  RM_BACKENDS       sqlite3,pgsql (default both)
  RM_CRASH_PG       1 (default) also runs the PostgreSQL-crash tests, 0 skips them
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import rmtest  # noqa: E402


@pytest.fixture(scope="session")
def postgres():
    pg = rmtest.Postgres().start()
    yield pg
    pg.stop()
