"""HR's machine client over the TLS front (issue 16): a client certificate
registered with RMentorHRClient reads the signed export and the CSV and
sends raw-XML imports with no sign-in; a certificate that is verified but
not registered gets the module's 403; certificates the CA did not issue, or
expired ones, are refused in the handshake under `optional`, and an
unverified one that mod_ssl lets through (`optional_no_ca`) gets the
module's 403; people keep signing in with the SSO over TLS (HR: 200,
anyone else: 404, no credentials: 401).  Both backends.

One server per backend with two TLS fronts: `front` (SSLVerifyClient
optional, only verified certificates pass the gate) and `noca`
(optional_no_ca, any presented certificate passes the gate, so the module
itself must refuse an unverified one)."""
import glob
import os

import pytest
import requests
from lxml import etree

import rmtest
import rmtest_tls
from cohort import server_sql
from test_hr import (HOSTILE, NS, Year, grade_file, person_hr, records, save,
                     xmlsec_verify, xsd_valid)


def _missing_ssl():
    return not os.path.exists(os.path.join(rmtest_tls.MODDIR, "mod_ssl.so"))


pytestmark = pytest.mark.skipif(_missing_ssl(), reason="mod_ssl is not installed")

BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")
CHALLENGE = 'Basic realm="Demo single sign-on'
XML = {"Content-Type": "application/xml"}


def by_module(r):
    """The module's answers carry its Content-Security-Policy; httpd's own
    (mod_auth_basic's 401, mod_ssl's refusals) do not."""
    return "Content-Security-Policy" in r.headers


@pytest.fixture(scope="module", params=BACKENDS)
def tls(request, certs):
    front = rmtest_tls.TLSFront(certs, verify="optional", gate="verified")
    noca = rmtest_tls.TLSFront(certs, verify="optional_no_ca", gate="any")
    good = certs["clients"]["good"]
    conf = (front.conf + noca.conf + 'RMentorHRClient "%s" "%s"\n'
            % (good["issuer_dn"], good["subject_dn"]))

    def ready(srv):
        # the untrusted and expired certificates are refused in the handshake
        rmtest_tls.expect_handshake_failures(srv)
        front.wait()
        noca.wait()
        srv.front, srv.noca, srv.certs = front, noca, certs

    yield from rmtest.backend_server(request, conf, ready)


@pytest.fixture(scope="module")
def year(tls):
    return Year(tls, name="HR over TLS")


def tls_subject(srv, name="good"):
    return "tls:" + srv.certs["clients"][name]["subject_dn"]


def machine_get(srv, path, client="good", front=None, **params):
    return (front or srv.front).get(path, client=client, params=params)


def machine_post(srv, data, client="good", front=None, headers=XML, path="/hr/import"):
    s = (front or srv.front).session(client)
    return s.post((front or srv.front).base + path, data=data, headers=headers,
                  allow_redirects=False, timeout=30)


def last_audit(srv, like):
    return server_sql(srv, "SELECT actor, action, entity, entity_id, detail FROM audit "
                      "WHERE action LIKE '%s' ORDER BY id DESC LIMIT 1" % like)[0]


# ---- the registered certificate -------------------------------------------------

def test_good_certificate_reads_a_valid_signed_export(tls, year):
    r = machine_get(tls, "/hr/export.xml", programme=year.pid)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["Content-Type"].startswith("application/xml")
    path = save(r.content)
    try:
        ok, err = xsd_valid(path)
        assert ok, err
        ok, err = xmlsec_verify(tls, path)
        assert ok, err
    finally:
        os.unlink(path)
    doc = etree.fromstring(r.content)
    assert set(records(doc)) == set(year.apps.values())
    actor, action, entity, eid, detail = last_audit(tls, "hr.export%")
    assert (actor, action, entity, eid) == (tls_subject(tls), "hr.export", "programme",
                                            str(year.pid))
    assert detail.startswith("xml page=1 records=3"), detail
    # the same records as HR's own export over plain HTTP
    web = etree.fromstring(year.export().content)
    assert set(records(web)) == set(records(doc))


def test_good_certificate_reads_the_csv(tls, year):
    r = machine_get(tls, "/hr/export.csv", programme=year.pid)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["Content-Type"].startswith("text/csv")
    lines = r.content.decode("utf-8").split("\r\n")
    assert lines[0].startswith("record,changed,eduPersonPrincipalName,")
    assert len([x for x in lines[1:] if x]) == 3
    actor, action, _, _, detail = last_audit(tls, "hr.export%")
    assert (actor, action) == (tls_subject(tls), "hr.export")
    assert detail.startswith("csv page=1 records=3"), detail


