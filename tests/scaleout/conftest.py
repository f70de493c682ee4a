"""Scale-out suite: two httpd front-ends (two harness servers on their own
ports) sharing one PostgreSQL database and one RMentorSecretFile, as
conf/scale-out.conf documents.

  RM_SCALEOUT_SECONDS   length of the mixed-load run (make test: 15,
                        make test-scaleout: 60)
"""
import os
import shutil
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import rmtest  # noqa: E402


@pytest.fixture(scope="session")
def postgres():
    pg = rmtest.Postgres().start()
    yield pg
    pg.stop()


def front_ends(params, n=2, warm=True, extra_conf=""):
    """n servers on one database; the second and later use the first one's
    secret, so a form made by one is accepted by every other."""
    servers = [rmtest.Httpd("pgsql", params, extra_conf=extra_conf) for _ in range(n)]
    for other in servers[1:]:
        shutil.copyfile(os.path.join(servers[0].dir, "secret"),
                        os.path.join(other.dir, "secret"))
    if warm:
        # one at a time: the first request of the first server creates the
        # schema (concurrent first starts are tested on their own)
        for s in servers:
            s.start()
            assert s.client("staff1").get("/").status_code == 200
    return servers


@pytest.fixture
def make_front_ends():
    return front_ends


# The demo's MPM settings leave MinSpareThreads at its default (75) with
# MaxRequestWorkers 100: under 64 connections httpd then logs AH10159 at error
# level on every spawn.  conf/scale-out.conf sizes spare threads to the
# workers (and keeps idle children); the front-ends here do the same.
# Room above the 64 connections of the mixed load, too: on a 2-core machine
# whose other core is busy, threads stay busy longer, idle ones fall below
# MinSpareThreads with all 4 children running, and httpd logs AH10159 at
# error level (seen twice while other tests ran alongside).
SCALE_OUT_MPM = """
<IfModule mpm_event_module>
    ServerLimit 6
    MaxRequestWorkers 150
    MinSpareThreads 25
    MaxSpareThreads 150
</IfModule>
"""


@pytest.fixture(scope="module")
def cluster(postgres):
    a, b = front_ends(postgres.new_database(), extra_conf=SCALE_OUT_MPM)
    yield a, b
    problems = []
    for s in (a, b):
        s.stop()
        problems += ["%s: %s" % (s.base, line) for line in s.log_problems()]
    if not problems:
        a.cleanup()
        b.cleanup()
    assert not problems, "\n".join(problems[:40])
