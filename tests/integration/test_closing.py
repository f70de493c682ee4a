"""The close of the programme's year (features/closing): the end-of-programme
event (set up by the programme's admins, replies with access needs only the
admins read, places, attendance), the post-programme evaluation (its window,
the question set editable until it opens, one response per participant,
changed while open, response rates) and reflective learning (private,
cohort and sector entries, the learning digest).  Who may see what: 404 for
everyone outside the programme, the team read-only where it should be, a
participant's own records only.  Both backends, through the `server`
fixture.  Free text never reaches the audit trail."""
import uuid

import lxml.html

import rmtest
from rmtest import days, text_of
from cohort import said, definitions, server_sql
from test_checkin import Year, forged_post, has_form, error_summary


def event_path(y):
    return "/programmes/%d/end-event" % y.pid


def team_event_path(y):
    return "/admin/programmes/%d/end-event" % y.pid


EVENT = {"date": days(30), "starts": "14:00", "ends": "17:00", "place": "Great Hall",
         "link": "", "capacity": "1", "details": "Talks from the cohort, then tea."}


def audit_has(server, text):
    return server_sql(server, "SELECT count(*) FROM audit WHERE detail LIKE '%%%s%%'"
                      % text) != [("0",)]


# ---- the end event ---------------------------------------------------------------

def test_end_event_set_up_replies_places_and_attendance(server):
    y = Year(server, n=2)
    (p1, m1, s1), (p2, m2, s2) = y.pairs
    admin = server.client("admin")
    # before it is set up: participants are told, and cannot reply
    r = server.client(m1).get(event_path(y))
    assert r.status_code == 200 and "not set up the event yet" in text_of(r)
    r = forged_post(server, m1, event_path(y), {"answer": "yes"})
    assert r.status_code == 409
    # the admin's form: errors named
    r = admin.post(team_event_path(y), {"date": "", "starts": "", "ends": "", "place": "",
                                        "link": "", "capacity": "x", "details": ""})
    assert r.status_code == 422, said(r)
    errs = " ".join(error_summary(lxml.html.fromstring(r.content)))
    for what in ("date", "start time", "end time", "number of places"):
        assert what in errs, errs
    r = admin.post(team_event_path(y), dict(EVENT, ends="13:00", place=""))
    assert r.status_code == 422
    t = text_of(r)
    assert "end time must be after" in t and "Enter a place, an online link, or both" in t
    r = admin.post(team_event_path(y), EVENT)
    assert r.status_code == 303, said(r)
    # a participant replies yes with access needs; the only place is taken
    r, doc = server.client(m1).page(event_path(y))
    assert "Great Hall" in text_of(r) and "1 of 1 place left" in text_of(r)
    secret = "hearing loop " + uuid.uuid4().hex[:8]
    r = server.client(m1).post(event_path(y), {"answer": "yes", "access_needs": secret})
    assert r.status_code == 303, said(r)
    r = server.client(m2).post(event_path(y), {"answer": "yes", "access_needs": ""})
    assert r.status_code == 409 and "The only place at the event is taken" in text_of(r)
    r = server.client(m2).post(event_path(y), {"answer": "maybe", "access_needs": ""})
    assert r.status_code == 303
    r = server.client(s1).post(event_path(y), {"answer": "", "access_needs": "x" * 1001})
    assert r.status_code == 422
    t = text_of(r)
    assert "whether you will come" in t and "access needs" in t
    # a change of reply keeps one row
    r = server.client(m1).post(event_path(y), {"answer": "yes", "access_needs": secret})
    assert r.status_code == 303
    assert server_sql(server, "SELECT answer, access_needs FROM event_reply WHERE "
                      "programme_id = %d AND person_id = %d" % (y.pid, y.person[m1])) \
        == [("yes", secret)]
    # access needs: admins only, never in the audit
    r, doc = admin.page(team_event_path(y))
    assert secret in text_of(r)
    y.c.team("facilitator", "facilitator")
    r, doc = server.client("facilitator").page(team_event_path(y))
    assert secret not in text_of(r) and "Coming" in text_of(r)
    assert not doc.xpath("//form[@method='post']")
    r = forged_post(server, "facilitator", team_event_path(y), EVENT)
    assert r.status_code == 403
    assert not audit_has(server, secret[-8:])
    # others: 404, whatever page
    for user, path in (("staff1", event_path(y)), ("staff1", team_event_path(y)),
                       (m1, team_event_path(y)), ("admin2", team_event_path(y))):
        assert server.client(user).get(path).status_code == 404, (user, path)
    assert forged_post(server, "staff1", event_path(y), {"answer": "no"}).status_code == 404
    # attendance: not before the day
    r = forged_post(server, "admin", team_event_path(y) + "/attendance",
                    {"att-%d" % y.person[m1]: "1"})
    assert r.status_code == 409
    # the day comes: replies close, the register opens
    r = admin.post(team_event_path(y), dict(EVENT, date=days(0)))
    assert r.status_code == 303
    assert forged_post(server, m2, event_path(y), {"answer": "no"}).status_code == 409
    r = admin.post(team_event_path(y) + "/attendance", {"att-%d" % y.person[m1]: "maybe"},
                   token_from=team_event_path(y))
    assert r.status_code == 400
    r = admin.post(team_event_path(y) + "/attendance",
                   {"att-%d" % y.person[m1]: "1", "att-%d" % y.person[m2]: "0",
                    "att-%d" % y.person[s1]: "1", "att-%d" % y.person[s2]: ""},
                   token_from=team_event_path(y))
    assert r.status_code == 303, said(r)
    got = dict(server_sql(server, "SELECT person_id, answer || ':' || coalesce(attended, -1) "
                          "FROM event_reply WHERE programme_id = %d" % y.pid))
    assert got == {str(y.person[m1]): "yes:1", str(y.person[m2]): "maybe:0",
                   str(y.person[s1]): "none:1"}, got
    r = server.client(m1).get(event_path(y))
    assert "recorded that you attended" in text_of(r)
    assert not has_form(lxml.html.fromstring(r.content))
    assert server_sql(server, "SELECT count(*) FROM audit WHERE action = 'event.attendance' "
                      "AND entity_id = %d" % y.pid) == [("1",)]


