"""Lazy sessions (MellonEnable info): anonymous requests reach mod_rmentor,
which fails closed with 401 and a sign-in link built only from its own
configuration.  Nothing a client sends may turn that link, a Location or the
login's RelayState into a way off the site."""
import urllib.parse

import lxml.html
import pytest

import rmtest
import ssolib

EVIL = "evil.example"


def _check_page_on_site(sp, target, status, headers, body):
    """No Location and no link on the page may lead off the site; a sign-in
    link, if any, is exactly the configured one."""
    base = sp.origin + (target if target.startswith("/") else "/")
    loc = headers.get("location")
    if loc is not None:
        assert ssolib.on_site(base, loc, {sp.origin}), (target, status, loc)
    assert EVIL.encode() not in (loc or "").encode()
    if not body:
        return
    doc = lxml.html.fromstring(body)
    for el, attr, link, _ in doc.iterlinks():
        assert ssolib.on_site(base, link, {sp.origin}), (target, el.tag, attr, link)
    assert doc.xpath('//a[@id="sign-in"]/@href') in ([], [ssolib.SIGN_IN_HREF]), target
    if status == 401:
        assert doc.xpath('//a[@id="sign-in"]/@href') == [ssolib.SIGN_IN_HREF]


def test_anonymous_request_gets_401_and_the_exact_sign_in_link(sp, browser):
    for path in ("/", "/programmes/1", "/admin/programmes", "/applications/1"):
        r = browser.get(path)
        assert r.status_code == 401, (path, r.status_code)
        assert "Location" not in r.headers
        assert ssolib.sign_in_link(r) == ssolib.SIGN_IN_HREF
        assert r.headers.get("Cache-Control") == "no-store"
        # no session was started by looking
        assert not any(c.name == "mellon-rmentor" and c.value != "cookietest"
                       for c in browser.s.cookies)
    r = browser.post("/programmes/1/apply/mentor", rmtest.MENTOR_FORM, token="x")
    assert r.status_code == 401
    assert ssolib.sign_in_link(r) == ssolib.SIGN_IN_HREF


HOSTILE_TARGETS = [
    "//evil.example/",
    "//evil.example/mentoring/",
    "/\\evil.example/",
    "/\\/evil.example/",
    "/%09/evil.example/",
    "/%5Cevil.example/",
    "/%2F%2Fevil.example/",
    "///evil.example/",
    "/mentoring//evil.example",
    "/mentoring//evil.example/",
    "/mentoring///evil.example/",
    "/mentoring/%2F%2Fevil.example",
    "/mentoring/%2F%2Fevil.example/",
    "/mentoring/%5C%5Cevil.example",
    "/mentoring/%09/evil.example",
    "/mentoring/https://evil.example/",
    "/mentoring/http:%2F%2Fevil.example",
    "/mentoring/%0d%0aLocation:%20https://evil.example/",
    "/mentoring?https://evil.example/",
    "/mentoring/?ReturnTo=https://evil.example/",
    "/mentoring/?ReturnTo=//evil.example/",
    "/mentoring/?ReturnTo=https%3A%2F%2Fevil.example%2F",
    "/mentoring/?target=https://evil.example/&return=//evil.example&next=/%5Cevil.example",
    "/mentoring/programmes/1?ReturnTo=https://evil.example/",
    "/mentoring/admin/programmes?return_to=http://evil.example/",
    "/mentoring/applications/1?url=javascript:alert(1)",
    "http://evil.example/mentoring/",
]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_hostile_addresses_never_lead_off_site(sp, target):
    status, headers, body = ssolib.raw_request(sp, "GET", target)
    assert status in (400, 401, 403, 404), (target, status)
    _check_page_on_site(sp, target, status, headers, body)
    # the same with a forged Host header
    status, headers, body = ssolib.raw_request(sp, "GET", target, {"Host": EVIL})
    assert status in (400, 401, 403, 404), (target, status)
    _check_page_on_site(sp, target, status, headers, body)


