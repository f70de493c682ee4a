"""A sector programme's sign-in across institutions (RMentorInstitution,
core/federation.c, web/identity.c): the institution comes from the scope of
the person's scoped identifier and the IdP that asserted it, never from a
form; an IdP may assert only the scopes of the institutions it speaks for;
two institutions' "jsmith" are two people; staff affiliation must be of the
person's own scope; roles stay with the home institution's people; an
unknown scope or IdP gets 403 with a clear page.  The SSO here is the demo's
kind (HTTP Basic, then mod_rewrite placing Shibboleth-named attributes, the
asserting IdP in Shib-Identity-Provider) on a mount of its own; the SAML
exchange itself with two IdPs is not in this file.  Both backends."""
import os
import subprocess

import pytest

import rmtest
from cohort import server_sql, wait_until
from fedkit import FedMount, add_people, get, mount, record, sign_in_and_write

HOME_IDP = "https://idp.demo.ac.uk/idp"
A_IDP = "https://idp.a.ac.uk/idp"
B_IDP = "https://idp.b.ac.uk/idp"
B_IDP2 = "https://login.b.ac.uk/saml"
LOCAL_ENT = "urn:mace:b.ac.uk:rmentor:local-admin"

# account -> the attributes its sign-in carries
PEOPLE = {
    "fa1": dict(eppn="jsmith@a.ac.uk", aff="staff@a.ac.uk", idp=A_IDP, name="Jo Smith of A"),
    "fb1": dict(eppn="jsmith@b.ac.uk", aff="staff@b.ac.uk", idp=B_IDP2, name="Jo Smith of B"),
    "fab": dict(eppn="evil@b.ac.uk", aff="staff@b.ac.uk", idp=A_IDP, name="Claims B"),
    "fahome": dict(eppn="admin@demo.ac.uk", aff="staff@demo.ac.uk", idp=A_IDP,
                   name="Claims home", ent="urn:mace:demo.ac.uk:rmentor:admin"),
    "fc": dict(eppn="x@c.ac.uk", aff="staff@c.ac.uk", idp=A_IDP, name="Of C"),
    "fnoidp": dict(eppn="y@a.ac.uk", aff="staff@a.ac.uk", idp=None, name="No IdP"),
    "fevil": dict(eppn="z@a.ac.uk", aff="staff@a.ac.uk", idp="https://idp.evil.example/idp",
                  name="Unknown IdP"),
    "faff": dict(eppn="w@a.ac.uk", aff="staff@b.ac.uk", idp=A_IDP, name="B's affiliation"),
    "fstudent": dict(eppn="s@a.ac.uk", aff="student@a.ac.uk", idp=A_IDP, name="Student of A"),
    "fnoscope": dict(eppn=None, aff="staff@a.ac.uk", idp=A_IDP, name="No scope"),
    "fadmin_a": dict(eppn="boss@a.ac.uk", aff="staff@a.ac.uk", idp=A_IDP, name="Boss of A",
                     ent="urn:mace:demo.ac.uk:rmentor:admin"),
    "fhome": dict(eppn="chief@demo.ac.uk", aff="staff@demo.ac.uk", idp=HOME_IDP,
                  name="Chief at home", ent="urn:mace:demo.ac.uk:rmentor:admin"),
    "fhr": dict(eppn="people@demo.ac.uk", aff="staff@demo.ac.uk", idp=HOME_IDP,
                name="HR at home", ent="urn:mace:demo.ac.uk:rmentor:hr"),
    "fhr_a": dict(eppn="people@a.ac.uk", aff="staff@a.ac.uk", idp=A_IDP,
                  name="HR of A", ent="urn:mace:demo.ac.uk:rmentor:hr"),
    # institution B's local admins: one by name, one by B's own entitlement
    "flocal_b": dict(eppn="localb@b.ac.uk", aff="staff@b.ac.uk", idp=B_IDP,
                     name="Local admin of B"),
    "fent_b": dict(eppn="edi@b.ac.uk", aff="staff@b.ac.uk", idp=B_IDP2,
                   name="EDI lead of B", ent=LOCAL_ENT),
    # the same entitlement from A's IdP, for A's person: not B's admin
    "fent_a": dict(eppn="edi@a.ac.uk", aff="staff@a.ac.uk", idp=A_IDP,
                   name="EDI lead of A", ent=LOCAL_ENT),
}


