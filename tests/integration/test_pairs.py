"""The pairs' year for the partners and the team: the pair page, meetings
(log, confirm, dispute, correct, withdraw) toward the minimum and the pace,
private notes, the team's table and pair page, ending early, requests to
end, rematching.  Both backends through the `server` fixture."""
import calendar
import datetime
import time
import os
import re
import urllib.parse
import uuid

import lxml.html
import pytest

import rmtest
from rmtest import text_of
from cohort import (Cohort, fresh_users, display_name, server_sql, table_rows, definitions,
                    wait_until)


def days_ago(n):
    return (datetime.date.today() - datetime.timedelta(days=n)).isoformat()


def published(server, start_days_ago=200, seniors=("senior1",), mentors=None, **prog):
    """A programme mid-year: mentors paired with seniors (by pins), started
    start_days_ago days ago.  Returns (cohort, {mentor: pair id})."""
    c = Cohort(server, **prog)
    mentors = mentors or fresh_users(server, len(seniors))
    for m in mentors:
        c.apply(m, "mentor")
    for s in seniors:
        c.apply(s, "senior")
    c.accept_all()
    c.override_all()
    for m, s in zip(mentors, seniors):
        c.rule(m, s, "pin", reason="Test pair.")
    c.run()
    c.publish()
    start = days_ago(start_days_ago)
    server_sql(server, "UPDATE programme SET apply_opens = '%s', apply_closes = '%s', "
               "start_date = '%s', checkin_date = '%s' WHERE id = %d;"
               % (days_ago(start_days_ago + 60), days_ago(start_days_ago + 30), start,
                  days_ago(start_days_ago - 180), c.pid))
    # published a fortnight before the start, as a programme would be
    made = int(time.mktime(datetime.date.fromisoformat(start).timetuple())) - 14 * 86400
    server_sql(server, "UPDATE pair SET created_at = %d, pace_offset = 0 WHERE programme_id = %d;"
               % (made, c.pid))
    pairs = {}
    for m in mentors:
        rows = server_sql(server, "SELECT id FROM pair WHERE mentor_app = %d;" % c.apps[m])
        pairs[m] = int(rows[0][0])
    c.mentors = list(mentors)
    c.seniors = list(seniors)
    # PostgreSQL: the module's cache hears of a change made by psql a moment
    # later (its LISTEN); wait until the pages show the programme's new start
    settled(server, mentors[0], "/pairs/%d" % pairs[mentors[0]],
            lambda d: d.get("Starts") == human(datetime.date.fromisoformat(start)))
    return c, pairs


def log(server, user, pid, held_on, minutes="60", mode="online", agenda="", expect=303):
    r = server.client(user).post("/pairs/%d/meetings" % pid,
                                 {"held_on": held_on, "minutes": minutes, "mode": mode,
                                  "agenda": agenda},
                                 token_from="/pairs/%d/meetings/new" % pid)
    assert r.status_code == expect, (r.status_code, text_of(r)[:600])
    return r


def meeting_ids(server, pid):
    return [int(r[0]) for r in server_sql(server, "SELECT id FROM meeting WHERE pair_id = %d "
                                                  "ORDER BY id;" % pid)]


def test_pair_page_log_confirm_progress(server):
    c, pairs = published(server)
    m = c.mentors[0]
    pid = pairs[m]
    r, doc = server.client(m).page("/pairs/%d" % pid)
    d = definitions(doc)
    assert d["Name"] == display_name("senior1")
    assert d["Meetings confirmed"] == "0 of 6"
    assert "3 of 6 meetings expected after 6 months" in d["Expected by today"]
    log(server, m, pid, days_ago(10), agenda="Getting to know each other")
    mid = meeting_ids(server, pid)[0]
    # the logger cannot confirm their own
    r = server.client(m).post("/meetings/%d/confirm" % mid, {},
                              token=rmtest.forge_token(server, m, action="/meetings/%d/confirm" % mid))
    assert r.status_code == 404
    r = server.client("senior1").post("/meetings/%d/confirm" % mid, {},
                                      token_from="/meetings/%d/answer" % mid)
    assert r.status_code == 303, text_of(r)[:500]
    r, doc = server.client("senior1").page("/pairs/%d" % pid)
    d = definitions(doc)
    assert d["Meetings confirmed"] == "1 of 6"
    assert d["Time together"] == "1 hour of 6 hours"


def test_meeting_dates_refused(server):
    c, pairs = published(server)
    m = c.mentors[0]
    pid = pairs[m]
    r = log(server, m, pid, days_ago(-1), expect=422)
    assert "in the future" in text_of(r)
    r = log(server, m, pid, days_ago(250), expect=422)
    assert "before the programme started" in text_of(r)


def test_notes_private(server):
    c, pairs = published(server)
    m = c.mentors[0]
    pid = pairs[m]
    r = server.client(m).post("/pairs/%d/notes" % pid, {"body": "Secret words zebra"},
                              token_from="/pairs/%d/notes" % pid)
    assert r.status_code == 303, text_of(r)[:500]
    assert "Secret words zebra" in server.client("senior1").get("/pairs/%d/notes" % pid).text
    for who in ("admin", "facilitator", "hr", "staff1", "mentor1"):
        for path in ("/pairs/%d/notes" % pid, "/pairs/%d" % pid, "/admin/pairs/%d" % pid):
            r = server.client(who).get(path)
            assert "zebra" not in r.text, (who, path)
    r, doc = server.client("admin").page("/admin/pairs/%d" % pid)
    assert "1 entry" in definitions(doc)["Private notes"]


def test_team_table_and_end_and_rematch(server):
    m1, m2 = fresh_users(server, 2)
    c, pairs = published(server, seniors=("senior1", "senior2"), mentors=[m1, m2])
    r, doc = server.client("admin").page("/admin/programmes/%d/pairs?pace=behind" % c.pid)
    rows = table_rows(doc, "h-results")
    assert len(rows) == 2 and all("Behind" in row[5] for row in rows)
    # m1 asks to end; the admin ends it; senior1 is rematched with nobody left? m2 is paired
    r = server.client(m1).post("/pairs/%d/end" % pairs[m1], {"category": "unavailable",
                                                             "note": "Moving on."},
                               token_from="/pairs/%d/end" % pairs[m1])
    assert r.status_code == 303, text_of(r)[:500]
    r, doc = server.client("admin").page("/admin/pairs/%d" % pairs[m1])
    assert "Moving on." in text_of(r)
    r = server.client("admin").post("/admin/pairs/%d/end" % pairs[m1],
                                    {"category": "unavailable", "note": "Agreed with both."},
                                    token_from="/admin/pairs/%d" % pairs[m1])
    assert r.status_code == 303, text_of(r)[:500]
    # the ended pair stays reachable from both partners' home pages
    for who, other in ((m1, "senior1"), ("senior1", m1)):
        _, doc = server.client(who).page("/")
        links = doc.xpath("//a[@href='/mentoring/pairs/%d']" % pairs[m1])
        assert [" ".join(a.text_content().split()) for a in links] == [
            "your pair with %s (ended)" % display_name(other)]
    # a new Mentor, waitlisted, is offered to senior1
    m3 = fresh_users(server, 1)[0]
    server_sql(server, "UPDATE programme SET apply_opens = '%s', apply_closes = '%s' WHERE id = %d;"
               % (days_ago(1), days_ago(-10), c.pid))
    aid = c.apply(m3, "mentor")
    r = server.client("admin").post("/admin/applications/%d/decision" % aid,
                                    {"decision": "waitlisted", "reason": "Places are full."},
                                    token_from="/applications/%d" % aid)
    assert r.status_code == 303, text_of(r)[:400]
    path = "/admin/pairs/%d/rematch?side=senior" % pairs[m1]
    r, doc = server.client("admin").page(path)
    names = [row[0] for row in table_rows(doc, "h-candidates")]
    assert display_name(m3) in names and display_name(m1) not in names
    r = server.client("admin").post("/admin/pairs/%d/rematch" % pairs[m1],
                                    {"side": "senior", "candidate": str(aid)}, token_from=path)
    assert r.status_code == 303, text_of(r)[:500]
    st = server_sql(server, "SELECT status FROM application WHERE id = %d;" % aid)
    assert st[0][0] == "accepted"
    # staff and other people: 404 on every route
    for who in ("staff1", "hr", m2):
        assert server.client(who).get("/admin/pairs/%d" % pairs[m1]).status_code == 404
        assert server.client(who).get("/pairs/%d" % pairs[m1]).status_code == 404


def test_pace_filters_split_the_pairs(server):
    m1, m2 = fresh_users(server, 2)
    c, pairs = published(server, seniors=("senior1", "senior2"), mentors=[m1, m2])
    # m1's pair has held the 3 meetings expected after 6 months; m2's none
    for k in range(3):
        server_sql(server, "INSERT INTO meeting (pair_id, held_on, minutes, mode, status, "
                   "logged_by, logged_at, updated_at) SELECT id, '%s', 60, 'online', "
                   "'confirmed', mentor_id, 0, 0 FROM pair WHERE id = %d;"
                   % (days_ago(20 + k), pairs[m1]))
    base = "/admin/programmes/%d/pairs" % c.pid
    on = table_rows(server.client("admin").page(base + "?pace=on")[1], "h-results")
    behind = table_rows(server.client("admin").page(base + "?pace=behind")[1], "h-results")
    assert [r[0] for r in on] == ["%s and %s" % (display_name(m1), display_name("senior1"))]
    assert [r[0] for r in behind] == ["%s and %s" % (display_name(m2), display_name("senior2"))]
    assert on[0][5] == "On pace" and behind[0][5] == "Behind"
    # fewest meetings first
    rows = table_rows(server.client("admin").page(base + "?sort=meetings")[1], "h-results")
    assert [r[2] for r in rows] == ["0 of 6", "3 of 6"]


