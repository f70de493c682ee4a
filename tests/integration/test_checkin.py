"""The mid-point check-in and support actions (features/checkin): the window
(upcoming, open, closed), a partner's own answers saved, changed and never
shown to the other partner, the form's named errors, the pairs at risk (each
rule alone and together, with whose they are), support actions from open to
done or dropped, overdue actions, owners from the team only, and 404 for
everyone else whatever ids they try.  Both backends, through the `server`
fixture.

A programme is put in its year by SQL after publishing (server_sql): its
start 200 days ago (12 months, 6 meetings: the pace expects 3 by today) or
20 days ago (none expected yet), and its check-in date today (open), in the
future (upcoming) or 40 days ago (closed after its 4 weeks).  Mentors are
fresh load accounts ("Load Tester N"), Senior Mentors fresh exec accounts
("Executive N"), so that every pair of a cohort can be made."""
import datetime
import re
import uuid

import rmtest
from rmtest import days, text_of
from cohort import Cohort, fresh_users, display_name, said, table_rows, definitions, \
    server_sql, wait_until


def human(iso):
    d = datetime.date.fromisoformat(iso)
    return "%d %s" % (d.day, d.strftime("%B %Y"))


def name(user):
    m = re.match(r"exec(\d+)$", user)
    return "Executive %s" % m.group(1) if m else display_name(user)


def fresh_execs(server, n):
    k = getattr(server, "_checkin_execs", 0)
    server._checkin_execs = k + n
    return server.add_load_users(n, start=71000 + k, prefix="exec")


class Year:
    """A published programme of n pairs, mid-year."""

    def __init__(self, server, n=1, start=-200, checkin=0, weeks=4):
        self.server = server
        self.c = Cohort(server, capacity_mentor=str(max(n, 10)),
                        capacity_senior=str(max(n, 10)))
        self.pid = self.c.pid
        self.mentors = fresh_users(server, n)
        self.seniors = fresh_execs(server, n)
        for u in self.mentors:
            self.c.apply(u, "mentor")
        for u in self.seniors:
            self.c.apply(u, "senior")
        self.c.accept_all()
        self.c.override_all()
        self.c.run()
        self.c.publish()
        rows = server_sql(server, "SELECT pr.id, m.principal, s.principal, pr.mentor_id, "
                          "pr.senior_id FROM pair pr JOIN person m ON m.id = pr.mentor_id "
                          "JOIN person s ON s.id = pr.senior_id WHERE pr.programme_id = %d "
                          "AND pr.status = 'active'" % self.pid)
        assert len(rows) == n, rows
        self.pairs = []         # [(pair id, mentor user, senior user)], by mentor
        self.person = {}        # user -> person id
        for pid_, mp, sp, mid, sid in rows:
            mu, su = mp.split("@")[0], sp.split("@")[0]
            self.pairs.append((int(pid_), mu, su))
            self.person[mu], self.person[su] = int(mid), int(sid)
        self.pairs.sort(key=lambda t: self.mentors.index(t[1]))
        self.dates(start=start, checkin=checkin, weeks=weeks)

    def outside(self, sql):
        """SQL as another program would run it; then wait until the module's
        pages read what it changed (PostgreSQL notifies each child's cache
        a moment later)."""
        marker = "Changed outside " + uuid.uuid4().hex
        server_sql(self.server, sql.rstrip("; ") + "; UPDATE programme SET description = "
                   "'%s' WHERE id = %d" % (marker, self.pid))
        assert wait_until(lambda: marker in text_of(
            self.server.client("staff1").get("/programmes/%d" % self.pid)), timeout=10)

    def dates(self, start=-200, checkin=0, weeks=4):
        self.outside("UPDATE programme SET start_date = '%s', checkin_date = '%s', "
                     "checkin_weeks = %d WHERE id = %d" % (days(start), days(checkin),
                                                           weeks, self.pid))

    def meetings(self, pair, n):
        pid_, mu, _ = pair
        self.outside("; ".join(
            "INSERT INTO meeting (pair_id, held_on, minutes, mode, status, logged_by, "
            "logged_at, updated_at) VALUES (%d, '%s', 60, 'online', 'confirmed', %d, 0, 0)"
            % (pid_, days(-10 - i), self.person[mu]) for i in range(n)))

    @property
    def overview(self):
        return "/admin/programmes/%d/checkins" % self.pid