CONF = """
RMentorIdentityProvider %(home)s
RMentorInstitution a.ac.uk "University of A" %(a)s
RMentorInstitution b.ac.uk "University of B" %(b)s %(b2)s
RMentorInstitutionAdmin b.ac.uk LocalB@b.ac.uk entitlement=%(ent)s
%(mount)s""" % {"home": HOME_IDP, "a": A_IDP, "b": B_IDP, "b2": B_IDP2, "ent": LOCAL_ENT,
       "mount": mount(PEOPLE, "Federation test")}


@pytest.fixture(scope="module", params=os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(","))
def fed(request):
    # the refusals below are logged as warnings, not errors
    yield from rmtest.backend_server(request, CONF, ready=lambda srv: add_people(srv, PEOPLE))


def test_people_of_both_institutions_sign_in_as_two_people(fed):
    a, b = record(fed, "fa1"), record(fed, "fb1")
    assert (a["principal"], a["scope"]) == ("jsmith@a.ac.uk", "a.ac.uk")
    assert (b["principal"], b["scope"]) == ("jsmith@b.ac.uk", "b.ac.uk")
    rows = server_sql(fed, "SELECT principal FROM person WHERE principal LIKE 'jsmith@%' "
                           "ORDER BY principal")
    assert [p for (p,) in rows] == ["jsmith@a.ac.uk", "jsmith@b.ac.uk"]
    assert get(fed, "fa1", "/").status_code == 200
    assert get(fed, "fb1", "/resources").status_code == 200


@pytest.mark.parametrize("user,said", [
    ("fab", "does not speak for the institution"),
    ("fahome", "does not speak for the institution"),
    ("fc", "not one of those taking part"),
    ("fnoidp", "does not speak for the institution"),
    ("fevil", "does not speak for the institution"),
    ("fnoscope", "did not say which institution"),
])
def test_a_scope_the_idp_does_not_speak_for_is_refused(fed, user, said):
    r = get(fed, user, "/")
    assert r.status_code == 403, (user, r.status_code)
    assert said in rmtest.text_of(r)
    assert "Sign-in not accepted" in rmtest.text_of(r)
    # nothing of them is kept
    assert server_sql(fed, "SELECT count(*) FROM person WHERE principal = '%s'"
                      % (PEOPLE[user]["eppn"] or user))[0][0] in (0, "0")


def test_staff_only_of_their_own_scope(fed):
    for user in ("faff", "fstudent"):
        r = get(fed, user, "/")
        assert r.status_code == 403 and "for staff" in rmtest.text_of(r), user


def test_roles_stay_with_the_home_institution(fed):
    # the admin entitlement from institution A's IdP gives nothing
    assert get(fed, "fadmin_a", "/").status_code == 200
    assert get(fed, "fadmin_a", "/admin/resources").status_code == 404
    # from the home IdP, it does
    assert get(fed, "fhome", "/admin/resources").status_code == 200
    assert record(fed, "fhome")["principal"] == "chief@demo.ac.uk"


def test_refusals_are_logged_without_personal_data_beyond_the_principal(fed):
    get(fed, "fab", "/")
    lines = [l for l in fed.log_lines() if "an identity provider that does not speak" in l]
    assert lines and all("Claims B" not in l for l in lines)


@pytest.mark.parametrize("line,msg", [
    ('RMentorInstitution a.ac.uk "University of A"\n', "RMentorInstitution SCOPE"),
    ('RMentorInstitution localhost "Local" https://idp.l/idp\n', "a domain with a dot"),
    ('RMentorInstitution jo@a.ac.uk "A" https://idp.a/idp\n', "letters, digits"),
    ('RMentorInstitution a.ac.uk "A" https://i/a\nRMentorInstitution A.AC.UK "A2" https://i/b\n',
     "listed twice"),
    ('RMentorInstitution a.ac.uk "" https://idp.a/idp\n', "1 to 200 characters"),
])
def test_bad_institution_lines_are_refused(line, msg):
    srv = rmtest.Httpd("sqlite3", extra_conf=line)
    r = subprocess.run(["apache2", "-t", "-f", srv.conf], capture_output=True, text=True)
    assert r.returncode != 0 and msg in r.stderr, r.stderr
    srv.cleanup()


def test_institutions_without_the_home_idp_fail_at_start():
    srv = rmtest.Httpd("sqlite3", extra_conf='RMentorInstitution a.ac.uk "A" %s\n' % A_IDP)
    r = subprocess.run(["apache2", "-f", srv.conf, "-k", "start"], capture_output=True,
                       text=True, timeout=30)
    log = "\n".join(srv.log_lines()) + r.stderr
    assert "RMentorInstitution needs RMentorAffiliationScope and RMentorIdentityProvider" in log
    subprocess.run(["apache2", "-f", srv.conf, "-k", "stop"], capture_output=True)
    srv.cleanup()