def test_forged_host_header_never_steers_a_redirect(sp, programme):
    c = sp.client("mentor1")
    token = c.token("/programmes/%d/apply/mentor" % programme,
                    action="/programmes/%d/apply/mentor" % programme)
    cookie = "; ".join("%s=%s" % (k.name, k.value) for k in c.s.cookies)
    body = urllib.parse.urlencode(dict(rmtest.MENTOR_FORM, csrf=token))
    for host in (EVIL, "%s:%d" % (EVIL, sp.port), "127.0.0.1:%d@%s" % (sp.port, EVIL)):
        status, headers, page = ssolib.raw_request(
            sp, "POST", "/mentoring/programmes/%d/apply/mentor" % programme,
            {"Host": host, "Cookie": cookie}, body)
        assert status in (303, 400, 401, 403), (host, status)
        _check_page_on_site(sp, "/mentoring/", status, headers, page)
    # the real host: a redirect to this site
    r = c.post("/programmes/%d/apply/mentor" % programme, rmtest.MENTOR_FORM,
               token=token)
    assert r.status_code == 303
    assert r.headers["Location"].startswith("/mentoring/applications/")


# ReturnTo values that must never send the browser anywhere but this site.
# mod_auth_mellon 0.18.1 (MellonRedirectDomains [self]) refuses some at
# /mellon/login and the rest (backslash, control characters, "///") only when
# the IdP's response comes back to /mellon/postResponse: either way, never a
# Location off the site.
HOSTILE_RETURN_TO = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/%5Cevil.example/",
    "%5C%5Cevil.example/",
    "/%09/evil.example/",
    "%09//evil.example/",
    "/%2F/evil.example/",
    "http:evil.example",
    "http:/evil.example",
    "https://evil.example%2F@127.0.0.1/",
    "http://127.0.0.1.evil.example/",
    "javascript:alert(1)",
    "/mentoring/%0d%0aLocation:%20https://evil.example/",
]


@pytest.mark.parametrize("return_to", HOSTILE_RETURN_TO)
def test_sign_in_handler_never_returns_off_site(sp, return_to):
    sp.expect_log(r"\[auth_mellon:error\].*(Untrusted hostname|Invalid target domain|"
                  r"Preventing redirect|Backslash character|Control character|"
                  r"URL starts with '///'|Invalid redirect URL)")
    c = ssolib.SSOClient(sp)
    r = c._go("GET", sp.origin + "/mellon/login?ReturnTo=" + return_to)
    if r.status_code in (400, 403):
        assert "Location" not in r.headers
        return
    # accepted for now: on to the IdP, then back - and never off the site
    assert r.status_code in (302, 303), r.status_code
    to_idp = urllib.parse.urlsplit(r.headers["Location"])
    assert (to_idp.hostname, to_idp.path) == ("127.0.0.1", "/idp/sso")
    action, fields = ssolib.idp_form(
        c._go("GET", r.headers["Location"] + "&user=mentor1"))
    assert fields.get("RelayState") == urllib.parse.unquote(return_to)
    r = c._go("POST", action, data=fields)
    loc = r.headers.get("Location")
    assert r.status_code in (303, 400, 403), r.status_code
    if loc is not None:
        assert ssolib.on_site(action, loc, {sp.origin}), loc


def test_sign_in_link_does_a_full_login_and_lands_on_the_service(sp):
    c = ssolib.SSOClient(sp)
    r = c.get("/programmes/1?ReturnTo=https://evil.example/")
    assert r.status_code == 401
    link = urllib.parse.urljoin(r.url, ssolib.sign_in_link(r))
    assert link == sp.origin + ssolib.SIGN_IN_HREF
    r = c._go("GET", link)
    assert r.status_code == 303
    # the AuthnRequest carries the return address as RelayState
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(r.headers["Location"]).query)
    assert q["RelayState"] == ["/mentoring/"]
    r = c.finish_login(r, "mentor2")
    assert r.headers["Location"] == "/mentoring/"
    r = c.s.get(urllib.parse.urljoin(r.url, r.headers["Location"]), timeout=15)
    assert r.status_code == 200 and r.url == sp.base + "/"
    assert "Signed in as Priya Shah" in rmtest.text_of(r)
    # now signed in: no sign-in link anywhere
    assert lxml.html.fromstring(r.content).xpath('//a[@id="sign-in"]') == []