def checkin_path(pair):
    return "/pairs/%d/checkin" % pair[0]


def support_path(pair):
    return "/admin/pairs/%d/support" % pair[0]


ANSWERS = {"rating": "4", "on_plan": "yes", "going_well": "We meet every month.",
           "hard": "Finding time.", "wants_support": "no", "support_kind": ""}


def answer(server, user, pair, expect=303, **over):
    form = dict(ANSWERS)
    form.update(over)
    r = server.client(user).post(checkin_path(pair), form)
    assert r.status_code == expect, (user, r.status_code, said(r))
    return r


def forged_post(server, user, path, data=None):
    return server.client(user).post(path, data or {},
                                    token=rmtest.forge_token(server, user, action=path))


def has_form(doc):
    return bool(doc.xpath("//form[@method='post']"))


def error_summary(doc):
    return [" ".join(li.text_content().split())
            for li in doc.xpath("//div[@class='error-summary']//li")]


def error_links(doc):
    return doc.xpath("//div[@class='error-summary']//li/a/@href")


# ---- the window -------------------------------------------------------------------

def test_window_upcoming_open_and_closed(server):
    y = Year(server, checkin=10)
    pair = y.pairs[0]
    _, mentor, senior = pair
    # upcoming: when it opens, no form, a POST refused
    r, doc = server.client(mentor).page(checkin_path(pair))
    t = text_of(r)
    assert "The check-in opens on %s" % human(days(10)) in t
    assert "stays open until %s" % human(days(10 + 27)) in t
    assert not has_form(doc)
    r = forged_post(server, mentor, checkin_path(pair), ANSWERS)
    assert r.status_code == 409 and "The check-in opens on %s" % human(days(10)) in text_of(r)
    assert server_sql(server, "SELECT count(*) FROM checkin WHERE pair_id = %d"
                      % pair[0]) == [("0",)]
    # open: the form
    y.dates(checkin=0)
    r, doc = server.client(mentor).page(checkin_path(pair))
    assert "open until %s" % human(days(27)) in text_of(r)
    assert doc.xpath("//form[@method='post']//input[@name='rating']")
    answer(server, mentor, pair)
    # the last open day is still open
    y.dates(checkin=-27)
    answer(server, mentor, pair, rating="5")
    # closed: own answers read only, no form, a POST refused
    y.dates(checkin=-40)
    r, doc = server.client(mentor).page(checkin_path(pair))
    t = text_of(r)
    assert "The check-in closed on %s" % human(days(-40 + 27)) in t
    assert not has_form(doc)
    d = definitions(doc)
    assert d["How is the mentoring going?"] == "5: Very well"
    assert d["What is going well?"] == "We meet every month."
    r = forged_post(server, mentor, checkin_path(pair), dict(ANSWERS, rating="1"))
    assert r.status_code == 409 and "closed on" in text_of(r)
    assert server_sql(server, "SELECT rating FROM checkin WHERE pair_id = %d"
                      % pair[0]) == [("5",)]
    # the partner who did not answer is told so
    r, doc = server.client(senior).page(checkin_path(pair))
    assert "You did not answer the check-in." in text_of(r) and not has_form(doc)


# ---- answers ------------------------------------------------------------------------

