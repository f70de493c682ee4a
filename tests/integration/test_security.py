"""Identity fails closed, spoofed headers get nobody's identity, CSRF and
origin checks, role and ownership on every record, escaping, SQL
metacharacters, bounded bodies, and error pages that leak nothing."""
import time

import pytest
import requests

import rmtest
from rmtest import apply, app_id, text_of, html

SPOOFED = [
    {"REMOTE_USER": "admin"}, {"Remote-User": "admin"}, {"Remote_User": "admin"},
    {"eppn": "admin@demo.ac.uk"}, {"Shib-Identity-Provider": "https://idp.demo.ac.uk"},
    {"Shib-Session-ID": "_abc", "eppn": "admin@demo.ac.uk"},
    {"OIDC_CLAIM_email": "admin@demo.ac.uk"}, {"OIDC_CLAIM_sub": "admin"},
    {"MELLON_eppn": "admin@demo.ac.uk"}, {"MELLON_NAME_ID": "admin"},
    {"X-Remote-User": "admin"}, {"X-Forwarded-User": "admin"},
    {"entitlement": "urn:mace:demo.ac.uk:rmentor:admin", "affiliation": "staff@demo.ac.uk"},
]


@pytest.mark.parametrize("headers", SPOOFED, ids=lambda h: ",".join(h))
def test_spoofed_headers_without_auth_get_nobody(server, headers):
    # the unprotected mount: the module itself must fail closed
    for path in ("/open-mentoring/", "/open-mentoring/admin/programmes"):
        r = requests.get(server.origin + path, headers=headers, timeout=10,
                         allow_redirects=False)
        assert r.status_code == 401
        assert "You are not signed in" in text_of(r)
        assert "Signed in as" not in r.text
    r = requests.post(server.origin + "/open-mentoring/admin/programmes/new",
                      headers=headers, data=rmtest.programme_form(), timeout=10)
    assert r.status_code == 401
    # the protected mount: the SSO layer refuses first
    r = requests.get(server.base + "/", headers=headers, timeout=10)
    assert r.status_code == 401


def test_headers_cannot_add_roles_or_attributes(server):
    c = server.client("staff1")
    hdr = {"entitlement": "urn:mace:demo.ac.uk:rmentor:admin", "displayName": "Evil",
           "REMOTE_USER": "admin", "grade": "10"}
    r = c.get("/admin/programmes", headers=hdr)
    assert r.status_code == 403
    assert "Signed in as Sam Taylor" in text_of(c.get("/", headers=hdr))


def test_non_staff_refused(server):
    r = server.client("student1").get("/")
    assert r.status_code == 403
    assert "This service is for staff" in text_of(r)


def test_wrong_password_refused(server):
    server.expect_log(r"AH01617: user admin: authentication failure")
    assert server.client("admin", password="nope").get("/").status_code == 401


# ---- CSRF and origin ---------------------------------------------------------

def _count_programmes(server):
    r = server.client("admin").get("/admin/programmes")
    return r.text.count("/programmes/")


@pytest.mark.parametrize("case", ["missing", "garbage", "other-user", "expired",
                                  "future", "tampered"])
def test_csrf_refused_and_nothing_stored(server, case):
    adm = server.client("admin")
    before = _count_programmes(server)
    path = "/admin/programmes/new"
    good = adm.token(path, action=path)
    # each forged for this very form, so that only what the case names is wrong
    token = {"missing": None, "garbage": "not-a-token",
             "other-user": rmtest.forge_token(server, "staff1", int(time.time()), action=path),
             "expired": rmtest.forge_token(server, "admin", int(time.time()) - 3 * 3600,
                                           action=path),
             "future": rmtest.forge_token(server, "admin", int(time.time()) + 3600,
                                          action=path),
             "tampered": good[:-1] + ("0" if good[-1] != "0" else "1")}[case]
    r = adm.post(path, rmtest.programme_form(name="CSRF " + case),
                 token=token if token else False)
    assert r.status_code == 403
    t = text_of(r)
    assert "Nothing was changed" in t
    if case == "expired":
        assert "This form has expired" in t
    assert _count_programmes(server) == before


def test_forged_token_with_valid_mac_is_accepted(server):
    """The forging helper above is right: a fresh token made with the server's
    secret for the right person is accepted (so the refusals are meaningful)."""
    r = server.client("admin").post("/admin/programmes/new",
                                    rmtest.programme_form(name="Forged OK"),
                                    token=rmtest.forge_token(server, "admin", int(time.time()),
                                                             action="/admin/programmes/new"))
    assert r.status_code == 303