# ---- the evaluation --------------------------------------------------------------

def eval_path(y):
    return "/programmes/%d/evaluation" % y.pid


def team_eval_path(y):
    return "/admin/programmes/%d/evaluation" % y.pid


def answers(**over):
    a = {"q1": "5", "q2": "4", "q3": "5", "q4": "3", "q5": "4",
         "q6": "Meeting an executive who listened.", "q7": "", "q8": ""}
    a.update(over)
    return a


def test_evaluation_questions_window_and_responses(server):
    y = Year(server, n=2)          # started 200 days ago: 12 months, not over
    (p1, m1, s1), (p2, m2, s2) = y.pairs
    admin = server.client("admin")
    # upcoming: said when, nothing accepted
    r, doc = server.client(m1).page(eval_path(y))
    assert "The evaluation opens on" in text_of(r) and not has_form(doc)
    assert forged_post(server, m1, eval_path(y), answers()).status_code == 409
    # the admin edits the default questions before it opens
    r, doc = admin.page(team_eval_path(y))
    assert "These are the default questions" in text_of(r)
    words = doc.xpath("//input[@name='w1']/@value")[0]
    assert words == "Overall, how valuable was the programme to you?"
    form = {"w%d" % i: doc.xpath("//input[@name='w%d']/@value" % i)[0] for i in range(1, 9)}
    form.update({"w1": "Overall, how useful was the programme?", "remove8": "1",
                 "new_kind": "text", "new_wording": "Anything else?"})
    r = admin.post(team_eval_path(y), form)
    assert r.status_code == 303, said(r)
    qs = server_sql(server, "SELECT position, kind, wording FROM eval_question WHERE "
                    "programme_id = %d ORDER BY position" % y.pid)
    assert len(qs) == 8 and qs[0] == ("1", "rating", "Overall, how useful was the programme?")
    assert qs[-1] == ("8", "text", "Anything else?")
    r = admin.post(team_eval_path(y), dict(form, w2="", new_wording="x", new_kind="bogus"))
    assert r.status_code == 422
    y.c.team("facilitator", "facilitator")
    r, doc = server.client("facilitator").page(team_eval_path(y))
    assert not doc.xpath("//form[@method='post']") and "Anything else?" in text_of(r)
    assert forged_post(server, "facilitator", team_eval_path(y), form).status_code == 403
    # the programme ends: the evaluation is open for 6 weeks
    y.dates(start=-370)
    assert forged_post(server, "admin", team_eval_path(y), form).status_code == 409
    r, doc = server.client(m1).page(eval_path(y))
    assert "The evaluation is open until" in text_of(r)
    assert doc.xpath("//input[@name='q1']") and doc.xpath("//textarea[@name='q8']")
    r = server.client(m1).post(eval_path(y), {"q1": "9"})
    assert r.status_code == 422
    errs = error_summary(lxml.html.fromstring(r.content))
    assert len(errs) == 5, errs          # the five ratings
    private = "Private answer " + uuid.uuid4().hex[:8]
    r = server.client(m1).post(eval_path(y), answers(q7=private))
    assert r.status_code == 303, said(r)
    assert server_sql(server, "SELECT role, named FROM eval_response WHERE programme_id = %d"
                      % y.pid) == [("mentor", "0")]
    assert server_sql(server, "SELECT count(*) FROM eval_answer a JOIN eval_response r ON "
                      "r.id = a.response_id WHERE r.programme_id = %d" % y.pid) == [("7",)]
    # shown again, changed: still one response
    r, doc = server.client(m1).page(eval_path(y))
    assert doc.xpath("//input[@name='q1'][@value='5']/@checked")
    assert private in text_of(r)
    r = server.client(m1).post(eval_path(y), answers(q1="2", named="1"))
    assert r.status_code == 303
    assert server_sql(server, "SELECT count(*), max(named) FROM eval_response WHERE "
                      "programme_id = %d" % y.pid) == [("1", "1")]
    assert not audit_has(server, private[-8:])
    # the partner cannot read it; the team sees the rate
    r = server.client(s1).get(eval_path(y))
    assert r.status_code == 200 and private not in text_of(r)
    r, doc = admin.page(team_eval_path(y))
    t = text_of(r)
    assert "25%" in t and "The evaluation has opened" in t, t
    # questions fixed once answers exist, whoever asks
    assert forged_post(server, "admin", team_eval_path(y), form).status_code == 409
    # outsiders
    for user, path in (("staff1", eval_path(y)), ("staff1", team_eval_path(y)),
                       (m2, team_eval_path(y))):
        assert server.client(user).get(path).status_code == 404, (user, path)
    # closed: own answers read only
    y.dates(start=-500)
    r, doc = server.client(m1).page(eval_path(y))
    assert "closed on" in text_of(r) and not has_form(doc)
    d = definitions(doc)
    assert d["Overall, how useful was the programme?"] == "2: A little"
    assert forged_post(server, m1, eval_path(y), answers()).status_code == 409