def test_answers_saved_and_changed_in_one_row_audited_without_them(server):
    y = Year(server)
    pair = y.pairs[0]
    _, mentor, _ = pair
    secret = "Secret words %s" % uuid.uuid4().hex[:8]
    r = answer(server, mentor, pair, rating="3", on_plan="partly", going_well=secret,
               wants_support="yes", support_kind="Help to plan our meetings.")
    assert r.headers["Location"].endswith(checkin_path(pair) + "?done=checkin-saved")
    r, doc = server.client(mentor).page(checkin_path(pair) + "?done=checkin-saved")
    t = text_of(r)
    assert "your check-in has been saved" in t
    assert "You answered on" in t
    assert doc.xpath("//input[@name='rating'][@value='3']/@checked")
    assert doc.xpath("//input[@name='on_plan'][@value='partly']/@checked")
    assert doc.xpath("//input[@name='wants_support'][@value='yes']/@checked")
    assert doc.xpath("string(//textarea[@name='going_well'])") == secret
    assert doc.xpath("//button[normalize-space()='Save my changes']")
    # changed: the same row; support no longer wanted drops its kind
    answer(server, mentor, pair, rating="4", on_plan="yes", going_well="Better now.",
           wants_support="no", support_kind="Help to plan our meetings.")
    rows = server_sql(server, "SELECT person_id, rating, on_plan, going_well, wants_support, "
                      "support_kind FROM checkin WHERE pair_id = %d" % pair[0])
    assert rows == [(str(y.person[mentor]), "4", "yes", "Better now.", "0", "")]
    audit = server_sql(server, "SELECT action, entity, detail FROM audit WHERE entity = 'pair' "
                       "AND entity_id = %d AND action LIKE 'checkin.%%' ORDER BY id" % pair[0])
    assert audit == [("checkin.submit", "pair", ""), ("checkin.update", "pair", "")]
    assert server_sql(server, "SELECT count(*) FROM audit WHERE detail LIKE '%%Secret%%' "
                      "OR detail LIKE '%%Better%%'") == [("0",)]
    assert not any(secret in line or "Better now." in line for line in server.log_lines())


def test_a_partner_never_sees_the_other_partners_answers(server):
    y = Year(server)
    pair = y.pairs[0]
    _, mentor, senior = pair
    before = text_of(server.client(senior).get(checkin_path(pair)))
    words = "Only the mentor wrote this %s" % uuid.uuid4().hex[:8]
    answer(server, mentor, pair, rating="1", going_well=words, hard=words,
           wants_support="yes", support_kind=words)
    r, doc = server.client(senior).page(checkin_path(pair))
    after = text_of(r)
    assert words not in r.text
    # not even whether they answered: the senior's page is unchanged
    assert after == before
    assert not doc.xpath("//input[@checked]") and not doc.xpath("//textarea[normalize-space()]")
    # and so after the window has closed
    y.dates(checkin=-40)
    r = server.client(senior).get(checkin_path(pair))
    assert r.status_code == 200 and words not in r.text
    assert "You did not answer the check-in." in text_of(r)
    # the team sees both, labelled
    r, doc = server.client("admin").page(support_path(pair))
    t = text_of(r)
    assert words in t
    assert "%s, Mentor: their answers" % name(mentor) in t
    assert "%s, Senior Mentor: their answers" % name(senior) in t
    assert "Did not answer." in t


def test_form_errors_are_named_and_nothing_is_saved(server):
    y = Year(server)
    pair = y.pairs[0]
    _, mentor, _ = pair
    cases = [
        ({"rating": ""}, "rating", "Select how the mentoring is going."),
        ({"rating": "7"}, "rating", "Select one of the options for how the mentoring is going."),
        ({"on_plan": ""}, "on_plan", "Select whether your meetings are happening as planned."),
        ({"wants_support": ""}, "wants_support",
         "Select whether you would like extra support."),
        ({"wants_support": "yes", "support_kind": "  "}, "support_kind",
         "Enter what kind of support you would like"),
        ({"going_well": "x" * 2001}, "going_well",
         "Your answer to what is going well must be 2000 characters or fewer."),
        ({"hard": "y" * 2001}, "hard",
         "Your answer to what is hard must be 2000 characters or fewer."),
        ({"wants_support": "yes", "support_kind": "z" * 1001}, "support_kind",
         "What kind of support you would like must be 1000 characters or fewer."),
    ]
    for over, field, message in cases:
        r = answer(server, mentor, pair, expect=422, **over)
        doc = rmtest.html(r)
        summary = error_summary(doc)
        assert len(summary) == 1 and summary[0].startswith(message), (over, summary)
        assert error_links(doc) == ["#f-" + field], (over, error_links(doc))
        # the form is shown again with what was typed
        assert doc.xpath("//form[@method='post']//input[@name='rating']")
    # several at once, each named
    r = answer(server, mentor, pair, expect=422, rating="", wants_support="yes",
               support_kind="", going_well="x" * 2001)
    assert error_links(rmtest.html(r)) == ["#f-rating", "#f-going_well", "#f-support_kind"]
    assert "x" * 2001 in r.text
    assert server_sql(server, "SELECT count(*) FROM checkin WHERE pair_id = %d"
                      % pair[0]) == [("0",)]


