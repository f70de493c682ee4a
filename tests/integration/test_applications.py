"""The applications flow end to end: programme set-up, both application
forms, editing, withdrawal, review with filters, decisions and capacity."""
import re

import rmtest
from rmtest import apply, app_id, text_of, html


def test_smoke_home_page(server):
    r, doc = server.client("staff1").page("/")
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.text.startswith("<!DOCTYPE html>")
    assert doc.findtext(".//h1") == "Reciprocal mentoring"
    assert "Signed in as Sam Taylor" in text_of(r)
    # no admin section for plain staff
    assert "Programmes you run" not in r.text


def test_stylesheet_is_served(server):
    r = server.client("staff1").get("/static/rmentor.css")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/css")
    assert "error-summary" in r.text


def test_admin_creates_programme_with_defaults(server):
    c = server.client("admin")
    r, doc = c.page("/admin/programmes/new")
    # defaults: 12 months, 6 meetings of 60 minutes, min grade 8
    assert doc.get_element_by_id("f-length_months").get("value") == "12"
    assert doc.get_element_by_id("f-min_meetings").get("value") == "6"
    assert doc.get_element_by_id("f-meeting_minutes").get("value") == "60"
    pid = rmtest.create_programme(server, name="Defaults programme",
                                  start_date="2031-01-15", apply_opens="2030-10-01",
                                  apply_closes="2030-11-30")
    r, doc = c.page("/admin/programmes/%d/edit" % pid)
    # check-in defaults to halfway, the end event to the last day
    assert doc.get_element_by_id("f-checkin_date").get("value") == "2031-07-15"
    assert doc.get_element_by_id("f-end_event_date").get("value") == "2032-01-15"
    r = c.get("/")
    assert "Defaults programme" in r.text      # "Programmes you run"
    r = server.client("staff1").get("/programmes/%d" % pid)
    assert "Applications for this programme open on 1 October 2030" in text_of(r)


def test_admin_edits_programme(server, programme):
    c = server.client("admin")
    path = "/admin/programmes/%d/edit" % programme
    r = c.post(path, rmtest.programme_form(name="Renamed programme", capacity_mentor="3"))
    assert r.status_code == 303
    assert r.headers["Location"].endswith(path + "?done=saved")
    r, doc = c.page(path + "?done=saved")
    assert "The programme has been saved." in text_of(r)
    assert doc.get_element_by_id("f-name").get("value") == "Renamed programme"
    assert doc.get_element_by_id("f-capacity_mentor").get("value") == "3"


def test_mentor_applies_edits_withdraws_and_reapplies(server, programme):
    r = apply(server, "mentor1", programme, gain="Sponsorship and networks.")
    assert r.status_code == 303, r.text[:500]
    aid = app_id(r)
    assert r.headers["Location"].endswith("/applications/%d?done=submitted" % aid)
    me = server.client("mentor1")
    r, doc = me.page("/applications/%d?done=submitted" % aid)
    t = text_of(r)
    assert "Your application has been submitted." in t
    assert "Waiting for a decision" in t
    assert "Sponsorship and networks." in t
    assert "8 (from HR records)" in t
    # home page lists it
    assert "/applications/%d" % aid in me.get("/").text
    # the form is pre-filled for editing
    r, doc = me.page("/programmes/%d/apply/mentor" % programme)
    assert doc.get_element_by_id("f-gain").text == "Sponsorship and networks."
    assert doc.get_element_by_id("f-self_identified").get("checked") == "checked"
    r = apply(server, "mentor1", programme, gain="Changed my mind.")
    assert r.status_code == 303 and app_id(r) == aid
    assert "Changed my mind." in me.get("/applications/%d" % aid).text
    # withdraw
    r = me.post("/applications/%d/withdraw" % aid, token_from="/applications/%d" % aid)
    assert r.status_code == 303
    t = text_of(me.get("/applications/%d" % aid))
    assert "Withdrawn" in t and "Submit this application again" in t
    # re-submit the same record
    r = apply(server, "mentor1", programme)
    assert r.status_code == 303 and app_id(r) == aid
    assert "Waiting for a decision" in text_of(me.get("/applications/%d" % aid))