def test_applications_list_shows_and_filters_by_institution(fed):
    m = FedMount(fed)
    pid = rmtest.create_programme(m, "fhome")
    for user in ("fa1", "fb1"):
        sign_in_and_write(fed, user)
    server_sql(fed, "INSERT INTO application (programme_id, person_id, role, status, "
                    "created_at, updated_at) SELECT %d, id, 'mentor', 'submitted', 1, 1 "
                    "FROM person WHERE principal IN ('jsmith@a.ac.uk', 'jsmith@b.ac.uk')" % pid)
    path = "/admin/programmes/%d/applications" % pid
    c = m.client("fhome")

    def names(q=""):
        r, doc = c.page(path + q)
        rows = doc.xpath("//table[.//th[.='Institution']]/tbody/tr")
        return sorted((" ".join(r.xpath("./td[1]//text()")).strip(),
                       r.xpath("./td[2]/text()")[0]) for r in rows)
    # the page's cache and the listener catch up with the SQL above
    assert wait_until(lambda: len(names()) == 2, timeout=10)
    assert names() == [("Jo Smith of A", "University of A"), ("Jo Smith of B", "University of B")]
    assert names("?institution=b.ac.uk") == [("Jo Smith of B", "University of B")]
    r, doc = c.page(path)
    assert doc.xpath("//select[@name='institution']/option[@value='a.ac.uk']")
    assert c.get(path + "?institution=c.ac.uk").status_code == 400
    # the programme report: applications by institution, suppressed
    r, doc = c.page("/admin/programmes/%d/report" % pid)
    heads = [" ".join(th.text_content().split())
             for th in doc.xpath("//section[@aria-labelledby='h-institutions']//tbody/tr/*[1]")]
    assert heads[:4] == ["Reciprocal mentoring (demo)", "University of A", "University of B",
                         "Other"], heads
    t = rmtest.text_of(r)
    assert "Applications by institution" in t and "fewer than 5" in t
    r = c.get("/admin/programmes/%d/report.csv?table=institutions" % pid)
    assert r.status_code == 200 and r.text.lstrip("\ufeff").startswith("Institution,")


def test_hr_export_carries_only_the_home_institutions_people(fed):
    m = FedMount(fed)
    pid = rmtest.create_programme(m, "fhome", name="HR scope programme")
    for user in ("fa1", "fb1", "fhome"):
        sign_in_and_write(fed, user)
    server_sql(fed, "INSERT INTO application (programme_id, person_id, role, status, "
                    "created_at, updated_at) SELECT %d, id, 'mentor', 'accepted', 1, 1 "
                    "FROM person WHERE principal IN ('jsmith@a.ac.uk', 'jsmith@b.ac.uk', "
                    "'chief@demo.ac.uk')" % pid)
    c = m.client("fhr")

    def exported():
        r = c.get("/hr/export.csv?programme=%d" % pid)
        assert r.status_code == 200, r.status_code
        return r.text
    assert wait_until(lambda: "chief@demo.ac.uk" in exported(), timeout=10)
    t = exported()
    assert "jsmith@a.ac.uk" not in t and "jsmith@b.ac.uk" not in t
    # HR's page counts the home institution's participants only
    r, doc = c.page("/hr")
    cells = doc.xpath("//tr[td[1]='HR scope programme']/td[4]/text()")
    assert cells == ["1"], cells
    # HR of another institution holds no role here
    assert m.client("fhr_a").get("/hr/export.csv").status_code == 404


def test_hr_clients_name_a_known_institution():
    srv = rmtest.Httpd("sqlite3", extra_conf=(
        "RMentorIdentityProvider %s\nRMentorInstitution a.ac.uk \"A\" %s\n"
        "RMentorHRClient \"CN=CA,O=X\" \"CN=hr,O=X\" c.ac.uk\n" % (HOME_IDP, A_IDP)))
    r = subprocess.run(["apache2", "-f", srv.conf, "-k", "start"], capture_output=True,
                       text=True, timeout=30)
    log = "\n".join(srv.log_lines()) + r.stderr
    assert "RMentorHRClient: c.ac.uk is not an institution of this service" in log
    subprocess.run(["apache2", "-f", srv.conf, "-k", "stop"], capture_output=True)
    srv.cleanup()
    srv = rmtest.Httpd("sqlite3", extra_conf="RMentorHRClient \"CN=CA\" \"CN=hr\" not_a_scope\n")
    r = subprocess.run(["apache2", "-t", "-f", srv.conf], capture_output=True, text=True)
    assert r.returncode != 0 and "RMentorHRClient: the institution's scope" in r.stderr
    srv.cleanup()