def test_good_certificate_imports_raw_xml(tls, year):
    m = year.mentor + "@demo.ac.uk"
    staff = "T" + year.mentor[4:]
    data = grade_file('  <StaffNumber principal="%s" number="%s"/>\n' % (m, staff),
                      '  <GradeChange staffNumber="%s" grade="9" effective="%s"/>\n'
                      % (staff, rmtest.days(-4)))
    r = machine_post(tls, data)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["Content-Type"].startswith("text/plain")
    assert r.text.startswith("Applied: 2 records, 2 changed, 0 unchanged."), r.text
    assert "line 3: " in r.text and "line 4: " in r.text, r.text
    assert person_hr(tls, m)[:3] == (staff, "9", rmtest.days(-4))
    row = server_sql(tls, "SELECT actor, records, changed, rejected, outcome FROM hr_import "
                     "ORDER BY id DESC LIMIT 1")[0]
    assert row == (tls_subject(tls), "2", "2", "0", "applied")
    actor, action, _, _, detail = last_audit(tls, "hr.import")
    assert (actor, action) == (tls_subject(tls), "hr.import") and detail.startswith("applied")
    # and the next export shows it
    rec = records(etree.fromstring(machine_get(tls, "/hr/export.xml",
                                               programme=year.pid).content))
    assert rec[year.apps[year.mentor]].find("h:Grade", NS).get("latest") == "9"


def test_one_bad_record_over_tls_changes_nothing(tls, year):
    s = year.senior + "@demo.ac.uk"
    before = person_hr(tls, s)
    data = grade_file('  <GradeChange principal="%s" grade="10" effective="%s"/>\n'
                      % (s, rmtest.days(-3)),
                      '  <GradeChange principal="nobody-here@demo.ac.uk" grade="9" '
                      'effective="%s"/>\n' % rmtest.days(-3))
    r = machine_post(tls, data)
    assert r.status_code == 422, r.text[:500]
    assert r.headers["Content-Type"].startswith("text/plain")
    assert r.text.startswith("Nothing was changed: 1 of the 2 records was rejected"), r.text
    assert "line 4: " in r.text and "line 3: " not in r.text, r.text
    assert person_hr(tls, s) == before


@pytest.mark.parametrize("name", ["billion-laughs.xml", "xxe-file.xml", "external-dtd.xml",
                                  "xinclude.xml"])
def test_hostile_file_over_tls_is_refused(tls, year, name):
    s = year.senior + "@demo.ac.uk"
    with open(os.path.join(HOSTILE, name), "rb") as f:
        data = f.read().replace(b"PRINCIPAL", s.encode())
    before = server_sql(tls, "SELECT id, hr_staff_number, hr_grade, hr_grade_on, left_on "
                        "FROM person ORDER BY id")
    r = machine_post(tls, data)
    assert r.status_code == 422, (r.status_code, r.text[:300])
    assert r.headers["Content-Type"].startswith("text/plain")
    assert "nothing was changed" in r.text.lower() and "root:" not in r.text
    assert server_sql(tls, "SELECT id, hr_staff_number, hr_grade, hr_grade_on, left_on "
                      "FROM person ORDER BY id") == before
    row = server_sql(tls, "SELECT actor, outcome FROM hr_import ORDER BY id DESC LIMIT 1")[0]
    assert row == (tls_subject(tls), "refused")
    actor, action, _, _, detail = last_audit(tls, "hr.import")
    assert (actor, detail.split(" ")[0]) == (tls_subject(tls), "refused")


def test_oversized_body_over_tls_is_refused(tls, year):
    s = year.senior + "@demo.ac.uk"
    before = person_hr(tls, s)
    big = grade_file(*['  <Leaver principal="%s" leftOn="2027-01-01"/>\n' % s] * 200000)
    assert len(big) > 8388608
    r = machine_post(tls, big)
    assert r.status_code == 413 and by_module(r), r.status_code
    assert person_hr(tls, s) == before


def test_hostile_directory_is_there():
    assert len(glob.glob(os.path.join(HOSTILE, "*.xml"))) >= 6