def _app_status(server, aid):
    from test_applications import server_sql
    return server_sql(server, "SELECT status, decision_reason FROM application "
                              "WHERE id = %d" % aid)


def test_token_for_another_form_refused(server, programme):
    """Form tokens are bound to the form's action: a valid token of one form,
    of the right person and fresh, is refused at another form's path, also
    between two forms of one page, and nothing is changed."""
    aid = app_id(apply(server, "admin", programme, gain="Own application."))
    adm = server.client("admin")
    page = "/applications/%d" % aid
    withdraw, decide = page + "/withdraw", "/admin/applications/%d/decision" % aid
    # the admin's own application: one page, a withdraw form and a decision form
    withdraw_tok = adm.token(page, action=withdraw)
    decide_tok = adm.token(page, action=decide)
    assert withdraw_tok != decide_tok
    before = _app_status(server, aid)
    programmes = _count_programmes(server)
    for path, data, tok in (
            (withdraw, {}, decide_tok),
            (decide, {"decision": "declined", "reason": "Swapped token."}, withdraw_tok),
            ("/admin/programmes/new", rmtest.programme_form(name="Swapped"), decide_tok),
            ("/admin/programmes/%d/team" % programme,
             {"principal": "admin2", "team_role": "admin"},
             adm.token("/admin/programmes/%d/edit" % programme,
                       action="/admin/programmes/%d/edit" % programme)),
            (decide, {"decision": "declined", "reason": "Forged elsewhere."},
             rmtest.forge_token(server, "admin", action=withdraw))):
        r = adm.post(path, data, token=tok)
        assert r.status_code == 403, (path, r.status_code)
        assert "Form not accepted" in text_of(r), path
        assert "Nothing was changed" in text_of(r), path
    assert _app_status(server, aid) == before
    assert _count_programmes(server) == programmes
    assert server.client("admin2").get(
        "/admin/programmes/%d/applications" % programme).status_code == 403
    # the same tokens where they belong are accepted
    r = adm.post(decide, {"decision": "declined", "reason": "Right form."}, token=decide_tok)
    assert r.status_code == 303
    assert _app_status(server, aid) == [("declined", "Right form.")]


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"}, {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
])
def test_cross_origin_post_refused(server, headers):
    adm = server.client("admin")
    before = _count_programmes(server)
    r = adm.post("/admin/programmes/new", rmtest.programme_form(name="Cross"),
                 headers=headers)
    assert r.status_code == 403
    assert "another site" in text_of(r)
    assert _count_programmes(server) == before


