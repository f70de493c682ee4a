"""Empty, duplicate and huge headers and cookies; malformed framing.  httpd
refuses what it must (400, 413, 414) before the module runs; what reaches the
module is refused without storing anything; the server never crashes (the
session fixture fails the run on any crash or unexpected error line).

Extends tests/integration/test_security.py (spoofed identity headers, CSRF,
bounded bodies) with what a client can do at the HTTP layer."""
import socket

import pytest

import rmtest
from hostile import alive, basic, raw_request, read_response, server_sql


def head(server, method="GET", path="/mentoring/", headers=(), user="staff1",
         host=True, version="HTTP/1.1", close=True):
    lines = ["%s %s %s" % (method, path, version)]
    if host is True:
        lines.append("Host: 127.0.0.1:%d" % server.port)
    elif host is not None:
        lines.append("Host: " + host)
    if user:
        lines.append("Authorization: " + basic(user))
    lines += ["%s: %s" % h for h in headers]
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def apply_body(server, programme, user, **over):
    """The Mentor form for programme, with a valid token of user's for it."""
    form = dict(rmtest.MENTOR_FORM, csrf=rmtest.forge_token(
        server, user, action="/programmes/%d/apply/mentor" % programme))
    form.update(over)
    import urllib.parse
    return urllib.parse.urlencode(form).encode()


def applications_of(server, user):
    return server_sql(server, "SELECT a.id FROM application a JOIN person p ON "
                              "p.id = a.person_id WHERE p.principal = '%s'" % user)


def post_apply(server, programme, user, headers, body):
    return raw_request(server, head(server, "POST", "/mentoring/programmes/%d/apply/mentor"
                                    % programme, headers=headers, user=user) + body)


FORM = ("Content-Type", "application/x-www-form-urlencoded")


# ---- cookies -----------------------------------------------------------------

def test_huge_cookie_refused_by_httpd(server):
    r = raw_request(server, head(server, headers=[("Cookie", "a=" + "x" * 100000)]))
    assert r.status == 400
    assert b"RMENTOR" not in r.body and b"Signed in" not in r.body
    alive(server)


def test_many_cookie_headers_refused(server):
    hdrs = [("Cookie", "c%d=%s" % (i, "y" * 60)) for i in range(150)]
    r = raw_request(server, head(server, headers=hdrs))
    assert r.status == 400
    alive(server)


def test_empty_and_duplicate_cookies_change_nothing(server):
    for hdrs in ([("Cookie", "")], [("Cookie", "a=1"), ("Cookie", "a=2")],
                 [("Cookie", ";;;=;=="), ("Cookie", "REMOTE_USER=admin; eppn=admin@demo.ac.uk")]):
        r = raw_request(server, head(server, headers=hdrs))
        assert r.status == 200, hdrs
        assert b"Signed in as Sam Taylor" in r.body
        assert b"Programmes you run" not in r.body


# ---- huge and many headers ------------------------------------------------------

def test_huge_header_line_refused(server):
    r = raw_request(server, head(server, headers=[("X-Filler", "z" * 9000)]))
    assert r.status == 400
    alive(server)


def test_too_many_headers_refused(server):
    r = raw_request(server, head(server, headers=[("X-H%d" % i, "v") for i in range(120)]))
    assert r.status == 400
    alive(server)


def test_huge_request_line_refused(server):
    r = raw_request(server, head(server, path="/mentoring/" + "a" * 9000))
    assert r.status == 414
    alive(server)


def test_long_query_string_refused_by_the_module(server, programme):
    path = "/mentoring/admin/programmes/%d/applications?q=%s" % (programme, "x" * 3000)
    r = raw_request(server, head(server, path=path, user="admin"))
    assert r.status == 400
    assert b"Address not understood" in r.body
    # pages that only read ?done= ignore what they cannot read
    r = raw_request(server, head(server, path="/mentoring/?done=" + "d" * 3000))
    assert r.status in (200, 400) and b"ddddddddd" not in r.body
    alive(server)


# ---- Host ----------------------------------------------------------------------

@pytest.mark.parametrize("host", ["", None, "127.0.0.1:1:2", "a b", "evil.example\x00",
                                  "127.0.0.1@evil.example"])
def test_bad_or_missing_host_refused(server, host):
    r = raw_request(server, head(server, host=host))
    assert r.status == 400, (host, r.status)
    alive(server)


def test_duplicate_host_refused(server):
    r = raw_request(server, head(server, headers=[("Host", "evil.example")]))
    assert r.status == 400
    alive(server)


# ---- Authorization ------------------------------------------------------------

def test_duplicate_authorization_never_yields_the_second_identity(server):
    """httpd joins repeated headers with ", "; mod_auth_basic then decodes the
    first credential only.  Whatever it does, the second account (admin) must
    never be the one signed in, nor a mixture of the two."""
    r = raw_request(server, head(server, user="staff1",
                                 headers=[("Authorization", basic("admin"))]))
    assert r.status in (200, 400, 401)
    if r.status == 200:
        assert b"Signed in as Sam Taylor" in r.body
        assert b"Programmes you run" not in r.body
    r = raw_request(server, head(server, user="staff1", path="/mentoring/admin/programmes",
                                 headers=[("Authorization", basic("admin"))]))
    assert r.status in (400, 401, 403)


@pytest.mark.parametrize("value", ["", "Basic", "Basic ", "Basic !!!!", "Bearer x",
                                   "Basic " + "QQ==" * 3000])
def test_empty_or_garbage_authorization_refused(server, value):
    # mod_auth_basic logs these refusals at error level
    server.expect_log(r"AH01614: client used wrong authentication scheme|"
                      r"AH01618: user .* not found|AH01617: user .*authentication failure")
    r = raw_request(server, head(server, user=None, headers=[("Authorization", value)]))
    assert r.status in (400, 401)
    assert b"Signed in" not in r.body


