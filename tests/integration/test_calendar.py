"""The private calendar feed (features/calendar): a person's page turns the
feed on, gives it a new address and turns it off (each their own only); the
feed, served without identity at <mount>/calendar/feed/<token>.ics, is parsed
with Python's icalendar (Debian's python3-icalendar) and checked for what it
holds (booked and attended training, confirmed meetings only, the check-in
window, the end event), what it never holds (notes, agendas, dispute
reasons, check-in answers: distinctive strings seeded and looked for in the
raw bytes), stable UIDs, DTSTAMP in UTC, the site's VTIMEZONE and TZIDs,
lines folded at 75 octets that unfold to the original, and 404 for every
token that is not live.  Both backends, through the `server` fixture.

The pair is made over HTTP (applications, a training session booked and
attended, a future one booked, a pin, the matching run and published); its
year is then moved by SQL as test_pairs.py does (started 200 days ago, the
check-in open since 20 days ago)."""
import datetime
import hashlib
import os
import re
import time
import uuid

import icalendar
import requests

import rmtest
from rmtest import days, text_of
from cohort import Cohort, fresh_users, display_name, server_sql, wait_until
from test_pairs import (days_ago, log, confirm, dispute, write_note, meeting_ids,
                        fresh_execs, exec_name, settled, human)

FEED_PATH = re.compile(r"^http://127\.0\.0\.1:\d+/mentoring/calendar/feed/"
                       r"([A-Za-z0-9_-]{42}[AEIMQUYcgkosw048])\.ics$")

# long enough to be folded, with characters of two and three octets, commas
# and semicolons that the serialiser must escape
LONG_PLACE = ("Room 101, Équipe Diversité; the Sir Arthur Lewis Building, "
              "Oxford Road — Main Campus, Manchester M13 9PL, United Kingdom")
LONG_TITLE = "Mentor training: listening, sponsorship and allyship (a full morning) ✓"


# ---- helpers ------------------------------------------------------------------

def feed_page(server, user):
    return server.client(user).page("/calendar")


def turn_on(server, user, expect_done="calendar-on"):
    c = server.client(user)
    r = c.post("/calendar/renew", {}, token_from="/calendar")
    assert r.status_code == 303, (r.status_code, text_of(r)[:500])
    assert r.headers["Location"].endswith("/calendar?done=" + expect_done), r.headers
    return feed_url(server, user)


def feed_url(server, user):
    _, doc = feed_page(server, user)
    url = doc.xpath("string(//code[@class='feed-url'])")
    assert FEED_PATH.match(url), url
    webcal = doc.xpath("//a[starts-with(@href, 'webcal://')]/@href")
    assert webcal == ["webcal://" + url.split("://", 1)[1]], webcal
    return url


def turn_off(server, user):
    r = server.client(user).post("/calendar/revoke", {}, token_from="/calendar")
    assert r.status_code == 303 and r.headers["Location"].endswith(
        "/calendar?done=calendar-off"), (r.status_code, r.headers)
    return r


def fetch(url, expect=200, method="GET"):
    r = requests.request(method, url, timeout=15, allow_redirects=False)
    assert r.status_code == expect, (url, r.status_code, r.text[:300])
    return r