def test_senior_applies(server, programme):
    r = apply(server, "senior1", programme, role="senior")
    assert r.status_code == 303, r.text[:500]
    t = text_of(server.client("senior1").get("/applications/%d" % app_id(r)))
    assert "Senior Mentor" in t and "Registrar" in t and "Race equality." in t


def test_mentor_without_hr_grade_states_it(server, programme):
    c = server.client("mentor4")
    r, doc = c.page("/programmes/%d/apply/mentor" % programme)
    assert doc.get_element_by_id("f-grade").tag == "select"
    r = apply(server, "mentor4", programme, grade="9")
    assert r.status_code == 303, r.text[:600]
    assert "9 (stated by the applicant)" in text_of(c.get("/applications/%d" % app_id(r)))


def test_admin_reviews_filters_sorts_and_decides(server):
    pid = rmtest.create_programme(server, capacity_mentor="1", name="Review programme")
    a1 = app_id(apply(server, "mentor1", pid))
    a2 = app_id(apply(server, "mentor2", pid))
    s1 = app_id(apply(server, "senior2", pid, role="senior"))
    adm = server.client("admin")
    base = "/admin/programmes/%d/applications" % pid
    r, doc = adm.page(base)
    t = text_of(r)
    assert "3 applications" in t
    assert "Places and applications by role" in t
    # filters
    r = adm.get(base + "?role=senior")
    t = text_of(r)
    assert html(r).get_element_by_id("h-results").text == "1 application"
    assert "Robert Kerr" in t and "Amara Okafor" not in t
    t = text_of(adm.get(base + "?q=priya"))
    assert "Priya Shah" in t and "Amara Okafor" not in t
    # sort by name: Amara before Priya before Robert
    t = text_of(adm.get(base + "?sort=name"))
    assert t.index("Amara Okafor") < t.index("Priya Shah") < t.index("Robert Kerr")
    t = text_of(adm.get(base + "?sort=newest"))
    assert t.index("Robert Kerr") < t.index("Amara Okafor")
    # bad filter values are named
    r = adm.get(base + "?status=bogus")
    assert r.status_code == 400 and "status" in text_of(r)
    # decide: accept mentor1 (capacity 1)
    r = adm.post("/admin/applications/%d/decision" % a1,
                 {"decision": "accepted", "reason": "Welcome aboard."},
                 token_from="/applications/%d" % a1)
    assert r.status_code == 303, r.text[:600]
    # capacity is full: accepting mentor2 is refused and says why
    r = adm.post("/admin/applications/%d/decision" % a2,
                 {"decision": "accepted", "reason": ""}, token_from="/applications/%d" % a2)
    assert r.status_code == 409
    assert "All 1 places for Mentors are taken" in text_of(r)
    # waitlist needs a reason
    r = adm.post("/admin/applications/%d/decision" % a2,
                 {"decision": "waitlisted", "reason": ""}, token_from="/applications/%d" % a2)
    assert r.status_code == 422
    doc = html(r)
    assert doc.cssselect(".error-summary a[href='#f-reason']")
    r = adm.post("/admin/applications/%d/decision" % a2,
                 {"decision": "waitlisted", "reason": "All places are taken for now."},
                 token_from="/applications/%d" % a2)
    assert r.status_code == 303
    r = adm.post("/admin/applications/%d/decision" % s1,
                 {"decision": "declined", "reason": "We have enough Senior Mentors."},
                 token_from="/applications/%d" % s1)
    assert r.status_code == 303
    # the applicants see status and reason
    t = text_of(server.client("mentor1").get("/applications/%d" % a1))
    assert "Accepted" in t and "Welcome aboard." in t
    t = text_of(server.client("mentor2").get("/applications/%d" % a2))
    assert "On the waiting list" in t and "All places are taken for now." in t
    t = text_of(server.client("senior2").get("/applications/%d" % s1))
    assert "Not accepted" in t and "We have enough Senior Mentors." in t
    # a decided application can no longer be edited
    me = server.client("mentor1")
    assert me.get("/programmes/%d/apply/mentor" % pid).status_code == 409
    # (the form is gone: a valid token of mentor1's own for the form's path)
    path = "/programmes/%d/apply/mentor" % pid
    r = me.post(path, rmtest.MENTOR_FORM, token=rmtest.forge_token(server, "mentor1",
                                                                   action=path))
    assert r.status_code == 409 and "can no longer be changed" in text_of(r)
    # one word per status in the list, its filter and the counts, shown as a
    # tag whose text is the word (colour is never the only cue)
    r, doc = adm.page(base)
    tags = {t.get("class"): t.text_content() for t in doc.cssselect("main strong.tag")}
    assert tags == {"tag tag-accepted": "Accepted", "tag tag-waitlisted": "On the waiting list",
                    "tag tag-declined": "Not accepted"}, tags
    options = [o.text_content() for o in doc.cssselect("#f-status option")]
    assert options == ["Any status", "Waiting for a decision", "Accepted",
                       "On the waiting list", "Not accepted", "Withdrawn"]
    heads = [th.text_content() for th in doc.xpath(
        "//table[caption[contains(., 'Places')]]//thead//th")]
    assert heads[2:] == ["Accepted", "On the waiting list", "Waiting for a decision",
                         "Not accepted", "Withdrawn"]
    for user, aid, word in (("mentor1", a1, "Accepted"), ("mentor2", a2, "On the waiting list"),
                            ("senior2", s1, "Not accepted")):
        c = server.client(user)
        r, doc = c.page("/applications/%d" % aid)
        assert [t.text_content() for t in doc.cssselect("dl strong.tag")] == [word]
        r, doc = c.page("/")
        assert word in [t.text_content() for t in doc.cssselect("main td strong.tag")]
        r, doc = c.page("/programmes/%d" % pid)
        assert word in [t.text_content() for t in doc.cssselect("main p strong.tag")]
    css = adm.get("/static/rmentor.css").text
    for status in ("submitted", "accepted", "waitlisted", "declined", "withdrawn"):
        assert ".tag-%s{" % status in css
    # counts by role
    r = adm.get(base + "?status=accepted")
    assert html(r).get_element_by_id("h-results").text == "1 application"
    assert "Amara Okafor" in text_of(r)