# ---- pairs at risk ---------------------------------------------------------------------

def overview_rows(server, y, user="admin", query=""):
    r, doc = server.client(user).page(y.overview + query)
    return r, doc, table_rows(doc, "h-pairs")


def row_of(rows, y, pair):
    title = "%s and %s" % (name(pair[1]), name(pair[2]))
    found = [r for r in rows if r[0] == title]
    return found[0] if found else None


def reasons_of(doc, pair):
    """The reasons listed for a pair on the overview, one item each (or the
    cell's text when it lists none); None when the pair is not listed."""
    title = "%s and %s" % (name(pair[1]), name(pair[2]))
    for tr in doc.xpath("//div[@aria-labelledby='h-pairs']//tbody/tr"):
        cells = tr.xpath("./td")
        if " ".join(cells[0].text_content().split()) == title:
            items = cells[1].xpath(".//li")
            return [" ".join(li.text_content().split()) for li in items] or \
                [" ".join(cells[1].text_content().split())]
    return None


def test_pairs_at_risk_each_rule_alone_and_together(server):
    y = Year(server, n=6, start=-200, checkin=-3)
    ok, behind, low, support, many, silent = y.pairs
    for p in (ok, low, support, silent):
        y.meetings(p, 3)
    for p in (ok, behind, low, support, many):
        answer(server, p[1], p)
        answer(server, p[2], p)
    answer(server, low[1], low, rating="2")
    answer(server, support[2], support, wants_support="yes", support_kind="Advice.")
    answer(server, many[1], many, rating="1", wants_support="yes", support_kind="Help.")
    answer(server, silent[1], silent)

    r, doc, rows = overview_rows(server, y)
    d = definitions(doc)
    assert d["Opens"] == human(days(-3)) and d["Last day"] == human(days(24))
    assert d["State"] == "Open"
    assert d["Partners who have answered"] == "11 of 12"
    assert d["Pairs at risk"] == "4 of 6 active pairs"
    assert "4 pairs at risk" in text_of(r)
    # the most reasons first, then by name
    titles = [row[0] for row in rows]
    assert titles[0] == "%s and %s" % (name(many[1]), name(many[2]))
    assert set(titles[1:]) == {"%s and %s" % (name(p[1]), name(p[2]))
                               for p in (behind, low, support)}
    assert titles[1:] == sorted(titles[1:], key=str.lower)
    assert row_of(rows, y, ok) is None and row_of(rows, y, silent) is None
    assert reasons_of(doc, behind) == [
        "Behind the meeting pace: 0 of 3 expected meetings confirmed"]
    assert row_of(rows, y, behind)[2] == "0 of 3 expected"
    assert reasons_of(doc, low) == ["Rated 2 or less: %s (2)" % name(low[1])]
    assert reasons_of(doc, support) == ["Asked for support: %s" % name(support[2])]
    assert reasons_of(doc, many) == [
        "Behind the meeting pace: 0 of 3 expected meetings confirmed",
        "Rated 2 or less: %s (1)" % name(many[1]), "Asked for support: %s" % name(many[1])]
    # each pair links to its support page
    links = doc.xpath("//div[@aria-labelledby='h-pairs']//tbody//a/@href")
    assert {l.rsplit("/mentoring", 1)[-1] for l in links} == \
        {support_path(p) for p in (behind, low, support, many)}

    # every active pair
    r, doc, rows = overview_rows(server, y, query="?show=all")
    assert len(rows) == 6 and "6 active pairs" in text_of(r)
    assert reasons_of(doc, ok) == ["Not at risk"]
    assert doc.xpath("//select[@name='show']/option[@value='all']/@selected")

    # the window closes: the silent partner's check-in is missing
    y.dates(start=-200, checkin=-40)
    r, doc, rows = overview_rows(server, y)
    assert definitions(doc)["State"] == "Closed"
    assert reasons_of(doc, silent) == ["Check-in missing: %s" % name(silent[2])]
    assert row_of(rows, y, ok) is None
    # the pace no longer expects meetings: those reasons go
    y.dates(start=-20, checkin=-40)
    r, doc, rows = overview_rows(server, y)
    assert row_of(rows, y, behind) is None
    assert reasons_of(doc, many) == ["Rated 2 or less: %s (1)" % name(many[1]),
                                     "Asked for support: %s" % name(many[1])]

    # the support page lists the same reasons
    y.dates(start=-200, checkin=-40)
    r, doc = server.client("admin").page(support_path(many))
    reasons = [" ".join(li.text_content().split()) for li in
               doc.xpath("//section[@aria-labelledby='h-risk']//li")]
    assert reasons == ["Behind the meeting pace: 0 of 3 expected meetings confirmed",
                       "Rated 2 or less: %s (1)" % name(many[1]),
                       "Asked for support: %s" % name(many[1])]
    assert definitions(doc)["Confirmed meetings"].startswith("0")
    r, doc = server.client("admin").page(support_path(ok))
    assert not doc.xpath("//section[@aria-labelledby='h-risk']//li")
    assert "The pair is not at risk" in text_of(r)


