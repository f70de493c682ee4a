"""Open redirects.  Every post/redirect/get Location the module sends must
point at this server's own origin and at the page it names, whatever the
request path, query string or headers carry: `//evil`, `/\\evil`, `/%09/evil`,
`?next=`, `?done=`, a foreign Host or X-Forwarded-Host.  Extends
test_security.py's test_redirects_stay_on_this_site (one clean submission)."""
import re
import time
import urllib.parse

import pytest

import rmtest
from rmtest import app_id, apply
from hostile import basic, raw_request

EVIL = ["//evil.example", "/\\evil.example", "/%09/evil.example", "%2F%2Fevil.example",
        "/%5Cevil.example", "https://evil.example", "//evil.example/%2F..",
        "/\t/evil.example", "\\\\evil.example", "/%2f%2fevil.example", "////evil.example",
        "javascript:alert(1)", "/%0d%0aLocation:%20//evil.example"]


def location_ok(server, loc, path_re):
    """The Location is on this origin (absolute, or path-absolute on this
    mount) and its path is the expected page."""
    if loc is None:
        return False
    if loc.startswith(server.origin + "/"):
        rest = loc[len(server.origin):]
    elif loc.startswith("/") and not loc.startswith("//"):
        rest = loc
    else:
        return False
    if "evil" in loc.lower() or "\\" in loc or "%09" in loc or "%5c" in loc.lower() \
            or "\r" in loc or "\n" in loc or "//" in rest:
        return False
    return re.fullmatch(path_re, rest) is not None


def token(server, user, path):
    """A valid token of user's for the form that posts to path: relative to
    the mount, or a full URL for a raw request path (see rmtest.action_path)."""
    return rmtest.forge_token(server, user, int(time.time()), action=path)


def redirecting_posts(server):
    """Every POST that answers 303: (user, path, form, expected Location path)."""
    pid = rmtest.create_programme(server, name="Redirects")
    aid = app_id(apply(server, "mentor1", pid))
    return [
        ("mentor2", "/programmes/%d/apply/mentor" % pid, dict(rmtest.MENTOR_FORM),
         r"/mentoring/applications/\d+\?done=(submitted|updated)"),
        ("mentor1", "/programmes/%d/apply/mentor" % pid, dict(rmtest.MENTOR_FORM),
         r"/mentoring/applications/%d\?done=updated" % aid),
        ("admin", "/admin/applications/%d/decision" % aid,
         {"decision": "waitlisted", "reason": "Full"},
         r"/mentoring/applications/%d\?done=decided" % aid),
        ("admin", "/admin/programmes/new", rmtest.programme_form(name="Redirect new"),
         r"/mentoring/admin/programmes\?done=created"),
        ("admin", "/admin/programmes/%d/edit" % pid, rmtest.programme_form(name="Redirects"),
         r"/mentoring/admin/programmes/%d/edit\?done=saved" % pid),
        ("admin", "/admin/programmes/%d/team" % pid,
         {"principal": "facilitator", "team_role": "facilitator",
          "confirm_unknown": "facilitator"},
         r"/mentoring/admin/programmes/%d/edit\?done=team" % pid),
        ("mentor2", "/applications/%d/withdraw", {},
         r"/mentoring/applications/\d+\?done=withdrawn"),
    ]


def test_every_redirect_ignores_hostile_query_strings(server):
    posts = redirecting_posts(server)
    mentor2_aid = None
    for user, path, form, expect in posts:
        if "%d" in path:                   # withdraw mentor2's own application
            path = path % mentor2_aid
        for evil in EVIL:
            q = urllib.parse.urlencode({"next": evil, "done": evil, "return": evil,
                                        "redirect": evil, "url": evil})
            r = server.client(user).post(path + "?" + q, form,
                                         token=token(server, user, path))
            if r.status_code == 409 and path.endswith("/withdraw"):
                continue                   # already withdrawn by the first attempt
            assert r.status_code == 303, (path, evil, r.status_code, r.text[:300])
            loc = r.headers.get("Location")
            assert location_ok(server, loc, expect), (path, evil, loc)
            if path.endswith("/apply/mentor") and user == "mentor2":
                mentor2_aid = app_id(r)