def test_kept_pages_are_per_person_and_end_with_any_change(server):
    """The pair page and the team's table are kept as written (html.c
    rm_page_from_cache): never another person's copy, never after a change."""
    c, pairs = published(server)
    m = c.mentors[0]
    pid = pairs[m]
    rmtest.add_to_team(server, c.pid, "facilitator", "facilitator")
    base = "/admin/programmes/%d/pairs" % c.pid
    for _ in range(2):      # the second time from the kept copy
        ra = server.client("admin").get(base)
        rf = server.client("facilitator").get(base)
        assert "Signed in as Ada Adeyemi" in text_of(ra)
        assert "Signed in as Leyla Okoro" in text_of(rf)
        assert ">Applications<" in ra.text and ">Applications<" not in rf.text
        for who, other in ((m, "senior1"), ("senior1", m)):
            r = server.client(who).get("/pairs/%d" % pid)
            assert "Signed in as %s" % display_name(who) in text_of(r)
    # a change anywhere: the next view shows it
    log(server, m, pid, days_ago(3))
    r, doc = server.client("senior1").page("/pairs/%d" % pid)
    assert definitions(doc)["Waiting for an answer"] == "1 meeting"
    rows = table_rows(server.client("facilitator").page(base)[1], "h-results")
    assert rows[0][6] == "1"


# ==== helpers of the tests below ===============================================

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def human(d):
    """A date as the pages write it: "5 March 2027"."""
    return "%d %s %d" % (d.day, MONTHS[d.month - 1], d.year)


def iso(d):
    return d.isoformat()


def add_months(d, n):
    """d + n calendar months, the day clamped to the month's last (31 January
    + 1 month: 28 or 29 February).  Written here independently of core/."""
    k = d.year * 12 + d.month - 1 + n
    y, m = divmod(k, 12)
    return datetime.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def last_day(start, length):
    return add_months(start, length) - datetime.timedelta(days=1)