def test_a_pair_made_mid_year_is_behind_only_on_the_meetings_since(server):
    """pair.pace_offset (features/pairs): what the pace already expected when
    a pair was published or rematched mid-year is not counted against it."""
    y = Year(server, n=2, start=-200, checkin=10)
    early, late = y.pairs
    y.outside("UPDATE pair SET pace_offset = 2 WHERE id = %d" % late[0])
    y.meetings(late, 1)
    _, doc, _ = overview_rows(server, y)
    assert reasons_of(doc, early) == [
        "Behind the meeting pace: 0 of 3 expected meetings confirmed"]
    assert reasons_of(doc, late) is None
    _, doc, rows = overview_rows(server, y, query="?show=all")
    assert row_of(rows, y, late)[2] == "1 of 1 expected"
    r, doc = server.client("admin").page(support_path(late))
    assert "The pair is not at risk" in text_of(r)
    assert definitions(doc)["Since they were paired"].startswith("1 meeting expected since")
    y.outside("UPDATE pair SET pace_offset = 1 WHERE id = %d" % late[0])
    _, doc, _ = overview_rows(server, y)
    assert reasons_of(doc, late) == [
        "Behind the meeting pace: 1 of 2 expected meetings confirmed"]


def test_overview_pages_of_25(server):
    y = Year(server, n=26, start=-200, checkin=10)
    r, doc, rows = overview_rows(server, y)
    assert "26 pairs at risk" in text_of(r) and len(rows) == 25
    assert doc.xpath("//nav[@aria-label='Pages of pairs']//a[.='Next page']")
    _, doc2, rows2 = overview_rows(server, y, query="?show=risk&page=2")
    assert len(rows2) == 1 and not set(r_[0] for r_ in rows) & set(r_[0] for r_ in rows2)
    assert doc2.xpath("//nav//a[.='Previous page']")
    for bad in ("?show=nobody", "?page=0", "?page=x"):
        assert server.client("admin").get(y.overview + bad).status_code == 400, bad


# ---- support actions --------------------------------------------------------------------

def owners(doc):
    """{principal: person id} of an action form's owner options."""
    out = {}
    for o in doc.xpath("//select[@name='owner']/option"):
        m = re.search(r"\(([^()]*)\)$", o.text_content().strip())
        if o.get("value") and m:
            out[m.group(1).split("@")[0]] = o.get("value")
    return out