# ---- framing of request bodies -----------------------------------------------------

@pytest.mark.parametrize("lengths", [("10", "20"), ("%LEN%", "%LEN%"), ("%LEN%, %LEN%",),
                                     ("-1",), ("abc",), ("+%LEN%",), ("0x10",),
                                     ("99999999999999999999999",), ("",)])
def test_bad_content_length_refused_and_nothing_stored(server, programme, fresh_user,
                                                       lengths):
    body = apply_body(server, programme, fresh_user)
    hdrs = [FORM] + [("Content-Length", v.replace("%LEN%", str(len(body))))
                     for v in lengths]
    r = post_apply(server, programme, fresh_user, hdrs, body)
    assert r.status in (400, 411, 413), (lengths, r.status)
    assert applications_of(server, fresh_user) == []
    alive(server)


def test_chunked_with_content_length_is_one_request_at_most(server, programme, fresh_user):
    """Transfer-Encoding and Content-Length together (request smuggling): httpd
    either refuses or uses the chunked body and closes the connection; the
    bytes after the chunked body never become a second request."""
    body = apply_body(server, programme, fresh_user)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    smuggled = head(server, "GET", "/mentoring/admin/programmes", user="admin",
                    close=False)
    data = head(server, "POST", "/mentoring/programmes/%d/apply/mentor" % programme,
                headers=[FORM, ("Content-Length", "4"), ("Transfer-Encoding", "chunked")],
                user=fresh_user, close=False) + chunked + smuggled
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as s:
        s.sendall(data)
        first = read_response(s)
        assert first.status in (303, 400), first.status
        second = read_response(s, timeout=5)
    assert second.status is None, "a smuggled request was answered: %s" % second.status
    stored = applications_of(server, fresh_user)
    assert len(stored) == (1 if first.status == 303 else 0)
    alive(server)


@pytest.mark.parametrize("te", ["chunked, chunked", "gzip", "identity", "chunked;x=1",
                                "xchunked", "gzip, chunked"])
def test_odd_transfer_encodings_refused(server, programme, fresh_user, te):
    body = apply_body(server, programme, fresh_user)
    r = post_apply(server, programme, fresh_user, [FORM, ("Transfer-Encoding", te)],
                   b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
    assert r.status in (400, 411, 501), (te, r.status)
    assert applications_of(server, fresh_user) == []


def test_duplicate_content_type_refused(server, programme, fresh_user):
    body = apply_body(server, programme, fresh_user)
    r = post_apply(server, programme, fresh_user,
                   [FORM, ("Content-Type", "application/json"),
                    ("Content-Length", str(len(body)))], body)
    assert r.status == 415
    assert applications_of(server, fresh_user) == []


# ---- origin headers: empty and duplicated ------------------------------------------

@pytest.mark.parametrize("hdrs", [
    [("Origin", "")],
    [("Sec-Fetch-Site", "")],
    [("Origin", "%ORIGIN%"), ("Origin", "https://evil.example")],
    [("Origin", "https://evil.example"), ("Origin", "%ORIGIN%")],
    [("Sec-Fetch-Site", "same-origin"), ("Sec-Fetch-Site", "cross-site")],
    [("Origin", "%ORIGIN%/")],
    [("Origin", "%ORIGIN%.evil.example")],
    [("Origin", "HTTP://127.0.0.1:1")],
], ids=["empty-origin", "empty-fetch-site", "dup-origin-good-first", "dup-origin-evil-first",
        "dup-fetch-site", "origin-slash", "origin-suffix", "origin-other-port"])
def test_empty_or_duplicate_origin_headers_refused(server, programme, fresh_user, hdrs):
    body = apply_body(server, programme, fresh_user)
    hdrs = [(k, v.replace("%ORIGIN%", server.origin)) for k, v in hdrs]
    r = post_apply(server, programme, fresh_user,
                   [FORM, ("Content-Length", str(len(body)))] + hdrs, body)
    assert r.status == 403, (hdrs, r.status)
    assert b"another site" in r.body
    assert applications_of(server, fresh_user) == []


def test_same_origin_raw_post_is_stored(server, programme, fresh_user):
    """The raw-socket POSTs above are refused for their headers only: the
    same request with a good Origin is stored."""
    body = apply_body(server, programme, fresh_user)
    r = post_apply(server, programme, fresh_user,
                   [FORM, ("Content-Length", str(len(body))), ("Origin", server.origin),
                    ("Sec-Fetch-Site", "same-origin")], body)
    assert r.status == 303
    assert len(applications_of(server, fresh_user)) == 1


# ---- request lines and bytes that are not HTTP ----------------------------------------

@pytest.mark.parametrize("data", [
    b"GET /mentoring/\r\n\r\n",                                    # HTTP/0.9
    b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 64,  # a TLS hello
    b"GET /mentoring/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\rb\r\n\r\n",  # bare CR
    b"GET /mentoring/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: \x00\r\n\r\n",  # NUL
    b"GET /mentoring/ HTTP/1.1\r\nHost: 127.0.0.1\r\n folded: x\r\n\r\n",  # obs-fold
    b"GET /mentoring/ HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
    b"G\xc3\x89T /mentoring/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /mentoring/\x00/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
], ids=["http09", "tls", "bare-cr", "nul", "obs-fold", "version", "method", "nul-path"])
def test_malformed_requests_refused(server, data):
    r = raw_request(server, data, timeout=15)
    assert r.status in (None, 400, 401, 404, 405, 501, 505), r.status
    assert b"Signed in" not in r.body
    alive(server)