def test_wrong_methods_and_media_type(tls):
    r = machine_get(tls, "/hr/import")
    assert r.status_code == 405 and by_module(r)
    assert r.headers.get("Allow") == "POST"
    r = machine_post(tls, b"", path="/hr/export.xml")
    assert r.status_code == 405 and by_module(r)
    assert "GET" in r.headers.get("Allow", "")
    n0 = server_sql(tls, "SELECT COUNT(*) FROM hr_import")[0][0]
    r = machine_post(tls, grade_file(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and by_module(r), r.status_code
    assert "application/xml" in rmtest.text_of(r)
    assert server_sql(tls, "SELECT COUNT(*) FROM hr_import")[0][0] == n0


# ---- certificates that are not accepted -------------------------------------------

def test_wrong_subject_is_refused_by_the_module(tls, year):
    m = year.spare + "@demo.ac.uk"
    before = person_hr(tls, m)
    for path in ("/hr/export.xml", "/hr/export.csv"):
        r = machine_get(tls, path, client="wrong")
        assert r.status_code == 403 and by_module(r), (path, r.status_code)
        assert "not registered" in rmtest.text_of(r)
    r = machine_post(tls, grade_file('  <Leaver principal="%s" leftOn="%s"/>\n'
                                     % (m, rmtest.days(10))), client="wrong")
    assert r.status_code == 403 and by_module(r)
    assert person_hr(tls, m) == before
    log = "\n".join(tls.log_lines())
    assert "refused TLS client certificate (not registered)" in log
    assert tls.certs["clients"]["wrong"]["subject_dn"] in log


@pytest.mark.parametrize("name", ["untrusted", "expired"])
def test_untrusted_and_expired_fail_the_handshake(tls, name):
    for path in ("/hr/export.xml", "/hr/import"):
        with pytest.raises((requests.exceptions.SSLError, requests.exceptions.ConnectionError)):
            machine_get(tls, path, client=name)
    err = tls.front.handshake(name)
    assert err, "the %s certificate passed the handshake" % name
    log = "\n".join(tls.log_lines())
    assert "AH02039" in log
    assert ("unable to get local issuer certificate" if name == "untrusted"
            else "certificate has expired") in log


def test_untrusted_under_optional_no_ca_is_refused_by_the_module(tls):
    r = machine_get(tls, "/hr/export.xml", client="untrusted", front=tls.noca)
    assert r.status_code == 403 and by_module(r), r.status_code
    r = machine_post(tls, grade_file(), client="untrusted", front=tls.noca)
    assert r.status_code == 403 and by_module(r), r.status_code
    assert "refused TLS client certificate (not verified)" in "\n".join(tls.log_lines())
    # the registered certificate works through this front too
    assert machine_get(tls, "/hr/export.xml", front=tls.noca).status_code == 200
    # and the expired one is still refused in the handshake
    with pytest.raises((requests.exceptions.SSLError, requests.exceptions.ConnectionError)):
        machine_get(tls, "/hr/export.xml", client="expired", front=tls.noca)


# ---- people over TLS ---------------------------------------------------------------

def test_no_certificate_and_no_credentials_is_challenged(tls):
    for path in ("/hr/export.xml", "/hr/export.csv", "/hr/import"):
        r = tls.front.get(path)
        assert r.status_code == 401, (path, r.status_code)
        assert r.headers.get("WWW-Authenticate", "").startswith(CHALLENGE)


def test_people_over_tls(tls, year):
    for path in ("/hr/export.xml", "/hr/export.csv"):
        r = tls.front.get(path, user="staff1")
        assert r.status_code == 404 and by_module(r), (path, r.status_code)
        r = tls.front.get(path, user="hr", params={"programme": year.pid})
        assert r.status_code == 200, (path, r.status_code)
    # HR's export as a person is audited under HR's own name, not a certificate's
    assert last_audit(tls, "hr.export%")[0] == "hr"
    # a person sending a raw XML body is not a machine client: the router
    # reads people's posts as forms (415 here, as on every form route, before
    # the token and role checks), and nothing is imported
    n0 = server_sql(tls, "SELECT COUNT(*) FROM hr_import")[0][0]
    for who in ("staff1", "hr"):
        r = tls.front.session(user=who).post(tls.front.base + "/hr/import", data=grade_file(),
                                             headers=XML, allow_redirects=False, timeout=30)
        assert r.status_code == 415 and by_module(r), (who, r.status_code)
    assert server_sql(tls, "SELECT COUNT(*) FROM hr_import")[0][0] == n0