def add_action(server, pair, what, owner, due, expect=303, who="admin"):
    r = server.client(who).post(support_path(pair), {"what": what, "owner": owner,
                                                     "due_on": due})
    assert r.status_code == expect, (r.status_code, said(r))
    return r


def actions_table(server, pair, who="admin"):
    _, doc = server.client(who).page(support_path(pair))
    return doc, table_rows(doc, "h-actions")


def action_ids(doc):
    return [int(re.search(r"/support/(\d+)/edit", h).group(1))
            for h in doc.xpath("//div[@aria-labelledby='h-actions']//a/@href")]


def edit_action(server, aid, expect=303, who="admin", **over):
    path = "/support/%d/edit" % aid
    c = server.client(who)
    _, doc = c.page(path)
    form = {"status": doc.xpath("//input[@name='status'][@checked]/@value")[0],
            "drop_reason": doc.xpath("string(//textarea[@name='drop_reason'])"),
            "follow_up": doc.xpath("string(//textarea[@name='follow_up'])"),
            "owner": doc.xpath("//select[@name='owner']/option[@selected]/@value")[0],
            "due_on": doc.xpath("//input[@name='due_on']/@value")[0]}
    form.update(over)
    r = c.post(path, form)
    assert r.status_code == expect, (r.status_code, said(r))
    return r


def test_support_actions_from_open_to_done_and_dropped(server):
    y = Year(server)
    pair = y.pairs[0]
    y.c.team("facilitator", "facilitator")
    _, doc = server.client("admin").page(support_path(pair))
    team = owners(doc)
    assert set(team) == {"admin", "facilitator"}
    # a date as a person types it
    r = add_action(server, pair, "Meet both partners to agree a plan.", team["facilitator"],
                   human(days(14)))
    assert r.headers["Location"].endswith(support_path(pair) + "?done=support-added")
    doc, rows = actions_table(server, pair)
    fac_name = server_sql(server, "SELECT coalesce(nullif(display_name, ''), principal) "
                          "FROM person WHERE id = %s" % team["facilitator"])[0][0]
    assert [row[:4] + row[5:] for row in rows] == [
        ["Meet both partners to agree a plan.", fac_name, human(days(14)), "Open", "Change"]]
    assert rows[0][4].startswith("Added by Ada Adeyemi on ")
    (aid,) = action_ids(doc)
    assert server_sql(server, "SELECT status, due_on, owner_id FROM support_action WHERE id = %d"
                      % aid) == [("open", days(14), team["facilitator"])]
    # the facilitator moves it on
    r = edit_action(server, aid, who="facilitator", status="in_progress",
                    follow_up="Meeting booked for next week.")
    assert r.headers["Location"].endswith(support_path(pair) + "?done=support-saved")
    doc, rows = actions_table(server, pair)
    assert rows[0][3] == "In progress"
    assert "Follow-up: Meeting booked for next week." in rows[0][4]
    edit_action(server, aid, status="done", owner=team["admin"])
    doc, rows = actions_table(server, pair)
    assert rows[0][1] == "Ada Adeyemi" and rows[0][3] == "Done"
    assert doc.xpath("//div[@aria-labelledby='h-actions']//strong[@class='tag tag-accepted']"
                     "[.='Done']")
    # a second action, dropped: only with a reason
    add_action(server, pair, "Find a co-mentor.", team["admin"], days(0))
    doc, _ = actions_table(server, pair)
    aid2 = [a for a in action_ids(doc) if a != aid][0]
    r = edit_action(server, aid2, expect=422, status="dropped", drop_reason="")
    assert error_summary(rmtest.html(r)) == ["Enter why the action is dropped."]
    assert error_links(rmtest.html(r)) == ["#f-drop_reason"]
    r = edit_action(server, aid2, expect=422, status="finished")
    assert error_links(rmtest.html(r)) == ["#f-status"]
    edit_action(server, aid2, status="dropped", drop_reason="The pair sorted it out.")
    doc, rows = actions_table(server, pair)
    dropped = [row for row in rows if row[0] == "Find a co-mentor."][0]
    assert dropped[3] == "Dropped" and "Why dropped: The pair sorted it out." in dropped[4]
    # audited, with codes only
    audit = server_sql(server, "SELECT action, entity_id, detail FROM audit WHERE entity = "
                       "'support_action' AND entity_id IN (%d, %d) ORDER BY id" % (aid, aid2))
    assert audit == [("support.create", str(aid), "open"),
                     ("support.update", str(aid), "in_progress"),
                     ("support.update", str(aid), "done"),
                     ("support.create", str(aid2), "open"),
                     ("support.update", str(aid2), "dropped")]
    # saving without a change records nothing
    edit_action(server, aid2)
    assert len(server_sql(server, "SELECT id FROM audit WHERE entity = 'support_action' "
                          "AND entity_id = %d" % aid2)) == 2
    # the add form's checks
    r = add_action(server, pair, "", "", "", expect=422)
    assert error_links(rmtest.html(r)) == ["#f-what", "#f-owner", "#f-due_on"]
    r = add_action(server, pair, "w" * 501, team["admin"], "31 February 2027", expect=422)
    assert error_summary(rmtest.html(r)) == [
        "What will be done must be 500 characters or fewer.",
        "The due date must be a real date, for example 29 January 2025."]