def test_same_origin_post_accepted(server):
    r = server.client("admin").post(
        "/admin/programmes/new", rmtest.programme_form(name="Same origin"),
        headers={"Origin": server.origin, "Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 303


# ---- roles and ownership -----------------------------------------------------

@pytest.mark.parametrize("user", ["staff1", "hr", "facilitator", "mentor1", "senior1"])
def test_non_admins_cannot_reach_admin_pages(server, programme, user):
    c = server.client(user)
    for path in ("/admin/programmes", "/admin/programmes/new",
                 "/admin/programmes/%d/edit" % programme,
                 "/admin/programmes/%d/applications" % programme):
        assert c.get(path).status_code == 403, path
    # even with a valid token of their own, the POST is refused on role
    r = c.post("/admin/programmes/new", rmtest.programme_form(),
               token=rmtest.forge_token(server, user, int(time.time()),
                                        action="/admin/programmes/new"))
    assert r.status_code == 403


def test_admin_not_on_team_cannot_manage(server, programme):
    aid = app_id(apply(server, "mentor2", programme))
    other = server.client("admin2")
    for path in ("/admin/programmes/%d/edit" % programme,
                 "/admin/programmes/%d/applications" % programme):
        assert other.get(path).status_code == 403
    assert other.get("/applications/%d" % aid).status_code == 404
    decide = "/admin/applications/%d/decision" % aid
    edit = "/admin/programmes/%d/edit" % programme
    r = other.post(decide, {"decision": "accepted", "reason": ""},
                   token=rmtest.forge_token(server, "admin2", int(time.time()), action=decide))
    assert r.status_code == 404
    r = other.post(edit, rmtest.programme_form(name="Hijacked"),
                   token=rmtest.forge_token(server, "admin2", int(time.time()), action=edit))
    assert r.status_code == 403
    # once added to the team, admin2 can manage it
    adm = server.client("admin")
    r = adm.post("/admin/programmes/%d/team" % programme,
                 {"principal": "admin2", "team_role": "admin", "confirm_unknown": "admin2"},
                 token_from="/admin/programmes/%d/edit" % programme)
    assert r.status_code == 303
    assert other.get("/admin/programmes/%d/applications" % programme).status_code == 200
    assert other.get("/applications/%d" % aid).status_code == 200


def test_applicant_cannot_read_or_change_anothers_application(server, programme):
    aid = app_id(apply(server, "mentor1", programme, gain="PRIVATE-GAIN"))
    b = server.client("mentor2")
    r = b.get("/applications/%d" % aid)
    assert r.status_code == 404 and "PRIVATE-GAIN" not in r.text
    # mentor2 cannot load mentor1's forms: valid tokens of mentor2's own, made
    # for the paths posted to, so that the refusals are on ownership and role
    withdraw = "/applications/%d/withdraw" % aid
    decide = "/admin/applications/%d/decision" % aid
    assert b.post(withdraw, token=rmtest.forge_token(server, "mentor2", action=withdraw)
                  ).status_code == 404
    r = b.post(decide, {"decision": "accepted", "reason": ""},
               token=rmtest.forge_token(server, "mentor2", action=decide))
    assert r.status_code == 403
    # mentor2's own form is empty of mentor1's answers
    r = b.get("/programmes/%d/apply/mentor" % programme)
    assert "PRIVATE-GAIN" not in r.text
    # and mentor1's application is untouched
    t = text_of(server.client("mentor1").get("/applications/%d" % aid))
    assert "Waiting for a decision" in t and "PRIVATE-GAIN" in t


def test_unknown_ids_are_not_found(server):
    c = server.client("mentor1")
    for path in ("/applications/999999", "/programmes/999999",
                 "/programmes/999999/apply/mentor", "/programmes/1/apply/boss"):
        assert c.get(path).status_code == 404, path


# ---- escaping and SQL metacharacters -----------------------------------------

XSS = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>&amp;"


def _assert_escaped(resp, payload=XSS):
    assert "<script>alert(1)" not in resp.text
    assert "<img src=x" not in resp.text
    assert payload in text_of(resp)


def test_xss_in_every_free_text_field_is_escaped(server):
    fields = {"name": XSS, "institutions": XSS, "description": XSS,
              "senior_label": "SM " + XSS[:40]}
    pid = rmtest.create_programme(server, **fields)
    adm = server.client("admin")
    _assert_escaped(adm.get("/admin/programmes"))
    _assert_escaped(server.client("mentor1").get("/programmes/%d" % pid))
    _assert_escaped(adm.get("/admin/programmes/%d/edit" % pid))
    mentor = {k: XSS for k in ("job_title", "department", "gain", "topics", "availability")}
    aid = app_id(apply(server, "mentor1", pid, **mentor))
    senior = {k: XSS for k in ("senior_role", "department", "motivation", "topics",
                               "availability")}
    sid = app_id(apply(server, "senior1", pid, role="senior", **senior))
    for user, a in (("mentor1", aid), ("senior1", sid), ("admin", aid), ("admin", sid)):
        _assert_escaped(server.client(user).get("/applications/%d" % a))
    _assert_escaped(adm.get("/admin/programmes/%d/applications" % pid))
    r = adm.post("/admin/applications/%d/decision" % aid,
                 {"decision": "declined", "reason": XSS}, token_from="/applications/%d" % aid)
    assert r.status_code == 303
    _assert_escaped(server.client("mentor1").get("/applications/%d" % aid))
    # search box echoes the query escaped
    _assert_escaped(adm.get("/admin/programmes/%d/applications" % pid,
                            params={"q": XSS[:90]}), XSS[:90])
    # a failed form echoes input escaped
    r = adm.post("/admin/programmes/new", rmtest.programme_form(name=XSS, apply_opens="bad"))
    assert r.status_code == 422
    assert "<script>alert(1)" not in r.text
    assert html(r).get_element_by_id("f-name").get("value") == XSS


SQLISH = "Robert'); DROP TABLE application;-- 100% _x_ \\ \" ; OR 1=1"


def test_sql_metacharacters_are_stored_and_shown_literally(server):
    pid = rmtest.create_programme(server, name=SQLISH)
    aid = app_id(apply(server, "mentor2", pid, gain=SQLISH, department=SQLISH))
    t = text_of(server.client("mentor2").get("/applications/%d" % aid))
    assert t.count(SQLISH) >= 2
    adm = server.client("admin")
    assert SQLISH in text_of(adm.get("/admin/programmes"))
    base = "/admin/programmes/%d/applications" % pid
    # LIKE wildcards in a search match literally
    assert html(adm.get(base, params={"q": "%"})).get_element_by_id("h-results").text \
        == "0 applications"
    assert html(adm.get(base, params={"q": "_"})).get_element_by_id("h-results").text \
        == "0 applications"
    assert html(adm.get(base, params={"q": "priya"})).get_element_by_id("h-results").text \
        == "1 application"
    assert html(adm.get(base, params={"q": "' OR '1'='1"})).get_element_by_id(
        "h-results").text == "0 applications"


# ---- bounded input -----------------------------------------------------------

def test_oversized_body_refused(server, programme):
    c = server.client("mentor1")
    before = c.get("/").text.count("/applications/")
    form = dict(rmtest.MENTOR_FORM, gain="x" * 70000)
    r = c.post("/programmes/%d/apply/mentor" % programme, form)
    assert r.status_code == 413
    assert "more data than this service accepts" in text_of(r)
    # a declared length over the limit is refused before reading
    r = c.s.post(c.url("/programmes/%d/apply/mentor" % programme),
                 data=b"a" * 200000,
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    assert c.get("/").text.count("/applications/") == before


def test_field_limits_named(server, programme):
    r = apply(server, "mentor1", programme, gain="x" * 2001)
    assert r.status_code == 422
    assert "What you hope to gain from the programme must be 2000 characters or fewer" \
        in text_of(r)
    r = apply(server, "mentor1", programme, gain="x" * 17000)
    assert r.status_code == 413


@pytest.mark.parametrize("body,ctype,status", [
    ("a=1&a=2", "application/x-www-form-urlencoded", 400),
    ("a=%ZZ", "application/x-www-form-urlencoded", 400),
    ("a=%C3%28", "application/x-www-form-urlencoded", 400),
    ("a=%00", "application/x-www-form-urlencoded", 400),
    ("{\"a\": 1}", "application/json", 415),
    ("--x\r\n", "multipart/form-data; boundary=x", 415),
    ("a=1", "application/x-www-form-urlencodedX", 415),
])
def test_malformed_bodies_refused(server, programme, body, ctype, status):
    c = server.client("mentor1")
    r = c.s.post(c.url("/programmes/%d/apply/mentor" % programme), data=body,
                 headers={"Content-Type": ctype}, allow_redirects=False)
    assert r.status_code == status
    assert "Nothing was changed" in text_of(r)


def test_too_many_fields_refused(server, programme):
    body = "&".join("f%d=1" % i for i in range(100))
    c = server.client("mentor1")
    r = c.s.post(c.url("/programmes/%d/apply/mentor" % programme), data=body,
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS"])
def test_other_methods_refused(server, method):
    r = server.client("staff1").s.request(method, server.base + "/", timeout=10)
    assert r.status_code == 405


def test_post_to_a_read_only_page_is_405(server):
    r = server.client("staff1").post("/", {}, token=False)
    assert r.status_code == 405


@pytest.mark.parametrize("path", ["/programmes/1/../../admin/programmes",
                                  "/programmes/../admin/programmes",
                                  "/programmes/%2e%2e/1", "/programmes/1%00",
                                  "/static/../../etc/passwd", "//evil.example",
                                  "/programmes/01", "/APPLICATIONS/1"])
def test_odd_paths_are_not_found(server, path):
    # sent as is: requests would remove the dot segments itself
    import base64
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    auth = base64.b64encode(b"staff1:" + rmtest.PASSWORD.encode()).decode()
    conn.request("GET", "/mentoring" + path, headers={"Authorization": "Basic " + auth})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    assert r.status in (400, 403, 404), (path, r.status)
    assert r.getheader("Location") is None
    assert b"root:" not in body


def test_redirects_stay_on_this_site(server, programme):
    # path-only, whatever Host the client claims
    r = apply(server, "mentor1", programme, headers={"Host": "evil.example"})
    assert r.status_code == 303
    assert r.headers["Location"].startswith("/mentoring/applications/")


# ---- headers and error pages -------------------------------------------------

def test_security_headers_on_pages_and_errors(server):
    c = server.client("staff1")
    for path, status in (("/", 200), ("/nowhere", 404), ("/admin/programmes", 403)):
        r = c.get(path)
        assert r.status_code == status
        h = r.headers
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
        assert "script-src" not in h["Content-Security-Policy"]   # default-src 'none'
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"] == "same-origin"
        assert h["Cache-Control"] == "no-store"
        assert "<script" not in r.text


def test_error_pages_leak_nothing(server):
    c = server.client("staff1")
    for path in ("/nowhere", "/applications/999999"):
        t = c.get(path).text.lower()
        for word in ("sqlite", "select ", "postgres", "apr_", ".c:", "/usr/", "stack"):
            assert word not in t, (path, word)