# ---- reflective learning ---------------------------------------------------------

def entry(server, pid, user, title, visibility, body=None, expect=303):
    r = server.client(user).post("/reflections", {"title": title, "visibility": visibility,
                                                  "body": body or ("About " + title),
                                                  "programme": str(pid)})
    assert r.status_code == expect, said(r)
    rows = server_sql(server, "SELECT id FROM reflection WHERE title = '%s'" % title)
    return int(rows[0][0]) if rows else None


def test_reflections_visibility_and_digest(server):
    y = Year(server, n=2)
    (p1, m1, s1), (p2, m2, s2) = y.pairs
    tag = uuid.uuid4().hex[:6]
    r = server.client(m1).post("/reflections", {"title": "", "body": "", "visibility": "all"})
    assert r.status_code == 422
    t = text_of(r)
    assert "title" in t and "your reflection" in t and "who can read it" in t
    # only for one of the person's own programmes
    other = rmtest.create_programme(server, "admin")
    r = server.client(m1).post("/reflections", {"title": "x", "body": "y",
                                                "visibility": "private",
                                                "programme": str(other)})
    assert r.status_code == 422 and "Choose one of your programmes" in text_of(r)
    # the home page leads here
    r, doc = server.client(m1).page("/")
    links = doc.xpath("//section[@aria-labelledby='h-closing']//a/@href")
    for path in ("/reflections", "/programmes/%d/end-event" % y.pid,
                 "/programmes/%d/evaluation" % y.pid, "/programmes/%d/learning" % y.pid,
                 "/programmes/%d/careers" % y.pid):
        assert any(h.endswith(path) for h in links), (path, links)
    priv = entry(server, y.pid, m1, "Private " + tag, "private", body="Only mine " + tag)
    coh = entry(server, y.pid, m1, "Cohort " + tag, "cohort")
    sec = entry(server, y.pid, s1, "Sector " + tag, "sector")
    # mine only, on my page
    t = text_of(server.client(m1).get("/reflections"))
    assert "Private " + tag in t and "Cohort " + tag in t and "Sector " + tag not in t
    assert "Private " + tag not in text_of(server.client(m2).get("/reflections"))
    for user in (m2, s1, "admin"):
        assert server.client(user).get("/reflections/%d/edit" % priv).status_code == 404
        assert forged_post(server, user, "/reflections/%d/edit" % priv,
                           {"title": "x", "body": "y", "visibility": "cohort"}).status_code == 404
        assert forged_post(server, user, "/reflections/%d/delete" % priv).status_code == 404
    # the cohort reads the shared ones, never the private one
    learning = "/programmes/%d/learning" % y.pid
    t = text_of(server.client(m2).get(learning))
    assert "Cohort " + tag in t and "Sector " + tag in t and "Private " + tag not in t
    assert server.client("staff1").get(learning).status_code == 404
    team = "/admin/programmes/%d/learning" % y.pid
    admin = server.client("admin")
    t = text_of(admin.get(team))
    assert "Cohort " + tag in t and "Private " + tag not in t
    t = text_of(admin.get(team + "?show=sector"))
    assert "Sector " + tag in t and "Cohort " + tag not in t
    assert admin.get(team + "?show=bogus").status_code == 400
    # the digest
    r = admin.post(team, {"reflection": str(coh), "digest": "1"})
    assert r.status_code == 303, said(r)
    digest = "/programmes/%d/digest" % y.pid
    assert "Cohort " + tag in text_of(server.client(s2).get(digest))
    assert admin.post(team, {"reflection": str(priv), "digest": "1"}).status_code == 404
    y.c.team("facilitator", "facilitator")
    assert server.client("facilitator").get(digest).status_code == 200
    assert forged_post(server, "facilitator", team,
                       {"reflection": str(sec), "digest": "1"}).status_code == 403
    # made private again: out of the digest and of the cohort's view
    r = server.client(m1).post("/reflections/%d/edit" % coh,
                               {"title": "Cohort " + tag, "body": "Changed", "visibility": "private"})
    assert r.status_code == 303, said(r)
    assert "Cohort " + tag not in text_of(server.client(s2).get(digest))
    assert server_sql(server, "SELECT in_digest FROM reflection WHERE id = %d" % coh) == [("0",)]
    # deleted by its author
    r = server.client(m1).post("/reflections/%d/delete" % priv, {},
                               token_from="/reflections/%d/edit" % priv)
    assert r.status_code == 303
    assert server_sql(server, "SELECT count(*) FROM reflection WHERE id = %d" % priv) == [("0",)]
    # someone in no programme: told, no form, nothing accepted
    r, doc = server.client("staff1").page("/reflections")
    assert "for the participants of a programme" in text_of(r) and not has_form(doc)
    assert forged_post(server, "staff1", "/reflections",
                       {"title": "x", "body": "y", "visibility": "private"}).status_code == 404
    assert not audit_has(server, "Only mine")


def test_programme_form_keeps_evaluation_and_reminder_weeks(server):
    pid = rmtest.create_programme(server, "admin", eval_weeks="8", quiet_weeks="0")
    assert server_sql(server, "SELECT eval_weeks, quiet_weeks FROM programme WHERE id = %d"
                      % pid) == [("8", "0")]
    pid = rmtest.create_programme(server, "admin")
    assert server_sql(server, "SELECT eval_weeks, quiet_weeks FROM programme WHERE id = %d"
                      % pid) == [("6", "6")]