def test_overdue_actions_are_flagged_in_words(server):
    y = Year(server, start=-20, checkin=10)
    pair = y.pairs[0]
    _, doc = server.client("admin").page(support_path(pair))
    admin_id = owners(doc)["admin"]
    # not due in the past when created
    r = add_action(server, pair, "Call the Mentor.", admin_id, days(-1), expect=422)
    assert error_summary(rmtest.html(r)) == ["The due date must be today or later."]
    add_action(server, pair, "Call the Mentor.", admin_id, days(0))
    add_action(server, pair, "Call the Senior Mentor.", admin_id, days(3))
    doc, rows = actions_table(server, pair)
    assert not any("Overdue" in row[2] for row in rows)
    first = action_ids(doc)[0]
    y.outside("UPDATE support_action SET due_on = '%s' WHERE id = %d" % (days(-2), first))
    doc, rows = actions_table(server, pair)
    row = [r_ for r_ in rows if r_[0] == "Call the Mentor."][0]
    assert row[2] == human(days(-2)) + " Overdue"
    assert [r_ for r_ in rows if r_[0] == "Call the Senior Mentor."][0][2] == human(days(3))
    # the overview counts it, in words; with no risk, only on the list of all
    _, _, rows = overview_rows(server, y, query="?show=all")
    assert rows[0][3] == "2 open 1 overdue"
    # its own page keeps the past date it has, and says it is overdue
    r, doc = server.client("admin").page("/support/%d/edit" % first)
    assert definitions(doc)["Due"] == human(days(-2)) + " Overdue"
    edit_action(server, first, follow_up="Left a message.")
    # done: no longer overdue
    edit_action(server, first, status="done")
    doc, rows = actions_table(server, pair)
    assert [r_ for r_ in rows if r_[0] == "Call the Mentor."][0][2] == human(days(-2))
    _, _, rows = overview_rows(server, y, query="?show=all")
    assert rows[0][3] == "1 open"


def test_an_owner_not_on_the_team_is_refused(server):
    y = Year(server)
    pair = y.pairs[0]
    _, mentor, _ = pair
    outsider = y.person[mentor]
    admin2 = server_sql(server, "SELECT id FROM person WHERE principal LIKE 'admin2%'")
    for owner in [str(outsider), "999999", "x"] + [a[0] for a in admin2]:
        r = add_action(server, pair, "Offer a coaching session.", owner, days(5), expect=422)
        assert error_summary(rmtest.html(r)) == [
            "Choose a member of the programme team: only the team's administrators and "
            "facilitators can own an action."], owner
    _, doc = server.client("admin").page(support_path(pair))
    add_action(server, pair, "Offer a coaching session.", owners(doc)["admin"], days(5))
    doc, _ = actions_table(server, pair)
    (aid,) = action_ids(doc)
    r = edit_action(server, aid, expect=422, owner=str(outsider))
    assert error_links(rmtest.html(r)) == ["#f-owner"]
    assert server_sql(server, "SELECT count(*) FROM support_action WHERE pair_id = %d "
                      "AND owner_id = %d" % (pair[0], outsider)) == [("0",)]


