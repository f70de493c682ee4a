"""The pairs' year for the partners and the team: the pair page, meetings
(log, confirm, dispute, correct, withdraw) toward the minimum and the pace,
private notes, the team's table and pair page, ending early, requests to
end, rematching.  Both backends through the `server` fixture."""
import datetime
import time

import rmtest
from rmtest import text_of
from cohort import Cohort, fresh_users, display_name, server_sql, table_rows, definitions


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
    return c, pairs


def log(server, user, pid, held_on, minutes="60", mode="online", agenda="", expect=303):
    r = server.client(user).post("/pairs/%d/meetings" % pid,
                                 {"held_on": held_on, "minutes": minutes, "mode": mode,
                                  "agenda": agenda},
                                 token_from="/pairs/%d" % pid)
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
                                      token_from="/pairs/%d" % pid)
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