def parse(r):
    assert r.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in r.headers["Cache-Control"]
    assert "private" in r.headers["Cache-Control"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    check_lines(r.content)
    return icalendar.Calendar.from_ical(r.content)


def check_lines(raw):
    """RFC 5545 3.1: CRLF line ends, no line longer than 75 octets."""
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    too_long = [line for line in lines if len(line) > 75]
    assert not too_long, too_long[:3]
    raw.decode("utf-8")         # and UTF-8 (a fold never splits a character)


def events(cal):
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def unfolded(raw):
    return raw.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")


def wait_feed(url, pred, timeout=15):
    """The feed once pred(calendar) holds: PostgreSQL's cache hears of a
    change made by SQL a moment later."""
    last = {}

    def check():
        last["r"] = r = fetch(url)
        last["cal"] = parse(r)
        return pred(last["cal"])
    assert wait_until(check, timeout=timeout, step=0.1), last["r"].text[:3000]
    return last["r"], last["cal"]


def host_of(server):
    return "127.0.0.1"      # ServerName 127.0.0.1:<port>; UIDs end @ServerName's host


class Year:
    """A pair made over HTTP, mid-year, with training, meetings, a note, a
    dispute and a check-in answer, each carrying a distinctive string."""

    def __init__(self, server):
        self.server = server
        self.mark = uuid.uuid4().hex[:8]
        self.c = c = Cohort(server)
        self.pid = c.pid
        self.mentor = fresh_users(server, 1)[0]
        self.senior = fresh_execs(server, 1)[0]
        c.apply(self.mentor, "mentor")
        c.apply(self.senior, "senior")
        c.accept_all()
        # the Mentor's training: booked, then attended (the session moved to
        # yesterday for its register)
        self.sid_m = c.add_session("mentor", title=LONG_TITLE, day=days(10), starts="09:30",
                                   ends="13:00", place=LONG_PLACE)
        c.book(self.mentor, self.sid_m)
        c.move_to_past(self.sid_m)
        c.register(self.sid_m, {self.mentor: "attended"})
        # the Senior Mentor's: a future session, booked only (and an override
        # for the matching)
        self.link = "https://meet.example.ac.uk/rm-%s" % self.mark
        self.sid_s = c.add_session("senior", title="Senior Mentor briefing %s" % self.mark,
                                   day=days(12), starts="14:00", ends="16:30", place="",
                                   link=self.link)
        c.book(self.senior, self.sid_s)
        c.override(self.senior)
        c.rule(self.mentor, self.senior, "pin", reason="Test pair.")
        c.run()
        c.publish()
        self.pair = int(server_sql(server, "SELECT id FROM pair WHERE mentor_app = %d;"
                                   % c.apps[self.mentor])[0][0])
        self.start = days_ago(200)
        self.checkin = days_ago(20)
        server_sql(server, "UPDATE programme SET apply_opens = '%s', apply_closes = '%s', "
                   "start_date = '%s', checkin_date = '%s', checkin_weeks = 4 WHERE id = %d;"
                   % (days_ago(260), days_ago(230), self.start, self.checkin, self.pid))
        # published a fortnight before the start, as a programme would be
        made = int(time.mktime(datetime.date.fromisoformat(self.start).timetuple())) - 14 * 86400
        server_sql(server, "UPDATE pair SET created_at = %d, pace_offset = 0 WHERE id = %d;"
                   % (made, self.pair))
        # PostgreSQL: wait until the pages read the new start
        settled(server, self.mentor, "/pairs/%d" % self.pair,
                lambda d: d.get("Starts") == human(datetime.date.fromisoformat(self.start)))

    def seed_private_text(self):
        """Meetings (one confirmed, one waiting, one disputed), a note and a
        check-in answer, each with a string that must never reach the feed."""
        s, m, pair = self.server, self.mentor, self.pair
        self.secrets = {k: "%s-%s" % (k, self.mark) for k in
                        ("AgendaConfirmed", "AgendaWaiting", "AgendaDisputed",
                         "DisputeReason", "NoteBody", "CheckinGoingWell", "CheckinHard")}
        log(s, m, pair, days_ago(10), minutes="90", mode="in_person",
            agenda=self.secrets["AgendaConfirmed"])
        self.confirmed = meeting_ids(s, pair)[-1]
        confirm(s, self.senior, self.confirmed, pair)
        log(s, m, pair, days_ago(5), agenda=self.secrets["AgendaWaiting"])
        self.waiting = meeting_ids(s, pair)[-1]
        log(s, m, pair, days_ago(3), agenda=self.secrets["AgendaDisputed"])
        self.disputed = meeting_ids(s, pair)[-1]
        dispute(s, self.senior, self.disputed, self.secrets["DisputeReason"])
        write_note(s, m, pair, self.secrets["NoteBody"])
        r = s.client(m).post("/pairs/%d/checkin" % pair,
                             {"rating": "2", "on_plan": "partly",
                              "going_well": self.secrets["CheckinGoingWell"],
                              "hard": self.secrets["CheckinHard"], "wants_support": "no",
                              "support_kind": ""})
        assert r.status_code == 303, (r.status_code, text_of(r)[:600])

    def end_event(self, on, starts="", ends="", place="", link=""):
        server_sql(self.server, "UPDATE programme SET end_event_date = '%s', "
                   "end_event_starts = '%s', end_event_ends = '%s', end_event_place = '%s', "
                   "end_event_link = '%s', updated_at = %d WHERE id = %d;"
                   % (on, starts, ends, place, link, int(time.time()), self.pid))


def uid(kind, n):
    return "%s-%d@127.0.0.1" % (kind, n)


def local(ev, name):
    return ev.decoded(name)


# ---- the page and its writes ----------------------------------------------------

def test_page_turn_on_renew_and_off_each_one_transaction_audited_without_the_token(server):
    user = fresh_users(server, 1)[0]
    r, doc = feed_page(server, user)
    t = text_of(r)
    assert "Your feed is off" in t and "never holds your notes" in t
    assert not doc.xpath("//code[@class='feed-url']")
    assert doc.xpath("//form[@method='post']//button[normalize-space()="
                     "'Turn on my calendar feed']")
    # the form carries its CSRF token: without it the write is refused
    r = server.client(user).post("/calendar/renew", {"x": "1"}, token=False)
    assert r.status_code in (400, 403), r.status_code

    url = turn_on(server, user)
    token = FEED_PATH.match(url).group(1)
    r, doc = server.client(user).page("/calendar?done=calendar-on")
    assert "Your calendar feed is on" in text_of(r) and "Your feed is on" in text_of(r)
    assert doc.xpath("//button[normalize-space()='Turn off my calendar feed']")
    # the page shows the same address every time
    assert feed_url(server, user) == url
    person = server_sql(server, "SELECT id FROM person WHERE principal IN ('%s', "
                        "'%s@demo.ac.uk');" % (user, user))[0][0]
    rows = server_sql(server, "SELECT token_hash, feed_key FROM calendar_feed "
                      "WHERE person_id = %s;" % person)
    assert len(rows) == 1
    assert rows[0][0] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in rows[0][1] and re.fullmatch(r"[0-9a-f]{64}", rows[0][1])
    cal = parse(fetch(url))
    assert not events(cal)              # in no programme: an empty calendar

    # renew: a new address at once, the old one 404
    new = turn_on(server, user, expect_done="calendar-renewed")
    assert new != url
    fetch(url, 404)
    parse(fetch(new))
    # off: 404, and the page says off
    turn_off(server, user)
    fetch(new, 404)
    r, doc = feed_page(server, user)
    assert "Your feed is off" in text_of(r) and not doc.xpath("//code[@class='feed-url']")
    assert server_sql(server, "SELECT count(*) FROM calendar_feed WHERE person_id = %s;"
                      % person) == [("0",)]
    # off twice (a form left open in another tab): still off, no second audit row
    r = server.client(user).post("/calendar/revoke", {}, token=rmtest.forge_token(
        server, user, action="/calendar/revoke"))
    assert r.status_code == 303

    audit = server_sql(server, "SELECT action, entity, entity_id, detail FROM audit "
                       "WHERE action LIKE 'calendar.%%' AND entity_id = %s ORDER BY id;"
                       % person)
    assert [a[0] for a in audit] == ["calendar.on", "calendar.renew", "calendar.off"]
    assert all(a[1] == "person" and a[3] == "" for a in audit)
    # the token is nowhere in the audit trail, the logs or the database
    for tok in (token, FEED_PATH.match(new).group(1)):
        assert not server_sql(server, "SELECT id FROM audit WHERE detail LIKE '%%%s%%' "
                              "OR action LIKE '%%%s%%';" % (tok, tok))
        for name in ("error.log", "access.log"):
            with open(os.path.join(server.dir, name), errors="replace") as f:
                assert tok not in f.read(), name


def test_each_person_manages_only_their_own_feed(server):
    a, b = fresh_users(server, 2)
    url_a = turn_on(server, a)
    # b's page knows nothing of a's feed; b turning theirs off leaves a's on
    r, doc = feed_page(server, b)
    assert "Your feed is off" in text_of(r) and url_a not in r.text
    r = server.client(b).post("/calendar/revoke", {}, token=rmtest.forge_token(
        server, b, action="/calendar/revoke"))
    assert r.status_code == 303
    fetch(url_a)
    url_b = turn_on(server, b)
    assert url_b != url_a
    turn_on(server, b, expect_done="calendar-renewed")
    fetch(url_a)                        # b's renewal leaves a's address working
    # no route takes someone else's id
    for path in ("/calendar/%s" % 1, "/calendar/1/revoke", "/calendar/feed"):
        assert server.client(b).get(path).status_code == 404, path
    r = server.client(b).post("/calendar/1/revoke", {},
                              token=rmtest.forge_token(server, b, action="/calendar/1/revoke"))
    assert r.status_code == 404
    fetch(url_a)
    # the page needs a sign-in; the feed's exemption covers the feed alone
    anon = requests.get(server.base + "/calendar", timeout=15, allow_redirects=False)
    assert anon.status_code == 401
    anon = requests.post(server.base + "/calendar/revoke", data={}, timeout=15,
                         allow_redirects=False)
    assert anon.status_code == 401
    assert requests.get(server.base + "/calendar/feedx", timeout=15).status_code == 401
    turn_off(server, a)


def test_bad_tokens_and_methods_answer_404_and_405_with_no_detail(server):
    user = fresh_users(server, 1)[0]
    url = turn_on(server, user)
    token = FEED_PATH.match(url).group(1)
    base = server.base + "/calendar/feed/"
    flipped = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    bad = [
        base, base + token, base + token + ".ICS", base + token + ".ics/", base + token + ".icsx",
        base + token[:-1] + ".ics", base + token + "A.ics", base + flipped + ".ics",
        base + token[:-1] + "B.ics",                    # not canonical base64url
        base + token[:5] + "+" + token[6:] + ".ics", base + "x" * 43 + ".ics",
        base + "A" * 43 + ".ics",                        # good syntax, no such feed
        base + "../" + token + ".ics", base + "%2e%2e/" + token + ".ics",
        base + token + ".ics/..%2f",
    ]
    for u in bad:
        r = requests.get(u, timeout=15, allow_redirects=False)
        # "../" leaves the feed's path (the client or httpd resolves it): then
        # the rest of the module asks for a sign-in
        want = (401, 404) if ".." in u or "%2e" in u else (404,)
        assert r.status_code in want, (u, r.status_code)
        assert token not in r.text, (u, r.text[:300])
        assert "BEGIN:VCALENDAR" not in r.text
    # only GET (and HEAD): the route does not take a POST, with or without a body
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        r = fetch(url, 405, method=method)
        assert "GET" in r.headers.get("Allow", "") and "POST" not in r.headers["Allow"]
        assert "BEGIN:VCALENDAR" not in r.text
    r = requests.post(url, data={"csrf": "x"}, timeout=15)
    assert r.status_code == 405
    r = requests.head(url, timeout=15)
    assert r.status_code == 200 and not r.content
    # a query string changes nothing
    parse(fetch(url + "?x=1"))
    # signed in or not, the same: the token alone opens it
    r = server.client(user).get(url)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/calendar")
    turn_off(server, user)


# ---- what the feed holds ------------------------------------------------------------

def test_feed_holds_training_confirmed_meetings_checkin_and_end_event_never_private_text(server):
    y = Year(server)
    y.seed_private_text()
    y.end_event(days(40), starts="17:30", ends="20:00",
                place="The Whitworth, Oxford Road; Manchester", link="https://example.ac.uk/end")
    url_m = turn_on(server, y.mentor)
    url_s = turn_on(server, y.senior)
    want_m = {uid("training", y.sid_m), uid("meeting", y.confirmed), uid("checkin", y.pid),
              uid("endevent", y.pid)}
    r, cal = wait_feed(url_m, lambda c: set(events(c)) == want_m)
    raw = r.content

    # the calendar: PRODID, VERSION, its name and the site's zone
    assert str(cal["VERSION"]) == "2.0"
    assert "mod_rmentor" in str(cal["PRODID"])
    assert str(cal["X-WR-CALNAME"]) == "Reciprocal mentoring (demo)"
    zones = cal.walk("VTIMEZONE")
    assert len(zones) == 1
    tzid = str(zones[0]["TZID"])
    assert tzid == "Europe/London"
    assert {c.name for c in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}

    ev = events(cal)
    now = datetime.datetime.now(datetime.timezone.utc)
    for e in ev.values():
        stamp = e.decoded("DTSTAMP")
        assert stamp.utcoffset() == datetime.timedelta(0), e["UID"]
        # when the calendar was written (kept while nothing changes)
        assert -3600 < (now - stamp).total_seconds() < 86400
        assert b"DTSTAMP:" in raw and re.search(rb"DTSTAMP:\d{8}T\d{6}Z\r\n", raw)

    # training: the attended session, with times in the site's zone
    t = ev[uid("training", y.sid_m)]
    assert str(t["SUMMARY"]) == "%s: %s" % (LONG_TITLE, y.c.name)
    assert str(t["LOCATION"]) == LONG_PLACE
    assert t["DTSTART"].params["TZID"] == tzid and t["DTEND"].params["TZID"] == tzid
    start, end = t.decoded("DTSTART"), t.decoded("DTEND")
    assert (start.date().isoformat(), start.strftime("%H:%M")) == (days(-1), "09:30")
    assert end.strftime("%H:%M") == "13:00"
    assert start.utcoffset() in (datetime.timedelta(0), datetime.timedelta(hours=1))
    # folded at 75 octets, unfolding to the original, escaped as RFC 5545 says
    assert re.search(rb"\r\nLOCATION:[^\r]*\r\n ", raw), "LOCATION not folded"
    esc = LONG_PLACE.replace(",", "\\,").replace(";", "\\;").encode()
    assert b"LOCATION:" + esc + b"\r\n" in unfolded(raw)
    assert b"SUMMARY:" + LONG_TITLE.replace(",", "\\,").encode() in unfolded(raw)

    # the confirmed meeting only: all day, the partner named, no agenda
    mt = ev[uid("meeting", y.confirmed)]
    assert str(mt["SUMMARY"]) == "Mentoring meeting with %s" % exec_name(y.senior)
    assert mt.decoded("DTSTART") == datetime.date.fromisoformat(days_ago(10))
    assert mt.decoded("DTEND") == datetime.date.fromisoformat(days_ago(9))
    assert "1 hour 30 minutes" in str(mt["DESCRIPTION"])
    assert uid("meeting", y.waiting) not in ev and uid("meeting", y.disputed) not in ev

    # the check-in window: all day, from its date for 4 weeks
    ci = ev[uid("checkin", y.pid)]
    assert ci.decoded("DTSTART") == datetime.date.fromisoformat(y.checkin)
    assert ci.decoded("DTEND") == datetime.date.fromisoformat(y.checkin) + \
        datetime.timedelta(days=28)

    # the end event, with its times, place and link
    ee = ev[uid("endevent", y.pid)]
    assert ee.decoded("DTSTART").strftime("%Y-%m-%d %H:%M") == days(40) + " 17:30"
    assert ee.decoded("DTEND").strftime("%H:%M") == "20:00"
    assert ee["DTSTART"].params["TZID"] == tzid
    assert str(ee["LOCATION"]) == "The Whitworth, Oxford Road; Manchester"
    assert str(ee["URL"]) == "https://example.ac.uk/end"

    # nothing private, in either partner's feed
    r_s, cal_s = wait_feed(url_s, lambda c: uid("meeting", y.confirmed) in events(c))
    for body in (unfolded(raw), unfolded(r_s.content)):
        for name, secret in y.secrets.items():
            assert secret.encode() not in body, name
    ev_s = events(cal_s)
    assert str(ev_s[uid("meeting", y.confirmed)]["SUMMARY"]) == \
        "Mentoring meeting with %s" % display_name(y.mentor)
    # the Senior Mentor's booked session: online, the link as location and URL
    ts = ev_s[uid("training", y.sid_s)]
    assert str(ts["LOCATION"]) == y.link and str(ts["URL"]) == y.link
    assert ts.decoded("DTSTART").strftime("%Y-%m-%d %H:%M") == days(12) + " 14:00"
    assert uid("training", y.sid_m) not in ev_s
    assert set(ev_s) == {uid("training", y.sid_s), uid("meeting", y.confirmed),
                         uid("checkin", y.pid), uid("endevent", y.pid)}


def test_uids_stable_across_fetches_and_changes(server):
    y = Year(server)
    log(server, y.mentor, y.pair, days_ago(10))
    mid = meeting_ids(server, y.pair)[-1]
    confirm(server, y.senior, mid, y.pair)
    y.end_event(days(50))           # a date, no times yet: all day
    url = turn_on(server, y.mentor)
    want = {uid("training", y.sid_m), uid("meeting", mid), uid("checkin", y.pid),
            uid("endevent", y.pid)}
    r1, cal1 = wait_feed(url, lambda c: set(events(c)) == want)
    ee = events(cal1)[uid("endevent", y.pid)]
    assert ee.decoded("DTSTART") == datetime.date.fromisoformat(days(50))
    r2 = fetch(url)
    cal2 = parse(r2)
    assert set(events(cal2)) == want
    # the same events, but for DTSTAMP (the time of the fetch)
    def strip(raw):
        return re.sub(rb"DTSTAMP:[0-9TZ]+\r\n", b"", raw)
    assert strip(r1.content) == strip(r2.content)

    # an unrelated change (another pair's meeting, another feed): nothing moves
    other = Year(server)
    log(server, other.mentor, other.pair, days_ago(8))
    confirm(server, other.senior, meeting_ids(server, other.pair)[-1], other.pair)
    turn_on(server, other.mentor)
    assert strip(fetch(url).content) == strip(r1.content)

    # the session's time changes: the same UID, the new time, LAST-MODIFIED
    r = y.c.edit_session(y.sid_m, starts="10:00")
    assert r.status_code == 303, text_of(r)[:500]
    r3, cal3 = wait_feed(url, lambda c: events(c)[uid("training", y.sid_m)]
                         .decoded("DTSTART").strftime("%H:%M") == "10:00")
    assert set(events(cal3)) == want
    t = events(cal3)[uid("training", y.sid_m)]
    assert t.decoded("LAST-MODIFIED").utcoffset() == datetime.timedelta(0)
    # the end event gets its times: the same UID
    y.end_event(days(50), starts="18:00", ends="19:30")
    r4, cal4 = wait_feed(url, lambda c: isinstance(
        events(c)[uid("endevent", y.pid)].decoded("DTSTART"), datetime.datetime))
    assert set(events(cal4)) == want

    # the pair ends: its check-in window leaves the feed, its meetings stay
    server_sql(server, "UPDATE pair SET status = 'ended' WHERE id = %d;" % y.pair)
    r5, cal5 = wait_feed(url, lambda c: uid("checkin", y.pid) not in events(c))
    assert uid("meeting", mid) in events(cal5) and uid("endevent", y.pid) in events(cal5)


def test_time_zone_directive_in_another_zone():
    """RMentorTimeZone: a server in another zone writes its VTIMEZONE and TZIDs."""
    srv = rmtest.Httpd("sqlite3", extra_conf="RMentorTimeZone America/New_York\n").start()
    try:
        user = "mentor2"
        c = srv.client(user)
        r = c.post("/calendar/renew", {}, token_from="/calendar")
        assert r.status_code == 303
        url = feed_url(srv, user)
        cal = parse(fetch(url))
        zones = cal.walk("VTIMEZONE")
        assert len(zones) == 1 and str(zones[0]["TZID"]) == "America/New_York"
        assert str(cal["X-WR-TIMEZONE"]) == "America/New_York"
    finally:
        srv.stop()
    problems = srv.log_problems()
    srv.cleanup()
    assert not problems, problems
    # an unknown zone stops the configuration test with a message that names it
    bad = rmtest.Httpd("sqlite3", extra_conf="RMentorTimeZone Mars/Olympus_Mons\n")
    try:
        import subprocess
        out = subprocess.run(["apache2", "-t", "-f", bad.conf], capture_output=True, text=True)
        assert out.returncode != 0
        assert "RMentorTimeZone" in out.stderr and "Mars/Olympus_Mons" in out.stderr
    finally:
        bad.cleanup()