# ---- who may see what ----------------------------------------------------------------------

def test_everyone_but_the_partner_or_the_team_gets_404(server):
    """Programme A is run by admin alone; programme B by admin, admin2 and the
    facilitator.  B's team, A's and B's partners, staff and HR reach nothing of
    A's, whatever ids they try."""
    y = Year(server, n=2)
    other = Year(server)
    pair, pair2 = y.pairs
    _, mentor, senior = pair
    _, mentor2, senior2 = pair2
    other.c.team("admin2", "admin")
    other.c.team("facilitator", "facilitator")
    _, doc = server.client("admin").page(support_path(pair))
    add_action(server, pair, "Check in with both.", owners(doc)["admin"], days(5))
    doc, _ = actions_table(server, pair)
    (aid,) = action_ids(doc)
    edit = "/support/%d/edit" % aid

    team_gets = [y.overview, support_path(pair), edit]
    team_posts = {support_path(pair): {"what": "x", "owner": "1", "due_on": days(3)},
                  edit: {"status": "done", "owner": "1", "due_on": days(3)}}
    # a partner's own page: nobody else, not the team either
    for user in (mentor2, senior2, "admin", "facilitator", "admin2", "hr", "staff1"):
        assert server.client(user).get(checkin_path(pair)).status_code == 404, user
        assert forged_post(server, user, checkin_path(pair), ANSWERS).status_code == 404, user
    # the team's pages: not the pair's partners, another pair's, staff, HR, an
    # admin of another programme, a facilitator of another programme
    other_partners = list(other.pairs[0][1:])
    for user in [mentor, senior, mentor2, senior2, "hr", "staff1", "admin2",
                 "facilitator"] + other_partners:
        for path in team_gets:
            assert server.client(user).get(path).status_code == 404, (user, path)
        for path, body in team_posts.items():
            assert forged_post(server, user, path, body).status_code == 404, (user, path)
    # ...who reach their own programme's pages
    for user in ("admin2", "facilitator"):
        for path in (other.overview, support_path(other.pairs[0])):
            assert server.client(user).get(path).status_code == 200, (user, path)
    # ids of nothing
    for user in ("admin", mentor):
        for path in ("/admin/programmes/999999/checkins", "/admin/pairs/999999/support",
                     "/support/999999/edit", "/pairs/999999/checkin"):
            assert server.client(user).get(path).status_code == 404, (user, path)
        for path in ("/admin/pairs/999999/support", "/support/999999/edit",
                     "/pairs/999999/checkin"):
            assert forged_post(server, user, path, {"what": "x"}).status_code == 404, \
                (user, path)
    # nothing was written by any of them
    assert server_sql(server, "SELECT count(*) FROM checkin WHERE pair_id = %d"
                      % pair[0]) == [("0",)]
    assert server_sql(server, "SELECT status FROM support_action WHERE pair_id = %d"
                      % pair[0]) == [("open",)]


def test_ended_pair_has_no_checkin_and_takes_no_new_actions(server):
    y = Year(server)
    pair = y.pairs[0]
    _, mentor, _ = pair
    y.outside("UPDATE pair SET status = 'ended', ended_at = 1 WHERE id = %d" % pair[0])
    assert server.client(mentor).get(checkin_path(pair)).status_code == 404
    assert forged_post(server, mentor, checkin_path(pair), ANSWERS).status_code == 404
    r, doc = server.client("admin").page(support_path(pair))
    assert "The pair has ended." in text_of(r)
    assert not doc.xpath("//form[@method='post']")
    _, doc = server.client("admin").page(y.overview + "?show=all")
    assert "The programme has no active pairs." in text_of_doc(doc)
    r = forged_post(server, "admin", support_path(pair),
                    {"what": "x", "owner": "1", "due_on": days(3)})
    assert r.status_code == 409


def text_of_doc(doc):
    return " ".join(doc.text_content().split())