# ---- an institution's local admins (RMentorInstitutionAdmin) ---------------

def people_and_applications(srv, pid, n_a, n_b):
    """n_a people of A and n_b of B, each with an accepted Mentor
    application to pid, written straight into the database."""
    for scope, n in (("a.ac.uk", n_a), ("b.ac.uk", n_b)):
        tag = scope[0]
        for i in range(n):
            server_sql(srv, "INSERT INTO person (principal, display_name, first_seen, last_seen, "
                            "scope) VALUES ('p%s%d.%d@%s', 'Person %s%d', 1, 1, '%s')"
                       % (tag, i, pid, scope, tag.upper(), i, scope))
        server_sql(srv, "INSERT INTO application (programme_id, person_id, role, status, "
                        "created_at, updated_at) SELECT %d, id, 'mentor', 'accepted', 1, 1 "
                        "FROM person WHERE principal LIKE 'p%s%%.%d@%s'" % (pid, tag, pid, scope))


def test_a_local_admin_sees_only_their_institutions_applicants(fed):
    m = FedMount(fed)
    pid = rmtest.create_programme(m, "fhome", name="Sector programme L")
    for user in ("fa1", "fb1"):
        sign_in_and_write(fed, user)
    server_sql(fed, "INSERT INTO application (programme_id, person_id, role, status, "
                    "created_at, updated_at) SELECT %d, id, 'mentor', 'submitted', 1, 1 "
                    "FROM person WHERE principal IN ('jsmith@a.ac.uk', 'jsmith@b.ac.uk')" % pid)
    ids = dict(server_sql(fed, "SELECT per.scope, a.id FROM application a JOIN person per "
                               "ON per.id = a.person_id WHERE a.programme_id = %d" % pid))
    c = m.client("flocal_b")
    path = "/institution/programmes/%d/applications" % pid

    def names(q=""):
        r, doc = c.page(path + q)
        return sorted(" ".join(tr.xpath("./td[1]//text()")).strip()
                      for tr in doc.xpath("//h2[@id='h-results']/..//table/tbody/tr"))
    assert wait_until(lambda: names() == ["Jo Smith of B"], timeout=10)
    # the institution is the sign-in's, never the query's
    assert names("?institution=a.ac.uk") == ["Jo Smith of B"]
    assert names("?q=smith") == ["Jo Smith of B"]
    r, doc = c.page(path)
    assert not doc.xpath("//select[@name='institution']")
    assert "Applications from University of B" in rmtest.text_of(r)
    # the view is audited with the records it showed
    rows = server_sql(fed, "SELECT detail FROM audit WHERE actor = 'localb@b.ac.uk' "
                           "AND action = 'view.applications' AND entity_id = %d" % pid)
    assert rows and all(d == "records=%s" % ids["b.ac.uk"] for (d,) in rows), rows

    # the landing page counts B's applications only; the navigation links it
    r, doc = c.page("/institution")
    row = doc.xpath("//tr[th[.='Sector programme L']]")[0]
    assert [td.text_content() for td in row.xpath("./td")][1:4] == ["1", "0", "0"]
    assert doc.xpath("//nav[@aria-label='Main']//a[.='Your institution']")

    # B's application read-only; A's is someone else's record: 404
    r, doc = c.page("/applications/%s" % ids["b.ac.uk"])
    assert "Application from Jo Smith of B" in rmtest.text_of(r)
    assert not doc.xpath("//form[contains(@action, '/decision')]")
    assert doc.xpath("//a[contains(@href, '%s')]" % path)
    assert c.get("/applications/%s" % ids["a.ac.uk"]).status_code == 404
    assert server_sql(fed, "SELECT count(*) FROM audit WHERE actor = 'localb@b.ac.uk' AND "
                           "action = 'view.application' AND entity_id = %s"
                      % ids["b.ac.uk"])[0][0] in (1, "1")
    # none of the team's pages, and no decision
    assert c.get("/admin/programmes/%d/applications" % pid).status_code == 403
    assert c.get("/admin/programmes/%d/report" % pid).status_code == 404
    assert c.get("/admin/programmes/%d/pairs" % pid).status_code in (403, 404)
    tok = rmtest.forge_token(m, "localb@b.ac.uk",
                             action="/fed/admin/applications/%s/decision" % ids["b.ac.uk"])
    r = c.s.post(fed.origin + "/fed/admin/applications/%s/decision" % ids["b.ac.uk"],
                 data={"csrf": tok, "decision": "accepted"}, headers={"Origin": fed.origin},
                 allow_redirects=False, timeout=15)
    assert r.status_code in (403, 404), r.status_code
    assert server_sql(fed, "SELECT status FROM application WHERE id = %s"
                      % ids["b.ac.uk"]) == [("submitted",)]
    # a programme that is not there
    assert c.get("/institution/programmes/999999/applications").status_code == 404
    assert c.get("/institution/programmes/999999/report").status_code == 404


