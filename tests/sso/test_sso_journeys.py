"""Whole journeys through real SAML single sign-on: every user signs in at the
IdP (pysaml2) and mod_auth_mellon hands the identity to mod_rmentor."""

import rmtest
import ssolib


def test_staff_member_signs_in_and_applies_as_mentor(sp, programme):
    c = sp.client("mentor1")
    r, doc = c.page("/")
    assert "Signed in as Amara Okafor" in rmtest.text_of(r)
    assert doc.xpath('//a[@id="sign-in"]') == []

    # the form shows the grade from the IdP and prefills title and department
    r, doc = c.page("/programmes/%d/apply/mentor" % programme)
    assert "Your grade (from HR records): 8" in rmtest.text_of(r)
    assert doc.xpath('string(//input[@name="job_title"]/@value)') == "Head of Student Services"
    assert doc.xpath('string(//input[@name="department"]/@value)') == "Student Services"

    r = c.post("/programmes/%d/apply/mentor" % programme, rmtest.MENTOR_FORM)
    assert r.status_code == 303, r.text[:800]
    assert ssolib.on_site(r.url, r.headers["Location"], {sp.origin})
    aid = rmtest.app_id(r)
    r, _ = c.page("/applications/%d" % aid)
    assert "Test programme" in rmtest.text_of(r)

    # recorded under the eduPersonPrincipalName, not the transient NameID
    rows = sp.db_query("SELECT p.principal FROM application a JOIN person p "
                       "ON p.id = a.person_id WHERE a.id = %d" % aid)
    assert rows == [["mentor1@demo.ac.uk"]]


def test_admin_by_entitlement_reviews_and_decides(sp, programme):
    aid = rmtest.app_id(rmtest.apply(sp, "mentor2", programme))
    admin = sp.client("admin")
    r, doc = admin.page("/")
    assert doc.xpath('//a[normalize-space()="Manage programmes"]')
    r, _ = admin.page("/admin/programmes/%d/applications" % programme)
    assert "Priya Shah" in rmtest.text_of(r)
    r, doc = admin.page("/applications/%d" % aid)
    assert doc.xpath('//input[@name="decision"]')

    r = admin.post("/admin/applications/%d/decision" % aid,
                   {"decision": "accepted", "reason": "Strong application."},
                   token_from="/applications/%d" % aid)
    assert r.status_code == 303, r.text[:800]
    assert ssolib.on_site(r.url, r.headers["Location"], {sp.origin})
    rows = sp.db_query("SELECT status FROM application WHERE id = %d" % aid)
    assert rows == [["accepted"]]

    # the applicant sees the decision; staff without the entitlement cannot decide
    r, _ = sp.client("mentor2").page("/applications/%d" % aid)
    assert "Accepted" in rmtest.text_of(r)
    other = sp.client("mentor1")
    assert other.get("/admin/programmes").status_code == 403
    # a valid token of mentor1's (principal: the eppn) for the decision form,
    # which mentor1 cannot load: the refusal is on the entitlement
    decide = "/admin/applications/%d/decision" % aid
    r = other.post(decide, {"decision": "declined", "reason": "x"},
                   token=rmtest.forge_token(sp, "mentor1@demo.ac.uk", action=decide))
    assert r.status_code == 403
    assert sp.db_query("SELECT status FROM application WHERE id = %d" % aid) == [["accepted"]]


def test_user_without_staff_affiliation_is_refused(sp, programme):
    # student@ (no staff affiliation) and staff@ another institution's scope
    for user in ("student1", "visitor1"):
        c = sp.client(user)
        for path in ("/", "/programmes/%d" % programme,
                     "/programmes/%d/apply/mentor" % programme):
            r = c.get(path)
            assert r.status_code == 403, (user, path, r.status_code)
            assert "This service is for staff" in rmtest.text_of(r)
        r = c.post("/programmes/%d/apply/mentor" % programme, rmtest.MENTOR_FORM,
                   token="x")
        assert r.status_code == 403
    assert sp.db_query("SELECT count(*) FROM person WHERE principal IN "
                       "('student1@demo.ac.uk', 'visitor1@demo.ac.uk')") == [["0"]]


def test_two_entitlements_membership_second_can_apply_as_senior(sp, programme):
    # senior3's IdP releases [library, exco]: the membership (exco) is the
    # SECOND value, so this passes only if every value reaches the module
    r = rmtest.apply(sp, "senior3", programme, role="senior")
    assert r.status_code == 303, r.text[:800]
    aid = rmtest.app_id(r)
    assert sp.db_query("SELECT p.principal, a.role FROM application a JOIN person p "
                       "ON p.id = a.person_id WHERE a.id = %d"
                       % aid) == [["senior3@demo.ac.uk", "senior"]]
    # one entitlement, not the membership one: refused
    c = sp.client("senior4")
    r = c.get("/programmes/%d/apply/senior" % programme)
    assert r.status_code == 403
    assert "Only members can apply" in rmtest.text_of(r)


def test_grade_from_the_idp_decides_mentor_eligibility(sp, programme):
    # mentor3's grade (7) is below the programme's minimum (8)
    c = sp.client("mentor3")
    r = c.get("/programmes/%d/apply/mentor" % programme)
    assert r.status_code == 403
    assert "Your grade is recorded as 7" in rmtest.text_of(r)


def test_no_eppn_released_means_not_signed_in(sp):
    # the IdP authenticates noeppn1 but releases no eduPersonPrincipalName:
    # MellonUser eppn leaves REMOTE_USER unset (the NameID is never used) and
    # the module fails closed
    c = sp.client()
    r = c.sign_in("noeppn1")
    assert r.headers["Location"] == "/mentoring/"
    r = c.get("/")
    assert r.status_code == 401
    assert ssolib.sign_in_link(r) == ssolib.SIGN_IN_HREF
    echo = ssolib.echo(c)
    assert echo["REMOTE_USER"] == "" and echo["MELLON_displayName"] == "Nia Noeppn"
    assert sp.db_query("SELECT count(*) FROM person WHERE display_name = "
                       "'Nia Noeppn'") == [["0"]]
