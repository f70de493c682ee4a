"""The calendar feed behind real SAML sign-in (conf/sso-mellon.conf as
shipped, with its <Location .../calendar/feed/> exemption): a signed-in
person turns their feed on; a calendar app, which cannot sign in, fetches it
with no session; everything else of the mount, the feed page included,
still needs a sign-in, and a dead token is a 404."""
import re

import icalendar
import requests

FEED = re.compile(r"^http://127\.0\.0\.1:\d+/mentoring/calendar/feed/"
                  r"[A-Za-z0-9_-]{43}\.ics$")


def test_feed_reachable_without_a_session_page_is_not(sp, browser):
    c = sp.client("mentor1")
    r = c.post("/calendar/renew", {}, token_from="/calendar")
    assert r.status_code == 303, (r.status_code, r.text[:300])
    r, doc = c.page("/calendar")
    url = doc.xpath("string(//code[@class='feed-url'])")
    assert FEED.match(url), url
    # a calendar app: no cookie, no sign-in, not sent to the IdP
    r = requests.get(url, timeout=15, allow_redirects=False)
    assert r.status_code == 200, (r.status_code, r.headers, r.text[:300])
    assert r.headers["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(r.content)
    assert str(cal["VERSION"]) == "2.0" and cal.walk("VTIMEZONE")
    # the page itself and its forms still need a sign-in
    assert browser.get("/calendar").status_code == 401
    assert browser.get("/calendar/feedx").status_code == 401
    # a dead token: 404, still without a trip to the IdP
    dead = url[:-5] + ("A" if url[-5] != "A" else "E") + ".ics"
    assert requests.get(dead, timeout=15, allow_redirects=False).status_code == 404
    r = c.post("/calendar/revoke", {}, token_from="/calendar")
    assert r.status_code == 303
    assert requests.get(url, timeout=15, allow_redirects=False).status_code == 404