def pace_text(start, length, minimum, on):
    """What "Expected by today" should say on date `on` (pace.h's rules:
    whole months completed, expected = minimum x months / length, floored)."""
    if on < start:
        return "The programme starts on %s: no meetings are expected yet." % human(start)
    months = 0
    for k in range(1, length + 1):
        if add_months(start, k) > on:
            break
        months = k
    if months == length:
        return "The programme has ended: all %d meetings were expected." % minimum
    return "%d of %d meetings expected after %d month%s of %d." % (
        minimum * months // length, minimum, months, "" if months == 1 else "s", length)


def expected_now(start, length, minimum, on=None):
    on = on or datetime.date.today()
    months = 0
    for k in range(1, length + 1):
        if add_months(start, k) > on:
            break
        months = k
    return minimum * months // length


def doc_of(r):
    return lxml.html.fromstring(r.content)


def settled(server, user, path, pred, timeout=15):
    """Poll user's page at path until pred(definitions) holds: a change made
    by SQL reaches the PostgreSQL server's cache through its LISTEN, a moment
    later.  Returns the last (response, doc)."""
    last = {}

    def check():
        r = server.client(user).get(path)
        last["r"] = r
        return r.status_code == 200 and pred(definitions(doc_of(r)))
    ok = wait_until(check, timeout=timeout, step=0.1)
    r = last["r"]
    assert ok, "%s %s never settled: %s" % (user, path, text_of(r)[:800])
    return r, doc_of(r)


def settle_sql(server, sql):
    """A change by SQL, then a moment for PostgreSQL's NOTIFY to reach the
    server's children (SQLite: the next read sees it)."""
    server_sql(server, sql)
    if server.db == "pgsql":
        import time
        time.sleep(0.3)


def errors_of(r):
    """[(field id, message)] of a page's error summary."""
    doc = doc_of(r)
    return [((a.get("href") or "").lstrip("#"), " ".join(a.text_content().split()))
            for a in doc.xpath("//div[contains(@class, 'error-summary')]//a")]


def fresh_execs(server, n):
    """n executive accounts (exco entitlement, grade 10: Senior Mentors) no
    other test has used."""
    k = getattr(server, "_pairs_execs", 0)
    server._pairs_execs = k + n
    return server.add_load_users(n, start=70000 + k, prefix="exec")


def exec_name(user):
    return "Executive %s" % re.match(r"exec(\d+)$", user).group(1)


def name_of(user):
    return exec_name(user) if user.startswith("exec") else display_name(user)


def forged_post(server, user, path, data=None):
    """A POST with a valid token for path, as if the form had been on a page
    the user could see (for refusals: the check is the one that answers)."""
    return server.client(user).post(path, dict(data or {}),
                                    token=rmtest.forge_token(server, user, action=path))


def meeting_status(server, mid):
    return server_sql(server, "SELECT status FROM meeting WHERE id = %d;" % mid)[0][0]


def last_meeting(server, pid):
    return meeting_ids(server, pid)[-1]


def meeting_rows(server, user, pid):
    """The partner's meetings table as dicts of its headings."""
    _, doc = server.client(user).page("/pairs/%d" % pid)
    heads = [" ".join(th.text_content().split())
             for th in doc.xpath("//div[@aria-labelledby='h-meetings']//thead//th")]
    return [dict(zip(heads, cells)) for cells in table_rows(doc, "h-meetings")]


def confirm(server, user, mid, pid, expect=303):
    r = server.client(user).post("/meetings/%d/confirm" % mid, {},
                                 token_from="/meetings/%d/answer" % mid)
    assert r.status_code == expect, (r.status_code, text_of(r)[:600])
    return r


def dispute(server, user, mid, reason, expect=303):
    path = "/meetings/%d/dispute" % mid
    r = server.client(user).post(path, {"reason": reason},
                                 token_from="/meetings/%d/answer" % mid)
    assert r.status_code == expect, (r.status_code, text_of(r)[:600])
    return r


def correct(server, user, mid, expect=303, **fields):
    path = "/meetings/%d/edit" % mid
    form = {"held_on": days_ago(5), "minutes": "60", "mode": "online", "agenda": ""}
    form.update(fields)
    r = server.client(user).post(path, form)
    assert r.status_code == expect, (r.status_code, text_of(r)[:600])
    return r


def add_confirmed(server, pid, *held_on, minutes=60):
    """Confirmed meetings put straight into the database (logged by the
    Mentor, confirmed by the Senior Mentor)."""
    for d in held_on:
        server_sql(server, "INSERT INTO meeting (pair_id, held_on, minutes, mode, agenda, status, "
                           "logged_by, logged_at, updated_at, answered_by, answered_at) "
                           "SELECT id, '%s', %d, 'online', '', 'confirmed', mentor_id, 1, 1, "
                           "senior_id, 1 FROM pair WHERE id = %d;" % (d, minutes, pid))


def end_pair(server, pid, category="incompatible", note="Agreed with both partners.",
             who="admin", expect=303):
    path = "/admin/pairs/%d/end" % pid
    # an ended pair's page has no form: then a token as its page once gave
    r = server.client(who).post(path, {"category": category, "note": note},
                                token=rmtest.forge_token(server, who, action=path)
                                if expect == 409 else True,
                                token_from="/admin/pairs/%d" % pid)
    assert r.status_code == expect, (r.status_code, text_of(r)[:600])
    return r


def ask_to_end(server, user, pid, category="unavailable", note="", expect=303):
    r = server.client(user).post("/pairs/%d/end" % pid, {"category": category, "note": note},
                                 token_from="/pairs/%d/end" % pid)
    assert r.status_code == expect, (r.status_code, text_of(r)[:600])
    return r


def write_note(server, user, pid, body, expect=303):
    r = server.client(user).post("/pairs/%d/notes" % pid, {"body": body},
                                 token_from="/pairs/%d/notes" % pid)
    assert r.status_code == expect, (r.status_code, text_of(r)[:600])
    return r


def team_rows(server, pid, query="", who="admin"):
    """The team's table of pairs: [(pair, status, confirmed, time, last, pace, waiting)]."""
    r, doc = server.client(who).page("/admin/programmes/%d/pairs%s" % (pid, query))
    return table_rows(doc, "h-results"), doc


# ==== meetings ===================================================================

def test_meeting_logged_then_confirmed_counts(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    r = log(server, m, pid, days_ago(12), minutes="90", mode="in_person", agenda="Career plans")
    assert r.headers["Location"].endswith("/pairs/%d?done=meeting-logged" % pid)
    mid = last_meeting(server, pid)
    assert meeting_status(server, mid) == "logged"
    # the logger waits, the partner is asked; nothing counts yet
    (row,) = meeting_rows(server, m, pid)
    assert row["Date"] == human(datetime.date.today() - datetime.timedelta(days=12))
    assert row["Length"] == "1 hour 30 minutes" and row["How"] == "In person"
    assert row["What you talked about"] == "Career plans" and row["Logged by"] == "You"
    assert row["Status"].startswith("Waiting for your partner")
    (row,) = meeting_rows(server, s, pid)
    assert row["Status"].startswith("Waiting for you") and "Confirm" in row["Status"]
    assert row["Logged by"] == display_name(m)
    r, doc = server.client(s).page("/pairs/%d" % pid)
    d = definitions(doc)
    assert d["Meetings confirmed"] == "0 of 6" and d["Waiting for an answer"] == "1 meeting"
    rows, _ = team_rows(server, c.pid)
    assert rows[0][2] == "0 of 6" and rows[0][6] == "1"
    r = confirm(server, s, mid, pid)
    assert r.headers["Location"].endswith("/pairs/%d?done=meeting-confirmed" % pid)
    assert meeting_status(server, mid) == "confirmed"
    for who in (m, s):
        r, doc = server.client(who).page("/pairs/%d" % pid)
        d = definitions(doc)
        assert d["Meetings confirmed"] == "1 of 6"
        assert d["Time together"] == "1 hour 30 minutes of 6 hours"
        assert d["Last meeting"] == human(datetime.date.today() - datetime.timedelta(days=12))
        assert "Waiting for an answer" not in d
        assert meeting_rows(server, who, pid)[0]["Status"] == "Confirmed"
    rows, _ = team_rows(server, c.pid)
    assert rows[0][2] == "1 of 6" and rows[0][3] == "1 hour 30 minutes" and rows[0][6] == "0"
    # answered once: a second confirmation is refused
    r = forged_post(server, s, "/meetings/%d/confirm" % mid)
    assert r.status_code == 409


def test_meeting_disputed_with_reason_then_corrected_and_confirmed(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    log(server, m, pid, days_ago(20), minutes="60")
    mid = last_meeting(server, pid)
    # the dispute page shows the meeting; the reason is required
    r, doc = server.client(s).page("/meetings/%d/answer" % mid)
    assert definitions(doc)["Date"] == human(datetime.date.today() - datetime.timedelta(days=20))
    reason = "We met on a different day, for half an hour."
    r = dispute(server, s, mid, reason)
    assert r.headers["Location"].endswith("/pairs/%d?done=meeting-disputed" % pid)
    assert meeting_status(server, mid) == "disputed"
    # the logger sees the reason on their pair page and on the correction page
    (row,) = meeting_rows(server, m, pid)
    assert row["Status"].startswith("Disputed")
    assert "Your partner's reason: " + reason in row["Status"]
    (row,) = meeting_rows(server, s, pid)
    assert "Your reason: " + reason in row["Status"]
    r, doc = server.client(m).page("/meetings/%d/edit" % mid)
    assert reason in text_of(r)
    # a disputed meeting is no longer waiting for the partner's answer
    assert forged_post(server, s, "/meetings/%d/confirm" % mid).status_code == 409
    assert server.client(s).get("/meetings/%d/answer" % mid).status_code == 409
    # corrected: waiting again, the reason cleared
    r = correct(server, m, mid, held_on=days_ago(19), minutes="30", mode="phone",
                agenda="Corrected")
    assert r.headers["Location"].endswith("/pairs/%d?done=meeting-saved" % pid)
    assert server_sql(server, "SELECT status, held_on, minutes, mode, agenda, dispute_reason "
                              "FROM meeting WHERE id = %d;" % mid) == [
        ("logged", days_ago(19), "30", "phone", "Corrected", "")]
    (row,) = meeting_rows(server, s, pid)
    assert row["Status"].startswith("Waiting for you") and reason not in row["Status"]
    assert row["Length"] == "30 minutes" and row["How"] == "Phone"
    confirm(server, s, mid, pid)
    r, doc = server.client(m).page("/pairs/%d" % pid)
    assert definitions(doc)["Meetings confirmed"] == "1 of 6"
    assert definitions(doc)["Time together"] == "30 minutes of 6 hours"
    assert [a for (a,) in server_sql(server, "SELECT action FROM audit WHERE entity = 'meeting' "
                                             "AND entity_id = %d ORDER BY id;" % mid)] == [
        "meeting.log", "meeting.dispute", "meeting.correct", "meeting.confirm"]


def test_meeting_withdrawn_by_its_logger(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    log(server, m, pid, days_ago(30), agenda="Logged by mistake")
    mid = last_meeting(server, pid)
    r = server.client(m).post("/meetings/%d/withdraw" % mid, {},
                              token_from="/meetings/%d/edit" % mid)
    assert r.status_code == 303, text_of(r)[:500]
    assert r.headers["Location"].endswith("/pairs/%d?done=meeting-withdrawn" % pid)
    assert meeting_status(server, mid) == "withdrawn"
    for who in (m, s):
        r, doc = server.client(who).page("/pairs/%d" % pid)
        assert "Logged by mistake" not in text_of(r)
        assert meeting_rows(server, who, pid) == []
        d = definitions(doc)
        assert d["Meetings confirmed"] == "0 of 6" and "Waiting for an answer" not in d
    _, doc = server.client("admin").page("/admin/pairs/%d" % pid)
    assert definitions(doc)["Waiting for confirmation"] == "0"
    assert "Logged by mistake" not in doc.text_content()
    # gone for every route of the meeting
    assert server.client(m).get("/meetings/%d/edit" % mid).status_code == 404
    assert server.client(s).get("/meetings/%d/answer" % mid).status_code == 404
    assert forged_post(server, s, "/meetings/%d/confirm" % mid).status_code == 404
    assert forged_post(server, m, "/meetings/%d/withdraw" % mid).status_code == 404


def test_confirmed_meeting_cannot_be_corrected_or_withdrawn(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    log(server, m, pid, days_ago(8))
    mid = last_meeting(server, pid)
    edit_token = server.client(m).token("/meetings/%d/edit" % mid, action="/meetings/%d/edit" % mid)
    wd_token = server.client(m).token("/meetings/%d/edit" % mid,
                                      action="/meetings/%d/withdraw" % mid)
    confirm(server, s, mid, pid)
    # no link to correct it any more
    _, doc = server.client(m).page("/pairs/%d" % pid)
    assert not doc.xpath("//a[contains(@href, '/meetings/%d/edit')]" % mid)
    r = server.client(m).get("/meetings/%d/edit" % mid)
    assert r.status_code == 409 and "can no longer be corrected or withdrawn" in text_of(r)
    r = server.client(m).post("/meetings/%d/edit" % mid,
                              {"held_on": days_ago(9), "minutes": "45", "mode": "phone",
                               "agenda": ""}, token=edit_token)
    assert r.status_code == 409, text_of(r)[:400]
    r = server.client(m).post("/meetings/%d/withdraw" % mid, {}, token=wd_token)
    assert r.status_code == 409, text_of(r)[:400]
    assert server_sql(server, "SELECT status, held_on, minutes FROM meeting WHERE id = %d;"
                      % mid) == [("confirmed", days_ago(8), "60")]


def test_partner_cannot_correct_or_withdraw_the_others_meeting(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    log(server, m, pid, days_ago(8))
    mid = last_meeting(server, pid)
    assert server.client(s).get("/meetings/%d/edit" % mid).status_code == 404
    r = forged_post(server, s, "/meetings/%d/edit" % mid,
                    {"held_on": days_ago(9), "minutes": "45", "mode": "phone", "agenda": ""})
    assert r.status_code == 404
    assert forged_post(server, s, "/meetings/%d/withdraw" % mid).status_code == 404
    # and once disputed, still not theirs to change
    dispute(server, s, mid, "Not on that day.")
    assert server.client(s).get("/meetings/%d/edit" % mid).status_code == 404
    assert forged_post(server, s, "/meetings/%d/withdraw" % mid).status_code == 404
    assert server_sql(server, "SELECT status, held_on, minutes FROM meeting WHERE id = %d;"
                      % mid) == [("disputed", days_ago(8), "60")]


def test_logger_cannot_confirm_or_dispute_their_own_meeting(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    # logged by the Senior Mentor this time
    log(server, s, pid, days_ago(3))
    mid = last_meeting(server, pid)
    assert forged_post(server, s, "/meetings/%d/confirm" % mid).status_code == 404
    assert server.client(s).get("/meetings/%d/answer" % mid).status_code == 404
    assert forged_post(server, s, "/meetings/%d/dispute" % mid,
                       {"reason": "Disputing my own."}).status_code == 404
    assert meeting_status(server, mid) == "logged"
    # no Confirm button or Dispute link for the logger
    _, doc = server.client(s).page("/pairs/%d" % pid)
    assert not doc.xpath("//form[contains(@action, '/meetings/%d/confirm')]" % mid)
    assert not doc.xpath("//a[contains(@href, '/meetings/%d/dispute')]" % mid)


def test_dispute_needs_a_reason(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    log(server, m, pid, days_ago(3))
    mid = last_meeting(server, pid)
    r = dispute(server, s, mid, "   ", expect=422)
    assert errors_of(r) == [("f-reason", "Enter why you are disputing the meeting.")]
    assert doc_of(r).xpath("//textarea[@name='reason'][@aria-invalid='true']")
    r = dispute(server, s, mid, "x" * 501, expect=422)
    assert errors_of(r) == [("f-reason", "Why you are disputing the meeting must be 500 "
                                         "characters or fewer.")]
    assert meeting_status(server, mid) == "logged"


@pytest.mark.parametrize("field,fields,message", [
    ("minutes", {"minutes": "4"},
     "How long the meeting lasted must be a whole number of minutes from 5 to 480."),
    ("minutes", {"minutes": "481"},
     "How long the meeting lasted must be a whole number of minutes from 5 to 480."),
    ("minutes", {"minutes": "an hour"},
     "How long the meeting lasted must be a whole number of minutes from 5 to 480."),
    ("minutes", {"minutes": ""}, "Enter how long the meeting lasted."),
    ("mode", {"mode": ""}, "Select how you met."),
    ("mode", {"mode": "carrier-pigeon"}, "Select how you met: in person, online or by phone."),
    ("agenda", {"agenda": "a" * 201}, "What you talked about must be 200 characters or fewer."),
    ("held_on", {"held_on": ""}, "Enter the date of the meeting."),
    ("held_on", {"held_on": "2026-02-30"},
     "The date of the meeting must be a real date, for example 29 January 2027."),
])
def test_meeting_form_errors_name_the_field(server, field, fields, message):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m = c.mentors[0]
    pid = pairs[m]
    form = {"held_on": days_ago(3), "minutes": "60", "mode": "online", "agenda": "Fine"}
    form.update(fields)
    r = log(server, m, pid, expect=422, **form)
    assert errors_of(r) == [("f-" + field, message)]
    doc = doc_of(r)
    assert doc.xpath("//title")[0].text.startswith("Error: ")
    assert doc.xpath("//*[@id='f-%s-error']" % field)
    assert meeting_ids(server, pid) == []
    # the correction form checks the same
    log(server, m, pid, days_ago(3))
    mid = last_meeting(server, pid)
    r = correct(server, m, mid, expect=422, **form)
    assert errors_of(r) == [("f-" + field, message)]
    assert server_sql(server, "SELECT held_on, minutes, mode, agenda FROM meeting WHERE id = %d;"
                      % mid) == [(days_ago(3), "60", "online", "")]


def test_meeting_dates_future_before_start_after_end(server):
    start = datetime.date.today() - datetime.timedelta(days=100)
    c, pairs = published(server, start_days_ago=100, seniors=fresh_execs(server, 1))
    m = c.mentors[0]
    pid = pairs[m]
    r = log(server, m, pid, days_ago(-1), expect=422)
    assert errors_of(r) == [("f-held_on", "The date of the meeting is in the future. "
                                          "Log a meeting once it has taken place.")]
    r = log(server, m, pid, iso(start - datetime.timedelta(days=1)), expect=422)
    assert errors_of(r) == [("f-held_on", "The date of the meeting is before the programme "
                                          "started (%s). Only meetings of the programme count."
                             % human(start))]
    # the start day and today are inside the programme
    log(server, m, pid, iso(start))
    log(server, m, pid, days_ago(0))
    assert [d for (d,) in server_sql(server, "SELECT held_on FROM meeting WHERE pair_id = %d "
                                             "ORDER BY id;" % pid)] == [iso(start), days_ago(0)]
    # a date written for people is read too
    d = datetime.date.today() - datetime.timedelta(days=2)
    log(server, m, pid, human(d))
    assert server_sql(server, "SELECT held_on FROM meeting WHERE pair_id = %d ORDER BY id DESC "
                              "LIMIT 1;" % pid) == [(iso(d),)]
    # a programme that ended 10 days ago: after its last day is refused
    length = 3
    start = add_months(datetime.date.today() - datetime.timedelta(days=10), -length)
    end = last_day(start, length)
    settle_sql(server, "UPDATE programme SET start_date = '%s', length_months = %d WHERE id = %d;"
               % (iso(start), length, c.pid))
    settled(server, m, "/pairs/%d" % pid, lambda d: d.get("Ends") == human(end))
    r = log(server, m, pid, iso(end + datetime.timedelta(days=1)), expect=422)
    assert errors_of(r) == [("f-held_on", "The date of the meeting is after the programme ended "
                                          "(its last day was %s)." % human(end))]
    log(server, m, pid, iso(end))


# Month clamping and leap years, at fixed dates: the last day of a programme
# is the day before start + length months (pace.h).
@pytest.mark.parametrize("start,length", [
    ("2024-01-31", 1),     # + 1 month: 29 February 2024 (leap); last day the 28th
    ("2023-01-31", 1),     # + 1 month: 28 February 2023; last day the 27th
    ("2024-02-29", 12),    # + 12 months: 28 February 2025
    ("2023-12-31", 2),     # + 2 months: 29 February 2024
    ("2024-03-31", 1),     # + 1 month: 30 April
    ("2025-08-31", 6),     # + 6 months: 28 February 2026
])
def test_meeting_dates_at_month_ends_and_leap_days(server, start, length):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m = c.mentors[0]
    pid = pairs[m]
    s = datetime.date.fromisoformat(start)
    end = last_day(s, length)
    # published a fortnight before that start (a meeting cannot predate its pair)
    made = int(time.mktime(s.timetuple())) - 14 * 86400
    server_sql(server, "UPDATE pair SET created_at = %d WHERE id = %d;" % (made, pid))
    settle_sql(server, "UPDATE programme SET start_date = '%s', length_months = %d WHERE id = %d;"
               % (start, length, c.pid))
    settled(server, m, "/pairs/%d" % pid,
            lambda d: d.get("Starts") == human(s) and d.get("Ends") == human(end))
    log(server, m, pid, start)
    log(server, m, pid, iso(end))
    r = log(server, m, pid, iso(end + datetime.timedelta(days=1)), expect=422)
    assert errors_of(r) == [("f-held_on", "The date of the meeting is after the programme ended "
                                          "(its last day was %s)." % human(end))]
    r = log(server, m, pid, iso(s - datetime.timedelta(days=1)), expect=422)
    assert errors_of(r)[0][1].startswith("The date of the meeting is before the programme "
                                         "started (%s)." % human(s))


def pace_starts(today):
    """Start dates that put today on the calendar's edges: the 29th, 30th and
    31st of each of the last 14 months (the month marks clamp in short
    months), today k months ago and the day after (today exactly on a mark,
    and one day short of it), the last day today and yesterday, leap days, a
    start today and tomorrow."""
    out = []
    for k in range(0, 15):
        y, mo = divmod(today.year * 12 + today.month - 1 - k, 12)
        for day in (29, 30, 31):
            if day <= calendar.monthrange(y, mo + 1)[1]:
                d = datetime.date(y, mo + 1, day)
                if d <= today:
                    out.append((d, 12, 12))
    for k in (1, 2, 5, 11):
        d = add_months(today, -k)
        out += [(d, 12, 6), (d + datetime.timedelta(days=1), 12, 6)]
    # the programme's last day is today, then yesterday (a start whose
    # + length lands on tomorrow, or on today)
    for length in (1, 6):
        for target in (today + datetime.timedelta(days=1), today):
            for back in range(0, 40):
                d = add_months(today, -length) - datetime.timedelta(days=back - 5)
                if add_months(d, length) == target:
                    out.append((d, length, 7))
                    break
    out += [(datetime.date(2024, 2, 29), 60, 10), (datetime.date(2023, 12, 31), 60, 13),
            (datetime.date(2024, 1, 31), 12, 6), (today, 12, 6),
            (today + datetime.timedelta(days=1), 12, 6)]
    return out


def test_expected_by_today_follows_the_calendar(server):
    """"Expected by today" on the pair page (and the team's pages) is what
    pace.h's calendar gives, computed here independently: whole months
    completed with the day clamped to short months (a start on the 31st,
    leap years), expected = minimum x months / length, floored."""
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m = c.mentors[0]
    pid = pairs[m]
    today = datetime.date.today()
    wrong = []
    for start, length, minimum in pace_starts(today):
        settle_sql(server, "UPDATE programme SET start_date = '%s', length_months = %d, "
                           "min_meetings = %d WHERE id = %d;"
                   % (iso(start), length, minimum, c.pid))
        want = pace_text(start, length, minimum, today)
        r, doc = settled(server, m, "/pairs/%d" % pid,
                         lambda d: d.get("Starts") == human(start)
                         and d.get("Meetings confirmed") == "0 of %d" % minimum
                         and d.get("Ends") == human(last_day(start, length)))
        got = definitions(doc)["Expected by today"]
        if got != want:
            wrong.append("start %s, %d months, minimum %d: page says %r, calendar %r"
                         % (start, length, minimum, got, want))
    assert not wrong, "\n".join(wrong)
    # the team's pages say the same
    start, length, minimum = datetime.date(2024, 2, 29), 60, 10
    settle_sql(server, "UPDATE programme SET start_date = '%s', length_months = %d, "
                       "min_meetings = %d WHERE id = %d;" % (iso(start), length, minimum, c.pid))
    settled(server, m, "/pairs/%d" % pid, lambda d: d.get("Starts") == human(start))
    want = pace_text(start, length, minimum, today)
    _, doc = server.client("admin").page("/admin/pairs/%d" % pid)
    assert definitions(doc)["Expected by today"] == want
    r, doc = server.client("admin").page("/admin/programmes/%d/pairs" % c.pid)
    assert want in text_of(r)


def test_ended_pair_refuses_new_meetings_and_notes_but_shows_them(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    log(server, m, pid, days_ago(40), agenda="First meeting")
    first = last_meeting(server, pid)
    confirm(server, s, first, pid)
    log(server, m, pid, days_ago(10), agenda="Second meeting")
    second = last_meeting(server, pid)
    log(server, s, pid, days_ago(9), agenda="Third meeting")
    third = last_meeting(server, pid)
    write_note(server, s, pid, "We agreed to meet monthly.")
    # tokens taken while the pair was active
    tok = {
        "edit": server.client(m).token("/meetings/%d/edit" % second,
                                       action="/meetings/%d/edit" % second),
        "withdraw": server.client(m).token("/meetings/%d/edit" % second,
                                           action="/meetings/%d/withdraw" % second),
        "dispute": server.client(m).token("/meetings/%d/answer" % third,
                                          action="/meetings/%d/dispute" % third),
    }
    end_pair(server, pid, category="left", note="Left the university in March.")
    for who in (m, s):
        r, doc = server.client(who).page("/pairs/%d" % pid)
        t = text_of(r)
        assert "This pair ended on " in t and "(Left the institution)" in t
        assert "Its meetings and notes stay here for you to read." in t
        assert {row["What you talked about"] for row in meeting_rows(server, who, pid)} == {
            "First meeting", "Second meeting", "Third meeting"}
        assert not doc.xpath("//form[contains(@action, '/meetings')]"), "no meeting forms"
        assert "Log a meeting" not in t and "Ask to end this pair" not in t
        assert "Pace" not in definitions(doc)
        r, doc = server.client(who).page("/pairs/%d/notes" % pid)
        assert "We agreed to meet monthly." in text_of(r)
        assert not doc.xpath("//textarea"), "no note form on an ended pair"
    r = forged_post(server, m, "/pairs/%d/meetings" % pid,
                    {"held_on": days_ago(2), "minutes": "60", "mode": "online", "agenda": ""})
    assert r.status_code == 409 and "This pair has ended" in text_of(r)
    r = forged_post(server, s, "/pairs/%d/notes" % pid, {"body": "One more."})
    assert r.status_code == 409 and "This pair has ended" in text_of(r)
    assert server.client(m).post("/meetings/%d/edit" % second,
                                 {"held_on": days_ago(2), "minutes": "60", "mode": "online",
                                  "agenda": ""}, token=tok["edit"]).status_code == 409
    assert server.client(m).post("/meetings/%d/withdraw" % second, {},
                                 token=tok["withdraw"]).status_code == 409
    assert server.client(m).post("/meetings/%d/dispute" % third, {"reason": "No."},
                                 token=tok["dispute"]).status_code == 409
    assert forged_post(server, s, "/meetings/%d/confirm" % second).status_code == 409
    assert server.client(m).get("/meetings/%d/edit" % second).status_code == 409
    assert server.client(m).get("/meetings/%d/answer" % third).status_code == 409
    assert server.client(m).get("/pairs/%d/end" % pid).status_code == 409
    assert forged_post(server, m, "/pairs/%d/end" % pid,
                       {"category": "other", "note": ""}).status_code == 409
    assert server_sql(server, "SELECT count(*) FROM meeting WHERE pair_id = %d;" % pid) == [("3",)]
    assert server_sql(server, "SELECT count(*) FROM pair_note WHERE pair_id = %d;" % pid) == [("1",)]
    assert [meeting_status(server, x) for x in (first, second, third)] == [
        "confirmed", "logged", "logged"]


# ==== the team's table: pace, filters, sorts, pages ===============================

def three_pairs(server, start_days_ago=200):
    """A programme with three pairs: on pace (as many confirmed meetings as
    expected, the last 10 days ago), behind (one, 100 days ago) and behind
    with none confirmed (one logged, waiting).  Returns (c, pairs, expected,
    [on, behind, none] mentors)."""
    mentors = fresh_users(server, 3)
    seniors = fresh_execs(server, 3)
    c, pairs = published(server, start_days_ago=start_days_ago, mentors=mentors, seniors=seniors)
    start = datetime.date.today() - datetime.timedelta(days=start_days_ago)
    expected = expected_now(start, 12, 6)
    assert expected >= 2, "the programme must be far enough in for two pace states"
    on, behind, none = mentors
    add_confirmed(server, pairs[on], *[days_ago(10 + i) for i in range(expected)])
    add_confirmed(server, pairs[behind], days_ago(100))
    log(server, none, pairs[none], days_ago(5))
    settled(server, on, "/pairs/%d" % pairs[on],
            lambda d: d.get("Meetings confirmed") == "%d of 6" % expected)
    return c, pairs, expected, mentors


def first_names(rows):
    return [row[0].split(" and ")[0] for row in rows]


def test_team_table_pace_behind_and_on(server):
    c, pairs, expected, (on, behind, none) = three_pairs(server)
    rows, doc = team_rows(server, c.pid)
    by = {row[0].split(" and ")[0]: row for row in rows}
    assert by[display_name(on)][2] == "%d of 6" % expected
    assert by[display_name(on)][5] == "On pace"
    assert by[display_name(behind)][2] == "1 of 6" and by[display_name(behind)][5] == "Behind"
    assert by[display_name(behind)][4] == human(datetime.date.today() - datetime.timedelta(100))
    assert by[display_name(none)][4] == "None yet" and by[display_name(none)][6] == "1"
    assert by[display_name(none)][5] == "Behind"
    # the partner's page agrees
    _, doc = server.client(behind).page("/pairs/%d" % pairs[behind])
    assert definitions(doc)["Pace"] == "Behind: %d more confirmed meeting%s would catch up." % (
        expected - 1, "" if expected - 1 == 1 else "s")
    _, doc = server.client(on).page("/pairs/%d" % pairs[on])
    assert definitions(doc)["Pace"] == "On pace."
    _, doc = server.client("admin").page("/admin/pairs/%d" % pairs[none])
    assert definitions(doc)["Pace"] == "Behind the pace"


def test_team_table_pace_filter(server, request):
    c, pairs, expected, (on, behind, none) = three_pairs(server)
    rows, _ = team_rows(server, c.pid, "?pace=on")
    assert first_names(rows) == [display_name(on)]
    rows, _ = team_rows(server, c.pid, "?pace=behind")
    assert sorted(first_names(rows)) == sorted([display_name(behind), display_name(none)])
    assert [row[5] for row in rows] == ["Behind", "Behind"]
    rows, _ = team_rows(server, c.pid, "?status=active&pace=behind&q=%s"
                        % re.search(r"\d+$", display_name(none)).group(0))
    assert first_names(rows) == [display_name(none)]


def test_team_table_status_and_name_filters(server):
    c, pairs, expected, (on, behind, none) = three_pairs(server)
    end_pair(server, pairs[behind])
    rows, doc = team_rows(server, c.pid, "?status=ended")
    assert first_names(rows) == [display_name(behind)] and rows[0][1] == "Ended early"
    assert doc.xpath("string(//h2[@id='h-results'])") == "1 pair"
    rows, _ = team_rows(server, c.pid, "?status=active")
    assert sorted(first_names(rows)) == sorted([display_name(on), display_name(none)])
    rows, _ = team_rows(server, c.pid, "?status=completed")
    assert rows == []
    # a part of either partner's name, in any case
    number = re.search(r"\d+$", display_name(on)).group(0)
    rows, _ = team_rows(server, c.pid, "?q=tester+%s" % number)
    assert first_names(rows) == [display_name(on)]
    senior = c.seniors[c.mentors.index(none)]
    rows, _ = team_rows(server, c.pid, "?q=" + exec_name(senior).upper().replace(" ", "+"))
    assert first_names(rows) == [display_name(none)]
    # wildcards are matched as themselves
    for q in ("%25", "_", "Load%25Tester"):
        rows, doc = team_rows(server, c.pid, "?q=" + q)
        assert rows == [] and "No pairs match." in doc.text_content(), q
    # filters combine
    rows, _ = team_rows(server, c.pid, "?status=ended&q=load")
    assert first_names(rows) == [display_name(behind)]
    rows, _ = team_rows(server, c.pid, "?status=active&q=" + number)
    assert first_names(rows) == [display_name(on)]


def test_team_table_pace_filter_leaves_out_ended_pairs(server):
    c, pairs, expected, (on, behind, none) = three_pairs(server)
    end_pair(server, pairs[behind])
    rows, _ = team_rows(server, c.pid, "?pace=behind")
    # every row the filter "Behind the pace" gives says Behind
    assert [row[5] for row in rows] == ["Behind"] * len(rows), rows
    assert first_names(rows) == [display_name(none)]


def test_a_sign_in_stores_the_folded_name(server):
    """What the searches read is written by the module at each write of the
    person (person.name_folded, core rm_fold)."""
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m = c.mentors[0]
    assert server_sql(server, "SELECT name_folded FROM person WHERE principal = '%s';" % m) \
        == [(display_name(m).lower(),)]


def test_team_table_name_search_ignores_case_beyond_ascii(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m = c.mentors[0]
    # as a sign-in with that name stores it (web/person.c: the name, and the
    # module's fold of it that the searches read)
    settle_sql(server, "UPDATE person SET display_name = 'Élodie Durand', "
               "name_folded = 'élodie durand' WHERE principal = '%s';" % m)
    settled(server, "admin", "/admin/pairs/%d" % pairs[m],
            lambda d: d.get("Mentor", "").startswith("Élodie Durand"))
    found = {}
    for q in ("Élodie", "élodie", "ÉLODIE", "lodie"):
        rows, _ = team_rows(server, c.pid, "?q=" + urllib.parse.quote(q))
        found[q] = first_names(rows)
    assert found == {q: ["Élodie Durand"] for q in found}, found


def test_team_table_sorts(server):
    c, pairs, expected, (on, behind, none) = three_pairs(server)
    rows, _ = team_rows(server, c.pid, "?sort=name")
    assert first_names(rows) == sorted(first_names(rows), key=str.lower)
    assert first_names(rows) == [display_name(u) for u in (on, behind, none)]
    rows, _ = team_rows(server, c.pid, "?sort=meetings")
    assert first_names(rows) == [display_name(u) for u in (none, behind, on)]
    rows, _ = team_rows(server, c.pid, "?sort=last")
    assert first_names(rows) == [display_name(u) for u in (none, behind, on)]
    # the form shows the sort chosen
    _, doc = server.client("admin").page("/admin/programmes/%d/pairs?sort=last&pace=behind"
                                         % c.pid)
    assert doc.xpath("//select[@name='sort']/option[@selected]/@value") == ["last"]
    assert doc.xpath("//select[@name='pace']/option[@selected]/@value") == ["behind"]


def test_team_table_pages_of_25(server):
    n = 27
    mentors = fresh_users(server, n)
    seniors = fresh_execs(server, n)
    c, pairs = published(server, mentors=mentors, seniors=seniors,
                         capacity_mentor="40", capacity_senior="40")
    rows, doc = team_rows(server, c.pid)
    assert doc.xpath("string(//h2[@id='h-results'])") == "27 pairs"
    assert len(rows) == 25
    nav = doc.xpath("//nav[@aria-label='Pages of pairs']")[0]
    assert "Page 1 of 2" in " ".join(nav.text_content().split())
    assert nav.xpath(".//a/text()") == ["Next page"]
    nxt = nav.xpath(".//a/@href")[0]
    assert "page=2" in nxt
    r, doc = server.client("admin").page(server.origin + nxt)
    rows2 = table_rows(doc, "h-results")
    assert len(rows2) == 2
    nav = doc.xpath("//nav[@aria-label='Pages of pairs']")[0]
    assert nav.xpath(".//a/text()") == ["Previous page"]
    everyone = first_names(rows) + first_names(rows2)
    assert sorted(everyone) == sorted(display_name(m) for m in mentors)
    assert everyone == sorted(everyone, key=str.lower)
    # the page links keep the filters
    rows, doc = team_rows(server, c.pid, "?status=active&pace=behind&q=load&sort=meetings")
    assert len(rows) == 25
    nxt = doc.xpath("//nav[@aria-label='Pages of pairs']//a/@href")[0]
    for part in ("status=active", "pace=behind", "q=load", "sort=meetings", "page=2"):
        assert part in nxt, (part, nxt)
    # past the last page: nothing, not an error
    rows, doc = team_rows(server, c.pid, "?page=3")
    assert rows == [] and "No pairs match." in doc.text_content()
    # 25 exactly: no pages
    end_pair(server, pairs[mentors[0]])
    end_pair(server, pairs[mentors[1]])
    rows, doc = team_rows(server, c.pid, "?status=active")
    assert len(rows) == 25 and not doc.xpath("//nav[@aria-label='Pages of pairs']")


@pytest.mark.parametrize("query", [
    "?pace=slow", "?pace=Behind", "?status=gone", "?status=ACTIVE", "?sort=age",
    "?page=0", "?page=-1", "?page=two", "?page=1000000", "?q=" + "a" * 101,
    "?q=%00", "?pace=behind&pace=on",
])
def test_team_table_bad_queries_400(server, query):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    r = server.client("admin").get("/admin/programmes/%d/pairs%s" % (c.pid, query))
    assert r.status_code == 400, (query, r.status_code, text_of(r)[:300])


# ==== private notes and who may see what ==========================================

def world(server):
    """Shared by the privacy and ownership tests, which change nothing:
    programme A (run by admin, facilitator on its team) with pairs a1, a2
    (active) and a3 (ended); programme B (run by admin2 alone) with pair b.
    a1 has a meeting waiting for its Senior Mentor and two private notes, a2
    one note."""
    w = getattr(server, "_pairs_world", None)
    if w:
        return w
    ma = fresh_users(server, 3)
    ea = fresh_execs(server, 3)
    a, pa = published(server, mentors=ma, seniors=ea)
    a.team("facilitator", "facilitator")
    mb = fresh_users(server, 1)
    eb = fresh_execs(server, 1)
    b, pb = published(server, mentors=mb, seniors=eb, admin="admin2")
    w = {"a": a, "b": b, "a1": pa[ma[0]], "a2": pa[ma[1]], "a3": pa[ma[2]], "b1": pb[mb[0]],
         "ma1": ma[0], "ea1": ea[0], "ma2": ma[1], "ea2": ea[1], "ma3": ma[2], "mb": mb[0],
         "eb": eb[0], "marker": "Quokka" + uuid.uuid4().hex[:12]}
    # the agenda is the partners' too ("seen by you and your partner only")
    log(server, w["ma1"], w["a1"], days_ago(6), agenda="Agenda %s five" % w["marker"])
    w["m1"] = last_meeting(server, w["a1"])
    log(server, w["mb"], w["b1"], days_ago(6))
    w["mb1"] = last_meeting(server, w["b1"])
    write_note(server, w["ma1"], w["a1"], "Mentor's note: %s one" % w["marker"])
    write_note(server, w["ea1"], w["a1"], "Senior's note:\n%s two" % w["marker"])
    write_note(server, w["ma2"], w["a2"], "Note of a2: %s three" % w["marker"])
    end_pair(server, w["a3"])
    server._pairs_world = w
    return w


def routes(pair, meeting, programme):
    """Every route of the pairs area for one pair and one of its meetings:
    (method, path, form)."""
    mform = {"held_on": days_ago(2), "minutes": "60", "mode": "online", "agenda": "Hijack"}
    return [
        ("GET", "/pairs/%d" % pair, None),
        ("POST", "/pairs/%d/meetings" % pair, mform),
        ("GET", "/meetings/%d/edit" % meeting, None),
        ("POST", "/meetings/%d/edit" % meeting, mform),
        ("POST", "/meetings/%d/withdraw" % meeting, {}),
        ("POST", "/meetings/%d/confirm" % meeting, {}),
        ("GET", "/meetings/%d/answer" % meeting, None),
        ("POST", "/meetings/%d/dispute" % meeting, {"reason": "Hijack"}),
        ("GET", "/pairs/%d/notes" % pair, None),
        ("POST", "/pairs/%d/notes" % pair, {"body": "Hijack"}),
        ("GET", "/pairs/%d/end" % pair, None),
        ("POST", "/pairs/%d/end" % pair, {"category": "other", "note": "Hijack"}),
        ("GET", "/admin/programmes/%d/pairs" % programme, None),
        ("GET", "/admin/pairs/%d" % pair, None),
        ("POST", "/admin/pairs/%d/end" % pair, {"category": "other", "note": "Hijack"}),
        ("POST", "/admin/pairs/%d/end-request" % pair, {"decision_note": "Hijack"}),
        ("GET", "/admin/pairs/%d/rematch?side=mentor" % pair, None),
        ("POST", "/admin/pairs/%d/rematch" % pair, {"side": "mentor", "candidate": "1"}),
    ]


def call(server, who, method, path, form):
    if method == "GET":
        return server.client(who).get(path)
    return forged_post(server, who, path, form)


def snapshot(server):
    """What a refused request must not change."""
    return [server_sql(server, sql) for sql in (
        "SELECT id, status, held_on, minutes, agenda, dispute_reason FROM meeting ORDER BY id;",
        "SELECT count(*) FROM pair_note;",
        "SELECT id, status, end_note FROM pair ORDER BY id;",
        "SELECT id, status FROM pair_end_request ORDER BY id;",
        "SELECT count(*) FROM audit;")]


def test_notes_read_and_written_by_the_two_partners(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    r, doc = server.client(m).page("/pairs/%d/notes" % pid)
    assert "No notes yet." in text_of(r)
    r = write_note(server, m, pid, "First line of mine.\nSecond line.")
    assert r.headers["Location"].endswith("/pairs/%d/notes?done=note-added" % pid)
    write_note(server, s, pid, "The senior's reply.")
    for who in (m, s):
        r, doc = server.client(who).page("/pairs/%d/notes" % pid)
        notes = [(a.xpath("string(h3)"), [p.text_content() for p in a.xpath("p")])
                 for a in doc.xpath("//article[contains(@class, 'note')]")]
        assert [(h.split(",")[0], ps) for h, ps in notes] == [
            (exec_name(s), ["The senior's reply."]),
            (display_name(m), ["First line of mine.", "Second line."])]
        _, doc = server.client(who).page("/pairs/%d" % pid)
        assert "2 entries so far." in doc.xpath("string(//section[@aria-labelledby='h-notes'])")
    # errors: empty, too long; what was typed is kept
    r = write_note(server, m, pid, "  \n ", expect=422)
    assert errors_of(r) == [("f-body", "Enter your note.")]
    r = write_note(server, m, pid, "y" * 4001, expect=422)
    assert errors_of(r) == [("f-body", "Your note must be 4000 characters or fewer.")]
    assert doc_of(r).xpath("string(//textarea[@name='body'])") == "y" * 4001
    assert server_sql(server, "SELECT count(*) FROM pair_note WHERE pair_id = %d;" % pid) == [("2",)]
    # the team sees how many, never what
    _, doc = server.client("admin").page("/admin/pairs/%d" % pid)
    assert definitions(doc)["Private notes"] == "2 entries. Only the two partners can read them."
    assert "First line of mine" not in doc.text_content()


def test_notes_and_agenda_are_text_not_markup(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    body = "<b>bold</b> & <script>alert(1)</script> \u00e9t\u00e9"
    write_note(server, m, pid, body)
    log(server, m, pid, days_ago(2), agenda="<i>a</i> & b")
    r, doc = server.client(s).page("/pairs/%d/notes" % pid)
    assert doc.xpath("//article//p")[0].text_content() == body
    assert not doc.xpath("//article//b|//article//script") and "<script>alert" not in r.text
    r, doc = server.client(s).page("/pairs/%d" % pid)
    assert meeting_rows(server, s, pid)[0]["What you talked about"] == "<i>a</i> & b"
    assert not doc.xpath("//td//i")


@pytest.mark.parametrize("who", ["admin", "facilitator", "hr", "staff1", "admin2",
                                 "other partner, same programme", "partner, other programme"])
def test_notes_never_shown_to_anyone_else(server, who):
    w = world(server)
    user = {"other partner, same programme": w["ma2"],
            "partner, other programme": w["mb"]}.get(who, who)
    marker = w["marker"]
    # the notes of a1 on every route of the area, and the pages of their own
    paths = [p for m, p, f in routes(w["a1"], w["m1"], w["a"].pid) if m == "GET"]
    paths += ["/", "/admin/programmes/%d/pairs?q=load" % w["a"].pid,
              "/admin/pairs/%d/rematch?side=senior" % w["a3"], "/admin/pairs/%d" % w["a3"],
              "/pairs/%d/notes" % w["a3"]]
    if user == w["ma2"]:
        paths += ["/pairs/%d" % w["a2"], "/pairs/%d/notes" % w["a2"]]
    if user == w["mb"]:
        paths += ["/pairs/%d" % w["b1"], "/pairs/%d/notes" % w["b1"]]
    seen = []
    for path in paths:
        r = server.client(user).get(path)
        body = r.content.decode("utf-8", "replace")
        if any(marker + tail in body for tail in (" one", " two", " five")):
            seen.append(path)
    assert seen == [], "%s read a1's notes or agenda on %s" % (who, seen)
    assert server.client(user).get("/pairs/%d/notes" % w["a1"]).status_code == 404
    # the team's page after a refused end (422) shows no more
    if user in ("admin",):
        r = server.client(user).post("/admin/pairs/%d/end" % w["a1"],
                                     {"category": "", "note": ""},
                                     token_from="/admin/pairs/%d" % w["a1"])
        assert r.status_code == 422 and marker not in r.text
        _, doc = server.client(user).page("/admin/pairs/%d" % w["a1"])
        assert definitions(doc)["Private notes"] == "2 entries. Only the two partners can " \
                                                    "read them."
    if user == "facilitator":
        _, doc = server.client(user).page("/admin/pairs/%d" % w["a1"])
        assert definitions(doc)["Private notes"].startswith("2 entries.")


def test_notes_never_in_logs_or_audit(server):
    w = world(server)
    marker = w["marker"]
    # the partners themselves read them
    assert marker + " one" in server.client(w["ea1"]).get("/pairs/%d/notes" % w["a1"]).text
    assert marker + " two" in server.client(w["ma1"]).get("/pairs/%d/notes" % w["a1"]).text
    # a refused note (too long) is not logged either
    write_note(server, w["ma1"], w["a1"], marker + " four " + "z" * 4000, expect=422)
    for name in ("error.log", "access.log"):
        with open(os.path.join(server.dir, name), errors="replace") as f:
            assert marker not in f.read(), name
    rows = server_sql(server, "SELECT at, actor, action, entity, entity_id, detail FROM audit;")
    assert not [row for row in rows if marker in "\t".join(row)]
    # writing a note is audited, without its text
    assert server_sql(server, "SELECT count(*), max(detail) FROM audit WHERE action = 'note.add' "
                              "AND entity = 'pair' AND entity_id = %d;" % w["a1"]) == [("2", "")]


@pytest.mark.parametrize("who", ["staff1", "hr", "admin2", "facilitator, not on the team",
                                 "admin, not on the team", "other partner, same programme",
                                 "partner, other programme"])
def test_every_route_is_404_with_a_foreign_id(server, who):
    w = world(server)
    # (user, pair, its meeting, its programme) the user has no business with
    a1 = (w["a1"], w["m1"], w["a"].pid)
    b1 = (w["b1"], w["mb1"], w["b"].pid)
    user, targets = {
        "staff1": ("staff1", [a1, b1]),
        "hr": ("hr", [a1, b1]),
        "admin2": ("admin2", [a1]),
        "facilitator, not on the team": ("facilitator", [b1]),
        "admin, not on the team": ("admin", [b1]),
        "other partner, same programme": (w["ma2"], [a1]),
        "partner, other programme": (w["mb"], [a1]),
    }[who]
    before = snapshot(server)
    wrong = []
    for pair, meeting, programme in targets:
        for method, path, form in routes(pair, meeting, programme):
            r = call(server, user, method, path, form)
            if r.status_code != 404:
                wrong.append("%s %s: %d" % (method, path, r.status_code))
    # ids that are nobody's
    for method, path, form in routes(99999999, 99999999, 99999999):
        r = call(server, user, method, path, form)
        if r.status_code != 404:
            wrong.append("%s %s: %d" % (method, path, r.status_code))
    assert wrong == [], "\n".join(wrong)
    assert snapshot(server) == before


def test_partners_reach_only_their_own_pair_through_meeting_ids(server):
    """A partner of one pair with the meeting ids of another pair: 404, and
    the team's routes are not theirs."""
    w = world(server)
    for method, path, form in routes(w["a1"], w["m1"], w["a"].pid)[:12]:
        assert call(server, w["ea2"], method, path, form).status_code == 404, path
    for method, path, form in routes(w["a1"], w["m1"], w["a"].pid)[12:]:
        assert call(server, w["ma1"], method, path, form).status_code == 404, path
    # the control: a1's Senior Mentor reaches the meeting
    assert server.client(w["ea1"]).get("/meetings/%d/answer" % w["m1"]).status_code == 200


def test_team_sees_pairs_only_admins_end_and_rematch(server):
    w = world(server)
    a1, a3 = w["a1"], w["a3"]
    before = snapshot(server)
    # the facilitator on the team reads the table and a pair
    rows, doc = team_rows(server, w["a"].pid, who="facilitator")
    assert len(rows) == 3
    r, doc = server.client("facilitator").page("/admin/pairs/%d" % a1)
    assert not doc.xpath("//main//form"), "no end or decline form for a facilitator"
    r, doc = server.client("facilitator").page("/admin/pairs/%d" % a3)
    assert not doc.xpath("//a[contains(@href, '/rematch')]"), "no rematch links"
    assert "Agreed with both partners." in doc.text_content()   # the end note
    for method, path, form in [
            ("POST", "/admin/pairs/%d/end" % a1, {"category": "other", "note": "Facilitated."}),
            ("POST", "/admin/pairs/%d/end-request" % a1, {"decision_note": "No."}),
            ("GET", "/admin/pairs/%d/rematch?side=mentor" % a3, None),
            ("POST", "/admin/pairs/%d/rematch" % a3, {"side": "mentor", "candidate": "1"})]:
        r = call(server, "facilitator", method, path, form)
        assert r.status_code == 404, (path, r.status_code)
    assert snapshot(server) == before
    # the admin on the team: the forms and links are there
    _, doc = server.client("admin").page("/admin/pairs/%d" % a1)
    assert doc.xpath("//form[contains(@action, '/admin/pairs/%d/end')]" % a1)
    _, doc = server.client("admin").page("/admin/pairs/%d" % a3)
    assert len(doc.xpath("//a[contains(@href, '/admin/pairs/%d/rematch?side=')]" % a3)) == 2
    assert server.client("admin").get("/admin/pairs/%d/rematch?side=mentor" % a3).status_code == 200


# ==== ending early, requests to end ================================================

def test_admin_ends_a_pair_with_a_category_and_a_note(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    c.team("facilitator", "facilitator")
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    r = end_pair(server, pid, category="incompatible", note="  ", expect=422)
    assert errors_of(r) == [("f-note", "Enter the note.")]
    r = end_pair(server, pid, category="", note="Something.", expect=422)
    (field, msg), = errors_of(r)
    assert field.startswith("f-category") and msg == "Select the reason the pair ends."
    assert doc_of(r).xpath("string(//textarea[@name='note'])") == "Something."
    r = end_pair(server, pid, category="bored", note="Something.", expect=422)
    assert errors_of(r)[0][1] == "Select the reason the pair ends."
    r = end_pair(server, pid, category="x" * 3, note="n" * 2001, expect=422)
    assert ("f-note", "The note must be 2000 characters or fewer.") in errors_of(r)
    assert server_sql(server, "SELECT status FROM pair WHERE id = %d;" % pid) == [("active",)]
    note = "Talked with both: the Senior Mentor's diary is full until summer."
    r = end_pair(server, pid, category="incompatible", note=note)
    assert r.headers["Location"].endswith("/admin/pairs/%d?done=pair-ended" % pid)
    row = server_sql(server, "SELECT pr.status, pr.end_reason, pr.end_note, p.principal, "
                             "pr.ended_at > 0 FROM pair pr JOIN person p ON p.id = pr.ended_by "
                             "WHERE pr.id = %d;" % pid)
    assert row == [("ended", "incompatible", note, "admin", row[0][4])]
    assert row[0][4] in ("1", "t")
    assert server_sql(server, "SELECT actor, detail FROM audit WHERE action = 'pair.end' AND "
                              "entity_id = %d;" % pid) == [("admin", "incompatible")]
    # kept and shown to the team
    for who in ("admin", "facilitator"):
        _, doc = server.client(who).page("/admin/pairs/%d" % pid)
        d = definitions(doc)
        assert d["Status"] == "Ended early" and d["Reason"] == "Not working well together"
        assert d["Note"] == note
    rows, _ = team_rows(server, c.pid)
    assert rows[0][1] == "Ended early" and rows[0][5] == ""
    # the partners' page says it ended (the note is the team's)
    for who in (m, s):
        r, doc = server.client(who).page("/pairs/%d" % pid)
        assert "This pair ended on " in text_of(r)
        assert "(Not working well together)" in text_of(r)
        assert note not in text_of(r)
    # twice: refused
    r = end_pair(server, pid, category="other", note="Again.", expect=409)
    assert "This pair has already ended" in text_of(r)
    assert server_sql(server, "SELECT end_reason, end_note FROM pair WHERE id = %d;" % pid) == [
        ("incompatible", note)]


def test_request_to_end_one_open_per_pair(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    _, doc = server.client(m).page("/pairs/%d" % pid)
    assert doc.xpath("//a[@href='/mentoring/pairs/%d/end']" % pid)
    r = ask_to_end(server, m, pid, category="", note="", expect=422)
    (field, msg), = errors_of(r)
    assert field.startswith("f-category") and msg == "Select why you would like to end the pair."
    r = ask_to_end(server, m, pid, category="left", note="w" * 1001, expect=422)
    assert errors_of(r) == [("f-note", "What the programme team should know must be 1000 "
                                       "characters or fewer.")]
    private = "I am moving to a job in another city."
    r = ask_to_end(server, m, pid, category="left", note=private)
    assert r.headers["Location"].endswith("/pairs/%d?done=end-requested" % pid)
    r, doc = server.client(m).page("/pairs/%d" % pid)
    assert "You asked the programme team to end this pair on " in text_of(r)
    assert not doc.xpath("//a[@href='/mentoring/pairs/%d/end']" % pid)
    r, doc = server.client(s).page("/pairs/%d" % pid)
    assert "Your partner asked the programme team to end this pair on " in text_of(r)
    assert private not in text_of(r), "the partner is not shown what was written"
    # the other partner is told a request is open, and a second one (from a
    # form shown before the first) is refused and adds nothing
    r = server.client(s).get("/pairs/%d/end" % pid)
    assert r.status_code == 409 and "Your partner asked the programme team" in text_of(r)
    assert private not in text_of(r)
    r = server.client(s).post("/pairs/%d/end" % pid, {"category": "incompatible", "note": "Me too."},
                              token=rmtest.forge_token(server, s, action="/pairs/%d/end" % pid))
    assert r.status_code == 409 and "no need to ask again" in text_of(r)
    assert server_sql(server, "SELECT p.principal, er.category, er.note, er.status FROM "
                              "pair_end_request er JOIN person p ON p.id = er.person_id "
                              "WHERE er.pair_id = %d;" % pid) == [(m, "left", private, "open")]
    assert server_sql(server, "SELECT count(*) FROM audit WHERE action = 'pair.end_request' "
                              "AND entity_id = %d;" % pid) == [("1",)]
    # the team sees it in the table and on the pair's page
    rows, doc = team_rows(server, c.pid)
    assert "Asked to end" in rows[0][0]
    req = doc.xpath("string(//section[@aria-labelledby='h-requests'])")
    assert display_name(m) + " asked on " in req and "(Left the institution)" in req
    _, doc = server.client("admin").page("/admin/pairs/%d" % pid)
    d = definitions(doc)
    assert d["Asked by"] == display_name(m) and d["Reason"] == "Left the institution"
    assert d["What they said"] == private
    # the end form starts from the partner's reason
    assert doc.xpath("//input[@name='category'][@checked]/@value") == ["left"]


def test_admin_declines_a_request_with_a_reason(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    path = "/admin/pairs/%d/end-request" % pid
    # nothing to decline yet
    assert forged_post(server, "admin", path, {"decision_note": "No."}).status_code == 409
    ask_to_end(server, s, pid, category="incompatible")
    r = server.client("admin").post(path, {"decision_note": " "},
                                    token_from="/admin/pairs/%d" % pid)
    assert r.status_code == 422
    assert errors_of(r) == [("f-decision_note", "Enter why the pair continues.")]
    reason = "We talked and agreed to try two more meetings."
    r = server.client("admin").post(path, {"decision_note": reason},
                                    token_from="/admin/pairs/%d" % pid)
    assert r.status_code == 303, text_of(r)[:400]
    assert r.headers["Location"].endswith("/admin/pairs/%d?done=end-declined" % pid)
    assert server_sql(server, "SELECT er.status, er.decision_note, p.principal FROM "
                              "pair_end_request er JOIN person p ON p.id = er.decided_by "
                              "WHERE er.pair_id = %d;" % pid) == [("declined", reason, "admin")]
    assert server_sql(server, "SELECT status FROM pair WHERE id = %d;" % pid) == [("active",)]
    rows, doc = team_rows(server, c.pid)
    assert "Asked to end" not in rows[0][0] and not doc.xpath("//*[@id='h-requests']")
    # decided: a second decline is refused; a new request can be made
    assert forged_post(server, "admin", path, {"decision_note": "Again."}).status_code == 409
    _, doc = server.client(s).page("/pairs/%d" % pid)
    assert doc.xpath("//a[@href='/mentoring/pairs/%d/end']" % pid)
    ask_to_end(server, s, pid, category="other", note="Still not working.")
    assert server_sql(server, "SELECT status FROM pair_end_request WHERE pair_id = %d "
                              "ORDER BY id;" % pid) == [("declined",), ("open",)]


def test_decline_without_an_open_request_is_409_whatever_the_note(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    pid = pairs[c.mentors[0]]
    path = "/admin/pairs/%d/end-request" % pid
    r = forged_post(server, "admin", path, {"decision_note": ""})
    assert r.status_code == 409, (r.status_code, errors_of(r))
    end_pair(server, pid)
    r = forged_post(server, "admin", path, {"decision_note": ""})
    assert r.status_code == 409, (r.status_code, errors_of(r))


def test_ending_settles_an_open_request_as_approved(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m = c.mentors[0]
    pid = pairs[m]
    ask_to_end(server, m, pid, category="unavailable", note="Too busy.")
    end_pair(server, pid, category="unavailable", note="Agreed: no time this year.")
    assert server_sql(server, "SELECT er.status, p.principal, er.decided_at > 0 FROM "
                              "pair_end_request er JOIN person p ON p.id = er.decided_by "
                              "WHERE er.pair_id = %d;" % pid) in (
        [("approved", "admin", "1")], [("approved", "admin", "t")])
    rows, doc = team_rows(server, c.pid)
    assert "Asked to end" not in rows[0][0] and not doc.xpath("//*[@id='h-requests']")
    _, doc = server.client("admin").page("/admin/pairs/%d" % pid)
    assert not doc.xpath("//*[@id='h-request']")
    r = end_pair(server, pid, category="other", note="Twice.", expect=409)


# ==== rematch =========================================================================

def test_rematch_candidates_and_choosing_a_waitlisted_person(server):
    """Senior1's Mentor left: the candidates are the Mentors who are free,
    trained (or overridden) or waitlisted, and not kept apart from them."""
    m = dict(zip(("former", "paired", "untrained", "same_dept", "forbidden", "waitlisted",
                  "free"), fresh_users(server, 7)))
    seniors = fresh_execs(server, 2)
    c = Cohort(server, capacity_mentor="20", capacity_senior="20")
    for key in ("former", "paired", "untrained", "forbidden", "free"):
        c.apply(m[key], "mentor")
    c.apply(m["same_dept"], "mentor", department="Registry")   # the Senior form's default
    for s in seniors:
        c.apply(s, "senior")
    c.accept_all()
    c.override(*[u for u in c.apps if u != m["untrained"]])
    c.rule(m["former"], seniors[0], "pin", reason="Test pair.")
    c.rule(m["paired"], seniors[1], "pin", reason="Test pair.")
    c.rule(m["forbidden"], seniors[0], "forbid", reason="Worked together.")
    wl = c.apply(m["waitlisted"], "mentor")
    r = server.client("admin").post("/admin/applications/%d/decision" % wl,
                                    {"decision": "waitlisted", "reason": "Places are full."},
                                    token_from="/applications/%d" % wl)
    assert r.status_code == 303, text_of(r)[:400]
    c.run()
    c.publish()
    pid = int(server_sql(server, "SELECT id FROM pair WHERE mentor_app = %d;"
                         % c.apps[m["former"]])[0][0])
    other = int(server_sql(server, "SELECT id FROM pair WHERE mentor_app = %d;"
                           % c.apps[m["paired"]])[0][0])
    # only an ended pair is rematched; a side must be named
    assert server.client("admin").get("/admin/pairs/%d/rematch?side=senior" % pid).status_code == 409
    end_pair(server, pid, category="left", note="The Mentor left the university.")
    assert server.client("admin").get("/admin/pairs/%d/rematch" % pid).status_code == 400
    assert server.client("admin").get("/admin/pairs/%d/rematch?side=both" % pid).status_code == 400
    path = "/admin/pairs/%d/rematch?side=senior" % pid
    r, doc = server.client("admin").page(path)
    cands = {row[0]: row for row in table_rows(doc, "h-candidates")}
    assert set(cands) == {display_name(m["waitlisted"]), display_name(m["free"])}, cands
    assert cands[display_name(m["waitlisted"])][2] == "On the waiting list"
    assert cands[display_name(m["free"])][2] == "Accepted"
    # the controls: without the department rule and the do-not-pair rule,
    # those two are offered
    c.settings(apart_department=0)
    c.rule(m["forbidden"], seniors[0], "allow")
    _, doc = server.client("admin").page(path)
    assert {row[0] for row in table_rows(doc, "h-candidates")} == {
        display_name(m[k]) for k in ("waitlisted", "free", "same_dept", "forbidden")}
    c.settings(apart_department=1)
    c.rule(m["forbidden"], seniors[0], "forbid", reason="Worked together.")
    # someone not offered cannot be chosen
    for key in ("untrained", "same_dept", "forbidden", "paired", "former"):
        r = server.client("admin").post("/admin/pairs/%d/rematch" % pid,
                                        {"side": "senior", "candidate": str(c.apps[m[key]])},
                                        token_from=path)
        assert r.status_code == 409, (key, r.status_code)
        assert "That candidate can no longer be offered" in text_of(r)
    assert server_sql(server, "SELECT count(*) FROM pair WHERE programme_id = %d;" % c.pid) == [
        ("2",)]
    # the waitlisted Mentor is chosen: accepted, audited, paired
    r = server.client("admin").post("/admin/pairs/%d/rematch" % pid,
                                    {"side": "senior", "candidate": str(wl)}, token_from=path)
    assert r.status_code == 303, text_of(r)[:500]
    new = int(re.search(r"/admin/pairs/(\d+)\?done=rematched$", r.headers["Location"]).group(1))
    assert server_sql(server, "SELECT status, decision_reason FROM application WHERE id = %d;"
                      % wl) == [("accepted", "Accepted from the waiting list for a rematch.")]
    assert server_sql(server, "SELECT actor FROM audit WHERE action = "
                              "'application.accept_for_rematch' AND entity = 'application' "
                              "AND entity_id = %d;" % wl) == [("admin",)]
    assert server_sql(server, "SELECT actor, detail FROM audit WHERE action = 'pair.rematch' "
                              "AND entity_id = %d;" % new) == [("admin", str(pid))]
    assert server_sql(server, "SELECT programme_id, mentor_app, senior_app, status, rematch_of "
                              "FROM pair WHERE id = %d;" % new) == [
        (str(c.pid), str(wl), str(c.apps[seniors[0]]), "active", str(pid))]
    _, doc = server.client("admin").page("/admin/pairs/%d" % new)
    assert doc.xpath("//dd/a[@href='/mentoring/admin/pairs/%d']" % pid)
    # both partners see the new pair from their home pages
    for user, partner in ((m["waitlisted"], exec_name(seniors[0])),
                          (seniors[0], display_name(m["waitlisted"]))):
        _, doc = server.client(user).page("/")
        sec = doc.xpath("//section[@aria-labelledby='h-pair']")[0]
        assert partner in sec.text_content()
        assert sec.xpath(".//a[@href='/mentoring/pairs/%d']" % new)
        _, doc = server.client(user).page("/pairs/%d" % new)
        assert definitions(doc)["Name"] == partner
    # the Senior Mentor has a new partner: a second rematch is refused
    r, doc = server.client("admin").page(path)
    assert "already has a new partner" in text_of(r)
    r = server.client("admin").post("/admin/pairs/%d/rematch" % pid,
                                    {"side": "senior", "candidate": str(c.apps[m["free"]])},
                                    token=rmtest.forge_token(server, "admin",
                                                             action="/admin/pairs/%d/rematch"
                                                             % pid))
    assert r.status_code == 409 and "can no longer be rematched" in text_of(r)
    # the former Mentor's side: every Senior Mentor is paired, no one to offer
    r, doc = server.client("admin").page("/admin/pairs/%d/rematch?side=mentor" % pid)
    assert "No one can be offered now." in text_of(r)
    assert table_rows(doc, "h-candidates") == []
    assert other  # the other pair is untouched
    assert server_sql(server, "SELECT status FROM pair WHERE id = %d;" % other) == [("active",)]


# ==== the home page ==================================================================

def test_home_page_links_to_the_pair_page(server):
    c, pairs = published(server, seniors=fresh_execs(server, 1))
    m, s = c.mentors[0], c.seniors[0]
    pid = pairs[m]
    for user, partner in ((m, exec_name(s)), (s, display_name(m))):
        _, doc = server.client(user).page("/")
        links = doc.xpath("//section[@aria-labelledby='h-pair']//a[@href='/mentoring/pairs/%d']"
                          % pid)
        assert [a.text_content() for a in links] == ["Your pair: meetings, notes and check-in"]
        r, doc = server.client(user).page(links[0].get("href").replace("/mentoring", "", 1))
        assert doc.xpath("string(//h1)") == "Your mentoring pair: " + partner