def test_paging(server):
    pid = rmtest.create_programme(server, name="Paging programme", capacity_mentor="100")
    users = server.add_load_users(27, start=100)
    for u in users:
        assert apply(server, u, pid).status_code == 303
    adm = server.client("admin")
    base = "/admin/programmes/%d/applications" % pid
    r, doc = adm.page(base + "?sort=oldest")
    assert "27 applications" in text_of(r)
    assert len(doc.cssselect("#main table")[1].cssselect("tbody tr")) == 25
    nxt = doc.xpath("//a[text()='Next page']")[0].get("href")
    assert "page=2" in nxt
    r, doc = adm.page(nxt[len("/mentoring"):])
    assert len(doc.cssselect("#main table")[1].cssselect("tbody tr")) == 2
    assert "Page 2 of 2" in text_of(r)


def test_withdrawn_cannot_be_decided(server, programme):
    aid = app_id(apply(server, "mentor2", programme))
    me = server.client("mentor2")
    adm = server.client("admin")
    token = adm.token("/applications/%d" % aid,
                      action="/admin/applications/%d/decision" % aid)
    assert me.post("/applications/%d/withdraw" % aid,
                   token_from="/applications/%d" % aid).status_code == 303
    r = adm.post("/admin/applications/%d/decision" % aid,
                 {"decision": "accepted", "reason": ""}, token=token)
    assert r.status_code == 409
    assert "withdrawn" in text_of(r)