@pytest.mark.parametrize("evil", EVIL)
def test_hostile_paths_never_redirect_elsewhere(server, evil):
    """Hostile segments anywhere in the path, GET and POST, signed in or not:
    never a Location outside this site (most are simply 404)."""
    paths = ["/mentoring/" + evil, "/mentoring/" + evil + "/",
             "/mentoring/programmes/1/apply/mentor/" + evil,
             "/mentoring" + evil, "/" + evil.lstrip("/"), "/" + evil + "/mentoring/",
             "/mentoring/applications/1?" + evil]
    for p in paths:
        p = p.replace("\t", "%09").replace(" ", "%20")
        for method in ("GET", "POST"):
            for user in ("mentor1", None):
                lines = ["%s %s HTTP/1.1" % (method, p), "Host: 127.0.0.1:%d" % server.port,
                         "Connection: close"]
                body = b""
                if user:
                    lines.append("Authorization: " + basic(user))
                if method == "POST":
                    # made for the path as httpd hands it to the module
                    body = ("a=1&csrf=" + token(server, "mentor1",
                                                server.origin + p)).encode()
                    lines += ["Content-Type: application/x-www-form-urlencoded",
                              "Content-Length: %d" % len(body)]
                r = raw_request(server, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
                                + body)
                loc = r.header("Location")
                assert r.status is not None, (method, p)
                if loc is not None:
                    assert location_ok(server, loc, r"/mentoring/.*"), (method, p, loc)
                assert r.status != 500, (method, p)


@pytest.mark.parametrize("hdrs", [
    [("Host", "evil.example")],
    [("Host", "127.0.0.1:%PORT%"), ("X-Forwarded-Host", "evil.example")],
    [("Host", "127.0.0.1:%PORT%"), ("X-Forwarded-Proto", "https"),
     ("X-Forwarded-Host", "evil.example:443"), ("Forwarded", "host=evil.example")],
    [("Host", "EVIL.example:80")],
], ids=["host", "x-forwarded-host", "forwarded", "host-port"])
def test_foreign_host_headers_do_not_move_the_redirect(server, programme, hdrs):
    """A request that reached this server with another Host (a proxy passing
    the client's Host, a DNS rebinding page) must not be sent elsewhere."""
    user = server.add_load_users(1, start=60000 + len(hdrs) * 10 + len(hdrs[0][1])
                                 + (500 if server.db == "pgsql" else 0))[0]
    tok = token(server, user, "/programmes/%d/apply/mentor" % programme)
    body = urllib.parse.urlencode(dict(rmtest.MENTOR_FORM, csrf=tok)).encode()
    lines = ["POST /mentoring/programmes/%d/apply/mentor HTTP/1.1" % programme]
    lines += ["%s: %s" % (k, v.replace("%PORT%", str(server.port))) for k, v in hdrs]
    lines += ["Authorization: " + basic(user), "Connection: close",
              "Content-Type: application/x-www-form-urlencoded",
              "Content-Length: %d" % len(body)]
    r = raw_request(server, ("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    assert r.status == 303, r.status
    loc = r.header("Location")
    assert location_ok(server, loc, r"/mentoring/applications/\d+\?done=submitted"), loc


def test_root_redirect_goes_to_the_mount(server):
    for path in ("/", "/?next=//evil.example", "/?%2F%2Fevil.example"):
        r = raw_request(server, ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                                 "Connection: close\r\n\r\n" % (path, server.port)).encode())
        assert r.status == 302, (path, r.status)
        loc = urllib.parse.urlsplit(r.header("Location"))
        # mod_alias carries the query string over; the origin and path are ours
        assert (loc.scheme, loc.netloc, loc.path) in (
            ("http", "127.0.0.1:%d" % server.port, "/mentoring/"), ("", "", "/mentoring/")), \
            (path, loc)
