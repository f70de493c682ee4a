"""The HR data exchange of a sector programme over TLS (features/hr,
RMentorHRClient's institution): a machine client bound to one institution
(RMentorHRClient ISSUER SUBJECT SCOPE) pulls only that institution's people
and may update only them; an update naming another institution's person is
rejected as unknown and changes nothing.  The home institution's people sign
in through the demo SSO (the asserting IdP set for every request); the other
institution's people are written by SQL.  Both backends."""
import os

import pytest

import rmtest
import rmtest_tls
from cohort import server_sql
from test_hr import grade_file

HOME_IDP = "https://idp.demo.ac.uk/idp"
B_IDP = "https://idp.b.ac.uk/idp"
BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")
XML = {"Content-Type": "application/xml"}


@pytest.fixture(scope="module", params=BACKENDS)
def bound(request, certs):
    front = rmtest_tls.TLSFront(certs, verify="optional", gate="verified")
    good = certs["clients"]["good"]
    conf = (front.conf
            + "<IfModule !env_module>\n"
            "LoadModule env_module /usr/lib/apache2/modules/mod_env.so\n</IfModule>\n"
            + "SetEnv Shib-Identity-Provider %s\n" % HOME_IDP
            + "RMentorIdentityProvider %s\n" % HOME_IDP
            + 'RMentorInstitution b.ac.uk "University of B" %s\n' % B_IDP
            + 'RMentorHRClient "%s" "%s" b.ac.uk\n' % (good["issuer_dn"], good["subject_dn"]))

    def ready(srv):
        rmtest_tls.expect_handshake_failures(srv)
        front.wait()
        srv.front = front

    yield from rmtest.backend_server(request, conf, ready)


def test_a_bound_client_pulls_and_updates_only_its_institution(bound):
    pid = rmtest.create_programme(bound, "admin", name="Sector HR programme")
    r = rmtest.apply(bound, "mentor1", pid, "mentor")
    assert r.status_code == 303, r.text[:300]
    server_sql(bound, "INSERT INTO person (principal, eppn, scope, display_name, first_seen, "
                      "last_seen) VALUES ('bee@b.ac.uk', 'bee@b.ac.uk', 'b.ac.uk', 'Bee of B', "
                      "1, 1)")
    server_sql(bound, "INSERT INTO application (programme_id, person_id, role, status, "
                      "created_at, updated_at) SELECT %d, id, 'mentor', 'accepted', 1, 1 "
                      "FROM person WHERE principal = 'bee@b.ac.uk'" % pid)
    server_sql(bound, "UPDATE application SET status = 'accepted' WHERE programme_id = %d" % pid)
    r = bound.front.get("/hr/export.csv", client="good", params={"programme": pid})
    assert r.status_code == 200, r.text[:300]
    assert "bee@b.ac.uk" in r.text and "mentor1@demo.ac.uk" not in r.text
    # an update naming the home institution's person: rejected, nothing changed
    before = server_sql(bound, "SELECT hr_grade FROM person WHERE eppn = 'mentor1@demo.ac.uk'")
    s = bound.front.session("good")
    data = grade_file('  <GradeChange principal="mentor1@demo.ac.uk" grade="9" '
                      'effective="2026-01-01"/>\n')
    r = s.post(bound.front.base + "/hr/import", data=data, headers=XML,
               allow_redirects=False, timeout=30)
    assert r.status_code == 422, (r.status_code, r.text[:300])
    assert server_sql(bound, "SELECT hr_grade FROM person WHERE eppn = 'mentor1@demo.ac.uk'") \
        == before
    # one of its own: applied
    data = grade_file('  <GradeChange principal="bee@b.ac.uk" grade="9" '
                      'effective="2026-01-01"/>\n')
    r = s.post(bound.front.base + "/hr/import", data=data, headers=XML,
               allow_redirects=False, timeout=30)
    assert r.status_code == 200, (r.status_code, r.text[:300])
    assert server_sql(bound, "SELECT hr_grade FROM person WHERE eppn = 'bee@b.ac.uk'") == [("9",)]