def test_audit_trail_has_codes_not_content(server, programme):
    aid = app_id(apply(server, "mentor1", programme, gain="SECRET-GAIN-TEXT"))
    rows = server_sql(server, "SELECT actor, action, entity, entity_id, detail FROM audit "
                              "WHERE entity = 'application' AND entity_id = %d" % aid)
    assert ("mentor1", "application.submit", "application", str(aid), "mentor") in rows
    dump = server_sql(server, "SELECT * FROM audit")
    assert "SECRET-GAIN-TEXT" not in repr(dump)
    assert "csrf" not in repr(dump).lower()


def server_sql(server, sql):
    """Read the server's database directly (sqlite3 CLI or psql)."""
    import subprocess
    if server.db == "sqlite3":
        out = subprocess.run(["sqlite3", "-separator", "\t",
                              server.dir + "/db/rmentor.db", sql],
                             capture_output=True, text=True, check=True).stdout
    else:
        params = dict(kv.split("=", 1) for kv in server.pg_params.split())
        out = subprocess.run(["psql", "-h", params["host"], "-p", params["port"],
                              "-U", params["user"], "-d", params["dbname"], "-AtF", "\t",
                              "-c", sql], capture_output=True, text=True, check=True,
                             env={"PGPASSWORD": params["password"], "PATH": "/usr/bin"}).stdout
    return [tuple(line.split("\t")) for line in out.splitlines() if line]


def test_totals_match_the_rows_listed_for_every_filter(server):
    """The heading's total (from the counts per role and status when there is
    no name search, from a count of the matches otherwise) is the number of
    rows the pages list, for every role and status filter and every sort."""
    pid = rmtest.create_programme(server, name="Totals programme", capacity_mentor="100")
    users = server.add_load_users(28, start=300)
    apps = [app_id(apply(server, u, pid)) for u in users]
    seniors = [app_id(apply(server, u, pid, role="senior")) for u in ("senior1", "senior2")]
    adm = server.client("admin")
    for aid, dec in [(apps[0], "accepted"), (apps[1], "accepted"), (apps[2], "waitlisted"),
                     (apps[3], "declined"), (seniors[0], "accepted")]:
        r = adm.post("/admin/applications/%d/decision" % aid,
                     {"decision": dec, "reason": "Totals test."},
                     token_from="/applications/%d" % aid)
        assert r.status_code == 303, r.text[:600]
    me = server.client(users[4])
    assert me.post("/applications/%d/withdraw" % apps[4],
                   token_from="/applications/%d" % apps[4]).status_code == 303
    base = "/admin/programmes/%d/applications" % pid
    expected = {("", ""): 30, ("mentor", ""): 28, ("senior", ""): 2,
                ("", "accepted"): 3, ("mentor", "accepted"): 2, ("senior", "accepted"): 1,
                ("", "submitted"): 24, ("mentor", "submitted"): 23,
                ("senior", "submitted"): 1, ("mentor", "withdrawn"): 1,
                ("senior", "declined"): 0, ("", "waitlisted"): 1}
    for (role, status), want in expected.items():
        for sort in ("oldest", "newest", "name", "status"):
            for q in ("", "e"):          # "e": every name here has one
                seen, page = [], 1
                while True:
                    r, doc = adm.page(base + "?role=%s&status=%s&sort=%s&q=%s&page=%d"
                                      % (role, status, sort, q, page))
                    head = doc.get_element_by_id("h-results").text
                    assert head == "%d application%s" % (want, "" if want == 1 else "s"), \
                        (role, status, sort, q, head)
                    tables = doc.cssselect("#main table")
                    if len(tables) > 1:
                        seen += [a.get("href") for a in tables[1].cssselect("tbody tr td a")]
                    if not doc.xpath("//a[text()='Next page']"):
                        break
                    page += 1
                assert len(seen) == want and len(set(seen)) == want, (role, status, sort, q)