def test_local_admins_are_named_or_entitled_by_their_own_idp(fed):
    assert get(fed, "fent_b", "/institution").status_code == 200
    # the entitlement from A's IdP for A's person: not B's local admin
    assert get(fed, "fent_a", "/institution").status_code == 404
    # B's other staff, and the sector programme's own admins: not local admins
    assert get(fed, "fb1", "/institution").status_code == 404
    assert get(fed, "fhome", "/institution").status_code == 404
    r = get(fed, "fb1", "/")
    assert "Your institution" not in rmtest.text_of(r)


def test_a_local_admins_figures_count_only_their_institution(fed):
    m = FedMount(fed)
    pid = rmtest.create_programme(m, "fhome", name="Sector programme F")
    people_and_applications(fed, pid, 7, 6)
    c = m.client("flocal_b")

    def funnel(client, path):
        r, doc = client.page(path)
        row = doc.xpath("//section[@aria-labelledby='h-funnel']//tbody/tr[th[.='Applications']]"
                        "/td[1]")
        return row[0].text_content().strip() if row else None
    local = "/institution/programmes/%d/report" % pid
    assert wait_until(lambda: funnel(c, local) == "6", timeout=10), funnel(c, local)
    # the team's report counts both institutions
    assert funnel(m.client("fhome"), "/admin/programmes/%d/report" % pid) == "13"
    r, doc = c.page(local)
    t = rmtest.text_of(r)
    assert "Figures for University of B: Sector programme F" in t
    heads = doc.xpath("//section[@class='report-section']/h2/@id")
    assert heads == ["h-funnel", "h-training", "h-actions", "h-careers"], heads
    # each download audited, naming the institution
    r = c.get("/institution/programmes/%d/report.csv?table=funnel" % pid)
    assert r.status_code == 200 and "\n" in r.text
    assert server_sql(fed, "SELECT detail FROM audit WHERE actor = 'localb@b.ac.uk' AND "
                           "action = 'view.report' AND entity_id = %d" % pid) \
        == [("table=funnel institution=b.ac.uk",)]
    # the pairs' tables are not there
    assert c.get("/institution/programmes/%d/report.csv?table=ratings" % pid).status_code == 400


@pytest.mark.parametrize("line,msg", [
    ("RMentorInstitutionAdmin b.ac.uk\n", "RMentorInstitutionAdmin SCOPE WHO"),
    ("RMentorInstitutionAdmin b.ac.uk jo@a.ac.uk\n", "is not a sign-in name of b.ac.uk"),
    ("RMentorInstitutionAdmin b.ac.uk jo\n", "is not a sign-in name of b.ac.uk"),
    ("RMentorInstitutionAdmin b.ac.uk entitlement=\n", "is not a sign-in name or entitlement"),
    ("RMentorInstitutionAdmin b_ac jo@b_ac\n", "RMentorInstitutionAdmin b_ac:"),
])
def test_bad_institution_admin_lines_are_refused(line, msg):
    srv = rmtest.Httpd("sqlite3", extra_conf=line)
    r = subprocess.run(["apache2", "-t", "-f", srv.conf], capture_output=True, text=True)
    assert r.returncode != 0 and msg in r.stderr, r.stderr
    srv.cleanup()


@pytest.mark.parametrize("conf,msg", [
    ("RMentorInstitutionAdmin b.ac.uk jo@b.ac.uk\n", "RMentorInstitutionAdmin is for a sector"),
    ("RMentorIdentityProvider %s\nRMentorInstitution a.ac.uk \"A\" %s\n"
     "RMentorInstitutionAdmin b.ac.uk jo@b.ac.uk\n" % (HOME_IDP, A_IDP),
     "RMentorInstitutionAdmin: b.ac.uk is not an institution of this service"),
])
def test_institution_admins_of_unknown_institutions_fail_at_start(conf, msg):
    srv = rmtest.Httpd("sqlite3", extra_conf=conf)
    r = subprocess.run(["apache2", "-f", srv.conf, "-k", "start"], capture_output=True,
                       text=True, timeout=30)
    log = "\n".join(srv.log_lines()) + r.stderr
    subprocess.run(["apache2", "-f", srv.conf, "-k", "stop"], capture_output=True)
    srv.cleanup()
    assert msg in log, log
